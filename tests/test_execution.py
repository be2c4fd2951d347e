"""The one execution engine: builds and grading run their notebooks through mlalib.course.execution."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from mlalib.course import execution
from mlalib.course.build import build_cohort
from mlalib.course.execution import BUILD, GRADING, Job, Policy, execute_notebook
from mlalib.course.grading import GradingOptions, grade_cohort
from tests.conftest import PROJECT
from tests.grading_fixtures import COHORT_YAML, NOTEBOOK, _write, solved

COURSE = PROJECT / "mlalib" / "course"


def test_only_the_engine_talks_to_kernels():
    clients = {path.name for path in COURSE.glob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nbclient")}
    assert clients == {"execution.py"}


@pytest.mark.slow
def test_a_build_and_a_grading_run_go_through_the_same_engine(tmp_path, monkeypatch):
    seen: list[tuple[str, Policy]] = []
    real = execution._execute

    async def spy(job, kernel, stopping, on_cell):
        seen.append((job.name, job.policy))
        return await real(job, kernel, stopping, on_cell)

    monkeypatch.setattr(execution, "_execute", spy)
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML.replace("notebooks: [00_start_here, 01_stocks_and_flows]", f"notebooks: [{NOTEBOOK}]")
                      .replace("output: build", f"output: {tmp_path / 'build'}"), encoding="utf-8")
    report = build_cohort(cohort, jobs=1, progress=False)
    assert report.ok, report.table()
    blank = nbformat.read(tmp_path / "build" / "grading-test-2026" / "participant" / f"{NOTEBOOK}.ipynb", as_version=4)
    _write(tmp_path / "submissions" / "amina" / f"{NOTEBOOK}.ipynb", solved(blank))
    graded = grade_cohort(cohort, tmp_path / "submissions", tmp_path / "out", jobs=1, progress=False,
                          options=GradingOptions(cell_timeout=30, notebook_timeout=120, isolation="none"))
    assert set(graded.rows["status"]) == {"correct"}
    assert [name for name, _ in seen] == [NOTEBOOK, NOTEBOOK]
    assert seen[0][1] == BUILD
    assert (seen[1][1].keep_going, seen[1][1].retry, seen[1][1].keep_outputs) == (
        GRADING.keep_going, GRADING.retry, GRADING.keep_outputs)


def test_a_graded_job_records_errors_and_goes_on(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("print('on')")])
    outcome = execute_notebook(Job("errors", nb, tmp_path, timeout=30, policy=GRADING))
    assert outcome.error is None and outcome.cell_errors == {1: ("ZeroDivisionError", "division by zero")}
    assert outcome.output_chars == len("on\n") and outcome.nb.cells[1].outputs == []  # counted, not kept


def test_a_build_job_stops_at_the_first_error(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("print('on')")])
    outcome = execute_notebook(Job("errors", nb, Path(tmp_path), timeout=30))
    assert outcome.error is not None and outcome.error.kind == "cell_error" and outcome.error.cell == 1
    assert "ZeroDivisionError" in outcome.error.words()
