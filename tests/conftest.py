"""Shared fixtures: the reference folder, the survey design, small master notebooks and cohort files."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from mlalib.survey import Design

PROJECT = Path(__file__).resolve().parents[1]
REFERENCE = (PROJECT / ".." / "shared" / "reference").resolve()

VALID_COHORT = {
    "id": "test-cohort",
    "title": "Test cohort",
    "course": "statistics-elective",
    "start": "2026-03-02",
    "end": "2026-04-10",
    "language": "en",
    "focus_countries": ["PHL", "MEX"],
    "data_vintage": "2020",
    "seed": 11,
}


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference folder not found at {REFERENCE} "
                    "(expected at ../shared/reference/ relative to the project root)")
    return REFERENCE


#: The design of the course's synthetic surveys (labour force and returnees) and of tests/reference/survey_sample.csv:
#: weights, strata and PSUs (labels unique within their stratum). Helpers outside a test import it; tests take the
#: fixture ``survey_design``.
SURVEY_DESIGN = Design(weight="weight", strata="stratum", psu="psu")


@pytest.fixture(scope="session")
def survey_design() -> Design:
    return SURVEY_DESIGN


def make_master(path: Path, body: list[tuple[str, str, list[str]]]) -> Path:
    """Write a master notebook: a parameters cell, then (cell_type, source, tags) cells."""
    cells = [nbformat.v4.new_code_cell(
        '# Parameters\ncohort = {"language": "en", "seed": 0, "focus_countries": ["PHL"], "data_vintage": "2020"}',
        metadata={"tags": ["parameters"]},
    )]
    for kind, source, tags in body:
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cells.append(new(source, metadata={"tags": tags}))
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


GOOD_MASTER = [
    ("markdown", "# A lesson", []),
    ("code", "base = cohort['seed'] + 1", []),
    ("code", "### BEGIN SOLUTION\nanswer = base * 2  # the secret recipe\n### END SOLUTION\n"
             "print('answered' if answer is not ... else 'not answered yet')", []),
    ("code", "print(f'focus: {cohort[\"focus_countries\"]}')", []),
]

FAILING_MASTER = [
    ("code", "x = 1", []),
    ("code", "y = x / 0", []),
    ("code", "print('never reached')", []),
]


@pytest.fixture
def masters(tmp_path: Path) -> Path:
    """A folder with one good master notebook."""
    folder = tmp_path / "masters"
    make_master(folder / "01_good.ipynb", GOOD_MASTER)
    return folder


def write_cohort(path: Path, **changes) -> Path:
    data = {**VALID_COHORT, **changes}
    for key in [k for k, v in data.items() if v is None]:
        del data[key]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
