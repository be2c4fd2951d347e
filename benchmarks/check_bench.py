"""How long a trainer waits for `mlalib build --check` and for a rebuild that has nothing to do.

Both are timed as the trainer runs them (a new process each time, the median of five runs) against
their targets (2 s and 3 s on a quiet machine), and against a baseline measured in the same run: the
same command with the build machinery imported first (nbformat, nbclient, nbconvert: what every
command paid before the build learnt to import them only when a notebook is executed).

    .venv/bin/python benchmarks/check_bench.py [cohort.yaml]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
TARGETS = {"check": 2.0, "no-op rebuild": 3.0}
EAGER = "import nbformat, nbclient, nbconvert, sys; from mlalib.cli import main; sys.exit(main(sys.argv[1:]))"


def _seconds(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=PROJECT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    cohort = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "cohorts" / "example.yaml"
    with tempfile.TemporaryDirectory() as folder:
        out = ["--output", folder, "--quiet"]
        subprocess.run([sys.executable, "-m", "mlalib", "build", str(cohort), *out], check=True, capture_output=True,
                       cwd=PROJECT)  # the first build; the runs below find every notebook up to date
        commands = {"check": ["build", "--check", str(cohort)], "no-op rebuild": ["build", str(cohort), *out]}
        for label, arguments in commands.items():
            now = _seconds([sys.executable, "-m", "mlalib", *arguments])
            before = _seconds([sys.executable, "-c", EAGER, *arguments])
            print(f"{label:14s} {now:6.2f} s (target {TARGETS[label]:.0f} s: {TARGETS[label] / now:4.1f}x under it); "
                  f"with the build machinery imported first {before:6.2f} s ({before / now:4.1f}x)")


if __name__ == "__main__":
    main()
