"""Snapshot the participants' homes of a course hub into the folder layout ``mlalib grade`` reads.

``mlalib collect HUB --out SUBMISSIONS`` reads the hub's record of participants (who logged in: system
user, Moodle identifier, name) and copies every notebook in each home (hidden folders such as
``.ipynb_checkpoints`` and ``.local`` left out) into ``SUBMISSIONS/<participant>/<path in the home>``,
where ``<participant>`` is the participant's full name as e-Campus sent it (``Name (identifier)`` for
two people with one name), else their identifier. It also writes ``SUBMISSIONS.participants.csv``
(``Full name`` and the identifier column ``mlalib grade --moodle-participants`` reads), so the grades go
back to the right person in e-Campus.

* **Read-only**: the homes are only read; files are opened without following symbolic links, and links
  (to files or folders) are never followed nor copied.
* **Nothing lost while participants work**: files are copied, never moved; a notebook that does not
  parse, or that changed while it was read (a save in progress), is read again (up to
  :data:`TRIES` times, :data:`PAUSE` seconds apart); one that still does not parse is copied as it is
  (``mlalib grade`` then says it cannot be read) and named in the report.
* **Atomic**: everything is copied into a temporary folder beside ``SUBMISSIONS``, renamed to it at
  the end; ``SUBMISSIONS`` must not exist yet (a new snapshot goes to a new folder).

Example
-------
>>> folder_names([{"identifier": "a@x.org", "name": "Amina Diallo"}, {"identifier": "b@x.org", "name": ""},
...               {"identifier": "c@x.org", "name": "Amina Diallo"}])
['Amina Diallo (a@x.org)', 'b@x.org', 'Amina Diallo (c@x.org)']
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mlalib.course.hub import HubSettings
from mlalib.course.hub_runtime import home_of, read_participants
from mlalib.course.moodle import IDENTIFIERS
from mlalib.errors import InputError
from mlalib.files import write_atomic
from mlalib.i18n import text

TRIES = 5
PAUSE = 0.4


@dataclass
class Snapshot:
    """What :func:`collect` copied: notebooks per participant folder, files that never parsed, homes not found."""

    folder: Path
    participants_file: Path
    notebooks: dict[str, int] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    missing_homes: list[str] = field(default_factory=list)


def _clean(name: str) -> str:
    """A folder name: NFC, no ``/``, ``\\`` or control characters, not starting with ``.`` (skipped by grading)."""
    name = "".join("-" if ch in "/\\" or unicodedata.category(ch) == "Cc" else ch
                   for ch in unicodedata.normalize("NFC", name))
    return name.strip().lstrip(".").strip()


def folder_names(rows: list[dict[str, str]]) -> list[str]:
    """The submissions folder of each participant (see the module docstring)."""
    names = [_clean(r.get("name", "")) for r in rows]
    shared = Counter(n for n in names if n)
    return [f"{n} ({_clean(r['identifier'])})" if n and shared[n] > 1 else n or _clean(r["identifier"])
            for n, r in zip(names, rows)]


def _read_consistent(path: Path) -> tuple[bytes, bool]:
    """The bytes of a notebook read while no one writes it, and whether it parses as JSON."""
    data = b""
    for attempt in range(TRIES):
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
        after = path.lstat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            try:
                json.loads(data)
                return data, True
            except ValueError:
                pass
        if attempt < TRIES - 1:
            time.sleep(PAUSE)
    return data, False


def _notebooks(home: Path) -> list[Path]:
    """Notebooks under ``home`` (relative paths), hidden folders and every symbolic link left out."""
    found = []
    for root, folders, files in os.walk(home, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and not os.path.islink(os.path.join(root, f)))
        for name in sorted(files):
            path = Path(root) / name
            if name.endswith(".ipynb") and not name.startswith(".") and stat.S_ISREG(path.lstat().st_mode):
                found.append(path.relative_to(home))
    return found


def collect(hub: str | Path, out: str | Path) -> Snapshot:
    """Copy the notebooks of every participant's home into ``out`` (see the module docstring)."""
    folder, target = Path(hub), Path(out)
    settings = HubSettings.read(folder)
    language = settings.language
    if os.path.lexists(target):
        raise InputError(text("collect.exists", language, path=target))
    record = settings.participants_file(folder)
    rows = read_participants(record)
    if not rows:
        raise InputError(text("collect.nobody", language, path=record))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    snapshot = Snapshot(target, target.with_name(target.name + ".participants.csv"))
    try:
        for row, name in zip(rows, folder_names(rows)):
            home = home_of(settings, row["system_user"])
            if not home.is_dir() or home.is_symlink():
                snapshot.missing_homes.append(name)
                continue
            snapshot.notebooks[name] = 0
            for relative in _notebooks(home):
                data, parsed = _read_consistent(home / relative)
                destination = staging / name / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(data)
                snapshot.notebooks[name] += 1
                if not parsed:
                    snapshot.unreadable.append(f"{name}/{relative.as_posix()}")
        write_atomic(snapshot.participants_file, _participants_csv(rows, folder_names(rows), settings.identifier))
        os.chmod(staging, 0o700)
        os.rename(staging, target)
    except PermissionError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(text("collect.permission", language, path=err.filename)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return snapshot


def _participants_csv(rows: list[dict[str, str]], names: list[str], identifier: str) -> str:
    """``Full name`` (the submissions folder) and the identifier column, for ``--moodle-participants``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Full name", IDENTIFIERS[identifier][0]])
    writer.writerows([name, row["identifier"]] for name, row in zip(names, rows))
    return out.getvalue()


def report(snapshot: Snapshot, language: str) -> list[str]:
    """What ``mlalib collect`` prints: the counts, then each problem on its own line."""
    lines = [text("collect.done", language, notebooks=sum(snapshot.notebooks.values()),
                  participants=len(snapshot.notebooks), path=snapshot.folder),
             text("collect.participants_file", language, path=snapshot.participants_file)]
    lines += [text("collect.unreadable", language, path=p, tries=TRIES) for p in snapshot.unreadable]
    lines += [text("collect.no_home", language, name=n) for n in snapshot.missing_homes]
    return lines
