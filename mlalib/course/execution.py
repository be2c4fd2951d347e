"""The one execution engine of the course tooling: builds and grading run notebooks through it.

Each notebook (a :class:`Job`) runs in a kernel of its own. Up to ``jobs`` kernels run at once,
the longest notebooks first (so the last one to finish is a short one), and every slot starts the
kernel for its next notebook while the current one runs, so kernel start-up overlaps execution.
The clients of all kernels share one asyncio event loop, in a thread of its own; the caller's
``on_done`` (writing files, HTML) runs in a second thread while the kernels go on.

What differs between a build and a graded submission is said by the job itself:

* a **build** (:data:`BUILD`) keeps every output, stops at the first cell that fails, and runs a
  notebook once more in a fresh kernel if its kernel dies or its heartbeat stays silent for
  :data:`~mlalib.course.kernels.SILENCE` seconds (the outcome says why: ``retried``); a cell that
  runs longer than ``timeout`` seconds fails its notebook, with no retry;
* a **graded submission** (:data:`GRADING`) keeps going after a failing cell (its error is
  recorded by cell), interrupts a cell that runs past ``timeout`` and goes on with the next one,
  stops the kernel after ``notebook_timeout`` seconds or once the outputs pass ``output_limit``
  characters, counts outputs instead of keeping them, is never retried (a crash is the
  submission's), and its kernel may start in a :class:`Sandbox` (bubblewrap and resource limits,
  :mod:`mlalib.course.isolation`) with its own environment and log file.

Example
-------
>>> import nbformat, tempfile
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
>>> [outcome] = execute_notebooks([Job("answer", nb, Path(tempfile.gettempdir()))], jobs=1)
>>> outcome.error, outcome.nb.cells[0].outputs[0]["data"]["text/plain"]
(None, '42')
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import threading
import time
import weakref
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Literal, Mapping, Sequence

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets.config import Config

from mlalib.course.isolation import Limits, SandboxedKernelManager, kernel_config
from mlalib.course.kernels import IPCKernelManager, kernel_sockets
from mlalib.i18n import text

KERNEL = "python3"


@dataclass(frozen=True)
class Policy:
    """How the engine treats a notebook's failures and outputs (see the module docstring).

    ``keep_going``: record a failing cell and run the next ones (a cell past its time limit is
    interrupted); ``retry``: run once more in a fresh kernel a notebook whose kernel was lost;
    ``keep_outputs``: keep outputs in the executed notebook (else count their characters);
    ``notebook_timeout``: seconds for the whole notebook (0: no limit); ``output_limit``:
    characters of output after which the kernel is stopped (0: no limit).
    """

    keep_going: bool = False
    retry: bool = True
    keep_outputs: bool = True
    notebook_timeout: int = 0
    output_limit: int = 0


#: Building an edition: outputs kept, the first error stops the notebook, a lost kernel is retried once.
BUILD = Policy()
#: Grading a submission: errors recorded and the rest run, outputs counted, never retried.
GRADING = Policy(keep_going=True, retry=False, keep_outputs=False)


@dataclass(frozen=True)
class Sandbox:
    """Where and how a graded kernel is confined: its grading folder (the only writable place, which
    also holds its connection and socket files), the ``bwrap`` command line that precedes the
    kernel's (empty: resource limits only) and the limits set before it starts."""

    folder: Path
    command: tuple[str, ...] = ()
    limits: Limits = Limits()


@dataclass(frozen=True)
class Job:
    """One notebook to execute (picklable, so that grading can run jobs in worker processes).

    ``name`` names it in messages; ``nb`` is the notebook, its cohort context already injected;
    ``cwd`` the kernel's working folder; ``timeout`` the seconds allowed per cell; ``weight`` its
    expected relative duration (heavier jobs start first); ``policy`` what failures do; a graded
    kernel may have a ``sandbox``, its own environment ``env`` (None: the engine's) and a ``log``
    file for what the kernel process itself prints.
    """

    name: str
    nb: NotebookNode
    cwd: Path
    timeout: int = 300
    weight: float = 0.0
    policy: Policy = BUILD
    sandbox: Sandbox | None = None
    env: Mapping[str, str] | None = None
    log: Path | None = None


@dataclass(frozen=True)
class Problem:
    """What stopped a run: the kernel ``died`` or ``stopped_answering``, a cell ran past the
    ``timeout``, the notebook past its ``notebook_timeout``, its outputs past the ``output_limit``,
    a cell raised an error (``cell_error``: ``detail`` is Python's own message), or the notebook could
    not run at all (``other``: the kernel did not start, a broken notebook); ``cell`` counts cells
    from 1 (0: before the first cell)."""

    kind: Literal["died", "stopped_answering", "timeout", "notebook_timeout", "output_limit", "cell_error", "other"]
    cell: int = 0
    detail: str = ""
    seconds: int = 0

    def words(self, language: str = "en") -> str:
        """The problem in one line, in ``language``.

        >>> Problem("stopped_answering", cell=4).words("fr")
        'le noyau a cessé de répondre dans la cellule 4'
        """
        return text(f"execution.{self.kind}", language, cell=self.cell, detail=self.detail, seconds=self.seconds)


@dataclass
class Outcome:
    """What executing one :class:`Job` gave: the executed notebook (up to the failing cell if it
    stopped), seconds from kernel start to the end, the :class:`Problem` that stopped it (None if it
    ran to the end), why it was run a second time (None if it was not), the seconds from each code
    cell's request to its reply and, with ``keep_going``, the error of each failing cell (cell
    numbers from 1), and the characters of output the notebook produced."""

    job: Job
    nb: NotebookNode
    seconds: float
    error: Problem | None = None
    retried: Problem | None = None
    cell_seconds: dict[int, float] = field(default_factory=dict)
    cell_errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    output_chars: int = 0


#: Called with (job, cell number from 1) just before each cell of a job runs (in the engine's thread).
CellHook = Callable[[Job, int], Any]


def execute_notebooks(
    jobs_list: Sequence[Job], *, jobs: int = 2, on_done: Callable[[Outcome], Any] | None = None,
    meanwhile: Callable[[], Any] | None = None, on_cell: CellHook | None = None,
) -> list[Outcome]:
    """Execute every job, up to ``jobs`` at once; see the module docstring.

    ``meanwhile()`` is called once while the first kernels start, then ``on_done(outcome)`` for
    each notebook as soon as it finishes, all in one thread of their own (one call at a time)
    while other notebooks still run; an exception they raise ends the whole run. ``on_cell`` is
    told which cell of which job starts. Outcomes come back in the order of ``jobs_list``. Ctrl-C
    stops every kernel before ``KeyboardInterrupt`` reaches the caller (what nbclient's own tasks
    report while they are torn down is not shown).
    """
    loop = asyncio.new_event_loop()
    finished, stopping = threading.Event(), threading.Event()
    loop.set_exception_handler(lambda loop, context: stopping.is_set() or loop.default_exception_handler(context))
    thread = threading.Thread(target=loop.run_forever, name="mlalib-kernels", daemon=True)
    thread.start()
    running: list[asyncio.Task] = []
    with kernel_sockets(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlalib-after") as after:
        early = after.submit(meanwhile) if meanwhile is not None else None

        def start() -> None:
            task = loop.create_task(_run_all(list(jobs_list), max(1, jobs), on_done, on_cell, after, stopping))
            task.add_done_callback(lambda _: finished.set())
            running.append(task)

        loop.call_soon_threadsafe(start)
        try:
            while not finished.wait(0.5):  # a short wait, so that Ctrl-C is seen at once
                pass
            if early is not None:
                early.result()
            return running[0].result()
        except BaseException:
            # Ctrl-C or an error: cancel the run and let its ``finally`` blocks stop every kernel
            stopping.set()  # no new notebook, no retry (nbclient turns a cancelled wait into DeadKernelError)
            if running:
                # the kernels first: a cell that sleeps or loops would otherwise hold the cancellation until it ends
                with contextlib.suppress(BaseException):
                    asyncio.run_coroutine_threadsafe(_stop_kernels(), loop).result(timeout=10)
                loop.call_soon_threadsafe(running[0].cancel)
                finished.wait(30)
            raise
        finally:
            with contextlib.suppress(BaseException):
                asyncio.run_coroutine_threadsafe(_cancel_leftovers(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
            if not thread.is_alive():
                loop.close()


def execute_notebook(job: Job, on_cell: CellHook | None = None) -> Outcome:
    """Execute one job (:func:`execute_notebooks` with one slot)."""
    return execute_notebooks([job], jobs=1, on_cell=on_cell)[0]


async def _stop_kernels() -> None:
    """Stop every kernel of this process that is not stopped yet."""
    await asyncio.gather(*(kernel.stop() for kernel in list(_Kernel.live)), return_exceptions=True)


async def _cancel_leftovers() -> None:
    """Cancel what nbclient left running after an interruption (its kernel-alive polls)."""
    leftovers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=5)


async def _run_all(jobs_list: list[Job], slots: int, on_done: Callable[[Outcome], Any] | None,
                   on_cell: CellHook | None, after: ThreadPoolExecutor, stopping: threading.Event) -> list[Outcome]:
    order = sorted(range(len(jobs_list)), key=lambda i: -jobs_list[i].weight)
    queue = deque(order)
    outcomes: dict[int, Outcome] = {}
    loop = asyncio.get_running_loop()
    pending_after: list[asyncio.Future] = []

    async def slot() -> None:
        spare: _Kernel | None = None
        try:
            while queue and not stopping.is_set():
                index = queue.popleft()
                job = jobs_list[index]
                kernel = spare if spare is not None and spare.reusable_for(job) else _Kernel(job)
                if kernel is not spare and spare is not None:
                    await spare.stop()
                with contextlib.suppress(Exception):  # a kernel that fails to start is reported by _execute
                    await kernel.ready
                # the next notebook's kernel starts while this one runs (not before: starting kernels compete);
                # a sandboxed kernel is started for its own job only (its folder is that job's)
                following = jobs_list[queue[0]] if queue else None
                spare = _Kernel(following) if following is not None and following.sandbox is None else None
                outcome = await _execute(job, kernel, stopping, on_cell)
                if stopping.is_set():
                    raise asyncio.CancelledError
                outcomes[index] = outcome
                if on_done is not None:
                    pending_after.append(loop.run_in_executor(after, on_done, outcome))
        finally:
            if spare is not None:
                await spare.stop()

    await asyncio.gather(*(slot() for _ in range(min(slots, len(jobs_list)))))
    await asyncio.gather(*pending_after)
    return [outcomes[i] for i in range(len(jobs_list))]


class _Kernel:
    """A kernel being started (or started) for a job: in its working folder, with its environment,
    log file and sandbox."""

    #: The kernels of this process not stopped yet (what an interruption stops at once).
    live: ClassVar[weakref.WeakSet] = weakref.WeakSet()

    def __init__(self, job: Job) -> None:
        self.cwd = job.cwd
        self.plain = job.sandbox is None and job.env is None and job.log is None
        self._log = job.log.open("ab") if job.log is not None else None
        options: dict[str, Any] = {"cwd": str(job.cwd)}
        if job.env is not None:
            options["env"] = dict(job.env)
        if self._log is not None:
            options.update(stdout=self._log, stderr=self._log)
        if job.sandbox is None:
            self.manager = IPCKernelManager(kernel_name=KERNEL)
        else:
            sandbox = job.sandbox
            config = Config(kernel_config(sandbox.folder, list(sandbox.command), sandbox.limits))
            self.manager = SandboxedKernelManager(kernel_name=KERNEL, config=config)
        self.ready = asyncio.ensure_future(self.manager.start_kernel(**options))
        _Kernel.live.add(self)

    def reusable_for(self, job: Job) -> bool:
        """True if this kernel was started the way ``job`` needs (a plain kernel in the same folder)."""
        return self.plain and job.sandbox is None and job.env is None and job.log is None and self.cwd == job.cwd

    async def stop(self) -> None:
        """Stop the kernel (whatever state it is in), remove its connection and socket files, close its log."""
        _Kernel.live.discard(self)
        with contextlib.suppress(Exception):
            await self.ready
        with contextlib.suppress(Exception):
            if self.manager.has_kernel:
                await self.manager.shutdown_kernel(now=True)  # also removes its files
            else:
                await self.manager.cleanup_resources()
        if self._log is not None:
            self._log.close()


class _Client(NotebookClient):
    """A notebook client that, when told, counts outputs instead of keeping them and stops the kernel
    once they pass ``output_limit`` characters (0: no limit)."""

    keep_outputs = True
    output_limit = 0
    output_chars = 0
    flooded = False

    def output(self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int) -> Any:
        content = msg.get("content", {})
        self.output_chars += len(str(content.get("text", ""))) + sum(
            len(str(v)) for v in content.get("data", {}).values())
        if self.output_limit and self.output_chars > self.output_limit and not self.flooded and self.km is not None:
            self.flooded = True
            asyncio.ensure_future(self.km.shutdown_kernel(now=True))
        return super().output(outs, msg, display_id, cell_index) if self.keep_outputs else None


async def _execute(job: Job, kernel: _Kernel, stopping: threading.Event, on_cell: CellHook | None) -> Outcome:
    """Execute one job in ``kernel``; once more in a fresh kernel if that one is lost and the policy says so."""
    start = time.perf_counter()
    result = await _execute_in(job, kernel, on_cell)
    retried = None
    if result.lost is not None and job.policy.retry and not stopping.is_set():
        retried = result.lost
        result = await _execute_in(job, _Kernel(job), on_cell)
    error = result.error or result.lost
    return Outcome(job, result.nb, time.perf_counter() - start, error, retried, result.cell_seconds,
                   result.cell_errors, result.output_chars)


@dataclass
class _Run:
    """One attempt at a job: the executed notebook, what stopped it, why the kernel was lost."""

    nb: NotebookNode
    error: Problem | None = None
    lost: Problem | None = None
    cell_seconds: dict[int, float] = field(default_factory=dict)
    cell_errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    output_chars: int = 0


async def _execute_in(job: Job, kernel: _Kernel, on_cell: CellHook | None) -> _Run:
    """Run ``job`` in ``kernel`` (stopped at the end)."""
    run = _Run(copy.deepcopy(job.nb))
    policy = job.policy
    current = {"cell": 0, "since": 0.0}

    def on_cell_execute(cell: NotebookNode, cell_index: int) -> None:
        current.update(cell=cell_index + 1, since=time.perf_counter())
        if on_cell is not None:
            on_cell(job, cell_index + 1)

    def on_cell_executed(cell: NotebookNode, cell_index: int, execute_reply: dict[str, Any]) -> None:
        run.cell_seconds[cell_index + 1] = time.perf_counter() - current["since"]

    def on_cell_error(cell: NotebookNode, cell_index: int, execute_reply: dict[str, Any]) -> None:
        content = execute_reply.get("content", {})
        run.cell_errors[cell_index + 1] = (str(content.get("ename", "")), str(content.get("evalue", "")))

    client = _Client(
        run.nb, km=kernel.manager, kernel_name=KERNEL, timeout=job.timeout, interrupt_on_timeout=policy.keep_going,
        allow_errors=policy.keep_going, record_timing=False, shutdown_kernel="immediate", store_widget_state=policy.keep_outputs,
        startup_timeout=120, on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed,
        on_cell_error=on_cell_error, resources={"metadata": {"path": str(job.cwd)}},
        error_on_timeout={"ename": "CellTimeout", "evalue": f"{job.timeout} s", "traceback": []}
        if policy.keep_going else None,
    )
    client.keep_outputs, client.output_limit = policy.keep_outputs, policy.output_limit
    begin = time.monotonic()
    try:
        await kernel.ready
        execution = client.async_execute(cleanup_kc=True)
        await (asyncio.wait_for(execution, policy.notebook_timeout) if policy.notebook_timeout else execution)
    except (asyncio.TimeoutError, DeadKernelError) as err:
        # nbclient turns the cancellation of a running cell into DeadKernelError: the clock tells them apart
        if policy.notebook_timeout and (isinstance(err, asyncio.TimeoutError)
                                        or time.monotonic() - begin >= policy.notebook_timeout):
            run.error = Problem("notebook_timeout", current["cell"], seconds=policy.notebook_timeout)
        elif not client.flooded:
            why = "stopped_answering" if getattr(kernel.manager, "stopped_answering", False) else "died"
            run.lost = Problem(why, current["cell"])
    except CellTimeoutError:
        run.error = Problem("timeout", current["cell"], seconds=job.timeout)
    except CellExecutionError as err:
        run.error = Problem("cell_error", current["cell"], f"{err.ename}: {_one_line(err.evalue)}")
    except Exception as err:  # the kernel did not start, a broken notebook, ...
        run.error = Problem("other", current["cell"], f"{type(err).__name__}: {_one_line(err)}")
    finally:
        await kernel.stop()
    if client.flooded:
        run.error, run.lost = Problem("output_limit", current["cell"], str(policy.output_limit)), None
    run.output_chars = client.output_chars
    return run


def _one_line(value: Any) -> str:
    return " ".join(line.strip() for line in str(value).strip().splitlines())[:300]
