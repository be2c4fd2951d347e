"""e-Campus (Moodle): grades as Moodle imports them, from a participants file Moodle exports.

(Submissions as Moodle downloads them are read by :mod:`mlalib.course.submissions`.)

**Grades.** Moodle's CSV grade import (Grades > Import > CSV file) reads a header row and one
row per user; on the preview page, "Map from" names the column that identifies the user and
"Map to" the user field it holds (email address, username or ID number: ``useremail``,
``username``, ``useridnumber``); each other column is mapped to a grade item, or to a new one.
The participant id of the download is not a user field Moodle can map, so the identifier comes
from a participants file: the assignment's grading worksheet ("Download grading worksheet":
``Identifier`` = ``Participant 104233``, ``Full name``, ``Email address``), a gradebook export
(``First name``, ``Last name``, ``ID number``, ``Email address``) or any CSV with ``name`` and
``email``, ``username`` or ``idnumber`` columns. :func:`moodle_grades` writes the identifier
column, then one column per graded notebook (points) and the score out of 100, numbers with a
decimal point whatever the locale.

Example
-------
>>> IDENTIFIERS["email"][0]
'Email address'
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mlalib.errors import ConfigError, InputError, MissingColumnError
from mlalib.files import csv_text, nfc
from mlalib.i18n import text

if TYPE_CHECKING:
    from mlalib.course.gradebook import GradingReport

_PARTICIPANT_ID = re.compile(r"(\d+)\s*$")
#: Identifier columns Moodle can map: option value -> (column in the grade file, accepted headers of a participants file)
IDENTIFIERS = {
    "email": ("Email address", ("email address", "email", "e-mail", "useremail")),
    "username": ("Username", ("username", "user name")),
    "idnumber": ("ID number", ("id number", "idnumber", "useridnumber")),
}
_NAME_COLUMNS = ("full name", "fullname", "name", "participant")


@dataclass(frozen=True)
class Participants:
    """A participants file: by name and by Moodle participant id, the chosen identifier's value."""

    identifier: str
    by_name: dict[str, str]
    by_id: dict[str, str]

    @property
    def column(self) -> str:
        return IDENTIFIERS[self.identifier][0]

    def lookup(self, participant: str, moodle_id: str | None) -> str | None:
        """The identifier of a gradebook participant (by participant id first, then by name), or None."""
        if moodle_id and moodle_id in self.by_id:
            return self.by_id[moodle_id]
        name = re.sub(r"\s*\(\d+\)$", "", participant) if moodle_id else participant
        return self.by_name.get(_key(name))


def _key(name: str) -> str:
    return " ".join(nfc(name).casefold().split())


def read_participants(path: str | Path, identifier: str | None = None) -> Participants:
    """Read a participants file (see the module docstring); ``identifier`` is ``email``, ``username`` or
    ``idnumber`` (default: the first of these the file has)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"the participants file {str(file)!r} does not exist")
    try:
        content = file.read_bytes().decode("utf-8-sig")
        table = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False,
                            sep=None if "\t" in content.split("\n", 1)[0] else ",", engine="python")
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as err:
        raise InputError(f"the participants file {str(file)!r} is not a readable UTF-8 CSV: {err}") from None
    columns = {c.strip().casefold(): c for c in table.columns}
    if identifier is not None and identifier not in IDENTIFIERS:
        raise InputError(f"argument 'identifier' must be one of {sorted(IDENTIFIERS)}, got {identifier!r}")
    choices = [identifier] if identifier else list(IDENTIFIERS)
    chosen = next(((key, columns[h]) for key in choices for h in IDENTIFIERS[key][1] if h in columns), None)
    if chosen is None:
        wanted = " or ".join(repr(IDENTIFIERS[key][0]) for key in choices)
        raise MissingColumnError(f"the participants file {str(file)!r} has no column {wanted} "
                                 "(a user field Moodle can match)")
    key, id_column = chosen
    names = _names(table, columns)
    if names is None:
        raise MissingColumnError(f"the participants file {str(file)!r} needs a 'Full name' column, or 'First name' "
                                 "and 'Last name', or an 'Identifier' column ('Participant 104233')")
    ids = [_participant_id(v) for v in table[columns["identifier"]]] if "identifier" in columns else [""] * len(table)
    problems: list[str] = []
    by_name: dict[str, str] = {}
    by_id: dict[str, str] = {}
    first_row: dict[str, tuple[int, str]] = {}
    owner: dict[str, tuple[int, str]] = {}
    for row, (name, number, value) in enumerate(zip(names, ids, table[id_column].str.strip()), start=2):
        person = f"#{number}" if number else _key(name)
        if not value:
            problems.append(f"row {row}: column {id_column!r} is empty")
            continue
        if person and person in first_row and first_row[person][1] != value:
            first, earlier = first_row[person]
            problems.append(f"row {row}: {name or number!r} is also on row {first} with another {id_column!r} "
                            f"({earlier!r}, here {value!r}): one identifier per person")
            continue
        first_row.setdefault(person, (row, value))
        if value.casefold() in owner and owner[value.casefold()][1] != person:
            problems.append(f"row {row}: {id_column!r} {value!r} is also on row {owner[value.casefold()][0]}, for "
                            "another person: one person per identifier")
            continue
        owner.setdefault(value.casefold(), (row, person))
        if name:
            by_name[_key(name)] = value
        if number:
            by_id[number] = value
    if problems:
        raise ConfigError(f"the participants file {str(file)!r}", problems)
    return Participants(key, by_name, by_id)


def _participant_id(raw: str) -> str:
    """The participant id of a worksheet's ``Identifier`` cell (``Participant 104233``), else ""."""
    match = _PARTICIPANT_ID.search(str(raw))
    return match.group(1) if match else ""


def _names(table: pd.DataFrame, columns: dict[str, str]) -> list[str] | None:
    for header in _NAME_COLUMNS:
        if header in columns:
            return [nfc(v.strip()) for v in table[columns[header]]]
    if "first name" in columns and "last name" in columns:
        return [nfc(f"{a.strip()} {b.strip()}") for a, b in zip(table[columns["first name"]],
                                                                 table[columns["last name"]])]
    if "identifier" in columns:
        return [""] * len(table)
    return None


def _number(value: float) -> str:
    """A number with a decimal point and at most two decimals, whatever the locale (``12.5``, ``0``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def moodle_grades(report: GradingReport) -> tuple[str, list[str]]:
    """The grade-import CSV (identifier, one column per graded notebook in course order, the score out of
    100 under a header in the cohort's language) and the gradebook participants the participants file
    does not list (they are not in the CSV). Needs ``report.moodle``.

    Moodle maps each column to a grade item by hand on its import page, so the score column's header
    may be in any language; numbers have a decimal point whatever the locale (Moodle's import reads them so).

    Example
    -------
    >>> _number(12.5), _number(100.0), _number(2 / 3)
    ('12.5', '100', '0.67')
    """
    participants = report.moodle
    if participants is None:
        raise InputError("the Moodle grade file needs a participants file (argument 'moodle_participants')")
    exercises = report.rows[report.rows["exercise"] != ""]
    graded = [name for name in report.notebooks if name in set(exercises["notebook"])]
    points = exercises.groupby(["participant", "notebook"])["points"].sum()
    rows, missing = [], []
    for _, person in report.participants.iterrows():
        name = person["participant"]
        identifier = participants.lookup(name, report.moodle_ids.get(name))
        if identifier is None:
            missing.append(name)
            continue
        rows.append([identifier, *(_number(float(points.get((name, n), 0.0))) for n in graded),
                     _number(float(person["score"]))])
    header = [participants.column, *graded, text("moodle.score", report.cohort.language)]
    return csv_text(header, rows), missing
