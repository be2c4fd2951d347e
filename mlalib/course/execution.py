"""Execute many notebooks at the speed of their kernels, in one process.

A build executes every trainer edition of a cohort. Each notebook runs in a kernel of its own
(:class:`~mlalib.course.kernels.IPCKernelManager`); up to ``jobs`` kernels run at once, the
longest notebooks first (so the last one to finish is a short one), and every slot starts the
kernel for its next notebook while the current one runs, so kernel start-up overlaps execution.
The clients of all kernels share one asyncio event loop, in a thread of its own; the caller's
``on_done`` (writing files, HTML) runs in a second thread while the kernels go on.

A kernel that dies, or whose heartbeat stays silent for
:data:`~mlalib.course.kernels.SILENCE` seconds while a cell runs (a frozen process), is stopped
and the notebook runs once more in a fresh kernel; the outcome says why (``retried``). A cell
that runs longer than ``timeout`` seconds fails its notebook, with no retry: it would time out
again.

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
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Sequence

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from mlalib.course.kernels import IPCKernelManager, kernel_sockets
from mlalib.i18n import text

KERNEL = "python3"


@dataclass(frozen=True)
class Job:
    """One notebook to execute: a name for messages, the notebook (parameters already injected),
    the working folder of its kernel, the per-cell time limit in seconds, and its expected
    relative duration (longer jobs start first)."""

    name: str
    nb: NotebookNode
    cwd: Path
    timeout: int = 300
    weight: float = 0.0


@dataclass(frozen=True)
class Problem:
    """What went wrong in one run: the kernel ``died`` or ``stopped_answering``, a cell ran past
    the ``timeout``, a cell raised an error (``cell_error``: ``detail`` is Python's own message),
    or the notebook could not run at all (``other``); ``cell`` counts cells from 1."""

    kind: Literal["died", "stopped_answering", "timeout", "cell_error", "other"]
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
    failed), seconds from kernel start to the end, the :class:`Problem` that stopped it (None if
    it ran to the end), why it was run a second time in a fresh kernel (None if it was not), and
    the seconds from each code cell's request to its reply (by cell number, last run)."""

    job: Job
    nb: NotebookNode
    seconds: float
    error: Problem | None = None
    retried: Problem | None = None
    cell_seconds: dict[int, float] = field(default_factory=dict)


def execute_notebooks(
    jobs_list: Sequence[Job], *, jobs: int = 2, on_done: Callable[[Outcome], Any] | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> list[Outcome]:
    """Execute every job, up to ``jobs`` at once; see the module docstring.

    ``meanwhile()`` is called once while the first kernels start, then ``on_done(outcome)`` for
    each notebook as soon as it finishes, all in one thread of their own (one call at a time)
    while other notebooks still run; an exception they raise ends the whole run. Outcomes come
    back in the order of ``jobs_list``. Ctrl-C stops every kernel before ``KeyboardInterrupt``
    reaches the caller (what nbclient's own tasks report while they are torn down is not shown).
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
            task = loop.create_task(_run_all(list(jobs_list), max(1, jobs), on_done, after, stopping))
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


async def _cancel_leftovers() -> None:
    """Cancel what nbclient left running after an interruption (its kernel-alive polls)."""
    leftovers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=5)


async def _run_all(jobs_list: list[Job], slots: int, on_done: Callable[[Outcome], Any] | None,
                   after: ThreadPoolExecutor, stopping: threading.Event) -> list[Outcome]:
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
                kernel = spare if spare is not None and spare.cwd == job.cwd else _Kernel(job.cwd)
                if kernel is not spare and spare is not None:
                    await spare.stop()
                with contextlib.suppress(Exception):  # a kernel that fails to start is reported by _execute
                    await kernel.ready
                # the next notebook's kernel starts while this one runs (not before: starting kernels compete)
                spare = _Kernel(jobs_list[queue[0]].cwd) if queue else None
                outcome = await _execute(job, kernel, stopping)
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
    """A kernel being started (or started) in a given working folder."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.manager = IPCKernelManager(kernel_name=KERNEL)
        self.ready = asyncio.ensure_future(self.manager.start_kernel(cwd=str(cwd)))

    async def stop(self) -> None:
        """Stop the kernel (whatever state it is in) and remove its connection and socket files."""
        with contextlib.suppress(Exception):
            await self.ready
        with contextlib.suppress(Exception):
            if self.manager.has_kernel:
                await self.manager.shutdown_kernel(now=True)  # also removes its files
            else:
                await self.manager.cleanup_resources()


async def _execute(job: Job, kernel: _Kernel, stopping: threading.Event) -> Outcome:
    """Execute one job in ``kernel``; once more in a fresh kernel if that one dies or freezes."""
    start = time.perf_counter()
    cells: dict[int, float] = {}
    nb, error, lost = await _execute_in(job, kernel, cells)
    retried = None
    if lost and not stopping.is_set():
        retried = lost
        cells.clear()
        nb, error, lost = await _execute_in(job, _Kernel(job.cwd), cells)
        if lost:
            error = lost
    return Outcome(job, nb, time.perf_counter() - start, error, retried, cells)


async def _execute_in(job: Job, kernel: _Kernel, cells: dict[int, float]
                      ) -> tuple[NotebookNode, Problem | None, Problem | None]:
    """(executed notebook, what stopped it, why the kernel was lost); the kernel is stopped at the end."""
    nb = copy.deepcopy(job.nb)
    current = {"cell": 0, "since": 0.0}

    def on_cell_execute(cell: NotebookNode, cell_index: int) -> None:
        current.update(cell=cell_index + 1, since=time.perf_counter())

    def on_cell_executed(cell: NotebookNode, cell_index: int, execute_reply: dict[str, Any]) -> None:
        cells[cell_index + 1] = time.perf_counter() - current["since"]

    client = NotebookClient(
        nb, km=kernel.manager, kernel_name=KERNEL, timeout=job.timeout, interrupt_on_timeout=False,
        record_timing=False, shutdown_kernel="immediate", on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed, resources={"metadata": {"path": str(job.cwd)}},
    )
    try:
        await kernel.ready
        await client.async_execute(cleanup_kc=True)
        return nb, None, None
    except DeadKernelError:
        why = "stopped_answering" if getattr(kernel.manager, "stopped_answering", False) else "died"
        return nb, None, Problem(why, current["cell"])
    except CellTimeoutError:
        return nb, Problem("timeout", current["cell"], seconds=job.timeout), None
    except CellExecutionError as err:
        return nb, Problem("cell_error", current["cell"], f"{err.ename}: {_one_line(err.evalue)}"), None
    except Exception as err:  # the kernel did not start, a broken notebook, ...
        return nb, Problem("other", detail=f"{type(err).__name__}: {_one_line(err)}"), None
    finally:
        await kernel.stop()


def _one_line(value: Any) -> str:
    return " ".join(line.strip() for line in str(value).strip().splitlines())[:300]
