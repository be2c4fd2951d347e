"""The course catalogue: which master notebooks make up each ITC-ILO course.

The catalogue is data (``mlalib/course/courses.yaml``), read strictly (:mod:`mlalib.course.yamlfile`)
and validated with pydantic: each course has an id (what a cohort file writes in its ``course``
field) and the names of its master notebooks, in course order. A course's title, shown to
participants in the header of every notebook, is the library message ``course.<id>`` in the
cohort's language (:mod:`mlalib.i18n`), so it is translated with every other library message.

Example
-------
>>> course("reintegration").notebooks[:2]
('00_start_here', '03_labour_force_by_migrant_status')
>>> course_title("reintegration", "fr")
'Réintégration des migrants de retour'
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlalib.course.yamlfile import read_yaml
from mlalib.errors import ConfigError, InputError, summarise
from mlalib.i18n import text

#: The catalogue bundled with mlalib.
CATALOGUE = Path(__file__).resolve().parent / "courses.yaml"


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
    """The whole catalogue (``courses:``, a list of :class:`Course`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    courses: tuple[Course, ...] = Field(min_length=1)

    @field_validator("courses")
    @classmethod
    def _unique_ids(cls, value: tuple[Course, ...]) -> tuple[Course, ...]:
        ids = [c.id for c in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"course id {summarise(twice)} written twice")
        return value


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
    untitled = [c.id for c in catalogue.courses if not _has_title(c.id)]
    if untitled:
        raise ConfigError(str(path), [f"course {summarise(untitled)} has no title: add the message "
                                      f"'course.<id>' to mlalib/locale/mlalib.pot (and translate it)"])
    return catalogue


def _has_title(course_id: str) -> bool:
    try:
        text(f"course.{course_id}", "en")
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
