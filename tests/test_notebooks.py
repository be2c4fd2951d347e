"""The course notebooks built for the example cohort: trainer editions execute top to bottom (the build runs
them and fails on a cell error) and a second build gives the same bytes. Participant editions run to the end with
every answer left blank in ``tests/test_core_install.py``, on the core install a participant has.

The master notebooks themselves run under nbval through pytest's own collection of ``notebooks/``
(``pyproject.toml``: ``testpaths`` and ``--nbval-lax``).
"""

from __future__ import annotations

import html

import nbformat
import pytest
import yaml

from mlalib.course.build import build_cohort
from mlalib.course.masters import master_notebooks
from mlalib.course.editions import HIDDEN_TAG, html_leaks, secrets
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow
EXAMPLE = PROJECT / "cohorts" / "example.yaml"
MASTERS = master_notebooks(PROJECT / "notebooks")


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("example-build")
    cohort = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    cohort["notebooks"] = list(MASTERS)  # every master, not only the example course's set
    (out / "cohort.yaml").write_text(yaml.safe_dump(cohort), encoding="utf-8")
    report = build_cohort(out / "cohort.yaml", output=out, progress=False, jobs=2)
    return report


def test_every_master_builds_for_the_example_cohort(example_build):
    assert example_build.ok, example_build.table()
    built = {s.notebook for s in example_build.steps if s.status == "built"}
    assert built == set(MASTERS)
    # the trainer editions ran top to bottom: a cell error fails the build (execution.BUILD), and a retry is named
    assert not any(s.detail for s in example_build.steps if s.status == "built"), example_build.table()


def test_no_participant_edition_carries_a_hidden_check(example_build):
    for name in MASTERS:
        nb = nbformat.read(example_build.root / "participant" / f"{name}.ipynb", as_version=4)
        assert not any(HIDDEN_TAG in c.metadata.get("tags", []) for c in nb.cells), name


def test_participant_html_has_no_solution_line_and_shows_the_lessons(example_build):
    for name, path in MASTERS.items():
        master = nbformat.read(path, as_version=4)
        solution_lines = secrets(master)
        page = (example_build.root / "participant-html" / f"{name}.html").read_text(encoding="utf-8")
        assert html_leaks(page, solution_lines) == [], name
        assert "trainer (with solutions)" not in html.unescape(page), name
        assert "jp-OutputArea-output" in page, name  # the lesson's outputs are shown
        trainer_page = (example_build.root / "trainer-html" / f"{name}.html").read_text(encoding="utf-8")
        assert html_leaks(trainer_page, solution_lines) or not solution_lines, name  # found where they are
    assert not (example_build.root / "html").exists()


def test_the_example_cohort_builds_byte_identically(example_build, tmp_path):
    again = build_cohort(example_build.root.parent / "cohort.yaml", output=tmp_path, progress=False, jobs=2)
    assert again.ok
    first, second = example_build.root, again.root
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file() and ".mlalib-build" not in p.parts)
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*")
                                     if p.is_file() and ".mlalib-build" not in p.parts)
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert not different, different
