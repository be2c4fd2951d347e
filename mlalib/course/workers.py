"""Run independent tasks (notebook builds, submissions to grade) in worker processes.

Example
-------
>>> run_parallel(abs, [-1, -2], jobs=1, progress=False)
[1, 2]
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Sequence

from tqdm.auto import tqdm


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
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(function, task): index for index, task in enumerate(tasks)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update()
    return results
