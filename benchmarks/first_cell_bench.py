"""Benchmark: the first code cell of every lesson (its imports and ``configure``), against the 1.0 s target.

Each lesson's parameters cell (the example cohort) and first code cell run in a fresh interpreter that has
already imported IPython and ipykernel, as a kernel has; the best of ``--runs`` runs is kept (warm file
cache). Printed for every lesson: wall and CPU seconds, and the same cell **eager**, that is with what
the views defer until a figure or an explorer is shown imported and built up front (the plotly template,
plotly's figure classes, ipywidgets), measured in the same run. The last lines give the slowest lesson
(by wall and by CPU seconds) against the 1.0 s target and the five slowest imports of its cell
(``python -X importtime``). CPU seconds do not depend on what else the machine is doing; wall seconds do.

Run: ``.venv/bin/python benchmarks/first_cell_bench.py [--runs 3] [--cohort cohorts/example.yaml]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib.course.build import master_notebooks  # noqa: E402
from mlalib.course.cohort import load_cohort  # noqa: E402

TARGET = 1.0
KERNEL_PRELUDE = "import IPython, ipykernel.ipkernel, ipykernel.kernelapp\n"
#: What the views defer, done up front: the comparison measured in the same run.
EAGER = ("import ipywidgets, plotly.basedatatypes, plotly.offline\n"
         "from mlalib.views.figures import course_template\ncourse_template()\n")


def first_cells(cohort_file: Path) -> dict[str, str]:
    """Each lesson's parameters (from the cohort) and first code cell after them (imports and configure)."""
    parameters = f"cohort = {load_cohort(cohort_file).context().parameters()!r}\n"
    cells = {}
    for name, path in master_notebooks(PROJECT / "notebooks").items():
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        cells[name] = parameters + code[1].source
    return cells


def timed_cell(source: str, runs: int) -> tuple[float, float]:
    """Best of ``runs`` fresh interpreters: (wall, CPU) seconds to run ``source`` after the kernel's own imports."""
    program = KERNEL_PRELUDE + "import time\nstart, cpu = time.perf_counter(), time.process_time()\n" + source + \
        "\nprint(time.perf_counter() - start, time.process_time() - cpu)"
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True,
                              cwd=tempfile.gettempdir())
        wall, cpu = done.stdout.strip().splitlines()[-1].split()
        times.append((float(wall), float(cpu)))
    return min(times)


def slowest_imports(source: str, count: int = 5) -> list[tuple[float, str]]:
    """``python -X importtime`` of ``source`` after the kernel's own imports: the slowest top-level imports."""
    program = KERNEL_PRELUDE + "import sys\nsys.stderr.write('--- cell ---\\n')\n" + source
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", program], check=True, capture_output=True,
                          text=True, cwd=tempfile.gettempdir())
    rows = []
    for line in done.stderr.split("--- cell ---\n", 1)[1].splitlines():
        _, cumulative, module = line.split("|")
        if cumulative.strip().isdigit() and not module[1:].startswith(" "):  # top level: not indented
            rows.append((int(cumulative) / 1e6, module.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=Path, default=PROJECT / "cohorts" / "example.yaml")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {}
    print(f"{'lesson':36} {'wall':>6} {'CPU':>6}   {'eager wall':>10} {'eager CPU':>9}")
    for name, cell in first_cells(args.cohort).items():
        now, eager = timed_cell(cell, args.runs), timed_cell(EAGER + cell, args.runs)
        results[name] = (now, eager, cell)
        print(f"{name:36} {now[0]:6.2f} {now[1]:6.2f}   {eager[0]:10.2f} {eager[1]:9.2f}", flush=True)
    for measure, column in (("wall", 0), ("CPU", 1)):
        name, (now, eager, cell) = max(results.items(), key=lambda item: item[1][0][column])
        print(f"slowest first cell by {measure}: {name}, {now[column]:.2f} s {measure}; / target {TARGET:.1f} s = "
              f"{now[column] / TARGET:.2f} (goal <= 1); eager {eager[column]:.2f} s, "
              f"{eager[column] / now[column]:.2f}x as long")
    print("slowest imports of that cell: " + ", ".join(f"{m} {s:.2f} s" for s, m in slowest_imports(cell)))


if __name__ == "__main__":
    main()
