"""Grade a cohort's submitted notebooks (``mlalib grade``).

For every submission (see :mod:`mlalib.course.submissions` for the folder rule), the grader

1. makes a copy in a temporary folder of its own: outputs cleared, metadata of the wrong type
   set aside, hidden checks dropped, the cohort's parameters injected again by papermill (a
   participant cannot change the seed or the focus countries), and the grading guard
   (:mod:`mlalib.course.sandbox`) as the first cell;
2. executes it in its own kernel, in a bubblewrap sandbox where that works
   (:mod:`mlalib.course.isolation`: only its temporary folder exists and is writable, its own
   processes, no network; limits of CPU time, memory and file size), with a time limit per
   cell (the cell is interrupted, the rest runs on) and per notebook (the kernel is stopped);
   outputs are counted and discarded; a crash ends that notebook but keeps the answers
   checked before it, and costs no other submission;
3. assesses each answer recorded by ``check(...)`` (which in a graded kernel only records it)
   **in the grader's process**, against the reference answers of the cohort's parameters,
   with the points each exercise declares in its master (a correct answer earns them all, a
   "close" one ``close_credit`` of them); exercises are matched by id, so deleted, reordered
   or extra cells do not shift anything; code that reaches for the key costs the exercises it
   touched (:func:`mlalib.course.submissions.touched_exercises`);
4. of several files of one participant for one master, keeps the one that answers the most
   exercises, then scores most, then comes first by path;
5. collects the texts of written exercises (free text the trainer grades: 0 points and the
   status ``written`` until the trainer's score sheet, ``--written-scores``, gives their points;
   :mod:`mlalib.course.written`).

The submissions are never modified. Each execution is kept in the gradebook folder until the
run completes, so an interrupted run resumes. Results: see
:func:`mlalib.course.gradebook.write_gradebook`.

Example
-------
>>> report = grade_cohort("cohorts/example.yaml", "submissions", "gradebook", progress=False)  # doctest: +SKIP
>>> report.participants[["participant", "score", "passed"]]  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import multiprocessing
import re
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from traitlets.config import Config

import mlalib
from mlalib.context import Context
from mlalib.course.build import COURSE_KEYS, default_notebooks_dir, master_notebooks
from mlalib.course.certificates import load_rules, read_participation
from mlalib.course.cohort import Cohort, load_cohort
from mlalib.course.editions import PARAMETER_NAME, master_exercises
from mlalib.course.gradebook import GradingReport, check_score_sheet, claim_folder, participants_table, \
    write_gradebook
from mlalib.course.isolation import Isolation, Limits, SandboxedKernelManager, isolation, kernel_config, \
    kernel_environment, sandbox_command
from mlalib.course.submissions import (
    GUARD, Master, NotANotebook, Submission, exercise_cells, find_submissions, key_references, match_master, prepare,
    read_notebook, touched_exercises,
)
from mlalib.course.workers import run_parallel
from mlalib.course.written import PENDING, merge_written_scores, read_written_scores
from mlalib.errors import InputError
from mlalib.exercises.answers import decode_answer
from mlalib.exercises.catalogue import exercises as registered
from mlalib.exercises.core import assess, reference_answer
from mlalib.files import write_atomic
from mlalib.i18n import text

ISOLATION_MODES = ("auto", "required", "none")
#: Where a run keeps the executions it finished, to resume after an interruption (inside the gradebook folder).
CACHE_DIR = ".mlalib-grading-cache"
COLUMNS = ["participant", "notebook", "exercise", "points", "max", "feedback", "status", "file"]
CELL_NUMBER = "mlalib-cell"


@dataclass(frozen=True)
class GradingOptions:
    """Limits and scoring policy of a grading run (``memory_limit_mb``: per kernel, 0 for none)."""

    cell_timeout: int = 120
    notebook_timeout: int = 900
    close_credit: float = 0.5
    memory_limit_mb: int = 4096
    #: Characters of output (printed text, displayed data) after which a notebook is stopped; 0 for no limit.
    output_limit_mb: int = 100
    #: "auto": in a bubblewrap sandbox where it works, else guarded only (and said so); "required": refuse to
    #: grade without the sandbox; "none": guarded only.
    isolation: str = "auto"

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_MODES:
            raise InputError(f"'isolation' must be one of {', '.join(ISOLATION_MODES)}, got {self.isolation!r}")
        for name in ("cell_timeout", "notebook_timeout"):
            if getattr(self, name) < 1:
                raise InputError(f"'{name}' must be at least 1 second, got {getattr(self, name)}")
        if self.output_limit_mb < 0:
            raise InputError(f"'output_limit_mb' must be 0 (no limit) or more, got {self.output_limit_mb}")
        if self.memory_limit_mb < 0:
            raise InputError(f"'memory_limit_mb' must be 0 (no limit) or more, got {self.memory_limit_mb}")
        if not 0 <= self.close_credit <= 1:
            raise InputError(f"'close_credit' must be between 0 and 1, got {self.close_credit}")


@dataclass(frozen=True)
class Job:
    """One prepared submission to execute (picklable, for worker processes).

    ``place`` is the submission's grading folder (the only folder its kernel may write; the
    notebook runs in ``place/work``); ``sandbox`` the ``bwrap`` command line, empty without
    isolation.
    """

    notebook: str
    place: str
    record: str
    cell_timeout: int
    notebook_timeout: int
    sandbox: tuple[str, ...] = ()
    output_limit: int = 0
    limits: Limits = Limits()
    cache: str = ""


@dataclass
class Execution:
    """What executing a submission left: answers, blocked attempts, errors, why it stopped."""

    answers: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    stop: tuple[str, dict[str, Any]] | None = None
    output_bytes: int = 0

    def to_json(self) -> str:
        """The execution as JSON (for the resumable cache of a grading run)."""
        return json.dumps({"answers": self.answers, "events": self.events,
                           "errors": {str(k): v for k, v in self.errors.items()}, "stop": self.stop,
                           "output_bytes": self.output_bytes}, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Execution:
        data = json.loads(raw)
        return cls({k: (int(c), a) for k, (c, a) in data["answers"].items()},
                   [(int(c), e) for c, e in data["events"]], {int(k): tuple(v) for k, v in data["errors"].items()},
                   tuple(data["stop"]) if data["stop"] else None, int(data["output_bytes"]))

    def cleaned(self, scratch: str) -> Execution:
        """The same execution with the (random) grading folder and memory addresses taken out of its texts."""
        events = [(c, {k: _clean(v, scratch) if isinstance(v, str) else v for k, v in e.items()})
                  for c, e in self.events]
        errors = {c: (ename, _clean(evalue, scratch)) for c, (ename, evalue) in self.errors.items()}
        stop = None if self.stop is None else (
            self.stop[0], {k: _clean(v, scratch) if isinstance(v, str) else v for k, v in self.stop[1].items()})
        return Execution(self.answers, events, errors, stop, self.output_bytes)


class _GradingClient(NotebookClient):
    """A notebook client that counts outputs instead of keeping them (grading needs none), and stops
    the kernel once they pass ``output_limit`` characters (0: no limit)."""

    output_bytes = 0
    output_limit = 0
    flooded = False

    def output(self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int) -> None:
        content = msg.get("content", {})
        self.output_bytes += len(str(content.get("text", ""))) + sum(len(str(v)) for v in content.get("data", {}).values())
        if self.output_limit and self.output_bytes > self.output_limit and not self.flooded and self.km is not None:
            self.flooded = True
            asyncio.ensure_future(self.km.shutdown_kernel(now=True))
        return None


def execute_submission(job: Job) -> Execution:
    """Execute one prepared submission in its own kernel; never raises for what the notebook does.

    The result is also written to ``job.cache`` (if set) as soon as it is known, so that a grading
    run that is interrupted resumes without executing it again.
    """
    result = asyncio.run(_execute(job)).cleaned(job.place).cleaned(str(Path(job.place).parent))
    if job.cache:
        write_atomic(Path(job.cache), result.to_json())
    return result


async def _execute(job: Job) -> Execution:
    result = Execution()
    record = Path(job.record)
    record.write_bytes(b"")
    offset = 0
    current = 0

    def collect() -> None:
        nonlocal offset
        with record.open("rb") as handle:
            handle.seek(offset)
            chunk = handle.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]
        offset += len(complete)
        for line in complete.decode("utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == "answer" and isinstance(event.get("answer"), dict):
                result.answers[str(event.get("exercise"))] = (current, event["answer"])
            elif isinstance(event, dict) and event.get("event") in ("blocked", "key"):
                result.events.append((current, event))

    def started(cell: Any, cell_index: int) -> None:
        nonlocal current
        collect()
        current = int(cell.metadata.get(CELL_NUMBER, 0))

    def failed(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
        content = execute_reply.get("content", {})
        result.errors[int(cell.metadata.get(CELL_NUMBER, 0))] = (str(content.get("ename", "")),
                                                                 str(content.get("evalue", "")))

    nb = nbformat.reads(job.notebook, as_version=4)
    place = Path(job.place)
    client = _GradingClient(
        nb, timeout=job.cell_timeout, interrupt_on_timeout=True, allow_errors=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": f"{job.cell_timeout} s", "traceback": []},
        kernel_name="python3", kernel_manager_class=SandboxedKernelManager, store_widget_state=False,
        shutdown_kernel="immediate", record_timing=False, startup_timeout=120,
        on_cell_execute=started, on_cell_error=failed,
        config=Config(kernel_config(place, list(job.sandbox), job.limits)),
    )
    client.output_limit = job.output_limit
    begin = time.monotonic()
    log = place.parent / f"{place.name}.log"  # the kernel's own output, outside its sandbox
    try:
        with log.open("wb") as sink:
            await asyncio.wait_for(client.async_execute(cwd=str(place / "work"), env=kernel_environment(place / "work"),
                                                        stdout=sink, stderr=sink), job.notebook_timeout)
    except (asyncio.TimeoutError, DeadKernelError) as err:
        # nbclient turns the cancellation of a running cell into DeadKernelError: the clock tells them apart
        if isinstance(err, asyncio.TimeoutError) or time.monotonic() - begin >= job.notebook_timeout:
            result.stop = ("timeout_notebook", {"seconds": job.notebook_timeout, "cell": current})
        else:
            result.stop = ("crashed", {"cell": current})
    except Exception as err:  # the kernel did not start, or died in a way nbclient reports otherwise
        said = log.read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines() if log.is_file() else []
        detail = f"{type(err).__name__}: {str(err)[:200]}" + (f" ({said[-1][:200]})" if said else "")
        result.stop = ("crashed", {"cell": current}) if current else ("could_not_start", {"error": detail})
    if client.flooded:
        result.stop = ("output_limit", {"size": f"{job.output_limit / 1e6:.0f}", "cell": current})
    collect()
    result.output_bytes = client.output_bytes
    return result


@dataclass
class _Graded:
    """A submission chosen for grading: whose, which master, the file, and its notebook."""

    submission: Submission
    master: str
    nb: nbformat.NotebookNode


def load_masters(cohort: Cohort, notebooks_dir: Path) -> dict[str, Master]:
    """The cohort's master notebooks with their declared exercises, in course order."""
    paths = master_notebooks(notebooks_dir)
    names = cohort.notebooks if cohort.notebooks is not None else list(paths)
    return {name: Master(name, tuple(master_exercises(nbformat.read(paths[name], as_version=4), name)))
            for name in names}


def grade_cohort(
    cohort_file: str | Path,
    submissions_dir: str | Path,
    out: str | Path,
    *,
    participation: str | Path | None = None,
    programme: str | Path = "single-course",
    notebooks_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
    options: GradingOptions = GradingOptions(),
    written_scores: str | Path | None = None,
) -> GradingReport:
    """Grade every submission in ``submissions_dir`` and write the gradebook to ``out``.

    Parameters
    ----------
    cohort_file : the cohort YAML the notebooks were built from (its parameters are re-injected).
    submissions_dir : one folder per participant (see :mod:`mlalib.course.submissions`).
    out : the gradebook folder (created; must not be inside the submissions folder or contain it).
    participation : optional participation record (CSV, see :mod:`mlalib.course.certificates`);
        its ``final_score``, where missing, is the notebooks' score.
    programme : the certificate rules (a bundled programme name or a YAML file).
    notebooks_dir : folder of master notebooks (default: the project's or installed ``notebooks``).
    jobs : submissions executed at once (default: number of cores).
    progress : show a progress bar.
    options : time limits and the credit of a "close" answer.
    written_scores : the score sheet of written answers a trainer filled (``written_scores.csv`` of an
        earlier run, :mod:`mlalib.course.written`); checked before anything runs.
    """
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    cohort = load_cohort(cohort_file, available_notebooks=list(master_notebooks(folder)))
    submissions_root, out = Path(submissions_dir).resolve(), Path(out).resolve()
    for a, b in ((out, submissions_root), (submissions_root, out)):
        if a == b or b in a.parents:
            raise InputError(f"the gradebook folder {str(out)!r} and the submissions folder {str(submissions_root)!r} "
                             "must be separate (neither inside the other)")
    isolated = resolve_isolation(options.isolation)
    rules = load_rules(programme)
    records = read_participation(participation, rules) if participation is not None else None
    masters = load_masters(cohort, folder)
    _install_course_keys(folder, masters)
    found = find_submissions(submissions_root)
    participants = sorted({s.participant for s in found if s.participant})
    if records is not None:
        participants = sorted(set(participants) | set(records["participant"].astype(str)))
    written = {e.id: (name, e.points) for name, m in masters.items() for e in m.exercises
               if registered()[e.id].kind == "written"}
    scores = read_written_scores(written_scores, written, set(participants)) if written_scores is not None else None
    claim_folder(out)
    check_score_sheet(out, Path(written_scores) if written_scores is not None else None)
    rows: list[dict[str, Any]] = []
    candidates, unreadable = _candidates(found, masters, cohort.language, rows)
    ctx = cohort.context()
    # where the key could be read: the masters, the cohort's built trainer editions, other submissions, the gradebook
    protected = [submissions_root, out, folder.resolve(), (Path(cohort.output) / cohort.id).resolve()]
    with tempfile.TemporaryDirectory(prefix="mlalib-grading-") as scratch:
        executions = _execute_all(candidates, cohort, options, Path(scratch), protected, jobs, progress, isolated,
                                  out / CACHE_DIR)
        expected: dict[str, Any] = {}
        scored = [_score_safely(graded, masters[graded.master], executions[number], ctx, cohort, options, expected,
                                scratch) for number, graded in enumerate(candidates)]
    chosen = _resolve_duplicates(candidates, scored, cohort.language, rows)
    answers = pd.DataFrame([{"participant": r["participant"], "notebook": r["notebook"], "exercise": r["exercise"],
                             "max": r["max"], "answer": r["answer"]} for r in rows if "answer" in r],
                           columns=["participant", "notebook", "exercise", "max", "answer"])
    submitted = {(g.submission.participant, g.master) for g in chosen}
    rows += _not_submitted(participants, masters, submitted, unreadable, cohort.language)
    table, answers = merge_written_scores(_sorted_rows(rows, masters), answers, scores,
                                          text("grading.written_scored", cohort.language), str(written_scores))
    people, exercises = participants_table(table, participants, masters, records, rules, cohort.language)
    report = GradingReport(cohort, table, people, exercises, options.close_credit, rules.passing_score, isolated,
                           _in_course_order(answers, masters))
    write_gradebook(report, out)
    if not len(answers):  # the run is complete: nothing to resume (with written answers, kept for the run that
        shutil.rmtree(out / CACHE_DIR, ignore_errors=True)  # merges their scores: it then executes nothing again
    return report


def resolve_isolation(mode: str) -> Isolation:
    """The isolation a run uses: ``mode`` is "auto", "required" (refuse without it) or "none"."""
    if mode == "none":
        return Isolation(False, "switched off (--isolation none)")
    found = isolation()
    if mode == "required" and not found.available:
        raise InputError(f"submissions cannot be isolated, and --isolation required was given: {found.reason}")
    return found


def _install_course_keys(folder: Path, masters: dict[str, Master]) -> None:
    """Install the course key of the notebooks folder; every graded exercise must then have its key."""
    from mlalib.exercises.catalogue import install_keys, missing_keys

    if (folder / COURSE_KEYS).is_dir():
        install_keys(folder / COURSE_KEYS)
    missing = missing_keys([e.id for m in masters.values() for e in m.exercises])
    if missing:
        raise InputError(f"no reference answer for the graded-only exercise(s) {', '.join(missing)}: "
                         f"the course key folder {str(folder / COURSE_KEYS)!r} is missing or lacks them")


def _execute_all(candidates: list[_Graded], cohort: Cohort, options: GradingOptions, scratch: Path,
                 protected: list[Path], jobs: int | None, progress: bool, isolated: Isolation,
                 cache: Path) -> dict[int, Execution]:
    """Execute every candidate submission, in parallel; by position in ``candidates``.

    A submission executed by an earlier, interrupted run with the same inputs is taken from
    ``cache`` instead. Without isolation a notebook can kill its worker process: the
    submissions that were running then are executed again, each in a worker of its own, and
    one that kills that worker too is reported as crashed.
    """
    results: dict[int, Execution] = {}
    pending: list[tuple[int, Job]] = []
    limits = Limits(cpu_seconds=options.notebook_timeout + 30, memory_bytes=options.memory_limit_mb * 2**20)
    inputs = cohort.model_dump_json() + repr(options) + mlalib.__version__ + str(isolated.available)
    cache.mkdir(parents=True, exist_ok=True)
    digests = [hashlib.sha256((inputs + json.dumps(graded.nb, sort_keys=True)).encode()).hexdigest()[:40]
               for graded in candidates]
    for stale in cache.glob("*.json"):  # executions of submissions or settings this run no longer has
        if stale.stem not in digests:
            stale.unlink()
    for number, (graded, digest) in enumerate(zip(candidates, digests)):
        done = _cached(cache / f"{digest}.json")
        if done is not None:
            results[number] = done
            continue
        place = scratch / f"{number:04d}"
        try:
            (place / "work").mkdir(parents=True)
            prepared = prepare(_numbered(graded.nb), {PARAMETER_NAME: cohort.context().parameters()}, place / "work", place / "record.jsonl",
                               protected)
        except Exception as err:  # a notebook papermill or nbformat cannot handle: this file only
            results[number] = Execution(stop=("could_not_start", {"error": f"{type(err).__name__}: {str(err)[:200]}"}))
            continue
        sandbox = tuple(sandbox_command(isolated.bwrap, place, protected, place / "work")) \
            if isolated.available else ()
        pending.append((number, Job(json.dumps(prepared), str(place), str(place / "record.jsonl"),
                                    options.cell_timeout, options.notebook_timeout, sandbox,
                                    options.output_limit_mb * 10**6, limits, str(cache / f"{digest}.json"))))
    try:
        executed = run_parallel(execute_submission, [job for _, job in pending], jobs=jobs, progress=progress,
                                description=f"Grading {cohort.id}", unit="notebook")
        results.update({number: execution for (number, _), execution in zip(pending, executed)})
    except BrokenProcessPool:
        for number, job in pending:
            results[number] = _cached(Path(job.cache)) or _execute_alone(job)
    return results


def _cached(path: Path) -> Execution | None:
    try:
        return Execution.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (ValueError, KeyError, TypeError):
        return None


def _execute_alone(job: Job) -> Execution:
    """Execute one submission in a worker process of its own; a notebook that kills that worker crashed."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return pool.submit(execute_submission, job).result()
    except BrokenProcessPool:
        return Execution(stop=("crashed", {"cell": 0}))


def _not_submitted(participants: list[str], masters: dict[str, Master], submitted: set[tuple[str, str]],
                   unreadable: dict[tuple[str, str], str], language: str) -> list[dict[str, Any]]:
    """Zero-point rows for every graded exercise of a master a participant has no readable submission for."""
    rows = []
    for person in participants:
        for name, master in masters.items():
            if (person, name) in submitted or not master.max_points:
                continue
            file = unreadable.get((person, name), "")
            message = text("grading.unreadable_submission", language, file=file) if file \
                else text("grading.not_submitted", language)
            rows += [_row(person, name, e.id, 0.0, e.points, message, "not_submitted", file)
                     for e in master.exercises]
    return rows


def _candidates(found: list[Submission], masters: dict[str, Master], language: str,
                rows: list[dict[str, Any]]) -> tuple[list[_Graded], dict[tuple[str, str], str]]:
    """Every readable submission with its master; rows for every other file."""
    candidates = []
    unreadable: dict[tuple[str, str], str] = {}
    for sub in found:
        if not sub.participant:
            rows.append(_row("", "", "", 0.0, 0.0, text("grading.no_participant", language), "no_participant",
                             sub.relative))
            continue
        try:
            nb = read_notebook(sub.path)
            name = match_master(nb, sub.path.name, masters)
        except Exception as err:  # NotANotebook says why; anything else is a notebook that cannot be read
            err = err if isinstance(err, NotANotebook) else NotANotebook(
                "invalid", detail=f"{type(err).__name__}: {str(err)[:200]}")
            guess = match_master(nbformat.v4.new_notebook(), sub.path.name, masters) or ""
            rows.append(_row(sub.participant, guess, "", 0.0, 0.0, text(f"grading.{err.key}", language, **err.values),
                             "not_a_notebook", sub.relative))
            if guess:
                unreadable.setdefault((sub.participant, guess), sub.relative)
            continue
        if name is None:
            rows.append(_row(sub.participant, "", "", 0.0, 0.0, text("grading.unknown_master", language),
                             "unknown_notebook", sub.relative))
            continue
        candidates.append(_Graded(sub, name, nb))
    return candidates, unreadable


#: Statuses of an exercise whose answer was given (right, wrong, written or reached for the key).
ANSWERED = ("correct", "close", "not_yet", "key", PENDING)


def _resolve_duplicates(candidates: list[_Graded], scored: list[list[dict[str, Any]]], language: str,
                        rows: list[dict[str, Any]]) -> list[_Graded]:
    """The submission that counts for each participant and master, its rows added to ``rows``.

    Of several files for one master, the one that answers the most exercises counts; then the
    one with the most points; then the first by path. File times play no part (copying a
    folder changes them). The others get one row "superseded" that names the file chosen and why.
    """
    groups: dict[tuple[str, str], list[tuple[_Graded, list[dict[str, Any]]]]] = defaultdict(list)
    for graded, own in zip(candidates, scored):
        groups[(graded.submission.participant, graded.master)].append((graded, own))

    def merit(item: tuple[_Graded, list[dict[str, Any]]]) -> tuple[int, float]:
        marks = [r for r in item[1] if r["exercise"]]
        return sum(r["status"] in ANSWERED for r in marks), round(sum(r["points"] for r in marks), 6)

    chosen = []
    for (person, name), group in sorted(groups.items()):
        ranked = sorted(group, key=lambda item: (-merit(item)[0], -merit(item)[1], item[0].submission.relative))
        winner, own = ranked[0]
        chosen.append(winner)
        rows += own
        best = merit(ranked[0])
        for graded, _ in ranked[1:]:
            this = merit((graded, _))
            why = text("grading.why_answered", language, chosen=best[0], this=this[0]) if best[0] != this[0] else \
                text("grading.why_score", language, chosen=f"{best[1]:g}", this=f"{this[1]:g}") if best[1] != this[1] \
                else text("grading.why_name", language)
            rows.append(_row(person, name, "", 0.0, 0.0,
                             text("grading.superseded", language, file=winner.submission.relative, why=why),
                             "superseded", graded.submission.relative))
    return chosen


def _numbered(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy whose cells carry their number in the submission (for feedback that names cells)."""
    work = nbformat.from_dict(json.loads(json.dumps(nb)))
    for number, cell in enumerate(work.cells, start=1):
        cell.metadata[CELL_NUMBER] = number
    return work


def _score_safely(graded: _Graded, master: Master, execution: Execution, ctx: Context, cohort: Cohort,
                  options: GradingOptions, expected: dict[str, Any], scratch: str) -> list[dict[str, Any]]:
    """:func:`_score`, or rows saying this file could not be graded: one odd file never stops a run."""
    try:
        return _score(graded, master, execution, ctx, cohort, options, expected, scratch)
    except Exception as err:
        message = text("grading.grading_error", cohort.language, error=_clean(f"{type(err).__name__}: {err}", scratch)[:300])
        person, file = graded.submission.participant, graded.submission.relative
        return [_row(person, master.name, "", 0.0, 0.0, message, "grading_error", file)] + [
            _row(person, master.name, e.id, 0.0, e.points, message, "grading_error", file) for e in master.exercises]


def _score(graded: _Graded, master: Master, execution: Execution, ctx: Context, cohort: Cohort,
           options: GradingOptions, expected: dict[str, Any], scratch: str) -> list[dict[str, Any]]:
    """Rows of one submission: notes about the file, then one row per exercise of the master.

    Code that reaches for the key (found in its source, or caught while it ran) costs the
    exercises whose answers it may have touched (:func:`touched_exercises`; all of them for
    code that reaches for the grading guard), each with a row asking a trainer to review it;
    the other exercises are graded as usual.
    """
    language, person, file = cohort.language, graded.submission.participant, graded.submission.relative

    def note(message: str, status: str) -> dict[str, Any]:
        return _row(person, master.name, "", 0.0, 0.0, message, status, file)

    rows = []
    meta = graded.nb.metadata.get("mlalib", {})
    if meta.get("cohort_id") not in (None, cohort.id):
        rows.append(note(text("grading.other_cohort", language, other=meta["cohort_id"], cohort=cohort.id),
                         "other_cohort"))
    if meta.get("mlalib_version") not in (None, mlalib.__version__):
        rows.append(note(text("grading.other_version", language, other=meta["mlalib_version"],
                              current=mlalib.__version__), "other_version"))
    key_cells = key_references(graded.nb)
    for cell, event in execution.events:
        if event["event"] == "key":
            key_cells.append((cell, str(event.get("what", ""))))
        elif event.get("what") == "reading":  # a notebook or a protected folder: where the key could be read
            key_cells.append((cell, f"reading {_clean(str(event.get('path', '')), scratch)}"))
        what = {"writing": "blocked_writing", "changing": "blocked_changing", "reading": "blocked_reading",
                "running another program": "blocked_program"}.get(str(event.get("what")))
        if event["event"] == "blocked" and what:
            rows.append(note(text(f"grading.{what}", language, cell=cell,
                                  path=_clean(str(event.get("path", "")), scratch)), "blocked"))
    if execution.output_bytes > 10_000_000:
        rows.append(note(text("grading.output", language, size=f"{execution.output_bytes / 1e6:.0f}"), "output"))
    every = {e.id for e in master.exercises}
    touched: dict[str, tuple[int, str]] = {}
    harmless: dict[int, str] = {}
    for cell, what in key_cells:
        reached = every if what == GUARD or cell < 1 else touched_exercises(graded.nb, cell) & every
        for exercise_id in reached:
            touched.setdefault(exercise_id, (cell, what))
        harmless.setdefault(cell, what)
    for cell, what in sorted(harmless.items()):  # no answer used it: a note for the trainer, no points lost
        if not any(where == cell for where, _ in touched.values()):
            rows.append(note(text("grading.key_unused", language, cell=cell, what=what), "key"))
    checked_in = exercise_cells(graded.nb)
    for exercise in master.exercises:
        if exercise.id in touched:
            cell, what = touched[exercise.id]
            rows.append(_row(person, master.name, exercise.id, 0.0, exercise.points,
                             text("grading.key", language, cell=cell, what=what), "key", file))
            continue
        rows.append(_exercise_row(exercise.id, exercise.points, execution, checked_in.get(exercise.id), ctx,
                                  options, expected, scratch) | {"participant": person, "notebook": master.name,
                                                                 "file": file})
    return rows


def _exercise_row(exercise_id: str, points: float, execution: Execution, cell: int | None, ctx: Context,
                  options: GradingOptions, expected: dict[str, Any], scratch: str) -> dict[str, Any]:
    language = ctx.language

    def row(earned: float, message: str, status: str) -> dict[str, Any]:
        return {"exercise": exercise_id, "points": earned, "max": points, "feedback": message, "status": status}

    if exercise_id in execution.answers and registered()[exercise_id].kind == "written":
        answer = decode_answer(execution.answers[exercise_id][1])
        if not isinstance(answer, str) or not answer.split():
            return row(0.0, text("grading.not_checked", language), "not_answered")
        return row(0.0, text("grading.written_pending", language), PENDING) | {"answer": answer.strip()}
    if exercise_id in execution.answers:
        if exercise_id not in expected:
            expected[exercise_id] = reference_answer(exercise_id, ctx)
        try:
            result = assess(exercise_id, decode_answer(execution.answers[exercise_id][1]), ctx, expected[exercise_id])
        except Exception:  # an answer the comparison cannot handle (a malformed record, an odd table) is wrong
            return row(0.0, text("check.not_yet", language), "not_yet")
        share = {"correct": 1.0, "close": options.close_credit}.get(result.status, 0.0)
        message = result.message + (f" {result.hint_label}: {result.hint}" if result.hint else "")
        return row(share * points, message, result.status)
    if cell is None:
        return row(0.0, text("grading.missing", language), "missing")
    stop = execution.stop
    if stop is not None and (stop[0] == "could_not_start" or cell >= int(stop[1].get("cell", 0))):
        reason = text(f"grading.{stop[0]}", language, **stop[1])
        return row(0.0, text("grading.not_reached", language, reason=_clean(reason, scratch)), "not_reached")
    if cell in execution.errors:
        ename, evalue = execution.errors[cell]
        if ename == "CellTimeout":
            reason = text("grading.timeout_cell", language, cell=cell, seconds=options.cell_timeout)
            return row(0.0, text("grading.not_reached", language, reason=reason), "timeout")
        error = _clean(f"{ename}: {evalue}", scratch)[:300]
        return row(0.0, text("grading.cell_error", language, error=error), "error")
    return row(0.0, text("grading.not_checked", language), "not_answered")


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def _clean(message: str, scratch: str) -> str:
    """A message without the (random) temporary folder or memory addresses, so re-runs give the same text."""
    return _ADDRESS.sub("0x…", message.replace(scratch, "<grading folder>"))


def _row(participant: str, notebook: str, exercise: str, points: float, maximum: float, feedback: str,
         status: str, file: str) -> dict[str, Any]:
    return {"participant": participant, "notebook": notebook, "exercise": exercise, "points": points,
            "max": maximum, "feedback": feedback, "status": status, "file": file}


def _in_course_order(answers: pd.DataFrame, masters: dict[str, Master]) -> pd.DataFrame:
    """Written answers by notebook and exercise in course order, then by participant."""
    order = {key: i for i, key in enumerate((name, e.id) for name, m in masters.items() for e in m.exercises)}
    answers = answers.assign(_order=[order.get(k, len(order)) for k in zip(answers["notebook"], answers["exercise"])])
    return answers.sort_values(["_order", "participant"], kind="stable").drop(columns="_order").reset_index(drop=True)


def _sorted_rows(rows: list[dict[str, Any]], masters: dict[str, Master]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(masters)}
    position = {(name, e.id): i for name, m in masters.items() for i, e in enumerate(m.exercises)}

    def key(row: dict[str, Any]) -> tuple:
        return (row["participant"], order.get(row["notebook"], len(order)), row["notebook"],
                row["exercise"] != "", position.get((row["notebook"], row["exercise"]), 0), row["file"],
                row["status"], row["feedback"])

    return pd.DataFrame(sorted(rows, key=key), columns=COLUMNS)
