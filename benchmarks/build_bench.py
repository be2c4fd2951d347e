"""Benchmark: `mlalib build` of the example cohort against the naive baseline, in one run.

The baseline is what a trainer would do by hand: call the ``papermill`` command once per
master notebook, one after the other (it executes the notebook with the cohort parameters and
nothing else: no participant edition, no HTML). The build makes all three editions, in parallel.
Both start cold (empty output folders). A second build with unchanged inputs shows the skip.

Run: ``make bench`` or ``.venv/bin/python benchmarks/build_bench.py [--jobs N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib.course.build import build_cohort, master_notebooks  # noqa: E402
from mlalib.course.cohort import load_cohort  # noqa: E402


def baseline(cohort_file: Path, out: Path) -> float:
    cohort = load_cohort(cohort_file)
    params = out / "params.yaml"
    params.write_text(yaml.safe_dump(cohort.parameters()))
    papermill = Path(sys.executable).parent / "papermill"
    start = time.perf_counter()
    for name, master in master_notebooks(PROJECT / "notebooks").items():
        subprocess.run([str(papermill), str(master), str(out / f"{name}.ipynb"), "-f", str(params),
                        "--no-progress-bar", "-k", "python3"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=Path, default=PROJECT / "cohorts" / "example.yaml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    count = len(master_notebooks(PROJECT / "notebooks"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "base").mkdir()
        naive = baseline(args.cohort, tmp_path / "base")
        start = time.perf_counter()
        report = build_cohort(args.cohort, output=tmp_path / "build", jobs=args.jobs, progress=False)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        build_cohort(args.cohort, output=tmp_path / "build", jobs=args.jobs, progress=False)
        warm = time.perf_counter() - start
    if not report.ok:
        print(report.table())
        raise SystemExit("the build failed; no timing reported")
    print(f"notebooks: {count}, cores: {os.cpu_count()}, jobs: {args.jobs}")
    print(f"baseline (papermill CLI per notebook, serial, trainer edition only): {naive:7.2f} s")
    print(f"mlalib build, cold (participant + trainer + HTML):                   {cold:7.2f} s")
    print(f"mlalib build, unchanged inputs (skipped):                            {warm:7.2f} s")
    print(f"speed-up cold:  {naive / cold:5.2f}x")
    print(f"speed-up warm:  {naive / warm:5.1f}x")


if __name__ == "__main__":
    main()
