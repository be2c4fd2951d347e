"""Grade a cohort's submitted notebooks (``mlalib grade``).

For every submission (see :mod:`mlalib.course.submissions` for the folder rule and which
file counts), the grader

1. makes an isolated copy in a temporary folder: outputs cleared, hidden checks dropped,
   the cohort's parameters injected again by papermill (a participant cannot change the
   seed or the focus countries), and the grading guard (:mod:`mlalib.course.sandbox`) as
   the first cell;
2. executes it in its own kernel (Unix sockets, home and working folder in the temporary
   folder) with a time limit per cell (the cell is interrupted, the rest runs on) and per
   notebook (the kernel is stopped); outputs are counted and discarded; a crash ends the run
   but keeps the answers checked before it;
3. assesses each answer recorded by ``check(...)`` **in the grader's process**, against the
   reference answers of the cohort's parameters, with the points each exercise declares in
   its master (a correct answer earns them all, a "close" one ``close_credit`` of them);
   exercises are matched by id, so deleted, reordered or extra cells do not shift anything.

The submissions are never modified. Results: see :func:`mlalib.course.gradebook.write_gradebook`.

Example
-------
>>> report = grade_cohort("cohorts/example.yaml", "submissions", "gradebook", progress=False)  # doctest: +SKIP
>>> report.participants[["participant", "score", "passed"]]  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

import mlalib
from mlalib.course.build import default_notebooks_dir, master_notebooks
from mlalib.course.certificates import Rules, load_rules, required_columns
from mlalib.course.cohort import Cohort, load_cohort
from mlalib.course.editions import master_exercises
from mlalib.course.kernels import IPCKernelManager
from mlalib.course.submissions import (
    Master, NotANotebook, Submission, exercise_cells, find_submissions, key_references, latest, match_master,
    prepare, read_notebook,
)
from mlalib.course.workers import run_parallel
from mlalib.errors import InputError, MissingColumnError
from mlalib.exercises.answers import decode_answer
from mlalib.exercises.core import Context, assess, reference_answer
from mlalib.i18n import text

COLUMNS = ["participant", "notebook", "exercise", "points", "max", "feedback", "status", "file"]
CELL_NUMBER = "mlalib-cell"


@dataclass(frozen=True)
class GradingOptions:
    """Limits and scoring policy of a grading run (``memory_limit_mb``: per kernel, 0 for none)."""

    cell_timeout: int = 120
    notebook_timeout: int = 900
    close_credit: float = 0.5
    memory_limit_mb: int = 4096

    def __post_init__(self) -> None:
        for name in ("cell_timeout", "notebook_timeout"):
            if getattr(self, name) < 1:
                raise InputError(f"'{name}' must be at least 1 second, got {getattr(self, name)}")
        if self.memory_limit_mb < 0:
            raise InputError(f"'memory_limit_mb' must be 0 (no limit) or more, got {self.memory_limit_mb}")
        if not 0 <= self.close_credit <= 1:
            raise InputError(f"'close_credit' must be between 0 and 1, got {self.close_credit}")


@dataclass(frozen=True)
class Job:
    """One prepared submission to execute (picklable, for worker processes)."""

    notebook: str
    folder: str
    record: str
    cell_timeout: int
    notebook_timeout: int


@dataclass
class Execution:
    """What executing a submission left: answers, blocked attempts, errors, why it stopped."""

    answers: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    stop: tuple[str, dict[str, Any]] | None = None
    output_bytes: int = 0


class _GradingClient(NotebookClient):
    """A notebook client that counts outputs instead of keeping them (grading needs none)."""

    output_bytes = 0

    def output(self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int) -> None:
        content = msg.get("content", {})
        self.output_bytes += len(str(content.get("text", ""))) + sum(len(str(v)) for v in content.get("data", {}).values())
        return None


def execute_submission(job: Job) -> Execution:
    """Execute one prepared submission in its own kernel; never raises for what the notebook does."""
    return asyncio.run(_execute(job))


async def _execute(job: Job) -> Execution:
    result = Execution()
    record = Path(job.record)
    record.touch()
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
    folder = Path(job.folder)
    client = _GradingClient(
        nb, timeout=job.cell_timeout, interrupt_on_timeout=True, allow_errors=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": f"{job.cell_timeout} s", "traceback": []},
        kernel_name="python3", kernel_manager_class=IPCKernelManager, store_widget_state=False,
        shutdown_kernel="immediate", record_timing=False, startup_timeout=120,
        on_cell_execute=started, on_cell_error=failed,
    )
    begin = time.monotonic()
    try:
        await asyncio.wait_for(client.async_execute(cwd=str(folder), env=_kernel_environment(folder)),
                               job.notebook_timeout)
    except (asyncio.TimeoutError, DeadKernelError) as err:
        # nbclient turns the cancellation of a running cell into DeadKernelError: the clock tells them apart
        if isinstance(err, asyncio.TimeoutError) or time.monotonic() - begin >= job.notebook_timeout:
            result.stop = ("timeout_notebook", {"seconds": job.notebook_timeout, "cell": current})
        else:
            result.stop = ("crashed", {"cell": current})
    except Exception as err:  # the kernel did not start, or died in a way nbclient reports otherwise
        result.stop = ("crashed", {"cell": current}) if current else (
            "could_not_start", {"error": f"{type(err).__name__}: {str(err)[:200]}"})
    collect()
    result.output_bytes = client.output_bytes
    return result


def _kernel_environment(folder: Path) -> dict[str, str]:
    scratch = folder / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(HOME=str(folder), TMPDIR=str(scratch), TEMP=str(scratch), TMP=str(scratch),
               IPYTHONDIR=str(folder / ".ipython"), MPLCONFIGDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1")
    # several kernels run at once: one BLAS thread each (no oversubscription, little address space)
    env.update({name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")})
    return env


@dataclass
class GradingReport:
    """The gradebook (one row per exercise or file note) and the participants' totals."""

    cohort: Cohort
    rows: pd.DataFrame
    participants: pd.DataFrame
    exercises: pd.DataFrame
    options: GradingOptions
    passing_score: float


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
    """
    from mlalib.course.gradebook import participants_table, write_gradebook

    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    cohort = load_cohort(cohort_file, available_notebooks=list(master_notebooks(folder)))
    submissions_root, out = Path(submissions_dir).resolve(), Path(out).resolve()
    for a, b in ((out, submissions_root), (submissions_root, out)):
        if a == b or b in a.parents:
            raise InputError(f"the gradebook folder {str(out)!r} and the submissions folder {str(submissions_root)!r} "
                             "must be separate (neither inside the other)")
    rules = load_rules(programme)
    records = _read_participation(participation, rules) if participation is not None else None
    masters = load_masters(cohort, folder)
    found = find_submissions(submissions_root)
    rows: list[dict[str, Any]] = []
    chosen, unreadable = _choose(found, masters, cohort.language, rows)
    ctx = Context(cohort.language, cohort.seed, tuple(cohort.focus_countries), cohort.data_vintage, cohort.id)
    # where the key could be read: the masters, the cohort's built trainer editions, other submissions, the gradebook
    protected = [submissions_root, out, folder.resolve(), (Path(cohort.output) / cohort.id).resolve()]
    with tempfile.TemporaryDirectory(prefix="mlalib-grading-") as scratch:
        keyed = [key_references(graded.nb) for graded in chosen]
        executions = _execute_all(chosen, keyed, cohort, options, Path(scratch), protected, jobs, progress)
        expected: dict[str, Any] = {}
        for number, graded in enumerate(chosen):
            rows += _score(graded, masters[graded.master], executions.get(number), keyed[number], ctx, cohort,
                           options, expected, scratch)
    participants = sorted({s.participant for s in found if s.participant})
    if records is not None:
        participants = sorted(set(participants) | set(records["participant"].astype(str)))
    submitted = {(g.submission.participant, g.master) for g in chosen}
    rows += _not_submitted(participants, masters, submitted, unreadable, cohort.language)
    table = _sorted_rows(rows, masters)
    people, exercises = participants_table(table, participants, masters, records, rules, cohort.language)
    report = GradingReport(cohort, table, people, exercises, options, rules.passing_score)
    write_gradebook(report, out)
    return report


def _execute_all(chosen: list[_Graded], keyed: list[list[tuple[int, str]]], cohort: Cohort, options: GradingOptions,
                 scratch: Path, protected: list[Path], jobs: int | None, progress: bool) -> dict[int, Execution]:
    """Execute every chosen submission that does not name the key, in parallel; by position in ``chosen``."""
    numbered = []
    for number, graded in enumerate(chosen):
        if keyed[number]:
            continue  # not executed: every exercise is reported for review
        place = scratch / f"{number:04d}"
        (place / "work").mkdir(parents=True)
        prepared = prepare(_numbered(graded.nb), cohort.parameters(), place / "work", place / "record.jsonl",
                           protected, options.memory_limit_mb * 2**20)
        numbered.append((number, Job(json.dumps(prepared), str(place / "work"), str(place / "record.jsonl"),
                                     options.cell_timeout, options.notebook_timeout)))
    executed = run_parallel(execute_submission, [job for _, job in numbered], jobs=jobs, progress=progress,
                            description=f"Grading {cohort.id}", unit="notebook")
    return {number: execution for (number, _), execution in zip(numbered, executed)}


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


def _choose(found: list[Submission], masters: dict[str, Master], language: str,
            rows: list[dict[str, Any]]) -> tuple[list[_Graded], dict[tuple[str, str], str]]:
    """The submission that counts for each participant and master; rows for every other file."""
    candidates: dict[tuple[str, str], list[_Graded]] = defaultdict(list)
    unreadable: dict[tuple[str, str], str] = {}
    for sub in found:
        if not sub.participant:
            rows.append(_row("", "", "", 0.0, 0.0, text("grading.no_participant", language), "no_participant",
                             sub.relative))
            continue
        try:
            nb = read_notebook(sub.path)
        except NotANotebook as err:
            guess = match_master(nbformat.v4.new_notebook(), sub.path.name, masters) or ""
            rows.append(_row(sub.participant, guess, "", 0.0, 0.0, text(f"grading.{err.key}", language, **err.values),
                             "not_a_notebook", sub.relative))
            if guess:
                unreadable.setdefault((sub.participant, guess), sub.relative)
            continue
        name = match_master(nb, sub.path.name, masters)
        if name is None:
            rows.append(_row(sub.participant, "", "", 0.0, 0.0, text("grading.unknown_master", language),
                             "unknown_notebook", sub.relative))
            continue
        candidates[(sub.participant, name)].append(_Graded(sub, name, nb))
    chosen = []
    for (person, name), group in sorted(candidates.items()):
        winner = latest([g.submission for g in group])
        for graded in group:
            if graded.submission is winner:
                chosen.append(graded)
            else:
                rows.append(_row(person, name, "", 0.0, 0.0,
                                 text("grading.superseded", language, file=winner.relative), "superseded",
                                 graded.submission.relative))
    return chosen, unreadable


def _numbered(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy whose cells carry their number in the submission (for feedback that names cells)."""
    work = nbformat.from_dict(json.loads(json.dumps(nb)))
    for number, cell in enumerate(work.cells, start=1):
        cell.metadata[CELL_NUMBER] = number
    return work


def _score(graded: _Graded, master: Master, execution: Execution | None, keys: list[tuple[int, str]],
           ctx: Context, cohort: Cohort, options: GradingOptions, expected: dict[str, Any],
           scratch: str) -> list[dict[str, Any]]:
    """Rows of one graded submission: notes about the file, then one row per exercise of the master."""
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
    key_cells = list(keys)
    if execution is not None:
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
    checked_in = exercise_cells(graded.nb)
    for exercise in master.exercises:
        if key_cells:
            cell, what = key_cells[0]
            rows.append(_row(person, master.name, exercise.id, 0.0, exercise.points,
                             text("grading.key", language, cell=cell, what=what), "key", file))
            continue
        assert execution is not None
        rows.append(_exercise_row(exercise.id, exercise.points, execution, checked_in.get(exercise.id), ctx,
                                  options, expected, scratch) | {"participant": person, "notebook": master.name,
                                                                 "file": file})
    return rows


def _exercise_row(exercise_id: str, points: float, execution: Execution, cell: int | None, ctx: Context,
                  options: GradingOptions, expected: dict[str, Any], scratch: str) -> dict[str, Any]:
    language = ctx.language

    def row(earned: float, message: str, status: str) -> dict[str, Any]:
        return {"exercise": exercise_id, "points": earned, "max": points, "feedback": message, "status": status}

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


def _sorted_rows(rows: list[dict[str, Any]], masters: dict[str, Master]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(masters)}
    position = {(name, e.id): i for name, m in masters.items() for i, e in enumerate(m.exercises)}

    def key(row: dict[str, Any]) -> tuple:
        return (row["participant"], order.get(row["notebook"], len(order)), row["notebook"],
                row["exercise"] != "", position.get((row["notebook"], row["exercise"]), 0), row["file"],
                row["status"], row["feedback"])

    return pd.DataFrame(sorted(rows, key=key), columns=COLUMNS)


def _read_participation(path: str | Path, rules: Rules) -> pd.DataFrame:
    """The participation record, checked before any submission runs (``final_score`` may be left out)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"the participation file {str(file)!r} does not exist")
    try:
        records = pd.read_csv(file, dtype={"participant": str})
    except (ValueError, pd.errors.ParserError) as err:
        raise InputError(f"the participation file {str(file)!r} is not a readable CSV: {err}") from None
    missing = [c for c in required_columns(rules) if c not in records.columns and c != "final_score"]
    if missing:
        raise MissingColumnError(f"the participation file {str(file)!r} lacks the column(s) {missing} "
                                 f"that the rules of '{rules.programme}' need")
    return records
