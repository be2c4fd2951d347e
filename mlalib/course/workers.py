"""Run independent tasks (notebook builds, submissions to grade) in worker processes.

Example
-------
>>> run_parallel(abs, [-1, -2], jobs=1, progress=False)
[1, 2]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Sequence

from tqdm.auto import tqdm

#: Seconds the workers get after Ctrl-C to finish their current task and stop its kernel.
INTERRUPT_GRACE = 10.0


def run_parallel(function: Callable[[Any], Any], tasks: Sequence[Any], *, jobs: int | None, progress: bool,
                 description: str = "", unit: str = "task", done: int = 0) -> list[Any]:
    """``[function(task) for task in tasks]``, computed by up to ``jobs`` processes (default: cores).

    ``function`` and the tasks must be picklable. A progress bar counts ``done`` tasks already
    finished elsewhere plus these. Results come back in the order of ``tasks``.
    """
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    results: list[Any] = [None] * len(tasks)
    with tqdm(total=len(tasks) + done, initial=done, desc=description, unit=unit, disable=not progress) as bar:
        if workers == 1:
            for index, task in enumerate(tasks):
                results[index] = function(task)
                bar.update()
            return results
        # forkserver (or spawn): forking a process that runs threads (a Jupyter kernel, pytest-xdist) can
        # copy a held lock into the worker and hang it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupt) as pool:
            try:
                futures = {pool.submit(_interruptible, function, task): index for index, task in enumerate(tasks)}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update()
            except KeyboardInterrupt:  # Ctrl-C: stop the workers quietly; the caller prints one line
                processes = list((getattr(pool, "_processes", None) or {}).values())
                pool.shutdown(wait=False, cancel_futures=True)
                deadline = time.monotonic() + INTERRUPT_GRACE
                for process in processes:  # Ctrl-C interrupted their kernels too: let them shut those down
                    process.join(max(0.0, deadline - time.monotonic()))
                    if process.is_alive():
                        process.terminate()
                raise
    return results


def _ignore_interrupt() -> None:
    """Idle workers ignore Ctrl-C (the main process handles it), so they print no traceback of their own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interruptible(function: Callable[[Any], Any], task: Any) -> Any:
    """Run one task so that Ctrl-C stops it cleanly (its kernel is shut down) and quietly (no traceback)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return function(task)
    except KeyboardInterrupt:  # the main process was interrupted too and discards the results
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # asyncio's late reports of the interrupted cell
        return None
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
