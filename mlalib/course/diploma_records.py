"""The records a diploma reads, checked, and who is who across cohorts.

* Certificate files: each cohort's ``certificates.csv`` as ``mlalib grade --participation`` writes it
  (:data:`~mlalib.course.certificates.CERTIFICATE_FILE_COLUMNS`), or the gradebook folder holding it;
* a capstone list (:data:`CAPSTONE_COLUMNS`) and an aliases file (:data:`ALIAS_COLUMNS`).

Every problem is reported at once, one line each naming the file, the line (as a spreadsheet numbers
it), the column, the value and what is expected (:func:`read_inputs`). Values written as text by
:func:`mlalib.files.csv_safe` (``'=...``) are read back as they were.

**Who is who** (:func:`people`): records with the same e-Campus identifier (case aside) are one person;
a record without an identifier is the person of the same name (:func:`name_key`: accents, case,
punctuation and the order of the words aside) when exactly one identified person has that name; an
aliases file says that two identifiers or names are one person. Where that is not clear the person gets
a note instead of a guess: a name with two identifiers (counted as two people), a name without an
identifier that several people have (counted apart), a capstone of nobody in the certificate files.

Example
-------
>>> name_key("PÉREZ, José") == name_key("jose  perez")
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from mlalib.course.certificates import CERTIFICATE_FILE_COLUMNS
from mlalib.course.courses import course_ids
from mlalib.course.moodle import IDENTIFIERS
from mlalib.errors import ConfigError, InputError
from mlalib.files import csv_restore

#: Columns of a capstone list: the person's e-Campus identifier (or empty) and name (at least one of the
#: two), the project's title and the date it was approved (YYYY-MM-DD); ``notes`` may be added.
CAPSTONE_COLUMNS = ("identifier", "name", "title", "approved")
#: Columns of an aliases file: two identifiers or names of one person.
ALIAS_COLUMNS = ("person", "same_as")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

def name_key(name: str) -> str:
    """What two spellings of one name share: letters without accents, in lower case, the words sorted.

    >>> name_key("Diallo, Amina"), name_key("amina  DIALLO")
    ('amina diallo', 'amina diallo')
    """
    words = sorted(re.findall(r"\w+", _plain(name)))
    return " ".join(words) or " ".join(name.casefold().split())


def _plain(name: str) -> str:
    """``name`` without accents, in lower case (to sort and match names)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Completion:
    """One row of a certificate file."""

    file: str
    line: int
    participant: str
    certificate: str
    cohort: str
    course: str
    programme: str
    end: dt.date
    identifier: str


@dataclass(frozen=True)
class Capstone:
    """One row of the capstone list."""

    file: str
    line: int
    identifier: str
    name: str
    title: str
    approved: dt.date


@dataclass
class Inputs:
    """Everything read for a diploma, checked."""

    completions: list[Completion]
    capstones: list[Capstone]
    aliases: list[tuple[str, str, str, int]] = field(default_factory=list)  # person, same_as, file, line


class _Problems:
    """Problems found in the input files, one line each: file, line, column, value, what is expected."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        where = file + (f", line {line}" if line is not None else "") + (f", column {column!r}" if column else "")
        self.lines.append(f"{where}: {message}")

    def raise_any(self) -> None:
        if self.lines:
            raise ConfigError("the diploma's input files", self.lines)


def _table(path: Path, shown_as: str, problems: _Problems) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the rows (line numbers as a spreadsheet numbers them) of a UTF-8 CSV, values stripped and
    given back as written before :func:`mlalib.files.csv_safe`; None (and a problem) if it cannot be read."""
    if not path.is_file():
        problems.add(shown_as, None, None, "file not found" if not path.exists() else "not a file")
        return None
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add(shown_as, None, None, f"not a UTF-8 text file (byte {err.start:,}); expected a CSV file "
                     "saved as 'CSV UTF-8'")
        return None
    if "\x00" in content:
        problems.add(shown_as, None, None, "not a text file (it contains NUL bytes); expected a CSV file")
        return None
    try:
        records = list(csv.reader(io.StringIO(content, newline="")))
    except csv.Error as err:
        problems.add(shown_as, None, None, f"not a readable CSV file: {err}")
        return None
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        problems.add(shown_as, None, None, "the file is empty; expected a header row")
        return None
    header = [csv_restore(cell.strip()) for cell in records[0]]
    rows = [(number, [csv_restore(cell.strip()) for cell in record])
            for number, record in enumerate(records[1:], start=2)]
    return header, rows


def _date(value: str, today: dt.date, file: str, line: int, column: str, problems: _Problems,
          what: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        day = None
    if day is None:
        problems.add(file, line, column, f"{value!r} is not a date; expected YYYY-MM-DD (e.g. 2026-04-10)")
        return None
    if day > today:
        problems.add(file, line, column, f"{value} is after today ({today.isoformat()}); {what}")
        return None
    return day


def _certificate_file(path: Path, today: dt.date, problems: _Problems) -> list[Completion]:
    file = str(path)
    table = _table(path, file, problems)
    if table is None:
        return []
    header, rows = table
    missing = [c for c in CERTIFICATE_FILE_COLUMNS if c not in header]
    if missing:
        problems.add(file, 1, None, f"lacks the column(s) {', '.join(missing)}; expected a certificates.csv "
                     f"written by 'mlalib grade --participation' ({', '.join(CERTIFICATE_FILE_COLUMNS)})")
        return []
    position = {c: header.index(c) for c in CERTIFICATE_FILE_COLUMNS}
    known_courses = course_ids()
    found: list[Completion] = []
    first: dict[str, tuple[str, int]] = {}
    names: dict[str, tuple[int, str, str]] = {}
    identifiers: dict[str, int] = {}
    for line, cells in rows:
        if len(cells) != len(header):
            problems.add(file, line, None, f"has {len(cells)} cells; the header has {len(header)}")
            continue
        row = {c: cells[i] for c, i in position.items()}
        count = len(problems.lines)
        key = name_key(row["participant"])
        if not row["participant"]:
            problems.add(file, line, "participant", "empty; expected the participant's name")
        elif key in names and (names[key][1] == row["participant"] or not (names[key][2] or row["identifier"])):
            problems.add(file, line, "participant", f"{row['participant']!r} is listed twice (also line "
                         f"{names[key][0]}, as {names[key][1]!r}); expected one line per participant, and an "
                         "identifier (--moodle-participants) for two people of the same name")
        names.setdefault(key, (line, row["participant"], row["identifier"]))
        for column in ("cohort", "course", "programme", "course_end"):
            if column in first and row[column] != first[column][0]:
                problems.add(file, line, column, f"{row[column]!r} differs from line {first[column][1]} "
                             f"({first[column][0]!r}); expected one cohort per certificate file")
            first.setdefault(column, (row[column], line))
        if not row["cohort"]:
            problems.add(file, line, "cohort", "empty; expected the cohort's id")
        if row["course"] not in known_courses:
            problems.add(file, line, "course", f"{row['course']!r} is not a course of the catalogue; expected "
                         f"one of {', '.join(known_courses)}")
        if not row["programme"]:
            problems.add(file, line, "programme", "empty; expected the programme of the certificate rules")
        end = _date(row["course_end"], today, file, line, "course_end", problems,
                    "expected the end date of a course that has ended")
        field_name, identifier = row["identifier_field"], row["identifier"]
        if field_name not in ("", *IDENTIFIERS):
            problems.add(file, line, "identifier_field", f"{field_name!r} is not an e-Campus user field; expected "
                         f"{', '.join(IDENTIFIERS)} or empty")
        elif bool(field_name) != bool(identifier):
            problems.add(file, line, "identifier" if field_name else "identifier_field",
                         "empty while the other of 'identifier' and 'identifier_field' is not; expected both "
                         "or neither")
        if identifier and identifier.casefold() in identifiers:
            problems.add(file, line, "identifier", f"{identifier!r} is also the identifier of line "
                         f"{identifiers[identifier.casefold()]}; expected one identifier per participant")
        if identifier:
            identifiers.setdefault(identifier.casefold(), line)
        if len(problems.lines) == count and end is not None:
            found.append(Completion(file, line, row["participant"], row["certificate"], row["cohort"], row["course"],
                                    row["programme"], end, identifier))
    return found


def _capstone_list(path: Path, today: dt.date, problems: _Problems) -> list[Capstone]:
    file = str(path)
    table = _table(path, file, problems)
    if table is None:
        return []
    header, rows = table
    missing = [c for c in CAPSTONE_COLUMNS if c not in header]
    unknown = [c for c in header if c not in (*CAPSTONE_COLUMNS, "notes")]
    if missing or unknown or len(set(header)) < len(header):
        problems.add(file, 1, None, f"has the columns {', '.join(header)}; expected {', '.join(CAPSTONE_COLUMNS)} "
                     "(and, if you wish, notes), each once")
        return []
    found: list[Capstone] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        if len(cells) != len(header):
            problems.add(file, line, None, f"has {len(cells)} cells; the header has {len(header)}")
            continue
        row = dict(zip(header, cells))
        count = len(problems.lines)
        if not row["identifier"] and not row["name"]:
            problems.add(file, line, None, "'identifier' and 'name' are both empty; expected the person's "
                         "e-Campus identifier or name")
        key = ("id:" + row["identifier"].casefold()) if row["identifier"] else "name:" + name_key(row["name"])
        if row["identifier"] or row["name"]:
            if key in seen:
                problems.add(file, line, "identifier" if row["identifier"] else "name",
                             f"{row['identifier'] or row['name']!r} has a capstone on line {seen[key]} already; "
                             "expected one line per person")
            seen.setdefault(key, line)
        if not row["title"]:
            problems.add(file, line, "title", "empty; expected the capstone project's title")
        approved = _date(row["approved"], today, file, line, "approved", problems,
                         "expected the date the project was approved")
        if len(problems.lines) == count and approved is not None:
            found.append(Capstone(file, line, row["identifier"], row["name"], row["title"], approved))
    return found


def _aliases(path: Path, problems: _Problems) -> list[tuple[str, str, str, int]]:
    file = str(path)
    table = _table(path, file, problems)
    if table is None:
        return []
    header, rows = table
    if sorted(header) != sorted(ALIAS_COLUMNS):
        problems.add(file, 1, None, f"has the columns {', '.join(header)}; expected {', '.join(ALIAS_COLUMNS)}")
        return []
    found = []
    for line, cells in rows:
        row = dict(zip(header, cells))
        empty = [c for c in ALIAS_COLUMNS if not row.get(c)]
        if len(cells) != len(header) or empty:
            problems.add(file, line, empty[0] if empty else None,
                         "empty; expected an identifier or a name of a certificate file or of the capstone list")
            continue
        found.append((row["person"], row["same_as"], file, line))
    return found


def read_inputs(certificate_files: Iterable[str | Path], capstones: str | Path | None = None,
                aliases: str | Path | None = None, *, today: dt.date | None = None) -> Inputs:
    """Read and check every certificate file (a ``certificates.csv``, or a gradebook folder holding one), the
    capstone list and the aliases file; every problem is reported at once (:class:`ConfigError`, one line
    each naming the file, the line, the column, the value and what is expected)."""
    today = today or dt.date.today()
    problems = _Problems()
    completions: list[Completion] = []
    cohorts: dict[str, str] = {}
    paths: dict[Path, str] = {}
    for given in certificate_files:
        path = Path(given)
        if path.is_dir():
            path = path / "certificates.csv"
        resolved = path.resolve()
        if resolved in paths:
            problems.add(str(path), None, None, f"given twice (also as {paths[resolved]!r}); expected each "
                         "cohort's certificate file once")
            continue
        paths[resolved] = str(path)
        rows = _certificate_file(path, today, problems)
        for cohort in dict.fromkeys(c.cohort for c in rows):
            if cohort in cohorts:
                problems.add(str(path), None, "cohort", f"{cohort!r} is also the cohort of {cohorts[cohort]!r}; "
                             "expected one certificate file per cohort (the same cohort's file given twice?)")
            cohorts.setdefault(cohort, str(path))
        completions += rows
    if not paths:
        raise InputError("no certificate file given; expected one certificates.csv per cohort")
    found_capstones = _capstone_list(Path(capstones), today, problems) if capstones is not None else []
    found_aliases = _aliases(Path(aliases), problems) if aliases is not None else []
    known = {c.identifier.casefold() for c in completions if c.identifier} \
        | {c.identifier.casefold() for c in found_capstones if c.identifier} \
        | {name_key(c.participant) for c in completions} | {name_key(c.name) for c in found_capstones if c.name}
    for person, same_as, file, line in found_aliases:
        for column, value in (("person", person), ("same_as", same_as)):
            if value.casefold() not in known and name_key(value) not in known:
                problems.add(file, line, column, f"{value!r} is in no certificate file and not in the capstone "
                             "list; expected an identifier or a name written there")
    problems.raise_any()
    return Inputs(completions, found_capstones, found_aliases)


class _People:
    """Union-find over the keys of records: ``id:<identifier>`` or ``name:<name key>``."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first


def _key(identifier: str, name: str) -> str:
    return f"id:{identifier.casefold()}" if identifier else f"name:{name_key(name)}"


@dataclass
class Person:
    """The records of one person across cohorts, and the notes on how they were matched."""

    completions: list[Completion] = field(default_factory=list)
    capstone: Capstone | None = None
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # message key, values

    @property
    def identifiers(self) -> list[str]:
        found = [c.identifier for c in self.completions if c.identifier]
        if self.capstone and self.capstone.identifier:
            found.append(self.capstone.identifier)
        return sorted({i.casefold(): i for i in found}.values(), key=str.casefold)

    @property
    def name(self) -> str:
        """The name of the latest cohort (the capstone list's when there is none)."""
        if self.completions:
            return max(self.completions, key=lambda c: (c.end, c.cohort)).participant
        return self.capstone.name if self.capstone and self.capstone.name else ""


def people(inputs: Inputs) -> list[Person]:
    """The persons of the inputs (see the module docstring for how records are matched), with notes where two
    identifiers share a name or a name matches several identified persons."""
    groups = _People()
    records: list[tuple[str, str, Completion | Capstone]] = []  # key, name key, record
    for completion in inputs.completions:
        records.append((_key(completion.identifier, completion.participant), name_key(completion.participant),
                        completion))
    for capstone in inputs.capstones:
        records.append((_key(capstone.identifier, capstone.name), name_key(capstone.name) if capstone.name else "",
                        capstone))
    ids = {key for key, _, _ in records if key.startswith("id:")}
    for person, same_as, _, _ in inputs.aliases:
        keys = [f"id:{v.casefold()}" if f"id:{v.casefold()}" in ids else f"name:{name_key(v)}"
                for v in (person, same_as)]
        groups.union(*keys)
    for key, _, _ in records:
        groups.find(key)
    # identified persons by name
    by_name: dict[str, set[str]] = {}
    for key, folded, _ in records:
        if key.startswith("id:") and folded:
            by_name.setdefault(folded, set()).add(groups.find(key))
    notes: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for key, folded, record in records:
        if key.startswith("name:") and groups.find(key) == key:
            matches = sorted(by_name.get(folded, set()))
            if len(matches) == 1:
                groups.union(key, matches[0])
            elif len(matches) > 1:
                notes.setdefault(key, []).append(("diploma.note_ambiguous", {
                    "name": _record_name(record), "identifiers": ", ".join(m.removeprefix("id:") for m in matches)}))
    for folded, roots in by_name.items():
        roots = {groups.find(r) for r in roots}
        if len(roots) > 1:
            for root in roots:
                others = sorted(r.removeprefix("id:") for r in roots if r != root)
                notes.setdefault(root, []).append(("diploma.note_two_identifiers", {
                    "name": next(_record_name(r) for k, f, r in records if f == folded and k.startswith("id:")),
                    "identifiers": ", ".join(others)}))
    persons: dict[str, Person] = {}
    for key, _, record in records:
        person = persons.setdefault(groups.find(key), Person())
        if isinstance(record, Completion):
            person.completions.append(record)
        elif person.capstone is None:
            person.capstone = record
        else:  # one person on two lines (by identifier and by name, or two aliases): the first approved counts
            first, second = sorted((person.capstone, record), key=lambda c: (c.approved, c.line))
            person.capstone = first
            person.notes.append(("diploma.note_two_capstones", {"line": str(first.line), "other": str(second.line)}))
    for key, found in notes.items():
        person = persons.get(groups.find(key))
        if person is not None:
            person.notes += [n for n in found if n not in person.notes]
    for person in persons.values():
        if not person.completions and person.capstone is not None:
            person.notes.append(("diploma.note_capstone_only", {"line": str(person.capstone.line)}))
    return sorted(persons.values(), key=lambda p: (_plain(p.name), p.name, p.identifiers))


def _record_name(record: Completion | Capstone) -> str:
    return record.participant if isinstance(record, Completion) else (record.name or record.identifier)
