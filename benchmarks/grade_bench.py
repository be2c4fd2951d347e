"""Benchmark: `mlalib grade` on 40 submissions of one notebook, with and without isolation, against executing it once.

The submissions are 40 copies of the solved participant edition of ``01_stocks_and_flows``
(the fixture of ``tests/grading_fixtures.py``). The reference time is one papermill execution
of the same notebook in one kernel, which is what grading costs at the least per submission
if done one after the other; the grader adds the guard, the answer records, the scoring and
the gradebook, and runs ``--jobs`` kernels at once. The same submissions are graded twice in
the same run: each kernel in its bubblewrap sandbox (where available) and without it, so the
cost of isolation shows next to the rest.

Run: ``make bench`` or ``.venv/bin/python benchmarks/grade_bench.py [--jobs N] [--submissions 40]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import papermill as pm  # noqa: E402

from mlalib.course.grading import GradingOptions, grade_cohort  # noqa: E402
from mlalib.course.isolation import isolation  # noqa: E402
from mlalib.course.kernels import IPCKernelManager  # noqa: E402
from tests.grading_fixtures import COHORT_YAML, NOTEBOOK, participant, solved  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cohort = root / "cohort.yaml"
        cohort.write_text(COHORT_YAML)
        nb = solved(participant(cohort))
        source = root / "solved.ipynb"
        source.write_text(json.dumps(nb))
        start = time.perf_counter()
        pm.execute_notebook(str(source), str(root / "executed.ipynb"), kernel_name="python3", progress_bar=False,
                            cwd=str(root), kernel_manager_class=IPCKernelManager)
        once = time.perf_counter() - start
        for number in range(args.submissions):
            folder = root / "submissions" / f"participant-{number:02d}"
            folder.mkdir(parents=True)
            (folder / f"{NOTEBOOK}.ipynb").write_text(json.dumps(nb))
        per = {}
        sandbox = isolation()
        for mode in (["auto"] if sandbox.available else []) + ["none"]:
            start = time.perf_counter()
            report = grade_cohort(cohort, root / "submissions", root / f"gradebook-{mode}", jobs=args.jobs,
                                  progress=False, options=GradingOptions(isolation=mode))
            per[mode] = (time.perf_counter() - start) / args.submissions
            if not (report.participants["score"] == 100).all():
                raise SystemExit("some submissions were not graded as correct; no timing reported")
    print(f"submissions: {args.submissions}, cores: {os.cpu_count()}, jobs: {args.jobs}")
    print(f"execute the notebook once (papermill, one kernel):      {once:7.2f} s")
    if "auto" in per:
        print(f"mlalib grade, per submission, isolated (bubblewrap):    {per['auto']:7.2f} s"
              f"   ({per['auto'] / once:.2f} x one execution)")
    else:
        print(f"mlalib grade, isolated: not measured ({sandbox.reason})")
    print(f"mlalib grade, per submission, not isolated (guard only): {per['none']:7.2f} s"
          f"   ({per['none'] / once:.2f} x one execution)")
    if "auto" in per:
        print(f"isolated / not isolated:                                {per['auto'] / per['none']:7.2f}")


if __name__ == "__main__":
    main()
