"""Build a cohort's notebook set: participant editions, executed trainer editions, HTML.

For every master notebook in ``notebooks/`` the build writes, under
``<output>/<cohort id>/``:

* ``participant/<name>.ipynb``: parameters injected by papermill (prepare-only), solutions
  replaced by placeholders, hidden checks removed, outputs cleared, then scanned for every
  solution line of the master (a hit fails that notebook and nothing is written);
* ``trainer/<name>.ipynb``: parameters injected and executed by papermill, with solutions
  and outputs; a notebook that fails is kept as ``<name>.failed.ipynb``;
* ``trainer-html/<name>.html``: the trainer edition (with solutions) for reading offline, with
  ``plotly.js`` embedded: for trainers only;
* ``participant-html/<name>.html``: the participant edition as HTML, with the lesson's outputs
  and the exercises unanswered (made from the trainer execution, scanned for solution lines):
  for participants.

Notebooks build in parallel worker processes, each file is written atomically, all
timestamps and random ids are normalised (the same cohort file gives the same bytes), and a
notebook whose inputs (master, cohort parameters, library and data) have not changed since
its last successful build is skipped.

Example
-------
>>> from mlalib.course.build import build_cohort
>>> report = build_cohort("cohorts/example.yaml", progress=False)  # doctest: +SKIP
>>> print(report.table())  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import mlalib
from mlalib.course.cohort import Cohort, load_cohort
from mlalib.course.editions import (
    check_no_leaks, clear_outputs, html_leaks, normalise, participant_source, participant_view, secrets,
    validate_master, with_header,
)
from mlalib.course.files import write_atomic
from mlalib.course.kernels import IPCKernelManager
from mlalib.course.workers import run_parallel
from mlalib.data import data_dir
from mlalib.errors import DataFileNotFoundError, LeakError

#: The course key file next to the master notebooks (reference answers of the graded-only exercises).
COURSE_KEYS = "course_keys.py"

EDITIONS = ("participant", "trainer", "trainer-html", "participant-html")
STATE_DIR = ".mlalib-build"
KERNEL = "python3"


@dataclass(frozen=True)
class Step:
    """One row of the build summary."""

    notebook: str
    edition: str
    seconds: float
    status: str  # "built", "skipped" or "failed"
    detail: str = ""


@dataclass
class BuildReport:
    """What a build did: the cohort, the output folder, and one :class:`Step` per edition."""

    cohort: Cohort
    root: Path
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.status != "failed" for step in self.steps)

    def table(self) -> str:
        """The summary table: notebook, edition, seconds, status (and the error, if any)."""
        header = ("notebook", "edition", "seconds", "status")
        rows = [(s.notebook, s.edition, f"{s.seconds:.1f}", s.status + (f": {s.detail}" if s.detail else ""))
                for s in self.steps]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
        lines = ["  ".join(str(v).ljust(w) for v, w in zip(r[:3], widths)) + "  " + r[3] for r in [header, *rows]]
        lines.insert(1, "-" * max(len(line) for line in lines))
        return "\n".join(lines)


def default_notebooks_dir() -> Path:
    """The master notebooks: the project's ``notebooks/`` folder, else ``notebooks/`` in the current folder.

    Masters hold the solutions, so they are never installed with mlalib: they stay with the
    trainer's course folder (a checkout of the project, or ``--notebooks-dir``).
    """
    package = Path(mlalib.__file__).resolve().parent
    candidates = (package.parent / "notebooks", Path.cwd() / "notebooks")
    for folder in candidates:
        if folder.is_dir() and master_notebooks(folder):
            return folder
    raise DataFileNotFoundError(f"cannot find the master notebooks (looked in {', '.join(map(str, candidates))}); "
                                "give the course's notebooks folder with --notebooks-dir")


def master_notebooks(folder: Path) -> dict[str, Path]:
    """Master notebooks by name (file stem), in course order."""
    return {p.stem: p for p in sorted(Path(folder).glob("*.ipynb")) if not p.name.startswith(".")}


def inputs_fingerprint() -> str:
    """Hash of everything a built notebook depends on besides its master and the cohort."""
    digest = hashlib.sha256()
    package = Path(mlalib.__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*") if p.suffix in {".py", ".yaml"} and "__pycache__" not in p.parts)
    for path in [*sources, *sorted(data_dir().iterdir())]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Task:
    name: str
    master: Path
    cohort: Cohort
    root: Path
    fingerprint: str
    timeout: int


def build_cohort(
    cohort_file: str | Path,
    *,
    notebooks_dir: str | Path | None = None,
    output: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
    timeout: int = 300,
) -> BuildReport:
    """Build every selected master notebook for one cohort file; see the module docstring.

    Parameters
    ----------
    cohort_file : path of the cohort YAML (validated first; a ConfigError lists every problem).
    notebooks_dir : folder of master notebooks (default: the project's ``notebooks/``).
    output : output folder (default: the cohort file's ``output`` field).
    jobs : worker processes (default: number of cores).
    progress : show a progress bar.
    timeout : seconds allowed per cell when executing a trainer edition.
    """
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    masters = master_notebooks(folder)
    cohort = load_cohort(cohort_file, available_notebooks=list(masters))
    root = Path(output if output is not None else cohort.output) / cohort.id
    selected = cohort.notebooks if cohort.notebooks is not None else list(masters)
    fingerprint = inputs_fingerprint()
    tasks = [_Task(name, masters[name], cohort, root, fingerprint, timeout) for name in selected]
    report = BuildReport(cohort, root)
    results: dict[str, list[Step]] = {
        task.name: [Step(task.name, edition, 0.0, "skipped", "unchanged") for edition in EDITIONS]
        for task in tasks if _up_to_date(task)
    }
    pending = [task for task in tasks if task.name not in results]
    built = run_parallel(build_notebook, pending, jobs=jobs, progress=progress, description=f"Building {cohort.id}",
                         unit="notebook", done=len(results))
    results.update({task.name: steps for task, steps in zip(pending, built)})
    report.steps = [step for task in tasks for step in results[task.name]]
    return report


def build_notebook(task: _Task) -> list[Step]:
    """Build the three editions of one notebook; failures become failed steps, never exceptions."""
    start = time.perf_counter()
    try:
        raw = task.master.read_bytes()
        master = nbformat.reads(raw.decode("utf-8"), as_version=4)
        validate_master(master, task.name)
    except Exception as err:  # a broken master fails its own notebook, not the build
        return [Step(task.name, "participant", time.perf_counter() - start, "failed", _one_line(err))]
    parameters = task.cohort.parameters()
    stamp = _stamp(task, raw)
    paths = _paths(task.root, task.name)
    state = task.root / STATE_DIR / f"{task.name}.json"
    state.unlink(missing_ok=True)
    steps = [_participant(task, master, paths["participant"])]
    trainer_step, trainer_nb = _trainer(task, master, parameters, paths)
    steps.append(trainer_step)
    if trainer_nb is not None:
        steps.append(_html(task.name, trainer_nb, paths["trainer-html"], "trainer-html"))
        steps.append(participant_html(task, master, trainer_nb, paths["participant-html"]))
    else:
        for edition in ("trainer-html", "participant-html"):
            paths[edition].unlink(missing_ok=True)
            steps.append(Step(task.name, edition, 0.0, "failed", "no trainer edition to export"))
    if all(step.status == "built" for step in steps):
        write_atomic(state, json.dumps({"stamp": stamp, "mlalib": mlalib.__version__}) + "\n")
    return steps


def _stamp(task: _Task, raw: bytes) -> str:
    """Hash of everything a notebook's editions depend on: master, cohort, library and data."""
    return hashlib.sha256(raw + task.fingerprint.encode() + task.cohort.model_dump_json().encode()).hexdigest()


def _up_to_date(task: _Task) -> bool:
    """True if the last successful build of this notebook used the same inputs and its files are all there."""
    state = task.root / STATE_DIR / f"{task.name}.json"
    if not state.is_file() or not task.master.is_file():
        return False
    paths = _paths(task.root, task.name)
    try:
        recorded = json.loads(state.read_text()).get("stamp")
    except ValueError:
        return False
    return recorded == _stamp(task, task.master.read_bytes()) and all(paths[e].is_file() for e in EDITIONS)


def _paths(root: Path, name: str) -> dict[str, Path]:
    return {
        "participant": root / "participant" / f"{name}.ipynb",
        "trainer": root / "trainer" / f"{name}.ipynb",
        "failed": root / "trainer" / f"{name}.failed.ipynb",
        "trainer-html": root / "trainer-html" / f"{name}.html",
        "participant-html": root / "participant-html" / f"{name}.html",
    }


def participant_edition(master: nbformat.NotebookNode, cohort: Cohort, name: str) -> nbformat.NotebookNode:
    """The participant edition of a master for a cohort (see the module docstring); raises
    :class:`~mlalib.errors.LeakError` if any solution line of the master is left in it."""
    import papermill as pm

    parameters = cohort.parameters()
    nb = participant_source(master, cohort, name)
    nb = pm.execute_notebook(nb, None, parameters=parameters, prepare_only=True, progress_bar=False,
                             kernel_name=KERNEL)
    nb = clear_outputs(normalise(nb, name, parameters, _ids(master)))
    check_no_leaks(nb, secrets(master), name)
    return nb


def _participant(task: _Task, master: nbformat.NotebookNode, path: Path) -> Step:
    start = time.perf_counter()
    try:
        write_atomic(path, _dumps(participant_edition(master, task.cohort, task.name)))
        return Step(task.name, "participant", time.perf_counter() - start, "built")
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(task.name, "participant", time.perf_counter() - start, "failed", _one_line(err))


def _trainer(
    task: _Task, master: nbformat.NotebookNode, parameters: dict[str, Any], paths: dict[str, Path]
) -> tuple[Step, nbformat.NotebookNode | None]:
    import papermill as pm

    from mlalib.exercises.core import KEYS_VARIABLE

    start = time.perf_counter()
    work = task.root / STATE_DIR
    work.mkdir(parents=True, exist_ok=True)
    paths["trainer"].parent.mkdir(parents=True, exist_ok=True)
    source, running = work / f"{task.name}.input.ipynb", work / f"{task.name}.running.ipynb"
    write_atomic(source, _dumps(with_header(master, task.cohort, "trainer", task.name)))
    keys = task.master.parent / COURSE_KEYS
    if keys.is_file():  # the trainer edition's hidden checks assess the solutions of graded-only exercises
        os.environ[KEYS_VARIABLE] = str(keys.resolve())
    try:
        nb = pm.execute_notebook(
            str(source), str(running), parameters=parameters, kernel_name=KERNEL, progress_bar=False,
            request_save_on_cell_execute=False, execution_timeout=task.timeout, cwd=str(paths["trainer"].parent),
            kernel_manager_class=IPCKernelManager,
        )
    except Exception as err:
        detail = _execution_error(err)
        for stale in (paths["trainer"], paths["trainer-html"], paths["participant-html"]):
            stale.unlink(missing_ok=True)
        if running.is_file():
            failed = normalise(nbformat.read(running, as_version=4), task.name, parameters, _ids(master))
            write_atomic(paths["failed"], _dumps(failed))
        return Step(task.name, "trainer", time.perf_counter() - start, "failed", detail), None
    finally:
        source.unlink(missing_ok=True)
        running.unlink(missing_ok=True)
    nb = normalise(nb, task.name, parameters, _ids(master))
    write_atomic(paths["trainer"], _dumps(nb))
    paths["failed"].unlink(missing_ok=True)
    return Step(task.name, "trainer", time.perf_counter() - start, "built"), nb


def _ids(master: nbformat.NotebookNode) -> frozenset[str]:
    return frozenset(str(cell.get("id")) for cell in master.cells)


def _execution_error(err: Exception) -> str:
    cell = getattr(err, "cell_index", None)
    if cell is not None:
        return f"cell {cell + 1}: {getattr(err, 'ename', '')}: {_one_line(getattr(err, 'evalue', ''))}"
    return _one_line(err)


def _html(name: str, nb: nbformat.NotebookNode, path: Path, edition: str, secret_lines: list[str] = ()) -> Step:
    from mlalib.course.html import notebook_to_html

    start = time.perf_counter()
    try:
        page = notebook_to_html(nb)
        leaks = html_leaks(page, list(secret_lines))
        if leaks:
            raise LeakError(f"{name}: the HTML page contains {len(leaks)} solution line(s): {leaks[0]!r}")
        write_atomic(path, page)
        return Step(name, edition, time.perf_counter() - start, "built")
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(name, edition, time.perf_counter() - start, "failed", _one_line(err))


def participant_html(task: _Task, master: nbformat.NotebookNode, trainer_nb: nbformat.NotebookNode,
                     path: Path) -> Step:
    """The participant edition as HTML, with the lesson's outputs and the exercises unanswered.

    Made from the executed trainer edition (:func:`mlalib.course.editions.participant_view`), so
    it costs no kernel time; the page is scanned for every solution line of the master.
    """
    start = time.perf_counter()
    try:
        view = participant_view(trainer_nb, master, task.cohort, task.name)
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(task.name, "participant-html", time.perf_counter() - start, "failed", _one_line(err))
    return _html(task.name, view, path, "participant-html", secrets(master))


def _dumps(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _one_line(err: Any) -> str:
    message = str(err).strip().splitlines()
    text = " ".join(line.strip() for line in message)[:300]
    return text if isinstance(err, str) else f"{type(err).__name__}: {text}"
