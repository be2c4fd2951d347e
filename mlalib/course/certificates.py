"""Certificate rules as data, evaluated on participation records.

Each programme declares its rules in a YAML file (``mlalib/course/programmes/*.yaml``, or any
file with the same fields): an ordered list of certificates, each with conditions; the first
certificate whose conditions all hold is awarded. Conditions:

* ``all_plenary_forums``: every plenary forum completed;
* ``electives: {min, min_with_special, special}``: at least ``min`` electives completed, or at
  least ``min_with_special`` if one of them is in ``special`` (e.g. the "skills" or "statistics"
  elective of the e-Academy);
* ``essay``: the individual essay submitted;
* ``all_assessments``: every assessment completed;
* ``final_score``: the final assignment scored at least the programme's ``passing_score``.

A participation record is a CSV with the columns ``participant, plenary_forums_completed,
plenary_forums_total, electives_completed`` (elective names separated by ``;``),
``essay_submitted, assessments_completed, assessments_total, final_score``; columns a programme
does not use may be left out.

Example
-------
>>> rules = load_rules("e-academy-labour-migration")
>>> record = {"participant": "p1", "plenary_forums_completed": 4, "plenary_forums_total": 4,
...           "electives_completed": "statistics;remittances;return", "essay_submitted": True}
>>> evaluate(pd.DataFrame([record]), rules)[["certificate", "reason"]].iloc[0].tolist()
['Certificate of Achievement', '']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlalib.course.yamlfile import read_yaml
from mlalib.errors import ConfigError, InputError, MissingColumnError, shown
from mlalib.i18n import label, text

PROGRAMMES = Path(__file__).resolve().parent / "programmes"
#: Columns of the certificate file ``mlalib grade`` writes (``certificates.csv``): the participant, the certificate
#: (empty if none) and the reason, then what tells courses and people apart across cohorts (read by
#: :mod:`mlalib.course.diploma`): the cohort id, its course id, the programme of the certificate rules, the
#: course's end date (YYYY-MM-DD), the participant's e-Campus identifier and its field (email, username,
#: idnumber; both empty when no participants file lists the participant).
CERTIFICATE_FILE_COLUMNS = ("participant", "certificate", "reason", "cohort", "course", "programme", "course_end",
                            "identifier", "identifier_field")


class ElectiveRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = Field(ge=0)
    min_with_special: int | None = Field(default=None, ge=0)
    special: list[str] = Field(default_factory=list)


class Certificate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    all_plenary_forums: bool = False
    electives: ElectiveRule | None = None
    essay: bool = False
    all_assessments: bool = False
    final_score: bool = False


class Rules(BaseModel):
    """A programme's certificate rules."""

    model_config = ConfigDict(extra="forbid")
    programme: str
    passing_score: float = Field(default=60, ge=0, le=100)
    certificates: list[Certificate] = Field(min_length=1)


def load_rules(name_or_path: str | Path) -> Rules:
    """Rules of a bundled programme (e.g. ``"e-academy-labour-migration"``) or of a YAML file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PROGRAMMES / f"{name_or_path}.yaml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in PROGRAMMES.glob("*.yaml")))
            raise ConfigError(str(name_or_path), [f"no bundled programme of that name; known: {known}"])
    raw = read_yaml(path)  # missing, binary, duplicate keys, alias bombs: ConfigError naming the file
    try:
        return Rules.model_validate(raw)
    except ValidationError as err:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                    + ("" if e["type"] == "missing" else f", got {shown(e.get('input'))}") for e in err.errors()]
        raise ConfigError(str(path), problems) from None


def required_columns(rules: Rules) -> list[str]:
    """The columns a participation record needs for these rules."""
    columns = ["participant"]
    for cert in rules.certificates:
        if cert.all_plenary_forums:
            columns += ["plenary_forums_completed", "plenary_forums_total"]
        if cert.electives:
            columns.append("electives_completed")
        if cert.essay:
            columns.append("essay_submitted")
        if cert.all_assessments:
            columns += ["assessments_completed", "assessments_total"]
        if cert.final_score:
            columns.append("final_score")
    return list(dict.fromkeys(columns))


#: Counts in a participation record: whole numbers, 0 or more.
COUNTS = ("plenary_forums_completed", "plenary_forums_total", "assessments_completed", "assessments_total")
#: Accepted spellings of yes and no (English, French, Spanish); an empty cell is no.
YES = frozenset({"yes", "y", "true", "1", "oui", "o", "sí", "si", "s"})
NO = frozenset({"no", "n", "false", "0", "non", ""})


def read_participation(path: str | Path, rules: Rules) -> pd.DataFrame:
    """Read and check a participation record (CSV) before anything is graded.

    Every problem is reported at once, one line each, naming the line of the file, the
    participant, the column, the value and what is expected: counts are whole numbers of 0 or
    more (and completed ≤ total), ``essay_submitted`` is yes or no (empty: no), ``final_score``
    is a number from 0 to 100 or empty (then the graded score), ``electives_completed`` lists
    elective names separated by ``;`` (``statistics;remittances;return``), never a count.
    Returns the record with typed columns (``essay_submitted`` as True/False).

    Example
    -------
    >>> read_participation("cohorts/example-participation.csv", load_rules("e-academy-labour-migration"))  # doctest: +SKIP
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"the participation file {str(file)!r} does not exist")
    try:
        records = pd.read_csv(file, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise InputError(f"the participation file {str(file)!r} is not a readable CSV: {err}") from None
    missing = [c for c in required_columns(rules) if c not in records.columns and c != "final_score"]
    if missing:
        raise MissingColumnError(f"the participation file {str(file)!r} lacks the column(s) {missing} "
                                 f"that the rules of '{rules.programme}' need")
    records = records.apply(lambda column: column.str.strip())
    problems: list[str] = []
    seen: set[str] = set()
    for line, row in enumerate(records.to_dict("records"), start=2):
        who = row["participant"]
        where = f"line {line} ({who or 'no participant'})"
        if not who:
            problems.append(f"line {line}: 'participant' is empty")
        elif who in seen:
            problems.append(f"{where}: this participant is listed twice")
        seen.add(who)
        for column in COUNTS:
            if column in row and not row[column].isdigit():
                problems.append(f"{where}: '{column}' is {row[column]!r}; expected a whole number, 0 or more")
        for done, total in (COUNTS[:2], COUNTS[2:]):
            if done in row and total in row and row[done].isdigit() and row[total].isdigit() \
                    and int(row[done]) > int(row[total]):
                problems.append(f"{where}: '{done}' ({row[done]}) is more than '{total}' ({row[total]})")
        if "final_score" in row and row["final_score"] != "":
            try:
                score = float(row["final_score"])
            except ValueError:
                score = float("nan")
            if not 0 <= score <= 100:
                problems.append(f"{where}: 'final_score' is {row['final_score']!r}; expected a number from 0 to 100 "
                                "(e.g. 85, without %), or empty for the graded score")
        if "essay_submitted" in row and row["essay_submitted"].casefold() not in YES | NO:
            problems.append(f"{where}: 'essay_submitted' is {row['essay_submitted']!r}; expected yes or no")
        if "electives_completed" in row:
            for name in (n.strip() for n in row["electives_completed"].split(";")):
                if name and not any(ch.isalpha() for ch in name) or "," in name:
                    problems.append(f"{where}: 'electives_completed' is {row['electives_completed']!r}; expected the "
                                    "names of the electives separated by ';' (e.g. statistics;remittances), not a count")
                    break
    if problems:
        raise InputError(f"the participation file {str(file)!r} has {len(problems)} problem(s):\n  "
                         + "\n  ".join(problems))
    for column in COUNTS:
        if column in records.columns:
            records[column] = records[column].astype(int)
    if "final_score" in records.columns:
        records["final_score"] = pd.to_numeric(records["final_score"].replace("", None), errors="raise").astype(float)
    if "essay_submitted" in records.columns:
        records["essay_submitted"] = records["essay_submitted"].str.casefold().isin(YES)
    return records


def submitted(value: Any) -> bool:
    """Whether a participation record's yes/no value says yes (True, "yes", "oui", "sí", 1; empty is no)."""
    if isinstance(value, str):
        return value.strip().casefold() in YES
    return bool(value) and not pd.isna(value)


def _failures(cert: Certificate, row: dict[str, Any], passing: float, language: str = "en") -> list[str]:
    reasons = []
    if cert.all_plenary_forums and row["plenary_forums_completed"] < row["plenary_forums_total"]:
        reasons.append(text("certificate.plenary", language, done=f"{row['plenary_forums_completed']:g}",
                            total=f"{row['plenary_forums_total']:g}"))
    if cert.electives:
        done = [e.strip() for e in str(row["electives_completed"] or "").split(";") if e.strip()]
        rule = cert.electives
        has_special = any(e.casefold() in {s.casefold() for s in rule.special} for e in done)
        needed = rule.min_with_special if has_special and rule.min_with_special is not None else rule.min
        if len(done) < needed:
            special = text("certificate.electives_special", language, count=rule.min_with_special,
                           names=f" {text('certificate.or', language)} ".join(rule.special)) if rule.special else ""
            reasons.append(text("certificate.electives", language, done=len(done), needed=rule.min, special=special))
    if cert.essay and not submitted(row["essay_submitted"]):
        reasons.append(text("certificate.essay", language))
    if cert.all_assessments and row["assessments_completed"] < row["assessments_total"]:
        reasons.append(text("certificate.assessments", language, done=f"{row['assessments_completed']:g}",
                            total=f"{row['assessments_total']:g}"))
    if cert.final_score and not row["final_score"] >= passing:
        reasons.append(text("certificate.final_score", language, score=f"{row['final_score']:g}",
                            passing=f"{passing:g}"))
    return reasons


def evaluate(records: pd.DataFrame, rules: Rules, language: str = "en") -> pd.DataFrame:
    """The certificate of each participant (empty if none) and, if none, the reasons (in ``language``).

    Returns ``participant, certificate, reason``; the reason lists what is missing for the
    least demanding certificate of the programme.
    """
    missing = [c for c in required_columns(rules) if c not in records.columns]
    if missing:
        raise MissingColumnError(f"the participation record lacks the column(s) {missing}")
    if records["participant"].duplicated().any():
        raise InputError(f"participants listed twice: {records.loc[records.participant.duplicated(), 'participant'].tolist()[:5]}")
    rows = []
    for row in records.to_dict("records"):
        for column in ("plenary_forums_completed", "plenary_forums_total", "assessments_completed",
                       "assessments_total", "final_score"):
            if column in row and pd.isna(row[column]):
                raise InputError(f"participant {row['participant']!r} has no value in '{column}'")
        awarded, reasons = "", []
        for cert in rules.certificates:
            reasons = _failures(cert, row, rules.passing_score, language)
            if not reasons:
                named = label(cert.name, language)  # lower case in the catalogs, for use inside sentences
                awarded = named[:1].upper() + named[1:]
                break
        rows.append({"participant": row["participant"], "certificate": awarded,
                     "reason": "" if awarded else text("certificate.reason", language, reasons="; ".join(reasons),
                                                        certificate=label(rules.certificates[-1].name, language))})
    return pd.DataFrame(rows, columns=["participant", "certificate", "reason"])
