"""Running submissions for grading: each in its own kernel, confined, through the one engine.

For every submission to grade, :func:`run_submissions`

1. makes a copy in a grading folder of its own with the :data:`~mlalib.course.recipes.GRADING`
   recipe (cells numbered, outputs cleared, the cohort's context injected again, the grading
   guard first);
2. executes it with :mod:`mlalib.course.execution` (policy
   :data:`~mlalib.course.execution.GRADING`: errors recorded and the rest run, a cell past its
   time limit interrupted, the kernel stopped past the notebook's time limit or output limit), in
   a bubblewrap sandbox where that works (:mod:`mlalib.course.isolation`), in a worker process of
   its own so that a notebook that kills its process costs no other submission;
3. reads what the guard recorded (answers given to ``check``, blocked attempts) with the number
   of the submission's cell each came from, into an :class:`Execution`.

Each execution is kept in a cache folder as soon as it is known, so an interrupted grading run
resumes without running it again.

Example
-------
>>> Execution.from_json(Execution(stop=("crashed", {"cell": 3})).to_json()).stop
('crashed', {'cell': 3})
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import mlalib
from mlalib.course.cohort import Cohort
from mlalib.course.execution import GRADING, Job, Outcome, Policy, Sandbox, execute_notebook
from mlalib.course.isolation import Isolation, Limits, kernel_environment, sandbox_command
from mlalib.course.recipes import CELL_NUMBER, Guard, Ingredients, GRADING as GRADING_RECIPE
from mlalib.course.workers import run_parallel
from mlalib.files import write_atomic

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


@dataclass(frozen=True)
class RunLimits:
    """Limits of one graded execution: seconds per cell and per notebook, memory (MB, 0: none) and
    output (characters, 0: none)."""

    cell_timeout: int = 120
    notebook_timeout: int = 900
    memory_mb: int = 4096
    output_chars: int = 100_000_000


@dataclass
class Execution:
    """What running a submission left: answers and guard events (each with the number of the
    submission's cell it came from), errors by cell, why it stopped, characters of output."""

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
        events = [(c, {k: clean(v, scratch) if isinstance(v, str) else v for k, v in e.items()})
                  for c, e in self.events]
        errors = {c: (ename, clean(evalue, scratch)) for c, (ename, evalue) in self.errors.items()}
        stop = None if self.stop is None else (
            self.stop[0], {k: clean(v, scratch) if isinstance(v, str) else v for k, v in self.stop[1].items()})
        return Execution(self.answers, events, errors, stop, self.output_bytes)


def clean(message: str, scratch: str) -> str:
    """A message without the (random) grading folder or memory addresses, so re-runs give the same text.

    >>> clean("open('/tmp/g1/x') at 0x7f3a2b1c", "/tmp/g1")
    "open('<grading folder>/x') at 0x…"
    """
    return _ADDRESS.sub("0x…", message.replace(scratch, "<grading folder>"))


@dataclass(frozen=True)
class _Run:
    """One submission ready to run in a worker: the engine's job, the guard's record, the cache file."""

    job: Job
    record: str
    cache: str


def run_submissions(
    notebooks: list[tuple[str, nbformat.NotebookNode]], cohort: Cohort, scratch: Path, protected: list[Path],
    limits: RunLimits, isolated: Isolation, cache: Path, *, jobs: int | None, progress: bool,
) -> dict[int, Execution]:
    """Run every (master name, submitted notebook) pair; their executions by position in ``notebooks``.

    A submission run by an earlier, interrupted run with the same inputs is taken from ``cache``
    instead; executions of submissions or settings this run no longer has are removed from it.
    Without isolation a notebook can kill its worker process: the submissions that were running
    then are run again, each in a worker of its own, and one that kills that worker too is
    reported as crashed.
    """
    results: dict[int, Execution] = {}
    pending: list[tuple[int, _Run]] = []
    inputs = cohort.model_dump_json() + repr(limits) + mlalib.__version__ + str(isolated.available)
    cache.mkdir(parents=True, exist_ok=True)
    digests = [hashlib.sha256((inputs + json.dumps(nb, sort_keys=True)).encode()).hexdigest()[:40]
               for _, nb in notebooks]
    for stale in cache.glob("*.json"):
        if stale.stem not in digests:
            stale.unlink()
    kernel_limits = Limits(cpu_seconds=limits.notebook_timeout + 30, memory_bytes=limits.memory_mb * 2**20)
    policy = Policy(keep_going=GRADING.keep_going, retry=GRADING.retry, keep_outputs=GRADING.keep_outputs,
                    notebook_timeout=limits.notebook_timeout, output_limit=limits.output_chars)
    for number, ((name, nb), digest) in enumerate(zip(notebooks, digests)):
        done = _cached(cache / f"{digest}.json")
        if done is not None:
            results[number] = done
            continue
        place = scratch / f"{number:04d}"
        guard = Guard(place / "work", place / "record.jsonl", tuple(protected))
        try:
            (place / "work").mkdir(parents=True)
            prepared = GRADING_RECIPE.apply(nb, Ingredients(cohort, name, guard=guard))
        except Exception as err:  # a notebook papermill or nbformat cannot handle: this file only
            results[number] = Execution(stop=("could_not_start", {"error": f"{type(err).__name__}: {str(err)[:200]}"}))
            continue
        command = tuple(sandbox_command(isolated.bwrap, place, protected, place / "work")) if isolated.available else ()
        job = Job(name, prepared, place / "work", limits.cell_timeout, policy=policy,
                  sandbox=Sandbox(place, command, kernel_limits), env=kernel_environment(place / "work"),
                  log=place.parent / f"{place.name}.log")  # the kernel's own output, outside its sandbox
        pending.append((number, _Run(job, str(guard.record), str(cache / f"{digest}.json"))))
    try:
        executed = run_parallel(execute_submission, [run for _, run in pending], jobs=jobs, progress=progress,
                                description=f"Grading {cohort.id}", unit="notebook")
        results.update({number: execution for (number, _), execution in zip(pending, executed)})
    except BrokenProcessPool:
        for number, run in pending:
            results[number] = _cached(Path(run.cache)) or _execute_alone(run)
    return results


def execute_submission(run: _Run) -> Execution:
    """Execute one prepared submission in its own kernel; never raises for what the notebook does.

    The result is also written to the cache file as soon as it is known.
    """
    collector = _Record(Path(run.record), run.job.nb)
    outcome = execute_notebook(run.job, on_cell=lambda job, cell: collector.read(cell))
    collector.read(None)
    result = _execution(outcome, collector, run.job).cleaned(str(run.job.sandbox.folder if run.job.sandbox else ""))
    result = result.cleaned(str(Path(run.record).parent.parent))
    write_atomic(Path(run.cache), result.to_json())
    return result


class _Record:
    """The guard's record of a running submission, read at each cell start so every event gets its cell."""

    def __init__(self, path: Path, nb: nbformat.NotebookNode) -> None:
        self.path, self.offset, self.current = path, 0, 0
        self.numbers = [int(cell.metadata.get(CELL_NUMBER, 0)) for cell in nb.cells]
        self.answers: dict[str, tuple[int, dict[str, Any]]] = {}
        self.events: list[tuple[int, dict[str, Any]]] = []
        path.write_bytes(b"")

    def number(self, position: int) -> int:
        """The submission's own number of the cell at ``position`` (from 1) of the executed notebook."""
        return self.numbers[position - 1] if 0 < position <= len(self.numbers) else 0

    def read(self, starting: int | None) -> None:
        """Take the events written since the last read (they belong to the cell that was running), then
        note which cell starts (None: the end)."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self.offset += len(complete)
        for line in complete.decode("utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == "answer" and isinstance(event.get("answer"), dict):
                self.answers[str(event.get("exercise"))] = (self.current, event["answer"])
            elif isinstance(event, dict) and event.get("event") in ("blocked", "key"):
                self.events.append((self.current, event))
        if starting is not None:
            self.current = self.number(starting)


def _execution(outcome: Outcome, record: _Record, job: Job) -> Execution:
    """The engine's outcome and the guard's record as an :class:`Execution` (cells numbered as handed in)."""
    result = Execution(record.answers, record.events, output_bytes=outcome.output_chars)
    result.errors = {record.number(position): error for position, error in outcome.cell_errors.items()}
    problem = outcome.error
    if problem is not None:
        cell = record.number(problem.cell)
        if problem.kind == "notebook_timeout":
            result.stop = ("timeout_notebook", {"seconds": problem.seconds, "cell": cell})
        elif problem.kind == "output_limit":
            result.stop = ("output_limit", {"size": f"{job.policy.output_limit / 1e6:.0f}", "cell": cell})
        elif problem.kind == "other" and not cell:
            said = job.log.read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines() \
                if job.log is not None and job.log.is_file() else []
            result.stop = ("could_not_start", {"error": problem.detail[:250] + (f" ({said[-1][:200]})" if said else "")})
        else:
            result.stop = ("crashed", {"cell": cell})
    return result


def _cached(path: Path) -> Execution | None:
    try:
        return Execution.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (ValueError, KeyError, TypeError):
        return None


def _execute_alone(run: _Run) -> Execution:
    """Execute one submission in a worker process of its own; a notebook that kills that worker crashed."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return pool.submit(execute_submission, run).result()
    except BrokenProcessPool:
        return Execution(stop=("crashed", {"cell": 0}))
