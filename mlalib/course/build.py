"""Build a cohort's notebook set: participant editions, executed trainer editions, HTML.

For every master notebook in ``notebooks/`` the build writes, under
``<output>/<cohort id>/``:

* ``participant/<name>.ipynb``: the cohort's parameters written into the ``parameters`` cell,
  solutions replaced by placeholders, outputs cleared, then scanned for every solution line
  of the master (a hit fails that notebook and nothing is written);
* ``trainer/<name>.ipynb``: the cohort's parameters written, a hidden check derived after every
  exercise (the solution must pass it), executed, with solutions and outputs; a notebook that
  fails is kept as ``<name>.failed.ipynb``;
* ``trainer-html/<name>.html``: the trainer edition (with solutions) for reading offline: for
  trainers only;
* ``participant-html/<name>.html``: the participant edition as HTML, with the lesson's outputs
  and the exercises unanswered (made from the trainer execution, scanned for solution lines):
  for participants;
* ``participant-html/plotly.min.js`` and ``trainer-html/plotly.min.js``: the one copy of
  ``plotly.js`` the pages of each folder load (none when the trainer asks for self-contained
  pages, each carrying the library: ``self_contained``);
* ``<cohort id>-participant.zip``: the participant set (notebooks, HTML and ``plotly.min.js``)
  as one deterministic archive, written when every notebook built
  (:mod:`mlalib.course.archive`).

The HTML pages load nothing from the network and meet WCAG 2.1 AA (:mod:`mlalib.course.html`).

The trainer editions' kernels get the course key (``keys/`` next to the masters) through
``MLALIB_COURSE_KEYS``, so their hidden checks assess the solutions of graded-only exercises.

Trainer editions execute in up to ``jobs`` kernels at once (:mod:`mlalib.course.execution`:
longest first, kernels started ahead of need, a frozen kernel retried once) while participant
editions and HTML are written; each file is written atomically, all
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

import contextlib
import hashlib
import html
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from tqdm.auto import tqdm

import mlalib
from mlalib.course.archive import archive_name, share_plotly, write_participant_archive
from mlalib.course.cohort import Cohort, load_cohort
from mlalib.course.editions import html_leaks, secrets, validate_master
from mlalib.course.masters import course_keys, master_notebooks, notebooks_folder
from mlalib.course.courses import Stop, course_path, course_title
from mlalib.course.recipes import (
    COURSE_MAP, PARTICIPANT, PARTICIPANT_VIEW, TRAINER, TRAINER_AFTER, TRAINER_VIEW, Ingredients,
)
from mlalib.course.translation import (
    Untranslated, catalog_path, load_notebook_catalog, master_titles, require_complete, translate_notebook,
)
from mlalib.data import data_dir
from mlalib.errors import LeakError
from mlalib.files import write_atomic
from mlalib.i18n import format_number, text

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from mlalib.course.execution import Outcome

EDITIONS = ("participant", "trainer", "trainer-html", "participant-html")
STATE_DIR = ".mlalib-build"
TIMINGS = "timings.json"


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
    archive: Path | None = None

    @property
    def ok(self) -> bool:
        return all(step.status != "failed" for step in self.steps)

    def table(self) -> str:
        """The summary table: notebook, edition, seconds, status (and the error, if any), in the cohort's language."""
        lang = self.cohort.language
        header = tuple(text(f"build.{column}", lang) for column in ("notebook", "edition", "seconds", "status"))
        rows = [(s.notebook, text(f"build.{s.edition}", lang), format_number(s.seconds, lang, 1),
                 text(f"build.{s.status}", lang) + (f": {s.detail}" if s.detail else "")) for s in self.steps]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
        lines = ["  ".join(str(v).ljust(w) for v, w in zip(r[:3], widths)) + "  " + r[3] for r in [header, *rows]]
        lines.insert(1, "-" * max(len(line) for line in lines))
        return "\n".join(lines)


def inputs_fingerprint() -> str:
    """Hash of everything a built notebook depends on besides its master and the cohort."""
    digest = hashlib.sha256()
    package = Path(mlalib.__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*")
                     if p.suffix in {".py", ".yaml", ".po", ".pot", ".csv"} and "__pycache__" not in p.parts)
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
    path: tuple[Stop, ...] = ()
    self_contained: bool = False


def build_cohort(
    cohort_file: str | Path,
    *,
    notebooks_dir: str | Path | None = None,
    output: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
    timeout: int = 300,
    allow_incomplete_translations: bool = False,
    self_contained: bool = False,
) -> BuildReport:
    """Build every selected master notebook for one cohort file; see the module docstring.

    Parameters
    ----------
    cohort_file : path of the cohort YAML (validated first; a ConfigError lists every problem).
    notebooks_dir : folder of master notebooks (default: :func:`~mlalib.course.masters.default_notebooks_dir`).
    output : output folder (default: the cohort file's ``output`` field).
    jobs : kernels running at once (default: number of cores).
    progress : show a progress bar.
    timeout : seconds allowed per cell when executing a trainer edition.
    allow_incomplete_translations : build a French or Spanish cohort whose catalogs are not
        complete (the missing texts stay in English and the summary counts them); by default
        such a cohort is refused (:func:`~mlalib.course.translation.require_complete`).
    self_contained : HTML pages that each carry ``plotly.js`` (4.8 MB a page) instead of loading the
        one copy next to them.
    """
    folder = notebooks_folder(notebooks_dir)
    masters = master_notebooks(folder)
    cohort = load_cohort(cohort_file, available_notebooks=list(masters), output=output, check_output=True)
    if not allow_incomplete_translations:
        require_complete(cohort.language, folder, cohort.notebooks, str(cohort_file))
    root = Path(output if output is not None else cohort.output) / cohort.id
    selected = cohort.notebooks if cohort.notebooks is not None else list(masters)
    fingerprint = inputs_fingerprint()
    path = course_path(selected, master_titles(folder, cohort.language, selected))
    tasks = [_Task(name, masters[name], cohort, root, fingerprint, timeout, path, self_contained) for name in selected]
    report = BuildReport(cohort, root)
    results: dict[str, list[Step]] = {
        task.name: [Step(task.name, edition, 0.0, "skipped", text("build.unchanged", cohort.language))
                    for edition in EDITIONS]
        for task in tasks if _up_to_date(task)
    }
    pending = [task for task in tasks if task.name not in results]
    with tqdm(total=len(tasks), initial=len(results), desc=f"Building {cohort.id}", unit="notebook",
              disable=not progress) as bar:
        if pending:
            with _course_keys(course_keys(folder)):
                results.update(_build(pending, jobs or os.cpu_count() or 1, bar.update))
    report.steps = [step for task in tasks for step in results[task.name]]
    write_course_map(root, cohort, path)
    report.archive = _hand_out(report, selected)
    return report


def _hand_out(report: BuildReport, names: list[str]) -> Path | None:
    """The shared ``plotly.js`` of the HTML folders and, if every notebook built, the participant archive
    (an archive an earlier build left is removed otherwise, so it never holds an older set)."""
    share_plotly(report.root)
    if not report.ok:
        (report.root / archive_name(report.cohort.id)).unlink(missing_ok=True)
        return None
    return write_participant_archive(report.root, report.cohort.id, names)


def write_course_map(root: Path, cohort: Cohort, path: tuple[Stop, ...]) -> None:
    """The course map next to the participant editions (``course_map.md``) and as the first page of the HTML
    editions (``index.html``): each lesson in order with its title, minutes, what it adds and what it builds
    on, in the cohort's language."""
    from mlalib.course.pages import page, table

    lang = cohort.language
    title = text("map.title", lang, course=course_title(cohort.course, lang))
    total = sum(stop.minutes or 0 for stop in path)
    intro = text("map.total", lang, hours=format_number(round(total / 60, 1), lang, 1), count=len(path))
    header = [text(f"map.{key}", lang) for key in ("lesson", "minutes", "adds", "needs")]
    titles = {stop.name: stop.title for stop in path}
    rows = []
    for stop in path:
        adds = text(f"lesson.{stop.name}", lang) if stop.minutes is not None else ""
        rows.append((stop, adds, ", ".join(titles.get(need, need) for need in stop.needs)))
    markdown = [f"# {title}", "", intro, "", "| " + " | ".join(header) + " |", "|---|---:|---|---|"]
    markdown += [f"| [{stop.title}]({stop.name}.ipynb) | {stop.minutes or ''} | {adds} | {needs} |"
                 for stop, adds, needs in rows]
    write_atomic(root / "participant" / COURSE_MAP["ipynb"], "\n".join(markdown) + "\n")
    links = "".join(f'<li><a href="{html.escape(stop.name)}.html">{html.escape(stop.title)}</a></li>\n'
                    for stop, _, _ in rows)
    body = (f"<p>{html.escape(intro)}</p>\n<ol>\n{links}</ol>\n"
            + table(header, [[stop.title, stop.minutes, adds, needs] for stop, adds, needs in rows], lang,
                    numeric={1}, row_headers=True))
    write_atomic(root / "participant-html" / COURSE_MAP["html"], page(title, lang, body))


def _build(tasks: list[_Task], jobs: int, advance: Callable[[], Any]) -> dict[str, list[Step]]:
    """Build the editions of ``tasks``: trainer editions executed by up to ``jobs`` kernels at once,
    participant editions and HTML written meanwhile (:mod:`mlalib.course.execution`)."""
    import nbformat

    from mlalib.course.execution import Job, execute_notebooks

    steps: dict[str, list[Step]] = {}
    work: dict[str, tuple[_Task, NotebookNode]] = {}
    untranslated: dict[str, Untranslated] = {}
    runs: list[Job] = []
    for task in tasks:
        start = time.perf_counter()
        try:
            master = nbformat.reads(task.master.read_bytes().decode("utf-8"), as_version=4)
            validate_master(master, task.name)
            master, untranslated[task.name] = translate_notebook(
                master, load_notebook_catalog(task.master.parent, task.cohort.language, task.name))
        except Exception as err:  # a broken master fails its own notebook, not the build
            steps[task.name] = [Step(task.name, "participant", time.perf_counter() - start, "failed", _one_line(err))]
            advance()
            continue
        (task.root / STATE_DIR / f"{task.name}.json").unlink(missing_ok=True)
        trainer_dir = task.root / "trainer"
        trainer_dir.mkdir(parents=True, exist_ok=True)
        work[task.name] = (task, master)
        runs.append(Job(task.name, TRAINER.apply(master, _ingredients(task, master)), trainer_dir, task.timeout,
                        weight=_expected_seconds(task, master)))

    def participants() -> None:
        for name, (task, master) in work.items():
            step = _participant(task, master, _paths(task.root, name)["participant"])
            if untranslated[name] and step.status == "built":  # texts left in English are counted
                step = Step(name, "participant", step.seconds, "built",
                            untranslated[name].summary(task.cohort.language))
            steps[name] = [step]

    def finish(outcome: Outcome) -> None:
        task, master = work[outcome.job.name]
        steps[task.name] = [*steps[task.name], *_finish(task, master, outcome)]
        if all(step.status == "built" for step in steps[task.name]):
            write_atomic(task.root / STATE_DIR / f"{task.name}.json", json.dumps(
                {"stamp": _stamp(task, task.master.read_bytes()), "mlalib": mlalib.__version__}) + "\n")
        advance()

    execute_notebooks(runs, jobs=jobs, on_done=finish, meanwhile=participants)
    return steps


def _expected_seconds(task: _Task, master: NotebookNode) -> float:
    """How long the trainer edition took last time (recorded in the build state), else its number of
    code cells: the longest notebooks start first, so the build does not end waiting for one of them."""
    timings = task.root / STATE_DIR / TIMINGS
    try:
        return float(json.loads(timings.read_text())[task.name])
    except (OSError, ValueError, KeyError, TypeError):
        return float(sum(cell.cell_type == "code" for cell in master.cells))


def _record_seconds(task: _Task, seconds: float) -> None:
    timings = task.root / STATE_DIR / TIMINGS
    try:
        recorded = json.loads(timings.read_text())
    except (OSError, ValueError):
        recorded = {}
    recorded[task.name] = round(seconds, 1)
    write_atomic(timings, json.dumps(recorded, sort_keys=True) + "\n")


def _stamp(task: _Task, raw: bytes) -> str:
    """Hash of everything a notebook's editions depend on: master, its catalog, cohort, library and data."""
    catalog = catalog_path(task.master.parent, task.cohort.language, task.name)
    raw += catalog.read_bytes() if catalog.is_file() else b""
    for key in sorted(course_keys(task.master.parent).glob("*.py")):  # the trainer edition's hidden checks
        raw += key.read_bytes()
    raw += repr(task.path).encode()  # the previous/next lines and minutes of its navigation
    raw += b"self-contained" if task.self_contained else b""
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


def _ingredients(task: _Task, master: NotebookNode) -> Ingredients:
    return Ingredients(task.cohort, task.name, master, path=task.path)


def _participant(task: _Task, master: NotebookNode, path: Path) -> Step:
    start = time.perf_counter()
    try:
        write_atomic(path, _dumps(PARTICIPANT.apply(master, _ingredients(task, master))))
        return Step(task.name, "participant", time.perf_counter() - start, "built")
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(task.name, "participant", time.perf_counter() - start, "failed", _one_line(err))


def _finish(task: _Task, master: NotebookNode, outcome: Outcome) -> list[Step]:
    """Write the trainer edition (or ``NAME.failed.ipynb``) and the HTML of one executed notebook."""
    paths = _paths(task.root, task.name)
    language = task.cohort.language
    detail = text("build.retried", language, why=outcome.retried.words(language)) if outcome.retried else ""
    try:
        nb = TRAINER_AFTER.apply(outcome.nb, _ingredients(task, master))
        if outcome.error:
            for stale in (paths["trainer"], paths["trainer-html"], paths["participant-html"]):
                stale.unlink(missing_ok=True)
            write_atomic(paths["failed"], _dumps(nb))
            detail = "; ".join(filter(None, [outcome.error.words(language), detail]))
            return [Step(task.name, "trainer", outcome.seconds, "failed", detail), *_no_html(task)]
        write_atomic(paths["trainer"], _dumps(nb))
        paths["failed"].unlink(missing_ok=True)
    except Exception as err:
        return [Step(task.name, "trainer", outcome.seconds, "failed", _one_line(err)), *_no_html(task)]
    _record_seconds(task, outcome.seconds)
    return [Step(task.name, "trainer", outcome.seconds, "built", detail),
            _html(task.name, TRAINER_VIEW.apply(nb, _ingredients(task, master)), paths["trainer-html"], "trainer-html",
                  self_contained=task.self_contained),
            participant_html(task, master, nb, paths["participant-html"])]


def _no_html(task: _Task) -> list[Step]:
    return [Step(task.name, edition, 0.0, "failed", text("build.no_trainer_edition", task.cohort.language))
            for edition in ("trainer-html", "participant-html")]


def _html(name: str, nb: NotebookNode, path: Path, edition: str, secret_lines: list[str] | None = None,
          self_contained: bool = False) -> Step:
    from mlalib.course.html import notebook_to_html

    start = time.perf_counter()
    try:
        page = notebook_to_html(nb, self_contained=self_contained)
        leaks = html_leaks(page, secret_lines or [])
        if leaks:
            raise LeakError(f"{name}: the HTML page contains {len(leaks)} solution line(s): {leaks[0]!r}")
        write_atomic(path, page)
        return Step(name, edition, time.perf_counter() - start, "built")
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(name, edition, time.perf_counter() - start, "failed", _one_line(err))


def participant_html(task: _Task, master: NotebookNode, trainer_nb: NotebookNode,
                     path: Path) -> Step:
    """The participant edition as HTML, with the lesson's outputs and the exercises unanswered.

    Made from the executed trainer edition (:data:`mlalib.course.recipes.PARTICIPANT_VIEW`), so
    it costs no kernel time; the page is scanned for every solution line of the master.
    """
    start = time.perf_counter()
    try:
        view = PARTICIPANT_VIEW.apply(trainer_nb, _ingredients(task, master))
    except Exception as err:
        path.unlink(missing_ok=True)
        return Step(task.name, "participant-html", time.perf_counter() - start, "failed", _one_line(err))
    return _html(task.name, view, path, "participant-html", secrets(master), task.self_contained)


@contextlib.contextmanager
def _course_keys(path: Path) -> Iterator[None]:
    """``MLALIB_COURSE_KEYS`` names the course key folder (if there is one) for the kernels started inside."""
    from mlalib.exercises.catalogue import KEYS_VARIABLE

    previous = os.environ.get(KEYS_VARIABLE)
    if path.is_dir():
        os.environ[KEYS_VARIABLE] = str(path.resolve())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(KEYS_VARIABLE, None)
        else:
            os.environ[KEYS_VARIABLE] = previous


def _dumps(nb: NotebookNode) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _one_line(err: Any) -> str:
    message = str(err).strip().splitlines()
    text = " ".join(line.strip() for line in message)[:300]
    return text if isinstance(err, str) else f"{type(err).__name__}: {text}"
