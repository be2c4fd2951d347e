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
import copy
import io
import json
import re
import tokenize
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
    except RecursionError:
        raise NotANotebook("not_json", detail="nested too deeply") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise NotANotebook("no_cells")
    version = content.get("nbformat")
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


def prepare(nb: NotebookNode, parameters: dict[str, Any], folder: Path, record: Path,
            protected: list[Path]) -> NotebookNode:
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
        f"_mlalib_grading_start({str(folder)!r}, {str(record)!r}, {[str(p) for p in protected]!r})\n"
        "del _mlalib_grading_start"
    )
    guard["id"] = GRADER_CELL_ID
    work.cells.insert(0, guard)
    return work
