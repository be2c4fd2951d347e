"""The gradebook a grading run writes: CSV tables, feedback pages and a cohort summary.

Files in the gradebook folder:

* ``gradebook.csv``: one row per participant, notebook and exercise (``participant,
  notebook, exercise, points, max, feedback, status, file``), plus rows with an empty
  ``exercise`` for notes about a file (superseded, not a notebook, blocked attempts, ...);
* ``participants.csv``: points, maximum, score out of 100 and whether it passes; with a
  participation record also the certificate and, when none, the reason;
* ``exercises.csv``: for each exercise, how many submissions earned its points, from the
  hardest to the easiest;
* ``summary.html``: whether the submissions were isolated, score distribution, hardest
  exercises, what a trainer should review and files that could not be graded in full;
  ``feedback/<participant>.html``: one page per participant (:mod:`mlalib.course.pages`; file
  names from :func:`file_names`);
* for written exercises (free text the trainer grades): ``written/<exercise>.html``, every
  participant's text with the exercise's rubric, and ``written_scores.csv``, the sheet the
  trainer fills with points (:mod:`mlalib.course.written`);
* ``certificates.csv`` with a participation record, ``moodle_grades.csv`` (Moodle's grade import,
  :mod:`mlalib.course.moodle`) with a Moodle participants file;
* ``.mlalib-gradebook``: the list of the files mlalib wrote, which marks the folder as a
  gradebook (:func:`claim_folder`): mlalib writes only into a folder of its own and never
  deletes a file it did not write.

The pages are built from the gradebook rows only, which hold the checks' messages and hints,
never a reference answer. This module holds the :class:`GradingReport` that
:mod:`mlalib.course.grading` fills; it does not import the grader.

Every CSV is safe to open in a spreadsheet (cells that would start a formula are neutralised).

Example
-------
>>> file_names(["Amina K./2026", "José Pérez", "a b", "a_b"])
{'Amina K./2026': 'Amina_K._2026', 'José Pérez': 'José_Pérez', 'a b': 'a_b-c8687a08', 'a_b': 'a_b-648fa9b3'}
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from mlalib.course.certificates import CERTIFICATE_FILE_COLUMNS, Rules, evaluate
from mlalib.course.cohort import Cohort
from mlalib.course.isolation import Isolation
from mlalib.course.masters import Master
from mlalib.course.moodle import Participants, moodle_grades
from mlalib.course.pages import feedback_page, summary_page, written_page
from mlalib.course.written import PENDING, SCORE_SHEET, score_sheet
from mlalib.errors import InputError
from mlalib.files import csv_text, frame_csv, write_atomic
from mlalib.i18n import text

NOT_SUBMITTED = "not_submitted"
CERTIFICATES = "certificates.csv"
MOODLE_GRADES = "moodle_grades.csv"
#: Longest file name (bytes of UTF-8, before ``.html``) given to a participant's page: far below the
#: 255 bytes of common file systems, leaving room for the temporary name of an atomic write.
NAME_BYTES = 100
WRITTEN_COLUMNS = ["participant", "notebook", "exercise", "max", "answer", "points", "comment"]


@dataclass
class GradingReport:
    """The gradebook (one row per exercise or file note), the participants' totals, each exercise's
    difficulty, and the written answers collected for the trainer (``written``: one row per answer)."""

    cohort: Cohort
    rows: pd.DataFrame
    participants: pd.DataFrame
    exercises: pd.DataFrame
    close_credit: float
    passing_score: float
    isolation: Isolation
    written: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=WRITTEN_COLUMNS))
    #: The graded masters in course order, and each one's title in the cohort's language.
    notebooks: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    #: The e-Campus (Moodle) participants file, if given, and each participant's Moodle participant id.
    moodle: Participants | None = None
    moodle_ids: dict[str, str] = field(default_factory=dict)

    #: The programme of the certificate rules (``Rules.programme``), for the certificate file.
    programme: str = ""

    @property
    def feedback_files(self) -> dict[str, str]:
        """Each participant's feedback page, relative to the gradebook folder (unique, safe names)."""
        return {person: f"feedback/{name}.html" for person, name in file_names(self.participants["participant"]).items()}

    @property
    def written_files(self) -> dict[str, str]:
        """Each written exercise's page name, in ``written/``."""
        exercises = list(dict.fromkeys(self.written["exercise"]))
        return {exercise: f"{name}.html" for exercise, name in file_names(exercises).items()}

    @property
    def moodle_missing(self) -> list[str]:
        """Participants the Moodle participants file does not list (left out of ``moodle_grades.csv``)."""
        return moodle_grades(self)[1] if self.moodle is not None else []


#: The file that marks a gradebook folder as mlalib's and lists the files mlalib wrote in it.
MANIFEST = ".mlalib-gradebook"


def file_names(names: Any) -> dict[str, str]:
    """A file name for each of ``names`` (participants, exercises): unique among them, safe on every
    file system and at most :data:`NAME_BYTES` bytes.

    Letters of any alphabet (Unicode NFC), digits, ``.``, ``-`` and ``_`` are kept, everything else
    becomes ``_``; a name that had to be shortened, or whose safe form another name shares, gets the
    first 8 hexadecimal digits of the SHA-256 of the real name (more if that is not enough), so the
    same names always get the same files and no page ever holds another person's results.
    """
    names = list(dict.fromkeys(str(n) for n in names))
    safe = {n: _safe(n) for n in names}
    shared = pd.Series(list(safe.values())).value_counts()
    digits = 8
    while True:
        chosen = {}
        for name, base in safe.items():
            whole = re.sub(r"[^\w.-]", "_", unicodedata.normalize("NFC", name)).strip(".") or "_"
            if shared[base] > 1 or base != whole:
                base = f"{_shortened(base, NAME_BYTES - digits - 1)}-{hashlib.sha256(name.encode()).hexdigest()[:digits]}"
            chosen[name] = base
        if len(set(chosen.values())) == len(chosen) or digits >= 64:
            return chosen
        digits *= 2


def _safe(name: str) -> str:
    whole = re.sub(r"[^\w.-]", "_", unicodedata.normalize("NFC", name)).strip(".") or "_"
    return _shortened(whole, NAME_BYTES)


def _shortened(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return name.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip(".") or "_"


def participants_table(rows: pd.DataFrame, participants: list[str], masters: dict[str, Master],
                       records: pd.DataFrame | None, rules: Rules,
                       language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each participant's total and score out of 100, and each exercise's difficulty.

    The score is 100 × points earned / points available over every graded master notebook;
    it passes at the programme's ``passing_score``. With a participation record, the
    certificate is evaluated by :func:`mlalib.course.certificates.evaluate`; a ``final_score``
    the record leaves empty (or has no column for) is this score.
    """
    exercises = rows[rows["exercise"] != ""]
    people = []
    for person in participants:
        own = exercises[exercises["participant"] == person]
        earned, available = float(own["points"].sum()), float(own["max"].sum())
        score = round(100 * earned / available, 1) if available else 0.0
        submitted = own.loc[own["status"] != NOT_SUBMITTED, "notebook"].nunique()
        people.append({"participant": person, "notebooks_submitted": submitted, "points": earned,
                       "max": available, "score": score, "passed": score >= rules.passing_score})
    table = pd.DataFrame(people, columns=["participant", "notebooks_submitted", "points", "max", "score", "passed"])
    if records is not None:
        filled = records.copy()
        scores = table.set_index("participant")["score"]
        if "final_score" not in filled.columns:
            filled["final_score"] = filled["participant"].map(scores)
        else:
            filled["final_score"] = filled["final_score"].fillna(filled["participant"].map(scores))
        certificates = evaluate(filled, rules, language)
        table = table.merge(certificates, on="participant", how="left")
        absent = table["certificate"].isna()
        table.loc[absent, "certificate"] = ""
        table.loc[absent, "reason"] = text("certificate.not_in_record", language)
    return table, _difficulty(exercises, masters)


def _difficulty(exercises: pd.DataFrame, masters: dict[str, Master]) -> pd.DataFrame:
    # an answer the trainer has not scored yet says nothing of the exercise's difficulty
    graded = exercises[~exercises["status"].isin([NOT_SUBMITTED, PENDING]) & (exercises["max"] > 0)]
    rows = []
    for name, master in masters.items():
        for position, exercise in enumerate(master.exercises):
            if not exercise.points:
                continue
            own = graded[(graded["notebook"] == name) & (graded["exercise"] == exercise.id)]
            share = float((own["points"] / own["max"]).mean()) if len(own) else float("nan")
            rows.append({"notebook": name, "exercise": exercise.id, "max": exercise.points, "submissions": len(own),
                         "correct": int((own["status"] == "correct").sum()),
                         "close": int((own["status"] == "close").sum()),
                         "mean_share": round(share, 3) if len(own) else None, "_order": position})
    table = pd.DataFrame(rows, columns=["notebook", "exercise", "max", "submissions", "correct", "close",
                                        "mean_share", "_order"])
    table = table.sort_values(["mean_share", "notebook", "_order"], na_position="last", kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def claim_folder(out: Path) -> None:
    """Make ``out`` a gradebook folder of mlalib's own, or refuse: it must be new, empty or a gradebook
    mlalib wrote (it holds the file ``.mlalib-gradebook``, the list of files mlalib wrote there)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"the gradebook folder {str(out)!r} is a file; give a new or empty folder")
    if out.is_dir() and not (out / MANIFEST).is_file():
        present = sorted(p.name for p in out.iterdir())
        if present:
            raise InputError(f"the gradebook folder {str(out)!r} already holds files mlalib did not write "
                             f"({', '.join(present[:3])}{', ...' if len(present) > 3 else ''}); give a new or empty folder")
    if not (out / MANIFEST).is_file():
        write_atomic(out / MANIFEST, json.dumps({"written": []}) + "\n")


def check_score_sheet(out: Path, given: Path | None) -> None:
    """Refuse to grade into ``out`` if its score sheet holds points a trainer entered that this run would
    not read (a sheet mlalib wrote, or the one given with ``--written-scores``, may be rewritten)."""
    sheet = out / SCORE_SHEET
    if not sheet.is_file() or (given is not None and sheet.resolve() == Path(given).resolve()):
        return
    try:
        written = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("sheet")
    except (OSError, ValueError):
        written = None
    if hashlib.sha256(sheet.read_bytes()).hexdigest() != written:
        raise InputError(f"{str(sheet)!r} was changed since mlalib wrote it (points entered?); give it with "
                         f"--written-scores {sheet} so the points are merged, or move it out of the gradebook folder")


def certificates_csv(report: GradingReport) -> str | None:
    """The certificate file (needs a participation record; else None): for each participant the certificate
    (empty if none) and the reason, then what a diploma needs to count it across cohorts
    (:data:`~mlalib.course.certificates.CERTIFICATE_FILE_COLUMNS`): the cohort, its course, the programme
    of the rules, the course's end date, and the participant's e-Campus identifier and its field (``email``,
    ``username`` or ``idnumber``) when the Moodle participants file lists them, else empty."""
    people = report.participants
    if "certificate" not in people.columns:
        return None
    cohort, moodle = report.cohort, report.moodle
    rows = []
    for person in people[["participant", "certificate", "reason"]].fillna("").itertuples(index=False):
        identifier = moodle.lookup(person.participant, report.moodle_ids.get(person.participant)) \
            if moodle is not None else None
        rows.append([person.participant, person.certificate, person.reason, cohort.id, cohort.course,
                     report.programme, cohort.end.isoformat(), identifier or "",
                     moodle.identifier if identifier and moodle is not None else ""])
    return csv_text(CERTIFICATE_FILE_COLUMNS, rows)


def gradebook_files(report: GradingReport) -> dict[str, str]:
    """Every file of the gradebook folder, by path relative to it: the CSV tables (safe to open in a
    spreadsheet: :func:`mlalib.files.frame_csv`), the summary, one feedback page per participant, the
    written answers' pages and score sheet, the certificates (with a participation record) and the
    e-Campus grade import (with a Moodle participants file)."""
    files = {
        "gradebook.csv": frame_csv(report.rows),
        "participants.csv": frame_csv(report.participants),
        "exercises.csv": frame_csv(report.exercises),
        "summary.html": summary_page(report),
    }
    for person, relative in report.feedback_files.items():
        files[relative] = feedback_page(report, person)
    pages = report.written_files
    for (notebook, exercise), answers in report.written.groupby(["notebook", "exercise"], sort=False):
        files[f"written/{pages[exercise]}"] = written_page(report, notebook, exercise, answers)
    if len(report.written):
        files[SCORE_SHEET] = score_sheet(report.written)
    certificates = certificates_csv(report)
    if certificates is not None:
        files[CERTIFICATES] = certificates
    if report.moodle is not None:
        files[MOODLE_GRADES] = moodle_grades(report)[0]
    return files


def write_gradebook(report: GradingReport, out: Path) -> None:
    """Write every file of :func:`gradebook_files` to ``out`` and list them in its manifest.

    Files an earlier run wrote there and this one does not (the page of a participant no
    longer graded) are removed; nothing else in the folder is touched.
    """
    claim_folder(out)
    files = gradebook_files(report)
    for relative, content in files.items():
        write_atomic(out / relative, content)
    try:
        earlier = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("written", [])
    except ValueError:
        earlier = []
    for relative in earlier:
        if isinstance(relative, str) and relative not in files and ".." not in relative.split("/"):
            (out / relative).unlink(missing_ok=True)
    sheet = hashlib.sha256(files[SCORE_SHEET].encode("utf-8")).hexdigest() if SCORE_SHEET in files else None
    write_atomic(out / MANIFEST, json.dumps({"written": sorted(files), "sheet": sheet}, indent=1) + "\n")
