"""Cohort files: the YAML a trainer writes before each cohort, validated before anything runs.

A cohort file names the cohort, its course (an id of the course catalogue,
:mod:`mlalib.course.courses`) and dates, the course language, the focus countries (ISO 3166-1
alpha-3), the data vintage, the random seed of its synthetic exercise data, which notebooks to
build (by default the course's set) and where. Every problem is reported on its own line, naming
the field and the accepted values; :class:`~mlalib.errors.ConfigError` carries them all.

Example
-------
>>> from mlalib.course.cohort import parse_cohort
>>> cohort = parse_cohort({"id": "demo", "title": "Demo", "course": "reintegration",
...     "start": "2026-03-02", "end": "2026-04-10", "language": "en",
...     "focus_countries": ["PHL", "MEX"], "data_vintage": "2020", "seed": 7})
>>> cohort.focus_countries
['PHL', 'MEX']
>>> cohort.notebooks[-1]
'99_glossary'
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from mlalib.context import MAX_SEED, PARAMETER_CHECKS, Context
from mlalib.course.courses import course, course_ids, unknown_course
from mlalib.course.yamlfile import read_yaml
from mlalib.errors import ConfigError, shown, summarise


class Cohort(BaseModel):
    """A validated cohort file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="cohort id, used as folder name")
    title: str = Field(min_length=1)
    course: str = Field(min_length=1, description="course id in the course catalogue")
    start: dt.date
    end: dt.date
    language: str
    focus_countries: list[str] = Field(min_length=1)
    data_vintage: str
    seed: int = Field(ge=0, le=MAX_SEED)
    notebooks: list[str] | None = None
    output: str = "build"

    @field_validator("language", "seed", "focus_countries", "data_vintage", mode="before")
    @classmethod
    def _cohort_parameter(cls, value: Any, info: ValidationInfo) -> Any:
        """The checks of the cohort context (:data:`mlalib.context.PARAMETER_CHECKS`): the same as configure()."""
        return PARAMETER_CHECKS[str(info.field_name)](value)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return _date(value)

    @field_validator("notebooks", mode="before")
    @classmethod
    def _notebook_list(cls, value: Any) -> Any:
        value = [value] if isinstance(value, str) else value
        if isinstance(value, list):
            if not value:
                raise ValueError("expected at least one notebook name; leave the field out to build every master "
                                 "notebook")
            texts = [item for item in value if isinstance(item, str)]
            twice = [item for item, count in Counter(texts).items() if count > 1]
            if twice:
                raise ValueError(f"{summarise(twice)} listed twice; list each notebook once")
        return value

    @field_validator("course")
    @classmethod
    def _course(cls, value: str) -> str:
        if value not in course_ids():
            raise ValueError(unknown_course(value))
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Cohort":
        if self.end < self.start:
            raise ValueError(f"field 'end': {self.end} is before the start date {self.start}")
        return self

    def context(self) -> Context:
        """The cohort context every notebook, its checks and its key get (:mod:`mlalib.context`)."""
        return Context(self.language, self.seed, tuple(self.focus_countries), self.data_vintage)


def _date(value: Any) -> dt.date:
    """A date from a YAML date or a ``YYYY-MM-DD`` text; the error says which part is wrong."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as err:  # e.g. 2026-02-30, 2026-13-07
            raise ValueError(f"{value.strip()} is not a date in the calendar ({err}); expected YYYY-MM-DD") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {shown(value)}")


_FIELDS = list(Cohort.model_fields)


def parse_cohort(raw: Any, source: str = "cohort file", available_notebooks: list[str] | None = None) -> Cohort:
    """Validate an already-parsed cohort mapping; raise :class:`ConfigError` listing every problem.

    Without a ``notebooks`` field, the cohort gets its course's set from the course catalogue.
    ``available_notebooks``, when given, is the list of master notebook names that
    ``notebooks`` entries (or the course's set) must come from.
    """
    if not isinstance(raw, dict):
        raise ConfigError(source, [f"expected a mapping of fields ({', '.join(_FIELDS)}), got {type(raw).__name__}"])
    problems: list[str] = []
    cohort: Cohort | None = None
    try:
        cohort = Cohort.model_validate(raw)
    except ValidationError as err:
        problems = [_describe(e) for e in err.errors()]
        # the model checks the order only when every other field is valid; report it with the others
        problems = list(dict.fromkeys(problems + _date_order(raw)))
    from_course = cohort is not None and cohort.notebooks is None
    if cohort is not None and cohort.notebooks is None:
        cohort = cohort.model_copy(update={"notebooks": list(course(cohort.course).notebooks)})
        absent = [name for name in cohort.notebooks if available_notebooks is not None
                  and name not in available_notebooks]
        if absent:
            problems.append(f"field 'course': the course '{cohort.course}' needs {summarise(absent, first=20)}, "
                            f"{'which is not' if len(absent) == 1 else 'which are not'} in the notebooks folder "
                            f"(masters there: {', '.join(available_notebooks or []) or 'none'}); add "
                            f"{'it' if len(absent) == 1 else 'them'}, or list the notebooks to build in the field "
                            "'notebooks'")
    notebooks = cohort.notebooks if cohort is not None else raw.get("notebooks")
    if available_notebooks is not None and isinstance(notebooks, list) and not from_course:
        unknown = [name for name in notebooks if isinstance(name, str) and name not in available_notebooks]
        if unknown:
            problems.append(f"field 'notebooks': {summarise(unknown)} "
                            f"{'is not a master notebook' if len(unknown) == 1 else 'are not master notebooks'}; "
                            f"accepted: {', '.join(available_notebooks)}")
    if problems:
        raise ConfigError(source, problems)
    assert cohort is not None
    return cohort


def _date_order(raw: dict[str, Any]) -> list[str]:
    try:
        start, end = _date(raw.get("start")), _date(raw.get("end"))
    except ValueError:
        return []
    return [f"field 'end': {end} is before the start date {start}"] if end < start else []


def output_problem(output: str | Path, field: str = "field 'output'") -> str:
    """Why the build could not write under ``output`` (empty if it can): a file, or a read-only folder.

    The folder need not exist; the nearest existing folder above it must be writable.
    """
    path = Path(output)
    if path.exists() and not path.is_dir():
        return f"{field}: {str(path)!r} is a file, expected a folder for the built notebooks (created if missing)"
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        return f"{field}: {str(existing)!r} is a file, so the folder {str(path)!r} cannot be created"
    if existing.exists() and not os.access(existing, os.W_OK | os.X_OK):
        return f"{field}: cannot write in {str(existing)!r} (read-only); choose a folder you can write to"
    return ""


def load_cohort(path: str | Path, available_notebooks: list[str] | None = None, *,
                output: str | Path | None = None, check_output: bool = False) -> Cohort:
    """Read and validate a cohort YAML file.

    The file is read strictly (see :mod:`mlalib.course.yamlfile`): duplicate keys and alias
    bombs are refused, ``NO``/``ON``/``YES`` stay text. With ``check_output`` (the build), the
    output folder (``output`` when given, else the file's ``output`` field, relative to the
    working directory) must be a folder that can be written.

    Raises
    ------
    ConfigError
        The file is missing, is not YAML, or has invalid fields (all problems listed).
    """
    path = Path(path)
    raw = read_yaml(path)
    problems: list[str] = []
    cohort: Cohort | None = None
    try:
        cohort = parse_cohort(raw, str(path), available_notebooks)
    except ConfigError as err:
        problems = err.problems
    if not check_output:
        problem = ""
    elif output is not None:
        problem = output_problem(Path(output) / (cohort.id if cohort else ""), "option '--output'")
    elif cohort is not None:
        problem = output_problem(Path(cohort.output) / cohort.id)
    elif isinstance(raw, dict) and isinstance(raw.get("output"), str):
        problem = output_problem(raw["output"])
    else:
        problem = ""
    if problem:
        problems.append(problem)
    if problems:
        raise ConfigError(str(path), problems)
    assert cohort is not None
    return cohort


def _describe(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error["loc"]]
    kind = error["type"]
    if kind == "extra_forbidden":
        name = loc[-1]
        close = difflib.get_close_matches(name, _FIELDS, n=1)
        suggestion = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{suggestion}; accepted fields: {', '.join(_FIELDS)}"
    if not loc:
        return str(error["msg"]).removeprefix("Value error, ")
    field = loc[0] + "".join(f"[{p}]" for p in loc[1:])
    if kind == "missing":
        return f"field '{field}' is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if kind == "string_pattern_mismatch" and loc[0] == "id":
        message = "expected lower-case letters, digits, '-' or '_' (at most 64, starting with a letter or digit)"
    elif kind in {"too_short", "string_too_short"}:
        message = "must not be empty" if loc[0] != "focus_countries" else "expected at least one country code"
    elif kind in {"string_type", "list_type", "int_type", "int_parsing"} or kind.startswith(("greater", "less")):
        message = f"{message}, got {shown(given)}"
    return f"field '{field}': {message}"
