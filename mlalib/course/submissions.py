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
for one master, the **latest wins**: the file modified last (ties: the last by path in
alphabetical order); the others get a row "superseded".

Example
-------
>>> found = find_submissions("submissions")  # doctest: +SKIP
>>> found[0].participant, found[0].relative  # doctest: +SKIP
('amina', 'amina/01_stocks_and_flows.ipynb')
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from mlalib.course.editions import CHECK_CALL, HIDDEN_TAG, PARAMETERS_TAG, MasterExercise
from mlalib.course.moodle import with_moodle_names
from mlalib.errors import InputError

#: Files larger than this are not read (a course notebook with outputs is a few MB).
MAX_BYTES = 50_000_000
GRADER_CELL_ID = "mlalib-grader"
_SKIPPED = re.compile(r"^(\.|__MACOSX$)")
#: Code that reaches for the answer key or for the grader's record of answers.
KEY_PATTERNS = {
    "reference_answer": re.compile(r"\breference_answer\b"),
    "_EXERCISES": re.compile(r"\b_EXERCISES\b"),
    ".reference(": re.compile(r"\.reference\s*\("),
    "exercises()": re.compile(r"\bexercises\s*\(\s*\)"),
    "mlalib.exercises.core": re.compile(r"\bexercises\.core\b|\bfrom\s+mlalib\.exercises\s+import\s+[^\n]*\bcore\b"),
    "lesson internals": re.compile(r"\blessons\s*\.\s*_|\bfrom\s+mlalib\.exercises\.lessons\s+import\s+[^\n]*\b_\w"),
    "the grading guard": re.compile(r"\bcourse\.sandbox\b|\bimport\s+sandbox\b|\b_recorder\b|\b_key_locked\b"
                                    r"|\baddaudithook\b"),
}


@dataclass(frozen=True)
class Submission:
    """One submitted file: whose it is, where it is (relative to the submissions folder)."""

    participant: str
    path: Path
    relative: str
    mtime_ns: int


@dataclass(frozen=True)
class Master:
    """What grading needs of a master notebook: its name and its declared exercises."""

    name: str
    exercises: tuple[MasterExercise, ...]

    @property
    def max_points(self) -> float:
        return sum(e.points for e in self.exercises)


class NotANotebook(InputError):
    """A submitted file that cannot be read as a Jupyter notebook.

    ``key`` names the reason in the message catalogs (``grading.<key>``), ``values`` fills it.
    """

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key}: {values}" if values else key)
        self.key = key
        self.values = values


def find_submissions(folder: str | Path) -> list[Submission]:
    """Every submitted file under ``folder``, by participant and path (see the folder rule)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"the submissions folder {str(root)!r} does not exist or is not a folder")
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(_SKIPPED.match(part) for part in parts) or not path.is_file():
            continue
        if len(parts) > 1:
            participant = parts[0]
        else:
            participant = path.name.split("__", 1)[0] if "__" in path.name else ""
        found.append(Submission(participant, path, "/".join(parts), path.stat().st_mtime_ns))
    return with_moodle_names(found)  # e-Campus download layout: "Name_104233_assignsubmission_file_"


def latest(submissions: list[Submission]) -> Submission:
    """The submission that wins among several for one master: modified last, then last by path."""
    return max(submissions, key=lambda s: (s.mtime_ns, s.relative))


def read_notebook(path: Path) -> NotebookNode:
    """A submitted file as a notebook, or :class:`NotANotebook` saying why it is not one."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotANotebook("too_large", size=f"{size / 1e6:.0f}", limit=f"{MAX_BYTES / 1e6:.0f}")
    try:
        content = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise NotANotebook("not_text") from None
    except ValueError as err:
        raise NotANotebook("not_json", detail=str(err)) from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise NotANotebook("no_cells")
    version = content.get("nbformat")
    if isinstance(version, bool) or not isinstance(version, int) or version < 3:
        raise NotANotebook("invalid", detail=f"notebook format version (nbformat) 3 or 4 expected, got {version!r}")
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
    """(cell number from 1, what) for every code cell that names the answer key or the grading guard."""
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        for what, pattern in KEY_PATTERNS.items():
            if pattern.search(cell.source):
                found.append((number, what))
    return found


def prepare(nb: NotebookNode, parameters: dict[str, Any], folder: Path, record: Path,
            protected: list[Path], memory_limit: int = 0) -> NotebookNode:
    """The copy of a submission that is executed: outputs cleared, the cohort's parameters injected,
    hidden checks dropped, and the grading guard (:mod:`mlalib.course.sandbox`) as first cell."""
    from papermill.parameterize import parameterize_notebook

    work = copy.deepcopy(nb)
    work.cells = [c for c in work.cells if HIDDEN_TAG not in c.metadata.get("tags", [])
                  and c.get("id") != GRADER_CELL_ID]
    for cell in work.cells:
        cell.metadata.setdefault("tags", [])  # papermill looks for tags in every cell
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    injected = [i for i, c in enumerate(work.cells) if "injected-parameters" in c.metadata.get("tags", [])]
    if len(injected) > 1 or (injected and not any(PARAMETERS_TAG in c.metadata.get("tags", []) for c in work.cells)):
        work.cells = [c for i, c in enumerate(work.cells) if i not in injected]
    work.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    work.metadata.setdefault("papermill", {})
    work = parameterize_notebook(work, parameters, kernel_name="python3", language="python")
    guard = nbformat.v4.new_code_cell(
        "from mlalib.course.sandbox import start as _mlalib_grading_start\n"
        f"_mlalib_grading_start({str(folder)!r}, {str(record)!r}, {[str(p) for p in protected]!r}, {memory_limit})\n"
        "del _mlalib_grading_start"
    )
    guard["id"] = GRADER_CELL_ID
    work.cells.insert(0, guard)
    return work
