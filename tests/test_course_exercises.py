"""What every course asks: nothing asked twice in one course, and reasoning in every lesson.

A course is the path of :mod:`mlalib.course.courses`; its exercises are those its masters check. Within a course
no exercise id is asked by two lessons and no two numeric exercises have the same reference answer for a cohort
(the same quantity asked twice, as the emigration rate once was in 07 and 08). Every graded lesson asks for at
least two judgements (choices or written answers, each checked against typical wrong readings in the lesson's own
test file) and offers "cannot tell" wherever its interval exercises need it (listed per lesson below).
"""

from __future__ import annotations

import math
from itertools import combinations

import nbformat
import pytest

from mlalib.context import Context
from mlalib.course.courses import course, course_ids
from mlalib.course.editions import master_exercises
from mlalib.course.masters import COURSE_KEYS, default_notebooks_dir
from mlalib.exercises import exercises, install_keys, reference_answer

NOTEBOOKS = default_notebooks_dir()
COURSES = course_ids()
COHORTS = [Context("en", 2026, ("PHL", "MEX", "SEN"), "2020"), Context("fr", 7, ("SEN", "CIV"), "2020"),
           Context("es", 13, ("MEX", "GTM"), "2020")]
#: Lessons whose interval exercises have "cannot tell" among their options.
CANNOT_TELL = {"01", "03", "05", "06", "09", "10", "11", "12"}


def _path(course_id: str) -> list[str]:
    return list(course(course_id).notebooks)


def _asked(name: str) -> list[str]:
    return [e.id for e in master_exercises(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4), name)]


@pytest.mark.parametrize("course_id", COURSES)
def test_no_exercise_is_asked_by_two_lessons_of_a_course(course_id):
    ids = [exercise for name in _path(course_id) for exercise in _asked(name)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("course_id", COURSES)
@pytest.mark.parametrize("ctx", COHORTS, ids=[c.language for c in COHORTS])
def test_no_reference_answer_is_repeated_within_a_course(course_id, ctx):
    install_keys(NOTEBOOKS / COURSE_KEYS)
    numbers = {}
    for name in _path(course_id):
        for exercise in _asked(name):
            if exercises()[exercise].kind == "number":
                numbers[exercise] = float(reference_answer(exercise, ctx))
    same = [(a, b) for (a, x), (b, y) in combinations(numbers.items(), 2) if math.isclose(x, y, rel_tol=1e-9)]
    assert same == []


@pytest.mark.parametrize("name", sorted({name for course_id in COURSES for name in _path(course_id)}))
def test_every_graded_lesson_asks_for_two_judgements_and_cannot_tell_where_its_intervals_need_it(name):
    declared = [e for e in exercises().values() if e.master == name]
    if not any(e.points for e in declared):
        pytest.skip(f"{name} has no graded exercise")
    judgements = [e.id for e in declared if e.kind in ("choice", "written") and e.points]
    assert len(judgements) >= 2, name
    has_cannot_tell = any("cannot_tell" in e.options for e in declared)
    assert has_cannot_tell == (name[:2] in CANNOT_TELL), name
