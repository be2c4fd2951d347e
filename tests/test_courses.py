"""The course catalogue: a cohort file that names only its course gets that course's notebook set.

The catalogue is checked here (titles in every language, strict reading, bad entries named); each
course's set is resolved from a cohort file naming only the course, against fixture masters and
against the real ones (where a course still names a master that has not landed, the error names
exactly the missing ones), and a course's set is built end to end from a fixture catalogue (small
masters, so the build costs seconds). The real masters are built in full by
``tests/test_notebooks.py`` and ``tests/test_built_courses.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from mlalib.course.build import build_cohort
from mlalib.course.masters import default_notebooks_dir, master_notebooks
from mlalib.course.cohort import load_cohort
from mlalib.course.courses import CATALOGUE, catalogue, course, course_ids, course_title, read_catalogue
from mlalib.errors import ConfigError, InputError
from mlalib.i18n import LANGUAGES
from tests.conftest import PROJECT, make_master, write_cohort

def _readme_paths() -> dict[str, str]:
    """The README's course table: course id -> its path as the README writes it."""
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$", (PROJECT / "README.md").read_text(encoding="utf-8"),
                      re.M)
    ids = set(course_ids())
    return {course_id: path.strip() for course_id, path in rows if course_id in ids or "→" in path}


def test_the_readme_lists_each_course_path_with_its_times():
    lessons = {lesson.name: lesson.minutes for lesson in catalogue().lessons}
    expected = {c.id: " → ".join(f"{name[:2]} ({lessons[name]} min)" for name in c.notebooks)
                for c in catalogue().courses}
    assert _readme_paths() == expected
    assert course_ids() == ["statistics-elective", "mainstreaming-migration", "reintegration"]
    assert "07_country_profile" in course("mainstreaming-migration").notebooks


def test_every_course_has_a_title_in_every_language():
    for course_id in course_ids():
        titles = {language: course_title(course_id, language) for language in LANGUAGES}
        assert all(titles.values()) and len(set(titles.values())) == len(LANGUAGES), titles
    assert course_title("statistics-elective", "fr").startswith("Cours optionnel de statistique")


def test_an_unknown_course_id_lists_the_known_ones(tmp_path):
    path = write_cohort(tmp_path / "c.yaml", course="Statistics elective")
    with pytest.raises(ConfigError) as caught:
        load_cohort(path)
    (problem,) = caught.value.problems
    assert "field 'course': 'Statistics elective' is not a course id (did you mean 'statistics-elective'?)" in problem
    for course_id in course_ids():
        assert course_id in problem
    with pytest.raises(InputError, match="known courses: statistics-elective"):
        course("nope")


@pytest.mark.parametrize("course_id", course_ids())
def test_a_cohort_naming_only_its_course_gets_the_course_set(tmp_path, course_id):
    path = write_cohort(tmp_path / "c.yaml", course=course_id)
    names = list(course(course_id).notebooks)
    cohort = load_cohort(path, available_notebooks=names + ["05_extra"])
    assert cohort.notebooks == names
    chosen = load_cohort(write_cohort(tmp_path / "d.yaml", course=course_id, notebooks=["05_extra"]),
                         available_notebooks=names + ["05_extra"])
    assert chosen.notebooks == ["05_extra"]  # `notebooks:` overrides the course's set


@pytest.mark.parametrize("course_id", course_ids())
def test_against_the_real_masters_a_course_loads_or_names_exactly_its_missing_masters(tmp_path, course_id):
    masters = list(master_notebooks(default_notebooks_dir()))
    missing = [name for name in course(course_id).notebooks if name not in masters]
    path = write_cohort(tmp_path / "c.yaml", course=course_id)
    if not missing:
        assert load_cohort(path, available_notebooks=masters).notebooks == list(course(course_id).notebooks)
        return
    with pytest.raises(ConfigError) as caught:
        load_cohort(path, available_notebooks=masters)
    (problem,) = caught.value.problems
    assert problem.startswith(f"field 'course': the course '{course_id}' needs ")
    for name in missing:
        assert name in problem.split(", which")[0]
    assert "list the notebooks to build in the field 'notebooks'" in problem


def test_check_refuses_a_course_whose_master_is_absent_in_one_line(tmp_path):
    folder = tmp_path / "masters"
    make_master(folder / "00_start_here.ipynb", [("code", "print(0)", [])])
    path = write_cohort(tmp_path / "c.yaml", course="reintegration")
    run = subprocess.run([sys.executable, "-m", "mlalib", "build", "--check", str(path), "--notebooks-dir", str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "the course 'reintegration' needs '03_labour_force_by_migrant_status'" in run.stderr
    assert "'10_economic_reintegration'" in run.stderr and "(masters there: 00_start_here)" in run.stderr


LESSONS = ("lessons:\n  - {name: 00_start_here, minutes: 30}\n  - {name: 01_stocks_and_flows, minutes: 60, needs: "
           "[00_start_here]}\n")


@pytest.mark.parametrize("content, words", [
    (LESSONS + "courses:\n  - id: a\n    notebooks: [00_start_here]\n  - id: a\n    notebooks: [00_start_here]\n",
     "course id 'a' written twice"),
    (LESSONS + "courses:\n  - id: a\n    notebooks: [00_start_here, 00_start_here]\n",
     "courses.0.notebooks: '00_start_here' listed twice"),
    (LESSONS + "courses:\n  - id: a\n    notebook: [00_start_here]\n", "courses.0.notebook: Extra inputs are not permitted"),
    (LESSONS + "courses:\n  - id: Bad Id\n    notebooks: [00_start_here]\n", "courses.0.id: String should match pattern"),
    (LESSONS + "courses:\n  - id: no-title\n    notebooks: [00_start_here]\n", "course 'no-title' has no title"),
    (LESSONS + "courses:\n  - id: reintegration\n    notebooks: [01_stocks_and_flows, 00_start_here]\n",
     "courses.reintegration: 01_stocks_and_flows needs 00_start_here, which is not before it in the path"),
    (LESSONS + "courses:\n  - id: reintegration\n    notebooks: [01_stocks_and_flows]\n",
     "courses.reintegration: 01_stocks_and_flows needs 00_start_here, which is not in the path"),
    (LESSONS + "courses:\n  - id: reintegration\n    notebooks: [00_start_here, 02_x]\n",
     "courses.reintegration: 02_x is not a lesson of the catalogue"),
    ("lessons:\n  - {name: 00_start_here, minutes: 30, needs: [00_nothing]}\ncourses:\n  - id: reintegration\n"
     "    notebooks: [00_start_here]\n", "00_start_here needs 00_nothing, which is not a lesson of the catalogue"),
    ("lessons:\n  - {name: 00_unsaid, minutes: 30}\ncourses:\n  - id: reintegration\n    notebooks: [00_unsaid]\n",
     "lesson '00_unsaid' does not say what it adds"),
    ("courses: [\n", "not valid YAML at line"),
])
def test_a_bad_catalogue_is_named_with_its_problem(tmp_path, content, words):
    path = tmp_path / "courses.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_catalogue(path)
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_the_bundled_catalogue_is_valid():
    assert read_catalogue(CATALOGUE) == catalogue()


@pytest.mark.slow
def test_a_course_set_builds_from_a_cohort_file_that_names_only_the_course(tmp_path, monkeypatch):
    """End to end with a fixture catalogue (the real masters are built in full by tests/test_notebooks.py): small
    masters, three in the course and one not; the header shows the course title in the cohort's language."""
    from mlalib.course import courses

    fixture = tmp_path / "courses.yaml"
    from mlalib import i18n

    fixture.write_text("lessons:\n  - {name: 01_alpha, minutes: 20}\n  - {name: 02_beta, minutes: 20, needs: [01_alpha]}\n"
                       "  - {name: 03_gamma, minutes: 20}\ncourses:\n  - id: mainstreaming-migration\n"
                       "    notebooks: [01_alpha, 02_beta, 03_gamma]\n", encoding="utf-8")
    real = i18n.catalog
    monkeypatch.setattr(i18n, "catalog", lambda language: {  # what each fixture lesson adds
        **real(language), **{f"lesson.{n}": f"{n} adds" for n in ("01_alpha", "02_beta", "03_gamma")}})
    monkeypatch.setattr(courses, "catalogue", lambda: read_catalogue(fixture))
    folder = tmp_path / "masters"
    for name in ("01_alpha", "02_beta", "03_gamma", "04_other"):
        make_master(folder / f"{name}.ipynb", [("code", f"print({name!r})", [])])
    path = write_cohort(tmp_path / "c.yaml", course="mainstreaming-migration", language="es")
    report = build_cohort(path, notebooks_dir=folder, output=tmp_path / "out", progress=False, jobs=2,
                          allow_incomplete_translations=True)
    assert report.ok, report.table()
    assert sorted({s.notebook for s in report.steps if s.status == "built"}) == ["01_alpha", "02_beta", "03_gamma"]
    built = (tmp_path / "out" / "test-cohort" / "participant" / "02_beta.ipynb").read_text(encoding="utf-8")
    assert course_title("mainstreaming-migration", "es") in built
    assert "Lección 2 de 3" in built and "01_alpha.ipynb" in built and "03_gamma.ipynb" in built
    course_map = (tmp_path / "out" / "test-cohort" / "participant" / "course_map.md").read_text(encoding="utf-8")
    assert "02_beta adds" in course_map and "| 20 |" in course_map


def test_the_example_cohorts_name_only_their_course_and_get_its_set():
    masters = list(master_notebooks(default_notebooks_dir()))
    mainstreaming = load_cohort(PROJECT / "cohorts" / "example-mainstreaming.yaml", available_notebooks=masters)
    assert mainstreaming.notebooks == list(course("mainstreaming-migration").notebooks)
    assert "07_country_profile" in mainstreaming.notebooks and mainstreaming.language == "fr"
    elective = load_cohort(PROJECT / "cohorts" / "example.yaml")  # its set is checked against the masters above
    assert elective.notebooks == list(course("statistics-elective").notebooks)
