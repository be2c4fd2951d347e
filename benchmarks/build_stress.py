"""Stress: cold builds of the example cohort under CPU contention, looking for stalled notebooks.

Each round builds the example cohort into an empty folder while one busy process per core
competes for the CPU (as on a trainer's laptop running other work, or CI running two test
workers). A notebook whose trainer edition takes more than ``--factor`` times its median over
the rounds is reported, with the build's message-level log (jupyter_client and nbclient at
DEBUG, relative milliseconds) kept under ``benchmarks/out/stress/`` for it; logs of rounds
without a slow notebook are deleted. ``--without-fix`` runs the kernel client as it was before
:class:`mlalib.course.kernels.WakefulChannel` (synchronous send, one long poll), to show the
stalls the fix removes.

Run: ``.venv/bin/python benchmarks/build_stress.py [--rounds 20] [--factor 3] [--without-fix]``.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib.course import kernels  # noqa: E402
from mlalib.course.build import build_cohort  # noqa: E402

OUT = PROJECT / "benchmarks" / "out" / "stress"
LOGGERS = ("traitlets", "NotebookClient", "jupyter_client", "nbclient")


def _busy() -> None:
    while True:
        pass


def _without_fix() -> None:
    from jupyter_client.channels import AsyncZMQSocketChannel, ZMQSocketChannel

    kernels.WakefulChannel.send = ZMQSocketChannel.send
    kernels.WakefulChannel.get_msg = AsyncZMQSocketChannel.get_msg


def _round(number: int, cohort: Path, jobs: int, timeout: int) -> tuple[dict[str, float], Path, float]:
    log = OUT / f"round-{number:02d}.log"
    handler = logging.FileHandler(log, mode="w")
    handler.setFormatter(logging.Formatter("%(relativeCreated)10.0f ms %(threadName)s %(name)s: %(message)s"))
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            report = build_cohort(cohort, output=tmp, jobs=jobs, progress=False, timeout=timeout)
            total = time.perf_counter() - start
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    if not report.ok:
        print(report.table())
    trainer = {s.notebook: s.seconds for s in report.steps if s.edition == "trainer"}
    return trainer, log, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=Path, default=PROJECT / "cohorts" / "example.yaml")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--factor", type=float, default=3.0, help="slow: above this many times the median")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--busy", type=int, default=os.cpu_count(), help="busy processes competing for the CPU")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (a stall waits this long)")
    parser.add_argument("--without-fix", action="store_true", help="the kernel client as it was before the fix")
    args = parser.parse_args()
    if args.without_fix:
        _without_fix()
    OUT.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    busy = [context.Process(target=_busy, daemon=True) for _ in range(args.busy)]
    for process in busy:
        process.start()
    rounds = []
    try:
        for number in range(1, args.rounds + 1):
            trainer, log, total = _round(number, args.cohort, args.jobs, args.timeout)
            rounds.append((trainer, log))
            print(f"round {number:2d}: {total:6.1f} s; slowest {max(trainer, key=trainer.get)} "
                  f"{max(trainer.values()):.1f} s", flush=True)
    finally:
        for process in busy:
            process.kill()
    medians = {name: statistics.median(t[name] for t, _ in rounds) for name in rounds[0][0]}
    slow = [(number, name, seconds) for number, (trainer, _) in enumerate(rounds, 1)
            for name, seconds in trainer.items() if seconds > args.factor * medians[name]]
    keep = {number for number, _, _ in slow}
    for number, (_, log) in enumerate(rounds, 1):
        if number not in keep:
            log.unlink(missing_ok=True)
    print(f"\n{args.rounds} cold builds, {args.busy} busy processes, {args.jobs} jobs, "
          f"{'without' if args.without_fix else 'with'} the fix; median seconds per trainer edition:")
    for name, median in medians.items():
        worst = max(t[name] for t, _ in rounds)
        print(f"  {name:36s} median {median:5.1f}  max {worst:6.1f}  ({worst / median:4.1f} x median)")
    print(f"notebooks above {args.factor:g} x their median: {len(slow)}")
    for number, name, seconds in slow:
        print(f"  round {number}: {name} {seconds:.1f} s (median {medians[name]:.1f} s); "
              f"log: {OUT / f'round-{number:02d}.log'}")


if __name__ == "__main__":
    main()
