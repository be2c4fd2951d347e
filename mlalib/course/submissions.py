"""Submitted notebooks: where they are, whose they are, which master they answer.

Folder rule (documented in the README, section "Grading"):

* ``SUBMISSIONS/<participant>/<any name>.ipynb``: the first-level folder names the
  participant (files in deeper folders count for the same participant);
* ``SUBMISSIONS/<participant>__<any name>.ipynb``: a file at the top level names the
  participant before its first ``__``;
* names starting with ``.`` (``.ipynb_checkpoints``, ``.DS_Store``) and ``__MACOSX`` folders
  are not submissions and are skipped; every other file gets a row in the gradebook.

A submission answers the master named in its metadata (``metadata.mlalib.master``, written
by ``mlalib build``); failing that, the master whose name starts its file name; failing that,
the master whose exercises it checks most. When a participant has submitted several files
for one master, the one that answers the most exercises counts, then the one with the most
points, then the first by path (:func:`mlalib.course.grading.grade_cohort`); file times play
no part. The others get a row "superseded".

Example
-------
>>> found = find_submissions("submissions")  # doctest: +SKIP
>>> found[0].participant, found[0].relative  # doctest: +SKIP
('amina', 'amina/01_stocks_and_flows.ipynb')
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import stat
import tokenize
import warnings
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from nbformat import NotebookNode

from mlalib.course.editions import CHECK_CALL
from mlalib.errors import InputError
from mlalib.files import nfc, printable

if TYPE_CHECKING:
    from mlalib.course.masters import Master

#: Files larger than this are not read (a course notebook with outputs is a few MB).
MAX_BYTES = 50_000_000
_SKIPPED = re.compile(r"^(\.|__MACOSX$)")
_MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<rest>.*)$", re.DOTALL)
#: What reaches for the answer key, as names (variables, attributes, imported names) in code.
KEY_NAMES = {"reference_answer": "reference_answer", "_EXERCISES": "_EXERCISES", "reference": ".reference",
             "install_keys": "install_keys", "__globals__": "__globals__", "__closure__": "__closure__"}
#: What reaches for the grading guard or the record of answers: such code may touch every exercise.
GUARD_NAMES = {"record_answers_with", "lock_key", "_recorder", "_key_locked", "addaudithook", "_mlalib_grading_start",
               "get_referrers", "get_referents", "get_objects"}
GUARD = "the grading guard"
#: Modules (or module, name) whose import reaches for the key or the guard.
_KEY_MODULES = {"mlalib.exercises.core": "mlalib.exercises.core",
                "mlalib.exercises.catalogue": "mlalib.exercises.catalogue",
                "mlalib.exercises.session": GUARD, "mlalib.course.sandbox": GUARD}
#: Submodules of ``mlalib.exercises`` that hold the key or the guard's seam, by what reaching for them means.
_KEY_SUBMODULES = {"core": "mlalib.exercises.core", "catalogue": "mlalib.exercises.catalogue",
                   "exercises": "mlalib.exercises.exercises", "session": GUARD}
_DYNAMIC = {"getattr", "setattr", "delattr", "import_module", "__import__", "eval", "exec", "compile"}


@dataclass(frozen=True)
class Submission:
    """One submitted file: whose it is, where it is (relative to the submissions folder) and, for a
    file of an e-Campus (Moodle) download, the participant id Moodle gave it."""

    participant: str
    path: Path
    relative: str
    moodle_id: str = ""
    #: "file" (a regular file), "link" (a symbolic link: refused, never followed) or "special" (never read).
    kind: str = "file"


class NotANotebook(InputError):
    """A submitted file that cannot be read as a Jupyter notebook.

    ``key`` names the reason in the message catalogs (``grading.<key>``), ``values`` fills it.
    """

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key}: {values}" if values else key)
        self.key = key
        self.values = values


def find_submissions(folder: str | Path) -> list[Submission]:
    """Every submitted file under ``folder``, by participant and path (see the folder rule).

    Symbolic links (to files or folders) are never followed: each one is listed with ``kind``
    ``"link"`` and graded as a refused file, so a link to another participant's file, to a master
    notebook or to a system file earns nothing and is named in the gradebook. Anything that is not a
    regular file (a pipe, a device) is listed with ``kind`` ``"special"`` and never read.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"the submissions folder {str(root)!r} does not exist or is not a folder")
    root = root.resolve()
    found = []
    for current, folders, files in os.walk(root, followlinks=False):
        here = Path(current)
        folders[:] = sorted(f for f in folders if not _SKIPPED.match(f))
        entries = [here / f for f in files if not _SKIPPED.match(f)]
        entries += [here / f for f in folders if (here / f).is_symlink()]  # os.walk lists linked folders here
        folders[:] = [f for f in folders if not (here / f).is_symlink()]
        for path in entries:
            parts = path.relative_to(root).parts
            kind = "link" if path.is_symlink() else "file" if stat.S_ISREG(path.lstat().st_mode) else "special"
            if len(parts) > 1 or (kind == "link" and "__" not in path.name):  # a linked folder names its owner
                participant = parts[0]
            else:
                participant = path.name.split("__", 1)[0] if "__" in path.name else ""
            found.append(Submission(participant, path, "/".join(parts), kind=kind))
    found.sort(key=lambda sub: sub.relative)
    return with_moodle_names(found)  # e-Campus download layout: "Name_104233_assignsubmission_file_"


def participant_name(raw: str) -> str:
    """A participant's name as the gradebook writes it: Unicode NFC (a name typed on macOS and on Windows is
    the same name), without leading or trailing spaces, control characters shown as escapes
    (:func:`mlalib.files.printable`).

    >>> participant_name(" José\\x1b[2J ")
    'José\\\\x1b[2J'
    """
    return printable(nfc(raw).strip())


def moodle_folder(name: str) -> tuple[str, str] | None:
    """(full name, participant id) of a folder or file name in Moodle's download layout, else None.

    An assignment's "Download all submissions" gives one folder per participant and submission
    plugin, ``<full name>_<participant id>_assignsubmission_<plugin>_``, or, without folders, files
    named ``<full name>_<participant id>_assignsubmission_<plugin>_<file name>``.

    >>> moodle_folder("Amina Diallo_104233_assignsubmission_file_")
    ('Amina Diallo', '104233')
    >>> moodle_folder("amina") is None
    True
    """
    match = _MOODLE_FOLDER.match(nfc(name))
    if match is None:
        return None
    return match.group("name").strip(), match.group("id")


def with_moodle_names(found: list[Submission]) -> list[Submission]:
    """Submissions whose participant (and Moodle participant id) is read from Moodle's folder or file
    names; every name in NFC (a name typed on macOS and on Windows is the same name).

    Two folders with the same name and different participant ids are two people: both become
    ``Name (id)``. Other folders keep their names (:func:`participant_name`).
    """
    people: dict[str, set[str]] = defaultdict(set)
    parsed = []
    for sub in found:
        moodle = moodle_folder(sub.relative.split("/", 1)[0])
        parsed.append(moodle)
        if moodle:
            people[moodle[0]].add(moodle[1])
    renamed = []
    for sub, moodle in zip(found, parsed):
        if moodle is None:
            renamed.append(replace(sub, participant=participant_name(sub.participant)))
            continue
        name, number = moodle
        name = participant_name(name)
        renamed.append(replace(sub, participant=f"{name} ({number})" if len(people[moodle[0]]) > 1 else name,
                               moodle_id=number))
    return renamed


def read_notebook(path: Path) -> NotebookNode:
    """A submitted file as a notebook (format 4; a format-3 notebook is converted), or
    :class:`NotANotebook` saying why it is not one. A symbolic link is never opened."""
    raw = _read_regular(path)
    try:
        content = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotANotebook("not_text") from None
    except ValueError as err:
        raise NotANotebook("not_json", detail=str(err)) from None
    except RecursionError:
        raise NotANotebook("not_json", detail="nested too deeply") from None
    if not isinstance(content, dict):
        raise NotANotebook("no_cells")
    version = content.get("nbformat")
    if version == 3 and isinstance(content.get("worksheets"), list):
        content = _converted(content)
    if not isinstance(content.get("cells"), list):
        raise NotANotebook("no_cells")
    if isinstance(version, bool) or not isinstance(version, int) or version < 3:
        raise NotANotebook("invalid", detail=f"notebook format version (nbformat) 3 or 4 expected, got {version!r}")
    _tidy_metadata(content)
    try:
        with warnings.catch_warnings():  # old notebooks without cell ids are graded all the same
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(content), as_version=4)
        for cell in nb.cells:
            if not isinstance(cell.get("source"), str) or not isinstance(cell.metadata, dict):
                raise ValueError("a cell without text source or metadata")
    except Exception as err:
        raise NotANotebook("invalid", detail=f"{type(err).__name__}: {str(err)[:200]}") from None
    return nb


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link (refused even if one was put
    in its place after the folder was listed), at most :data:`MAX_BYTES`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as err:
        raise NotANotebook("link" if path.is_symlink() else "unreadable", detail=err.strerror or str(err)) from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotANotebook("special")
        if info.st_size > MAX_BYTES:
            raise NotANotebook("too_large", size=f"{info.st_size / 1e6:.0f}", limit=f"{MAX_BYTES / 1e6:.0f}")
        return file.read(MAX_BYTES + 1)


def _converted(content: dict[str, Any]) -> dict[str, Any]:
    """A format-3 notebook in format 4 (nbformat's own conversion), or :class:`NotANotebook`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return json.loads(nbformat.writes(nbformat.v4.upgrade(nbformat.from_dict(content))))
    except Exception as err:
        raise NotANotebook("invalid", detail=f"format 3 that cannot be converted: {type(err).__name__}: "
                                             f"{str(err)[:200]}") from None


#: Metadata that mlalib, papermill or nbformat read, with the type they expect; anything else is set aside.
_NOTEBOOK_METADATA = {"mlalib": dict, "papermill": dict, "kernelspec": dict, "language_info": dict, "widgets": dict}
_CELL_METADATA = {"mlalib": dict, "papermill": dict, "tags": list, "execution": dict, "jupyter": dict}


def _tidy_metadata(content: dict[str, Any]) -> None:
    """Drop metadata of the wrong type (``"mlalib": "hello"``, ``"tags": 5``) so that reading it cannot fail.

    What is dropped was never the participant's answer: only the notebook's and the cells'
    metadata, which the grader replaces anyway (parameters, kernel, tags it adds).
    """
    for holder, expected in [(content, _NOTEBOOK_METADATA)] + [
            (cell, _CELL_METADATA) for cell in content["cells"] if isinstance(cell, dict)]:
        if not isinstance(holder.get("metadata", {}), dict):
            holder["metadata"] = {}
        meta = holder.setdefault("metadata", {})
        for key, kind in expected.items():
            if key in meta and not isinstance(meta[key], kind):
                del meta[key]
        if isinstance(meta.get("tags"), list):
            meta["tags"] = [tag for tag in meta["tags"] if isinstance(tag, str)]
    for cell in content["cells"]:
        if isinstance(cell, dict) and isinstance(cell.get("source"), list) and \
                all(isinstance(line, str) for line in cell["source"]):
            cell["source"] = "".join(cell["source"])


def exercise_cells(nb: NotebookNode) -> dict[str, int]:
    """The exercises a notebook checks, each with the number (from 1) of the last cell that checks it."""
    return {m.group("id"): number for number, cell in enumerate(nb.cells, start=1) if cell.cell_type == "code"
            for m in CHECK_CALL.finditer(cell.source)}


def match_master(nb: NotebookNode, filename: str, masters: dict[str, Master]) -> str | None:
    """The master a submission answers (see the module docstring), or None."""
    declared = str(nb.metadata.get("mlalib", {}).get("master", ""))
    stem = Path(declared).stem
    if stem in masters:
        return stem
    by_name = [name for name in masters if Path(filename).stem.casefold().startswith(name.casefold())]
    if by_name:
        return max(by_name, key=len)
    checked = set(exercise_cells(nb))
    overlap = {name: len(checked & {e.id for e in m.exercises}) for name, m in masters.items()}
    best = max(overlap, key=lambda name: (overlap[name], name), default=None)
    return best if best is not None and overlap[best] > 0 else None


def key_references(nb: NotebookNode) -> list[tuple[int, str]]:
    """(cell number from 1, what) for every code cell whose code reaches for the answer key or the grading guard.

    The code is parsed (:mod:`ast`; IPython syntax such as ``%magic`` is translated first,
    and a cell that is still not Python is read token by token), so comments, texts and a
    participant's own function that happens to be called ``exercises`` are not flagged. Flagged:
    the names of the key (``reference_answer``, ``_EXERCISES``, ``.reference``, ``__globals__``...),
    of the guard (``record_answers_with``, ``lock_key``, ``_recorder``, ``_key_locked``, ``addaudithook``,
    ``gc.get_referrers``), imports of ``mlalib.exercises.core`` and ``mlalib.exercises.catalogue`` (the key),
    of ``mlalib.exercises.session`` (the guard's seam), of the catalogue function ``mlalib.exercises.exercises``,
    and those names spelled as joined texts in
    ``getattr``, ``importlib.import_module``, ``eval``...
    """
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            found += [(number, what) for what in dict.fromkeys(_key_uses(cell.source))]
    return found


def _python(source: str) -> ast.AST | None:
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except Exception:  # IPython missing or confused: the source as it is
        pass
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _key_uses(source: str) -> list[str]:
    tree = _python(source)
    if tree is None:  # not Python: look at its names only (never at texts or comments)
        names = []
        try:
            names = [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME]
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
        return [KEY_NAMES[n] for n in names if n in KEY_NAMES] + [GUARD for n in names if n in GUARD_NAMES]
    uses = []
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in KEY_NAMES:
            uses.append(KEY_NAMES[name])
        elif name in GUARD_NAMES:
            uses.append(GUARD)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "exercises" and node.attr in _KEY_SUBMODULES:
                uses.append(_KEY_SUBMODULES[node.attr])
        if isinstance(node, ast.Import):
            uses += [_KEY_MODULES[a.name] for a in node.names if a.name in _KEY_MODULES]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if module in _KEY_MODULES or full in _KEY_MODULES:
                    uses.append(_KEY_MODULES.get(module) or _KEY_MODULES[full])
                elif module == "mlalib.exercises" and alias.name in _KEY_SUBMODULES:
                    uses.append(_KEY_SUBMODULES[alias.name])
                elif alias.name in KEY_NAMES:
                    uses.append(KEY_NAMES[alias.name])
                elif alias.name in GUARD_NAMES or (module == "mlalib.course" and alias.name == "sandbox"):
                    uses.append(GUARD)
        elif isinstance(node, ast.Call):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called in _DYNAMIC:
                for argument in node.args:
                    spelled = _spelled(argument)
                    if spelled is not None:
                        uses += [f"{KEY_NAMES[k]} (as text)" for k in KEY_NAMES if k in spelled and len(k) > 9]
                        uses += [GUARD for k in GUARD_NAMES if k in spelled]
                        uses += [what for module, what in _KEY_MODULES.items() if module in spelled]
    return uses


def _spelled(node: ast.AST) -> str | None:
    """The text an expression spells when it is made of literal texts joined by ``+`` (else None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _spelled(node.left), _spelled(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts = [_spelled(v) for v in node.values]
        return None if None in parts else "".join(parts)  # type: ignore[arg-type]
    return None


def touched_exercises(nb: NotebookNode, start: int) -> set[str]:
    """Exercises whose checked answer may depend on what cell number ``start`` (from 1) computed.

    Every name that cell assigns (or changes: ``x.y = ...``, ``x[0] = ...``) is followed
    through the later cells, statement by statement: a statement that reads a followed name
    makes what it assigns followed too, one that assigns a name from other values only stops
    following it. The exercises checked in that cell, or by a statement that reads a followed
    name, are touched.
    """
    tainted: set[str] = set()
    touched: set[str] = set()
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or number < start:
            continue
        checked = {m.group("id") for m in CHECK_CALL.finditer(cell.source)}
        tree = _python(cell.source)
        if number == start or tree is None:
            if number == start or (tree is None and tainted):
                tainted |= _names(tree)[1] if tree is not None else set()
                touched |= checked
            continue
        for statement in tree.body:
            reads, writes = _names(statement)
            if reads & tainted:
                tainted |= writes
                touched |= {m.group("id") for m in CHECK_CALL.finditer(ast.unparse(statement))}
            else:
                tainted -= writes
    return touched


def _names(tree: ast.AST | None) -> tuple[set[str], set[str]]:
    """Names a piece of code reads and names it assigns or changes."""
    reads: set[str] = set()
    writes: set[str] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Name):
            (writes if isinstance(node.ctx, (ast.Store, ast.Del)) else reads).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            writes.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            writes |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            base = node
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name):
                writes.add(base.id)
    return reads, writes
