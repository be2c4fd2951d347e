"""The course catalogue: the lessons, and the path each ITC-ILO course takes through them.

The catalogue is data (``mlalib/course/courses.yaml``), read strictly (:mod:`mlalib.course.yamlfile`)
and validated with pydantic:

* each **lesson** (a master notebook) states the minutes it takes and the lessons it needs (what
  it builds on); what it adds is the library message ``lesson.<name>``, in every course language;
* each **course** has an id (what a cohort file writes in its ``course`` field) and its path: the
  names of its lessons in order. A course whose lesson needs one that is not before it in its path
  is refused, naming both. A course's title, shown to participants in the header of every
  notebook, is the library message ``course.<id>`` in the cohort's language (:mod:`mlalib.i18n`).

The minutes a lesson states are checked against :func:`estimated_minutes`, the course's own rule of
thumb from the length of its text, its code cells and its exercises.

Example
-------
>>> course("reintegration").notebooks[:2]
('00_start_here', '03_labour_force_by_migrant_status')
>>> course_title("reintegration", "fr")
'Réintégration des migrants de retour'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mlalib.course.yamlfile import read_yaml
from mlalib.errors import ConfigError, InputError, summarise
from mlalib.i18n import text

#: The catalogue bundled with mlalib.
CATALOGUE = Path(__file__).resolve().parent / "courses.yaml"


class Lesson(BaseModel):
    """One lesson of the catalogue: its master notebook's name, its minutes, the lessons it needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^\d\d_[a-z0-9_]+$")
    minutes: int = Field(gt=0, le=240)
    needs: tuple[str, ...] = ()


class Course(BaseModel):
    """One course of the catalogue: its id and its master notebooks, in course order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    notebooks: tuple[str, ...] = Field(min_length=1)

    @field_validator("notebooks")
    @classmethod
    def _once_each(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        twice = sorted({name for name in value if value.count(name) > 1})
        if twice:
            raise ValueError(f"{summarise(twice)} listed twice; list each notebook once")
        return value


class Catalogue(BaseModel):
    """The whole catalogue: ``lessons:`` (a list of :class:`Lesson`) and ``courses:`` (a list of :class:`Course`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lessons: tuple[Lesson, ...] = Field(min_length=1)
    courses: tuple[Course, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _paths(self) -> "Catalogue":
        known = {lesson.name: lesson for lesson in self.lessons}
        problems = [f"lessons: {lesson.name} needs {need}, which is not a lesson of the catalogue"
                    for lesson in self.lessons for need in lesson.needs if need not in known]
        for entry in self.courses:
            problems += [f"courses.{entry.id}: {name} is not a lesson of the catalogue (add it under lessons:)"
                         for name in entry.notebooks if name not in known]
            problems += [f"courses.{entry.id}: {problem}"
                         for problem in path_problems(entry.notebooks, {n: known[n] for n in entry.notebooks if n in known})]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @field_validator("courses")
    @classmethod
    def _unique_ids(cls, value: tuple[Course, ...]) -> tuple[Course, ...]:
        ids = [c.id for c in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"course id {summarise(twice)} written twice")
        return value


def path_problems(names: tuple[str, ...] | list[str], lessons: dict[str, Lesson]) -> list[str]:
    """Why a path of lessons cannot be followed: each lesson whose need is not before it.

    >>> first, second = Lesson(name="01_a", minutes=30), Lesson(name="02_b", minutes=30, needs=("01_a",))
    >>> path_problems(["02_b", "01_a"], {"01_a": first, "02_b": second})
    ['02_b needs 01_a, which is not before it in the path']
    """
    problems = []
    for position, name in enumerate(names):
        lesson = lessons.get(name)
        for need in lesson.needs if lesson is not None else ():
            if need not in names[:position]:
                where = "before it in" if need in names else "in"
                problems.append(f"{name} needs {need}, which is not {where} the path")
    return problems


def read_catalogue(path: str | Path) -> Catalogue:
    """Read and validate a course catalogue file; every course must have a title in the library catalog.

    Raises
    ------
    ConfigError
        The file is missing or not YAML, a field is wrong, or a course has no ``course.<id>`` message.
    """
    raw = read_yaml(path)
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as err:
        raise ConfigError(str(path), [_describe(e) for e in err.errors()]) from None
    untitled = [c.id for c in catalogue.courses if not _has_message(f"course.{c.id}")]
    if untitled:
        raise ConfigError(str(path), [f"course {summarise(untitled)} has no title: add the message "
                                      f"'course.<id>' to mlalib/locale/mlalib.pot (and translate it)"])
    unsaid = [lesson.name for lesson in catalogue.lessons if not _has_message(f"lesson.{lesson.name}")]
    if unsaid:
        raise ConfigError(str(path), [f"lesson {summarise(unsaid)} does not say what it adds: add the message "
                                      f"'lesson.<name>' to mlalib/locale/mlalib.pot (and translate it)"])
    return catalogue


def _has_message(key: str) -> bool:
    try:
        text(key, "en")
    except InputError:
        return False
    return True


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "the file"
    return f"{where}: {str(error['msg']).removeprefix('Value error, ')}"


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The bundled catalogue (read once)."""
    return read_catalogue(CATALOGUE)


def course_ids() -> list[str]:
    """The ids of the bundled courses, in catalogue order."""
    return [c.id for c in catalogue().courses]


def course(course_id: str) -> Course:
    """The bundled course ``course_id``.

    Raises
    ------
    InputError
        No such course; the message lists the known ids with their titles.
    """
    for entry in catalogue().courses:
        if entry.id == course_id:
            return entry
    raise InputError(unknown_course(course_id))


def unknown_course(value: Any) -> str:
    """Why ``value`` is not a course id: the closest id if there is one, and every known id with its title."""
    known = course_ids()
    close = difflib.get_close_matches(str(value).strip().lower().replace(" ", "-"), known, n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listed = "; ".join(f"{i} ({course_title(i, 'en')})" for i in known)
    return f"{value!r} is not a course id{hint}; known courses: {listed}"


def course_title(course_id: str, language: str) -> str:
    """The title of a course in ``language``, as participants see it.

    >>> course_title("statistics-elective", "es")
    'Curso optativo de estadística: medir y analizar la migración laboral'
    """
    return text(f"course.{course_id}", language)


def lesson(name: str) -> Lesson:
    """The catalogue's lesson ``name`` (a master notebook's name).

    Raises
    ------
    InputError
        No such lesson; the message lists the known ones.
    """
    for entry in catalogue().lessons:
        if entry.name == name:
            return entry
    raise InputError(f"{name!r} is not a lesson of the course catalogue; known lessons: "
                     f"{', '.join(entry.name for entry in catalogue().lessons)}")


#: The course's rule of thumb for the time a lesson takes (its choice, from trying the lessons): careful
#: reading of technical text in a second language, running and reading a code cell's output, and
#: answering an exercise (more for the points it is worth, much more for a written answer).
WORDS_PER_MINUTE = 80
MINUTES_PER_CODE_CELL = 1.5
MINUTES_PER_EXERCISE = 4
MINUTES_PER_POINT = 2
MINUTES_PER_WRITTEN_ANSWER = 15


def estimated_minutes(words: int, code_cells: int, exercises: int, points: float, written: int = 0) -> float:
    """The minutes a lesson takes by the course's rule of thumb (the constants above).

    >>> round(estimated_minutes(words=1600, code_cells=20, exercises=5, points=10))
    90
    """
    return (words / WORDS_PER_MINUTE + code_cells * MINUTES_PER_CODE_CELL + exercises * MINUTES_PER_EXERCISE
            + points * MINUTES_PER_POINT + written * MINUTES_PER_WRITTEN_ANSWER)


@dataclass(frozen=True)
class Stop:
    """One lesson on a cohort's path: its name, its title in the cohort's language, and, for a lesson of the
    catalogue, its minutes and needs (None and () for a master the catalogue does not list)."""

    name: str
    title: str
    minutes: int | None = None
    needs: tuple[str, ...] = ()


def course_path(names: list[str], titles: dict[str, str]) -> tuple[Stop, ...]:
    """The stops of a cohort's path, in order, with the catalogue's minutes and needs where it lists the lesson."""
    lessons = {entry.name: entry for entry in catalogue().lessons}
    return tuple(Stop(name, titles.get(name, name), lessons[name].minutes, lessons[name].needs) if name in lessons
                 else Stop(name, titles.get(name, name)) for name in names)
