"""A diploma across cohorts: who qualifies, from several cohorts' certificate files and a capstone list.

The ITCILO **Diploma for Labour Migration Experts and Practitioners** asks for the Academy on Labour
Migration (the mandatory course), three courses of the candidate's choice and an individual capstone
project, with an ITCILO Certificate of Achievement for each course (source: ITCILO,
https://www.itcilo.org/diplomas/diploma-labour-migration-experts-and-practitioners); ITCILO's diplomas
ask for the courses within five years. The rules are data (``mlalib/course/diplomas/*.yaml``, or any file
with the same fields), validated strictly:

* ``academy``: the ``programme`` of the Academy's certificate rules and the certificates that count;
* ``courses``: how many eligible courses (``count``) and which (``eligible``: a catalogue course id, the
  programme of its certificate rules and the certificates that count);
* ``window``: ``years``, and which dates must fall within them (``within``: ``courses`` always, and
  ``academy``, ``capstone``). The source does not say how the five years are counted; the course's
  reading is: from the earliest end date of what counts to the latest, both days included
  (29 February plus five years is 28 February);
* ``capstone``: whether a capstone project approved by the diploma's coordinator is needed.

**Inputs** (:mod:`mlalib.course.diploma_records`): each cohort's ``certificates.csv`` as ``mlalib grade
--participation`` writes it (the cohort, its course, the programme, the course's end date and, with
``--moodle-participants``, the participant's e-Campus identifier), a capstone list and an aliases file,
checked, and matched into persons across cohorts.

**Where a person stands** (:func:`standing`): every window of ``years`` that starts at one of the person's
dates is tried, and none; the one that counts the most of what is required and can still be completed
(what is lacking can end by its last day, which has not passed) counts, the latest between equals (the
most time left). :func:`diploma_table` says it in words of the chosen language.

Example
-------
>>> rules = load_diploma_rules("labour-migration-experts")
>>> rules.courses.count, rules.window.years, rules.window.within
(3, 5, ['academy', 'courses'])
>>> add_years(dt.date(2024, 2, 29), 5)
datetime.date(2029, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlalib.course.courses import course_ids, course_title
from mlalib.course.diploma_records import Capstone, Completion, Inputs, Person, people
from mlalib.course.yamlfile import read_yaml
from mlalib.errors import ConfigError, shown
from mlalib.files import csv_text
from mlalib.i18n import format_date, format_number, label, require_language, text

DIPLOMAS = Path(__file__).resolve().parent / "diplomas"


class AcademyRule(BaseModel):
    """The mandatory course: the programme of its certificate rules and the certificates that count."""

    model_config = ConfigDict(extra="forbid")
    programme: str = Field(min_length=1)
    certificates: list[str] = Field(min_length=1)


class EligibleCourse(BaseModel):
    """A course that counts: catalogue id, programme of its certificate rules, certificates that count."""

    model_config = ConfigDict(extra="forbid")
    course: str = Field(min_length=1)
    programme: str = Field(min_length=1)
    certificates: list[str] = Field(min_length=1)

    @field_validator("course")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in course_ids():
            raise ValueError(f"{value!r} is not a course of the catalogue ({', '.join(course_ids())})")
        return value


class CourseRule(BaseModel):
    """How many eligible courses, and which."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=1, le=50)
    eligible: list[EligibleCourse] = Field(min_length=1)


class WindowRule(BaseModel):
    """The years within which the dates of ``within`` must fall."""

    model_config = ConfigDict(extra="forbid")
    years: int = Field(ge=1, le=50)
    within: list[Literal["academy", "courses", "capstone"]]

    @field_validator("within")
    @classmethod
    def _courses_once(cls, value: list[str]) -> list[str]:
        if "courses" not in value:
            raise ValueError("must list 'courses' (the eligible courses are always counted within the window)")
        if len(set(value)) < len(value):
            raise ValueError(f"lists an entry twice: {value}")
        return value


class DiplomaRules(BaseModel):
    """A diploma's rules (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")
    diploma: str = Field(min_length=1)
    academy: AcademyRule
    courses: CourseRule
    window: WindowRule
    capstone: bool = True


def load_diploma_rules(name_or_path: str | Path) -> DiplomaRules:
    """Rules of a bundled diploma (``"labour-migration-experts"``) or of a YAML file; a :class:`ConfigError`
    names the file and every problem."""
    path = Path(name_or_path)
    if not path.suffix:
        path = DIPLOMAS / f"{name_or_path}.yaml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in DIPLOMAS.glob("*.yaml")))
            raise ConfigError(str(name_or_path), [f"no bundled diploma of that name; known: {known}"])
    raw = read_yaml(path)
    try:
        rules = DiplomaRules.model_validate(raw)
    except ValidationError as err:
        problems = [f"{'.'.join(map(str, e['loc'])) or 'the file'}: {str(e['msg']).removeprefix('Value error, ')}"
                    + ("" if e["type"] in ("missing", "value_error") else f", got {shown(e.get('input'))}")
                    for e in err.errors()]
        raise ConfigError(str(path), problems) from None
    problems = []
    pairs = [(e.course, e.programme.casefold()) for e in rules.courses.eligible]
    for number, pair in enumerate(pairs):
        if pair in pairs[:number]:
            problems.append(f"courses.eligible.{number}: course {pair[0]!r} with this programme is listed twice")
    if any(e.programme.casefold() == rules.academy.programme.casefold() for e in rules.courses.eligible):
        problems.append("courses.eligible: a course of the Academy's programme cannot count as an eligible course too")
    distinct = len({e.course for e in rules.courses.eligible})
    if rules.courses.count > distinct:
        problems.append(f"courses.count: {rules.courses.count} courses are asked for, but only {distinct} "
                        "are eligible; nobody could qualify")
    if problems:
        raise ConfigError(str(path), problems)
    return rules


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Standing:
    """Where one person stands: what counts, what is lacking (message keys and values), what does not count."""

    person: Person
    academy: Completion | None
    courses: list[Completion]
    capstone: Capstone | None
    lacking: list[tuple[str, dict[str, object]]]
    not_counted: list[tuple[Completion, str, dict[str, object]]]
    window: tuple[dt.date, dt.date] | None

    @property
    def qualifies(self) -> bool:
        return not self.lacking


def _academy_rows(person: Person, rules: DiplomaRules) -> list[Completion]:
    wanted = {c.casefold() for c in rules.academy.certificates}
    return [c for c in person.completions if c.programme.casefold() == rules.academy.programme.casefold()
            and c.certificate.casefold() in wanted]


def _course_rows(person: Person, rules: DiplomaRules) -> list[Completion]:
    found = []
    for c in person.completions:
        for entry in rules.courses.eligible:
            if c.course == entry.course and c.programme.casefold() == entry.programme.casefold() \
                    and c.certificate.casefold() in {n.casefold() for n in entry.certificates}:
                found.append(c)
                break
    return found


def standing(person: Person, rules: DiplomaRules, today: dt.date) -> Standing:
    """What counts for ``person`` and what is still lacking on ``today``.

    Every window of ``rules.window.years`` starting at one of the person's dates is tried, and none: the
    plan that meets the most requirements counts, among those that can still be completed (what is lacking
    can end by the window's last day, which has not passed); between equals, the latest window (the most
    time left).
    """
    years, within = rules.window.years, set(rules.window.within)
    academies, courses = _academy_rows(person, rules), _course_rows(person, rules)
    capstone = person.capstone if rules.capstone else None
    dated = [c.end for c in courses] + ([c.end for c in academies] if "academy" in within else []) \
        + ([capstone.approved] if capstone and "capstone" in within else [])
    best: tuple[tuple[int, dt.date], Standing] | None = None
    for start in [None, *sorted(set(dated))]:
        last = add_years(start, years) if start else None

        def inside(day: dt.date, start: dt.date | None = start, last: dt.date | None = last) -> bool:
            return start is not None and last is not None and start <= day <= last

        academy_options = [a for a in academies if "academy" not in within or inside(a.end)]
        academy = max(academy_options, key=lambda c: (c.end, c.cohort), default=None)
        first_of_course: dict[str, Completion] = {}
        for c in sorted((c for c in courses if inside(c.end)), key=lambda c: (c.end, c.cohort)):
            first_of_course.setdefault(c.course, c)
        counted = sorted(first_of_course.values(), key=lambda c: (c.end, c.cohort))[:rules.courses.count]
        project = capstone if capstone and ("capstone" not in within or inside(capstone.approved)) else None
        windowed = [c.end for c in counted] + ([academy.end] if academy and "academy" in within else []) \
            + ([project.approved] if project and "capstone" in within else [])
        first = min(windowed, default=None)
        deadline = add_years(first, years) if first else None
        lacking: list[tuple[str, dict[str, object]]] = []
        windowed_lacking = False
        if academy is None:
            lacking.append(("academy", {}))
            windowed_lacking |= "academy" in within
        if len(counted) < rules.courses.count:
            lacking.append(("courses", {"count": rules.courses.count - len(counted), "none": not counted}))
            windowed_lacking = True
        if rules.capstone and project is None:
            lacking.append(("capstone", {}))
            windowed_lacking |= "capstone" in within
        if windowed_lacking and deadline is not None and deadline < today:
            continue  # what is lacking could only end after a last day that has passed
        score = (academy is not None) + len(counted) + (project is not None)
        rank = (score, first or dt.date.min)
        if best is None or rank > best[0]:
            window = (first, deadline) if first and deadline else None
            best = (rank, Standing(person, academy, counted, project,
                                   [(what, {**values, "deadline": deadline if windowed_lacking else None})
                                    for what, values in lacking], [], window))
    assert best is not None  # the plan without a window can always be completed
    result = best[1]
    for c in person.completions:
        if c in (result.academy, *result.courses) or not c.certificate:
            continue
        windowed = c in courses or "academy" in within
        if c not in academies and c not in courses:
            result.not_counted.append((c, "diploma.not_eligible", {}))
        elif (result.academy is not None) if c in academies else any(k.course == c.course for k in result.courses):
            result.not_counted.append((c, "diploma.counted_once", {}))
        elif windowed and result.window is not None and not result.window[0] <= c.end <= result.window[1]:
            result.not_counted.append((c, "diploma.outside_window", {"start": result.window[0],
                                                                     "end": result.window[1]}))
        elif windowed and result.window is None and add_years(c.end, years) < today:
            result.not_counted.append((c, "diploma.window_passed", {"end": add_years(c.end, years)}))
        else:
            result.not_counted.append((c, "diploma.not_needed", {}))
    return result


def _values(values: dict[str, object], language: str, years: int) -> dict[str, str]:
    shown_values = {"years": format_number(years, language)}
    for key, value in values.items():
        if isinstance(value, dt.date):
            shown_values[key] = format_date(value, language)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown_values[key] = format_number(value, language)
        else:
            shown_values[key] = str(value)
    return shown_values


def lacking_words(result: Standing, rules: DiplomaRules, language: str = "en") -> list[str]:
    """What ``result``'s person still lacks, in plain words of ``language`` (empty when they qualify).

    >>> rules = load_diploma_rules("labour-migration-experts")
    >>> lacking_words(standing(Person(), rules, dt.date(2026, 1, 1)), rules)[1:]
    ['3 eligible courses within 5 years', 'the capstone project']
    """
    words = []
    for what, values in result.lacking:
        shown_values = _values({k: v for k, v in values.items() if k != "none"}, language, rules.window.years)
        if what == "academy":
            phrase = text("diploma.lacks_academy", language,
                          certificate=" / ".join(label(c, language) for c in rules.academy.certificates),
                          programme=label(rules.academy.programme, language))
        elif what == "courses" and values["none"]:
            phrase = text("diploma.lacks_all_courses", language, **shown_values)
        elif what == "courses":
            phrase = text("diploma.lacks_one_course" if values["count"] == 1 else "diploma.lacks_courses",
                          language, **shown_values)
        else:
            phrase = text("diploma.lacks_capstone", language)
        if values.get("deadline") is not None and (what == "courses" or what in rules.window.within):
            key = "diploma.approved_by" if what == "capstone" else "diploma.ending_by"
            phrase = text(key, language, what=phrase, date=shown_values["deadline"])
        words.append(phrase)
    return words


def _counted(completion: Completion, rules: DiplomaRules, language: str, certificate: bool = False) -> str:
    """A certificate as the table shows it: the course (or the Academy), the cohort, the end date and, with
    ``certificate``, which certificate it is."""
    academy = completion.programme.casefold() == rules.academy.programme.casefold()
    title = label(rules.academy.programme, language) if academy else course_title(completion.course, language)
    values = {"title": title, "cohort": completion.cohort, "date": format_date(completion.end, language)}
    if certificate:
        return text("diploma.counted_certificate", language, certificate=label(completion.certificate, language),
                    **values)
    return text("diploma.counted", language, **values)


#: The columns of the diploma table, as message keys (``diploma.column.<name>``).
TABLE_COLUMNS = ("person", "name", "qualifies", "academy", "courses", "capstone", "lacking", "not_counted", "notes")


def diploma_table(inputs: Inputs, rules: DiplomaRules, language: str = "en",
                  today: dt.date | None = None) -> pd.DataFrame:
    """One row per person: identifiers, name, whether they qualify, what counts, what is still lacking, what does
    not count and why, and notes on how their records were matched; every word in ``language``."""
    require_language(language)
    today = today or dt.date.today()
    rows = []
    for person in people(inputs):
        result = standing(person, rules, today)
        academy = _counted(result.academy, rules, language) if result.academy else ""
        separator = text("diploma.list_separator", language)
        courses = separator.join(_counted(c, rules, language) for c in result.courses)
        capstone = text("diploma.capstone_counted", language, title=result.capstone.title,
                        date=format_date(result.capstone.approved, language)) if result.capstone else ""
        not_counted = separator.join(
            text("diploma.not_counted", language,
                 what=_counted(c, rules, language, certificate=True),
                 why=text(key, language, **_values(values, language, rules.window.years)))
            for c, key, values in result.not_counted)
        notes = separator.join(text(key, language, **values) for key, values in person.notes)
        rows.append([", ".join(person.identifiers), person.name, label(result.qualifies, language), academy, courses,
                     capstone, separator.join(lacking_words(result, rules, language)), not_counted, notes])
    return pd.DataFrame(rows, columns=[text(f"diploma.column.{c}", language) for c in TABLE_COLUMNS])


def diploma_csv(table: pd.DataFrame) -> str:
    """The diploma table as CSV, safe to open in a spreadsheet (:func:`mlalib.files.csv_text`)."""
    return csv_text(list(table.columns), table.itertuples(index=False))


def summary(table: pd.DataFrame, rules: DiplomaRules, language: str = "en", today: dt.date | None = None) -> str:
    """The printed summary: how many qualify, then one line per person (name, identifiers, qualifies or lacks)."""
    today = today or dt.date.today()
    columns = [text(f"diploma.column.{c}", language) for c in TABLE_COLUMNS]
    yes = label(True, language)
    count = int((table[columns[2]] == yes).sum())
    lines = [text("diploma.summary", language, diploma=label(rules.diploma, language),
                  qualified=format_number(count, language), people=format_number(len(table), language),
                  date=format_date(today, language))]
    for row in table.itertuples(index=False):
        who = f"{row[1]} ({row[0]})" if row[0] else row[1]
        state = text("diploma.qualifies", language) if row[2] == yes else text("diploma.lacks", language, what=row[6])
        lines.append(f"  {_printable(who)}: {state}")
        if row[8]:
            lines.append(f"    {_printable(row[8])}")
    return "\n".join(lines)


#: Characters that change how a terminal shows what follows: bidirectional embeddings, overrides and isolates.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(value: str) -> str:
    """``value`` with control characters (escape sequences, bell, line ends) and bidirectional controls shown as
    U+FFFD: they would reach the terminal raw. Other characters (accents, no-break spaces) stay.

    >>> _printable("Ana\x1b[31m\u00a0Lima\u202e")
    'Ana\ufffd[31m\xa0Lima\ufffd'
    """
    return "".join("\N{REPLACEMENT CHARACTER}" if unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS else ch
                   for ch in value)
