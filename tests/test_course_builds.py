"""Each course's set, built end to end from a cohort file that names only the course (the real masters)."""

from __future__ import annotations

import pytest

from mlalib.course.build import build_cohort
from mlalib.course.courses import catalogue
from tests.conftest import PROJECT, write_cohort

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("course", [c.id for c in catalogue().courses])
def test_a_cohort_naming_only_its_course_builds_that_set(course, tmp_path):
    cohort = write_cohort(tmp_path / "c.yaml", course=course, language="es", focus_countries=["MEX", "SEN"])
    report = build_cohort(cohort, notebooks_dir=PROJECT / "notebooks", output=tmp_path / "out", progress=False,
                          jobs=2)
    assert report.ok, report.table()
    expected = next(c.notebooks for c in catalogue().courses if c.id == course)
    assert sorted({s.notebook for s in report.steps}) == sorted(expected)
    assert all(s.status == "built" for s in report.steps)
