"""Benchmark: `mlalib build` of the example cohort against its ideal and the naive baseline, in one run.

* **baseline**: what a trainer would do by hand: the ``papermill`` command once per master
  notebook, one after the other (trainer edition only: no participant edition, no HTML);
* **ideal**: each trainer edition executed alone, kernel start included (no build around it),
  summed over the notebooks and divided by the cores: a perfect schedule of the kernels' work;
* **build, cold**: ``build_cohort`` into an empty folder (participant + trainer + HTML);
  the goal is a ratio to the ideal of at most 1.3;
* **build, unchanged**: the same build again (every notebook skipped).

The first code cell of each lesson is timed by ``benchmarks/first_cell_bench.py``.

Run: ``make bench`` or ``.venv/bin/python benchmarks/build_bench.py [--jobs N] [--skip-baseline]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib.course.build import build_cohort  # noqa: E402
from mlalib.course.masters import master_notebooks  # noqa: E402
from mlalib.course.recipes import TRAINER, Ingredients  # noqa: E402
from mlalib.course.cohort import load_cohort  # noqa: E402
from mlalib.course.execution import Job, execute_notebooks  # noqa: E402

# the trainer editions' hidden checks assess graded-only exercises: their kernels need the course key, as in a build
os.environ.setdefault("MLALIB_COURSE_KEYS", str(PROJECT / "notebooks" / "keys"))


def baseline(cohort_file: Path, out: Path) -> float:
    cohort = load_cohort(cohort_file)
    params = out / "params.yaml"
    params.write_text(yaml.safe_dump({"cohort": cohort.context().parameters()}))
    papermill = Path(sys.executable).parent / "papermill"
    start = time.perf_counter()
    for name, master in master_notebooks(PROJECT / "notebooks").items():
        subprocess.run([str(papermill), str(master), str(out / f"{name}.ipynb"), "-f", str(params),
                        "--no-progress-bar", "-k", "python3"], check=True, capture_output=True)
    return time.perf_counter() - start


def ideal(cohort_file: Path, out: Path) -> dict[str, float]:
    """Seconds of kernel start + execution of each trainer edition, run alone, one after the other."""
    cohort = load_cohort(cohort_file)
    seconds = {}
    for name, path in master_notebooks(PROJECT / "notebooks").items():
        master = nbformat.read(path, as_version=4)
        job = Job(name, TRAINER.apply(master, Ingredients(cohort, name, master)), out)
        start = time.perf_counter()
        [outcome] = execute_notebooks([job], jobs=1)
        seconds[name] = time.perf_counter() - start
        if outcome.error:
            raise SystemExit(f"{name} failed: {outcome.error.words()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=Path, default=PROJECT / "cohorts" / "example.yaml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--skip-baseline", action="store_true", help="leave out the papermill baseline")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for folder in ("base", "ideal"):
            (tmp_path / folder).mkdir()
        naive = None if args.skip_baseline else baseline(args.cohort, tmp_path / "base")
        alone = ideal(args.cohort, tmp_path / "ideal")
        start = time.perf_counter()
        report = build_cohort(args.cohort, output=tmp_path / "build", jobs=args.jobs, progress=False)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        build_cohort(args.cohort, output=tmp_path / "build", jobs=args.jobs, progress=False)
        warm = time.perf_counter() - start
    if not report.ok:
        print(report.table())
        raise SystemExit("the build failed; no timing reported")
    perfect = sum(alone.values()) / min(cores, args.jobs)
    print(f"notebooks: {len(alone)}, cores: {cores}, jobs: {args.jobs}")
    if naive is not None:
        print(f"baseline (papermill CLI per notebook, serial, trainer edition only): {naive:7.2f} s")
    print(f"ideal (kernel start + execution of each notebook alone, / {min(cores, args.jobs)} cores):"
          f"{' ' * 6}{perfect:7.2f} s   (sum {sum(alone.values()):.2f} s; longest {max(alone.values()):.2f} s)")
    print(f"mlalib build, cold (participant + trainer + HTML):                   {cold:7.2f} s")
    print(f"mlalib build, unchanged inputs (skipped):                            {warm:7.2f} s")
    print(f"cold build / ideal:   {cold / perfect:5.2f}   (goal <= 1.3)")
    if naive is not None:
        print(f"speed-up cold over the baseline:  {naive / cold:5.2f}x")


if __name__ == "__main__":
    main()
