"""Participant editions: solutions replaced, hidden checks removed, and the leak scan."""

from __future__ import annotations

import nbformat
import pytest

from mlalib.course.cohort import parse_cohort
from mlalib.course.editions import (
    check_no_leaks, find_leaks, normalise, secrets, solution_blocks, strip_solution, validate_master,
)
from mlalib.course.recipes import participant_edition
from mlalib.errors import LeakError, NotebookError
from tests.conftest import GOOD_MASTER, VALID_COHORT, make_master


def test_strip_solution_keeps_names_and_indentation():
    source = "def f():\n    ### BEGIN SOLUTION\n    a, b = 1, 2\n    c: int = a + b\n    ### END SOLUTION\n    return c"
    assert strip_solution(source) == (
        "def f():\n"
        "    a = ...  # YOUR ANSWER HERE: replace ... with your answer\n"
        "    b = ...  # YOUR ANSWER HERE: replace ... with your answer\n"
        "    c = ...  # YOUR ANSWER HERE: replace ... with your answer\n"
        "    return c"
    )


def test_strip_solution_without_assignment_and_in_french():
    assert strip_solution("### BEGIN SOLUTION\nprint(42)\n### END SOLUTION", "fr") == (
        "# VOTRE RÉPONSE ICI : remplacez ... par votre réponse")


def test_several_blocks_and_text_outside_are_kept():
    source = "x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\nz = 3\n# BEGIN SOLUTION\nw = 4\n# END SOLUTION"
    stripped = strip_solution(source)
    assert "y = 2" not in stripped and "w = 4" not in stripped
    assert stripped.startswith("x = 1\ny = ...") and "z = 3" in stripped


@pytest.mark.parametrize("source,message", [
    ("### BEGIN SOLUTION\nx = 1", "BEGIN SOLUTION without END SOLUTION"),
    ("x = 1\n### END SOLUTION", "END SOLUTION without BEGIN SOLUTION"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another solution block"),
])
def test_unbalanced_markers_are_errors(source, message):
    with pytest.raises(NotebookError, match=message):
        solution_blocks(source)


def test_master_needs_exactly_one_parameters_cell(tmp_path):
    path = make_master(tmp_path / "m.ipynb", GOOD_MASTER)
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].metadata["tags"] = []
    with pytest.raises(NotebookError, match="exactly one cell tagged 'parameters', found 0"):
        validate_master(nb, "m")


def _participant(tmp_path):
    master = nbformat.read(make_master(tmp_path / "m.ipynb", GOOD_MASTER), as_version=4)
    cohort = parse_cohort(VALID_COHORT)
    return master, participant_edition(master, cohort, "m")


def test_participant_edition_has_no_solution_and_no_hidden_check(tmp_path):
    master, nb = _participant(tmp_path)
    sources = "\n".join(c.source for c in nb.cells)
    assert "the secret recipe" not in sources
    assert "answer = ...  # YOUR ANSWER HERE" in sources
    assert nb.cells[0].cell_type == "markdown" and "Test cohort" in nb.cells[0].source
    assert nb.metadata["mlalib"]["edition"] == "participant"
    assert find_leaks(nb, secrets(master)) == []


def test_secrets_skip_generic_lines():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "### BEGIN SOLUTION\nif True:\n    pass\n)\nvalue = 7\n### END SOLUTION")])
    assert secrets(nb) == ["if True:", "value = 7"]


@pytest.mark.parametrize("where", ["source", "output", "metadata", "attachment", "markdown"])
def test_planted_solution_line_is_caught(tmp_path, where):
    master, nb = _participant(tmp_path)
    planted = "answer = base * 2  # the secret recipe"
    cell = next(c for c in nb.cells if c.cell_type == "code" and "answer" in c.source)
    if where == "source":
        cell.source += "\n" + planted
    elif where == "output":
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=planted + "\n")]
    elif where == "metadata":
        nb.metadata["papermill"] = {"input_path": {"cells": [{"source": planted}]}}
    elif where == "attachment":
        md = nb.cells[0]
        md["attachments"] = {"x.txt": {"text/plain": planted}}
    else:
        nb.cells.append(nbformat.v4.new_markdown_cell(f"Tip: `{planted}`"))
    with pytest.raises(LeakError, match="the secret recipe"):
        check_no_leaks(nb, secrets(master), "m")


def test_normalise_replaces_random_ids_deterministically():
    def executed(div: str, model: str):
        cell = nbformat.v4.new_code_cell("fig", metadata={"execution": {"iopub.execute_input": "2026-01-01"}})
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            "text/html": f'<div id="{div}" class="plotly-graph-div"></div><script>Plotly.newPlot("{div}")</script>',
            "application/vnd.jupyter.widget-view+json": {"model_id": model, "version_major": 2, "version_minor": 0},
        })]
        nb = nbformat.v4.new_notebook(cells=[cell])
        child, style = model[::-1], model[1:] + model[0]
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
            model: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{child}"]}},
            child: {"model_name": "DropdownModel", "state": {"style": f"IPY_MODEL_{style}"}},
            style: {"model_name": "DescriptionStyleModel", "state": {"description_width": "initial"}},
        }, "version_major": 2, "version_minor": 0}}
        return nb

    one = normalise(executed("0b5e0e5a-1111-4222-8333-444455556666", "0123456789abcdef" * 2), "n")
    two = normalise(executed("9f9e9d9c-aaaa-4bbb-8ccc-dddddddddddd", "fedcba9876543210" * 2), "n")
    assert nbformat.writes(one) == nbformat.writes(two)
    assert "iopub" not in nbformat.writes(one)
