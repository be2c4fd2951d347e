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
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Sequence

from tqdm.auto import tqdm


def run_parallel(function: Callable[[Any], Any], tasks: Sequence[Any], *, jobs: int | None, progress: bool,
                 description: str = "", unit: str = "task", done: int = 0) -> list[Any]:
    """``[function(task) for task in tasks]``, computed by up to ``jobs`` processes (default: cores).

    ``function`` and the tasks must be picklable. A progress bar counts ``done`` tasks already
    finished elsewhere plus these. Results come back in the order of ``tasks``. On Ctrl-C only
    this process sees the interruption: it stops the workers (each ends its task's ``finally``
    blocks, so its kernel is shut down) and raises ``KeyboardInterrupt``.
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
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_signals) as pool:
            futures = {pool.submit(function, task): index for index, task in enumerate(tasks)}
            try:
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update()
            except KeyboardInterrupt:
                _stop_workers(pool)
                raise
    return results


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to handle; a terminate request unwinds the task like an error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _unwind)


def _unwind(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started, ask the running workers to stop, kill those that do not within 10 s."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown, which forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
