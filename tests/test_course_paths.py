"""Courses are paths: each lesson states what it needs and how long it takes, and refers only to lessons before it."""

from __future__ import annotations

import re

import nbformat
import pytest

from mlalib.course.courses import catalogue
from mlalib.course.masters import lesson_estimate, master_notebooks
from tests.conftest import PROJECT

MASTERS = master_notebooks(PROJECT / "notebooks")
LESSONS = {lesson.name: lesson for lesson in catalogue().lessons}
#: A reference to another lesson in a master's text: "notebook 03", "lessons 03", or a link to its file.
REFERENCE = re.compile(r"\b(?:[Nn]otebooks?|[Ll]essons?)\s+(\d\d)\b|\]\((\d\d)_[a-z0-9_]+\.(?:ipynb|html)\)")


def _before(name: str) -> set[str]:
    """The lessons ``name`` builds on, directly or through the lessons it needs."""
    found: set[str] = set()
    todo = list(LESSONS[name].needs)
    while todo:
        need = todo.pop()
        if need not in found:
            found.add(need)
            todo.extend(LESSONS[need].needs)
    return found


def test_every_master_is_a_lesson_of_the_catalogue():
    assert sorted(LESSONS) == sorted(MASTERS)


@pytest.mark.parametrize("name", sorted(MASTERS))
def test_a_master_refers_only_to_lessons_it_builds_on(name):
    text = "\n".join(cell.source for cell in nbformat.read(MASTERS[name], as_version=4).cells)
    numbers = {a or b for a, b in REFERENCE.findall(text)} - {name[:2]}
    allowed = {need[:2] for need in _before(name)}
    assert sorted(numbers - allowed) == [], f"{name} refers to lessons it does not need (add them to its needs)"


@pytest.mark.parametrize("name", sorted(MASTERS))
def test_the_minutes_a_lesson_states_follow_the_rule_of_thumb(name):
    estimate = lesson_estimate(nbformat.read(MASTERS[name], as_version=4), name)
    stated = LESSONS[name].minutes
    assert abs(stated - estimate) <= max(10, 0.25 * estimate), (
        f"{name} states {stated} minutes; its text, code and exercises take about {estimate:.0f}")
