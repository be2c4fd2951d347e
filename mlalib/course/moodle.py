"""e-Campus (Moodle): submissions as Moodle downloads them, grades as Moodle imports them.

**Submissions.** An assignment's "Download all submissions" gives one folder per participant
and submission plugin, named ``<full name>_<participant id>_assignsubmission_<plugin>_``
(e.g. ``Amina Diallo_104233_assignsubmission_file_``), or, without folders, files named
``<full name>_<participant id>_assignsubmission_<plugin>_<file name>``. The participant is the
full name (Unicode NFC, so a name typed on macOS and on Windows is the same name); two different
people with the same name are told apart by their participant id: ``Name (104233)``.

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
>>> moodle_folder("Amina Diallo_104233_assignsubmission_file_")
('Amina Diallo', '104233')
>>> moodle_folder("amina") is None
True
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mlalib.course.certificates import CERTIFICATE_FILE_COLUMNS
from mlalib.errors import InputError, MissingColumnError
from mlalib.files import csv_text

if TYPE_CHECKING:
    from mlalib.course.gradebook import GradingReport
    from mlalib.course.submissions import Submission

_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<rest>.*)$", re.DOTALL)
_PARTICIPANT_ID = re.compile(r"(\d+)\s*$")
#: Identifier columns Moodle can map: option value -> (column in the grade file, accepted headers of a participants file)
IDENTIFIERS = {
    "email": ("Email address", ("email address", "email", "e-mail", "useremail")),
    "username": ("Username", ("username", "user name")),
    "idnumber": ("ID number", ("id number", "idnumber", "useridnumber")),
}
_NAME_COLUMNS = ("full name", "fullname", "name", "participant")


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (``'José'`` typed as ``e`` + accent is the same name as ``é``)."""
    return unicodedata.normalize("NFC", text)


def moodle_folder(name: str) -> tuple[str, str] | None:
    """(full name, participant id) of a folder or file name in Moodle's download layout, else None."""
    match = _FOLDER.match(nfc(name))
    if match is None:
        return None
    return match.group("name").strip(), match.group("id")


def with_moodle_names(found: list[Submission]) -> list[Submission]:
    """Submissions whose participant is read from Moodle's folder or file names; every name in NFC.

    Two folders with the same name and different participant ids are two people: both become
    ``Name (id)``. Other folders keep their names (in NFC).
    """
    people: dict[str, set[str]] = defaultdict(set)
    parsed = []
    for sub in found:
        moodle = moodle_folder(sub.relative.split("/", 1)[0])
        parsed.append(moodle)
        if moodle:
            people[moodle[0]].add(moodle[1])
    renamed = []
    for sub, moodle in zip(found, parsed):
        if moodle is None:
            renamed.append(replace(sub, participant=nfc(sub.participant)))
            continue
        name, number = moodle
        renamed.append(replace(sub, participant=f"{name} ({number})" if len(people[name]) > 1 else name))
    return renamed


def moodle_ids(found: list[Submission]) -> dict[str, str]:
    """Participant (as in the gradebook) -> Moodle participant id, for submissions in Moodle's layout."""
    ids = {}
    for sub in with_moodle_names(found):
        moodle = moodle_folder(sub.relative.split("/", 1)[0])
        if moodle:
            ids[sub.participant] = moodle[1]
    return ids


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
        text = file.read_bytes().decode("utf-8-sig")
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            sep=None if "\t" in text.split("\n", 1)[0] else ",", engine="python")
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
    by_name, by_id = {}, {}
    for row, (name, value) in enumerate(zip(names, table[id_column].str.strip()), start=2):
        if not value:
            raise InputError(f"the participants file {str(file)!r}, row {row}: column {id_column!r} is empty")
        if name:
            by_name[_key(name)] = value
    if "identifier" in columns:
        for raw, value in zip(table[columns["identifier"]], table[id_column].str.strip()):
            match = _PARTICIPANT_ID.search(str(raw))
            if match:
                by_id[match.group(1)] = value
    return Participants(key, by_name, by_id)


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


def moodle_grades(report: GradingReport, participants: Participants,
                  ids: dict[str, str]) -> tuple[str, list[str]]:
    """The grade-import CSV (identifier, one column per graded notebook, score out of 100) and the
    gradebook participants the participants file does not list (they are not in the CSV).

    Example
    -------
    >>> _number(12.5), _number(100.0), _number(2 / 3)
    ('12.5', '100', '0.67')
    """
    exercises = report.rows[report.rows["exercise"] != ""]
    graded = list(dict.fromkeys(report.exercises["notebook"]))  # notebooks with points, in course order
    points = exercises.groupby(["participant", "notebook"])["points"].sum()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([participants.column, *graded, "Score (out of 100)"])
    missing = []
    for _, person in report.participants.iterrows():
        name = person["participant"]
        identifier = participants.lookup(name, ids.get(name))
        if identifier is None:
            missing.append(name)
            continue
        writer.writerow([identifier, *(_number(float(points.get((name, n), 0.0))) for n in graded),
                         _number(float(person["score"]))])
    return out.getvalue(), missing


def certificates_csv(report: GradingReport, participants: Participants | None = None,
                     ids: dict[str, str] | None = None) -> str | None:
    """The certificate file (needs a participation record; else None): for each participant the certificate
    (empty if none) and the reason, then what a diploma needs to count it across cohorts
    (:data:`~mlalib.course.certificates.CERTIFICATE_FILE_COLUMNS`): the cohort, its course, the programme
    of the rules, the course's end date, and the participant's e-Campus identifier and its field (``email``,
    ``username`` or ``idnumber``) when the participants file lists them, else empty."""
    people = report.participants
    if "certificate" not in people.columns:
        return None
    cohort = report.cohort
    rows = []
    for person in people[["participant", "certificate", "reason"]].fillna("").itertuples(index=False):
        identifier = participants.lookup(person.participant, (ids or {}).get(person.participant)) \
            if participants is not None else None
        rows.append([person.participant, person.certificate, person.reason, cohort.id, cohort.course,
                     report.programme, cohort.end.isoformat(), identifier or "",
                     participants.identifier if identifier and participants is not None else ""])
    return csv_text(CERTIFICATE_FILE_COLUMNS, rows)


def write_exports(report: GradingReport, out: str | Path, participants: Participants | None,
                  ids: dict[str, str]) -> list[str]:
    """Write ``certificates.csv`` (with a participation record) and ``moodle_grades.csv`` (with a participants
    file) to the gradebook folder ``out``; returns the participants missing from the participants file."""
    from mlalib.files import write_atomic

    folder = Path(out)
    certificates = certificates_csv(report, participants, ids)
    if certificates is not None:
        write_atomic(folder / "certificates.csv", certificates)
    if participants is None:
        return []
    grades, missing = moodle_grades(report, participants, ids)
    write_atomic(folder / "moodle_grades.csv", grades)
    return missing
