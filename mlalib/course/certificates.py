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
    if cert.essay and not bool(row["essay_submitted"]):
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
                awarded = cert.name
                break
        rows.append({"participant": row["participant"], "certificate": awarded,
                     "reason": "" if awarded else text("certificate.reason", language, reasons="; ".join(reasons),
                                                        certificate=label(rules.certificates[-1].name, language))})
    return pd.DataFrame(rows, columns=["participant", "certificate", "reason"])
