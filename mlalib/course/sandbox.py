"""The grading guard: runs inside the kernel of a submission being graded.

:mod:`mlalib.course.grading` puts one cell before the participant's cells that calls
:func:`start`. From then on, in that kernel:

* every ``check(id, answer)`` appends the answer, encoded as JSON, to the record file (one
  line per event; :func:`mlalib.exercises.session.record_answers_with`) and says "recorded":
  answers are assessed in the grader's process only, and survive a later crash or timeout;
* ``reference_answer`` raises and the attempt is recorded (:func:`mlalib.exercises.session.lock_key`;
  the keys of the exercises that count are not in the kernel at all: they are graded-only);
* a Python audit hook (PEP 578, which notebook code cannot remove) blocks writing,
  deleting or renaming files outside the grading folder, reading files in the protected
  folders (submissions, gradebook, master notebooks, the cohort's build) or any other
  notebook, and starting other programs; each attempt is recorded and raises
  :class:`PermissionError` in the cell.

Inside the bubblewrap sandbox (:mod:`mlalib.course.isolation`) the hook enforces nothing the
sandbox does not (the protected folders do not exist there and the rest of the file system
is read-only); it is kept because it *reports*: each attempt becomes a note in the gradebook
for a trainer to review. Without the sandbox it is the only protection, a guard against
accidents and casual cheating rather than a security boundary: native code (``ctypes``),
``os.open(..., dir_fd=...)`` or rewriting the hook get around it. The grader also scans each
submission's code for what reaches for the key (see
:func:`mlalib.course.submissions.key_references`). Limits of memory, CPU time and file size
are set before the kernel starts (:func:`mlalib.course.isolation.limited`).

Example
-------
>>> start("/tmp/grading/alice", "/tmp/grading/alice/.record.jsonl", [])  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
#: Audit events that change the file system, with the positions of their path arguments.
_CHANGES = {"os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1), "os.truncate": (0,),
            "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,), "os.symlink": (1,), "os.link": (1,),
            "shutil.rmtree": (0,), "os.removexattr": (0,), "os.setxattr": (0,)}
_PROGRAMS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
             "pty.spawn", "os.startfile")
_DEVICES = ("/dev/null", "/dev/tty", "/dev/stdout", "/dev/stderr", "/dev/shm/")


def start(folder: str, record: str, protected: list[str]) -> None:
    """Record answers in ``record`` and guard this kernel's files (see the module docstring).

    Parameters
    ----------
    folder : the grading folder of this submission (the only place notebook code may write).
    record : the file that receives one JSON line per answer or blocked attempt.
    protected : folders notebook code may not read (submissions, gradebook, masters).
    """
    from mlalib.exercises.answers import encode_answer
    from mlalib.exercises.session import KeyAccess, lock_key, record_answers_with

    sink = open(record, "a", encoding="utf-8", buffering=1)
    home = os.path.realpath(folder)
    fenced = [os.path.realpath(p) for p in protected]

    def write(event: dict[str, Any]) -> None:
        sink.write(json.dumps(event, ensure_ascii=False) + "\n")
        sink.flush()

    def answer(exercise_id: str, value: Any) -> None:
        if isinstance(value, KeyAccess):
            write({"event": "key", "what": value.what})
        else:
            write({"event": "answer", "exercise": exercise_id, "answer": encode_answer(value)})

    def blocked(what: str, path: str = "") -> None:
        write({"event": "blocked", "what": what, "path": path})
        raise PermissionError(f"not allowed while a notebook is graded: {what} {path}".strip())

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            target, mode, flags = args
            if not isinstance(target, (str, bytes, os.PathLike)):
                return
            path = os.path.realpath(os.fsdecode(target))
            writing = any(c in (mode or "") for c in "wax+") or bool((flags or 0) & _WRITE_FLAGS)
            if writing and not _inside(path, home) and not path.startswith(_DEVICES):
                blocked("writing", path)
            if not writing and not _inside(path, home) and (
                    path.endswith(".ipynb") or any(_inside(path, root) for root in fenced)):
                blocked("reading", path)
        elif event in _CHANGES:
            for position in _CHANGES[event]:
                target = args[position]
                if isinstance(target, (str, bytes, os.PathLike)):
                    path = os.path.realpath(os.fsdecode(target))
                    if not _inside(path, home):
                        blocked("changing", path)
        elif event.startswith(_PROGRAMS):
            blocked("running another program")

    record_answers_with(answer)
    lock_key()
    sys.addaudithook(audit)


def _inside(path: str, root: str, paths: Any = os.path) -> bool:
    r"""True if ``path`` is ``root`` or below it, with the platform's separators and case rules.

    >>> import ntpath, posixpath
    >>> _inside("/srv/a/b.ipynb", "/srv/a", posixpath), _inside("/srv/ab", "/srv/a", posixpath)
    (True, False)
    >>> _inside("C:\\Course\\Sub\\x.ipynb", "c:\\course", ntpath)
    True
    """
    path, root = paths.normcase(path), paths.normcase(root)
    return path == root or path.startswith(paths.join(root, ""))
