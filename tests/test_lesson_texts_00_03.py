"""What notebooks 00-02 teach: each point has a check that fails on the old text. Notebook 03 is tested in
tests/test_lesson_03_labour_force.py."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import PROJECT

NOTEBOOKS = PROJECT / "notebooks"


def _markdown(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _code(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


LESSONS = ["00_start_here", "01_stocks_and_flows", "02_bilateral_flows"]


@pytest.mark.parametrize("name", LESSONS)
def test_each_notebook_is_a_complete_lesson(name):
    text = _markdown(name)
    for part in ("**Time:**", "You will learn to", "## To remember", "**Exercise `"):
        assert part in text, (name, part)


def test_00_01_02_undesa_definition_refugees_citizens_estimates():
    for name in ("00_start_here", "01_stocks_and_flows", "02_bilateral_flows"):
        text = _markdown(name)
        assert "refugees and asylum seekers" in text, name
        assert "**estimates**" in text, name
    text = _markdown("01_stocks_and_flows")
    assert "**C**" in text and "Philippines" in text and "**R**" in text and "46 of 232" in text


def test_01_shows_data_types_where_stocks_are_compared_and_states_the_rate_period():
    code, text = _code("01_stocks_and_flows"), _markdown("01_stocks_and_flows")
    assert code.count("with_data_type(") >= 2
    assert "years=1" in code and "**one calendar year**" in text
