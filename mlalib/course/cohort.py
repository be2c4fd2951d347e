"""Cohort files: the YAML a trainer writes before each cohort, validated before anything runs.

A cohort file names the cohort, its course and dates, the course language, the focus
countries (ISO 3166-1 alpha-3), the data vintage, the random seed of its synthetic exercise
data, which notebooks to build and where. Every problem is reported on its own line, naming
the field and the accepted values; :class:`~mlalib.errors.ConfigError` carries them all.

Example
-------
>>> from mlalib.course.cohort import parse_cohort
>>> cohort = parse_cohort({"id": "demo", "title": "Demo", "course": "Statistics elective",
...     "start": "2026-03-02", "end": "2026-04-10", "language": "en",
...     "focus_countries": ["PHL", "MEX"], "data_vintage": "2020", "seed": 7})
>>> cohort.focus_countries
['PHL', 'MEX']
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mlalib.data import vintages
from mlalib.errors import ConfigError
from mlalib.i18n import LANGUAGES

#: User-assigned ISO 3166-1 alpha-3 codes accepted as focus countries. ISO reserves
#: AAA-AAZ, QMA-QZZ, XAA-XZZ and ZZA-ZZZ for users; only Kosovo's XKX (used by the World
#: Bank, the European Union and IOM) is in common use in migration statistics. UN DESA
#: publishes Kosovo within Serbia (SRB), so XKX has no UN DESA series of its own.
USER_ASSIGNED_CODES: dict[str, str] = {"XKX": "Kosovo"}


class Cohort(BaseModel):
    """A validated cohort file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="cohort id, used as folder name")
    title: str = Field(min_length=1)
    course: str = Field(min_length=1)
    start: dt.date
    end: dt.date
    language: str
    focus_countries: list[str] = Field(min_length=1)
    data_vintage: str
    seed: int = Field(ge=0, le=2**32 - 1)
    notebooks: list[str] | None = None
    output: str = "build"

    @field_validator("seed", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**32 - 1:
            raise ValueError(f"expected a whole number from 0 to 4294967295, got {value!r}")
        return value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")

    @field_validator("notebooks", mode="before")
    @classmethod
    def _notebook_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            accepted = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
            raise ValueError(f"{value!r} is not a course language; accepted: {accepted}")
        return value

    @field_validator("data_vintage", mode="before")
    @classmethod
    def _vintage(cls, value: Any) -> str:
        text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
        if text is None or text not in vintages():
            raise ValueError(f"{value!r} is not a bundled data vintage; accepted: {', '.join(vintages())}")
        return text

    @field_validator("focus_countries", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueError(f"expected a list of ISO 3166-1 alpha-3 codes, got {value!r}")
        problems, codes = [], []
        for item in value:
            code, problem = _country_code(item)
            if problem:
                problems.append(problem)
            elif code in codes:
                problems.append(f"{code} is listed twice")
            else:
                codes.append(code)
        if problems:
            raise ValueError("; ".join(problems))
        return codes

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Cohort":
        if self.end < self.start:
            raise ValueError(f"field 'end': {self.end} is before the start date {self.start}")
        return self

    def parameters(self) -> dict[str, Any]:
        """The values papermill injects into every notebook's ``parameters`` cell."""
        return {
            "cohort_id": self.id,
            "language": self.language,
            "focus_countries": list(self.focus_countries),
            "data_vintage": self.data_vintage,
            "seed": self.seed,
        }


def _country_code(item: Any) -> tuple[str, str]:
    """Normalise one focus country to an alpha-3 code, or explain why it is not one."""
    if not isinstance(item, str) or not item.strip():
        return "", f"{item!r} is not a country code (expected three letters such as PHL)"
    code = item.strip().upper()
    if code in USER_ASSIGNED_CODES:
        return code, ""
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code, ""
    if _user_assigned(code):
        return "", (f"{code} is a user-assigned code, not an ISO 3166-1 country; the only one accepted is "
                    + ", ".join(f"{c} ({n})" for c, n in USER_ASSIGNED_CODES.items()))
    try:
        match = pycountry.countries.lookup(item.strip())
        return "", f"{item!r} is not an alpha-3 code; for {match.name} write {match.alpha_3}"
    except LookupError:
        return "", f"{item!r} is not an ISO 3166-1 alpha-3 country code (e.g. PHL, MEX, SEN)"


def _user_assigned(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and (
        code.startswith(("AA", "X", "ZZ")) or ("QMA" <= code <= "QZZ")
    )


_FIELDS = list(Cohort.model_fields)


def parse_cohort(raw: Any, source: str = "cohort file", available_notebooks: list[str] | None = None) -> Cohort:
    """Validate an already-parsed cohort mapping; raise :class:`ConfigError` listing every problem.

    ``available_notebooks``, when given, is the list of master notebook names that
    ``notebooks`` entries must come from.
    """
    if not isinstance(raw, dict):
        raise ConfigError(source, [f"expected a mapping of fields ({', '.join(_FIELDS)}), got {type(raw).__name__}"])
    problems: list[str] = []
    cohort: Cohort | None = None
    try:
        cohort = Cohort.model_validate(raw)
    except ValidationError as err:
        problems = [_describe(e) for e in err.errors()]
    if cohort is not None and available_notebooks is not None and cohort.notebooks is not None:
        for name in cohort.notebooks:
            if name not in available_notebooks:
                problems.append(
                    f"field 'notebooks': {name!r} is not a master notebook; accepted: {', '.join(available_notebooks)}"
                )
    if problems:
        raise ConfigError(source, problems)
    assert cohort is not None
    return cohort


def load_cohort(path: str | Path, available_notebooks: list[str] | None = None) -> Cohort:
    """Read and validate a cohort YAML file.

    Raises
    ------
    ConfigError
        The file is missing, is not YAML, or has invalid fields (all problems listed).
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), ["file not found"])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(str(path), [f"not valid YAML{where}: {getattr(err, 'problem', err)}"]) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), ["not a UTF-8 text file"]) from None
    return parse_cohort(raw, str(path), available_notebooks)


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
        message = f"{message}, got {given!r}"
    return f"field '{field}': {message}"
