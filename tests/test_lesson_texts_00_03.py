"""What notebook 03 teaches: each point has a check that fails on the old text (notebooks 00-02:
tests/test_lesson_0*_*.py)."""

from __future__ import annotations

import re

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


LESSONS = ["03_labour_force_by_migrant_status"]


@pytest.mark.parametrize("name", LESSONS)
def test_each_notebook_is_a_complete_lesson(name):
    text = _markdown(name)
    for part in ("**Time:**", "You will learn to", "## To remember", "**Exercise `"):
        assert part in text, (name, part)


def test_03_states_the_two_icls_groups_and_that_an_lfs_covers_group_a_only():
    first = nbformat.read(NOTEBOOKS / "03_labour_force_by_migrant_status.ipynb", as_version=4).cells
    concepts = next(c.source for c in first
                    if c.cell_type == "markdown" and "Who is an international migrant" in c.source)
    assert "**(a) usual residents**" in concepts and "**(b) non-resident foreign workers**" in concepts
    assert "measures **group (a) only**" in concepts
    assert "20th International Conference of Labour Statisticians" in concepts
    assert "**for-work international migrants**" in concepts


def test_03_states_the_criterion_and_shows_every_table_with_it():
    text, code = _markdown("03_labour_force_by_migrant_status"), _code("03_labour_force_by_migrant_status")
    assert "alternative* criteria" in text and "**place of birth**" in text
    shown = [line for line in code.splitlines() if "labour_indicators(" in line or "share_of_migrants(" in line]
    assert shown and "tables.readable(by_status" in code and "tables.readable(unemployment" in code
    assert "tables.readable(detailed" in code  # the table of lfs-unreliable-cells is shown
    assert not re.search(r"^\w+(\.round\(\d\))?$", code, re.MULTILINE)  # no raw frame, Series or tuple left bare


def test_03_sdg_and_global_estimates_statements():
    text = _markdown("03_labour_force_by_migrant_status")
    assert "is SDG indicator 8.5.2" not in text and "(SDG 8.5.2)" not in text
    assert "*by sex, age and persons with disabilities*" in text and "17.18" in text
    assert "8.8.1" in text and "8.8.2" in text and "10.7" in text
    assert "2021: 69.0%" not in text and "reference year **2019**" in text and "69.0%" in text


@pytest.mark.slow
def test_03_run_every_table_of_migrants_states_the_criterion_and_every_solution_is_correct(tmp_path):
    """Executed as the trainer edition runs it (course keys installed): the tables that show migrant status
    say how migrants were identified, the table of lfs-unreliable-cells is displayed, and every check of
    the solutions says "Correct!"."""
    from nbclient import NotebookClient

    from mlalib.course.kernels import IPCKernelManager

    nb = nbformat.read(NOTEBOOKS / "03_labour_force_by_migrant_status.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   kernel_manager_class=IPCKernelManager).execute()
    outputs = {c.id: "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in c.outputs)
               for c in nb.cells if c.cell_type == "code"}
    criterion = "Migrant status by place of birth: migrants are the foreign-born"
    tables = [text for text in outputs.values() if "migrant_status" in text or "migrants_pct" in text]
    assert len(tables) >= 5 and all(criterion in text for text in tables)
    checks = [text for text in outputs.values() if text.startswith("[lfs-")]
    assert len(checks) == 6 and all("Correct!" in text for text in checks)
    detailed = next(text for text in outputs.values() if "Detailed table" in text)
    assert detailed.count("\n") >= 60 and "unreliable" in detailed
