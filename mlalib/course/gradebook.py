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
  exercises and files that could not be graded in full; ``feedback/<participant>.html``: one
  page per participant;
* for written exercises (free text the trainer grades): ``written/<exercise>.html``, every
  participant's text with the exercise's rubric, and ``written_scores.csv``, the sheet the
  trainer fills with points (:mod:`mlalib.course.written`);
* ``.mlalib-gradebook``: the list of the files mlalib wrote, which marks the folder as a
  gradebook (:func:`claim_folder`): mlalib writes only into a folder of its own and never
  deletes a file it did not write.

The pages are built from the gradebook rows only, which hold the checks' messages and hints,
never a reference answer. This module holds the :class:`GradingReport` that
:mod:`mlalib.course.grading` fills; it does not import the grader.

Example
-------
>>> safe_name("Amina K./2026")
'Amina_K._2026'
>>> safe_name("José Pérez")
'José_Pérez'
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from mlalib.course.certificates import Rules, evaluate
from mlalib.course.cohort import Cohort
from mlalib.files import write_atomic
from mlalib.course.isolation import Isolation
from mlalib.course.submissions import Master
from mlalib.course.written import PENDING, score_sheet
from mlalib.errors import InputError
from mlalib.exercises.catalogue import rubric
from mlalib.i18n import format_number, text

NOT_SUBMITTED = "not_submitted"
#: The score sheet of written answers the trainer fills (see :mod:`mlalib.course.written`).
SCORE_SHEET = "written_scores.csv"
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
#: The file that marks a gradebook folder as mlalib's and lists the files mlalib wrote in it.
MANIFEST = ".mlalib-gradebook"


def safe_name(participant: str) -> str:
    """A file name for a participant's page: letters of any alphabet (Unicode NFC), digits, ``.``, ``-`` and
    ``_`` kept, everything else ``_``."""
    return re.sub(r"[^\w.-]", "_", unicodedata.normalize("NFC", participant)).strip(".") or "_"


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


def write_gradebook(report: GradingReport, out: Path) -> None:
    """Write the CSV tables, the summary page and one feedback page per participant to ``out``.

    Files an earlier run wrote there and this one does not (the page of a participant no
    longer graded) are removed; nothing else in the folder is touched.
    """
    claim_folder(out)
    files = {
        "gradebook.csv": report.rows.to_csv(index=False, float_format="%g", lineterminator="\n"),
        "participants.csv": report.participants.to_csv(index=False, float_format="%g", lineterminator="\n"),
        "exercises.csv": report.exercises.to_csv(index=False, float_format="%g", lineterminator="\n"),
        "summary.html": summary_page(report),
    }
    names: set[str] = set()
    for person in report.participants["participant"]:
        name = safe_name(person)
        if name in names:  # two names that differ only in characters a file name cannot hold
            name = f"{name}-{len(names)}"
        names.add(name)
        files[f"feedback/{name}.html"] = feedback_page(report, person)
    for (notebook, exercise), answers in report.written.groupby(["notebook", "exercise"], sort=False):
        files[f"written/{safe_name(exercise)}.html"] = written_page(report, notebook, exercise, answers)
    if len(report.written):
        files[SCORE_SHEET] = score_sheet(report.written)
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


def _page(title: str, language: str, body: str) -> str:
    style = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
             "text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right}"
             ".bar{background:#2b6cb0;height:1em}.warning{border-left:4px solid #b3261e;padding:4px 10px}"
             ".answer{white-space:pre-wrap;max-width:40em}")
    return (f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n{body}</body>\n</html>\n")


def _table(header: list[str], rows: list[list[Any]], numeric: set[int] = frozenset(),
           prose: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i in numeric else " class=answer" if i in prose else ""}>'
                         f"{html.escape(_show(v))}</td>" for i, v in enumerate(row)) + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def feedback_page(report: GradingReport, participant: str) -> str:
    """One participant's page: per notebook, each exercise's points and feedback, and notes on files."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    own = report.rows[report.rows["participant"] == participant]
    person = report.participants.set_index("participant").loc[participant]
    body = [f"<p>{html.escape(report.cohort.title)}</p>\n",
            _table([t("points"), t("max"), t("score"), t("passed")],
                   [[person["points"], person["max"], person["score"],
                     t("passed_yes") if person["passed"] else t("passed_no")]], {0, 1, 2}),
            f"<p>{html.escape(t('passing', score=f'{report.passing_score:g}'))} "
            f"{html.escape(t('note', credit=report.close_credit))}</p>\n"]
    if "certificate" in person.index:
        body.append(_table([t("certificate"), t("reason")], [[person["certificate"], person["reason"]]]))
    for notebook, group in own.groupby("notebook", sort=False):
        body.append(f"<h2>{html.escape(notebook or t('file'))}</h2>\n")
        notes = group[group["exercise"] == ""]
        for _, note in notes.iterrows():
            body.append(f"<p>{html.escape(note['file'])}: {html.escape(note['feedback'])}</p>\n")
        marks = group[group["exercise"] != ""]
        if len(marks):
            body.append(_table([t("exercise"), t("points"), t("max"), t("feedback")],
                               marks[["exercise", "points", "max", "feedback"]].values.tolist(), {1, 2}))
    return _page(t("page_title", participant=participant), lang, "".join(body))


def isolation_note(report: GradingReport) -> str:
    """Whether the submissions of this run were isolated, in the cohort's language (CLI and summary)."""
    lang = report.cohort.language
    if report.isolation.available:
        return text("grading.isolated", lang)
    return text("grading.not_isolated", lang, reason=report.isolation.reason)


def summary_page(report: GradingReport) -> str:
    """The cohort's page: isolation, participants, score distribution, hardest exercises, files with problems."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    people = report.participants
    warning = "" if report.isolation.available else ' class="warning"'
    body = [f"<p>{html.escape(report.cohort.title)}. "
            f"{html.escape(t('passing', score=f'{report.passing_score:g}'))} "
            f"{html.escape(t('note', credit=report.close_credit))}</p>\n",
            f'<p id="isolation"{warning}><b>{html.escape(t("isolation"))}:</b> '
            f"{html.escape(isolation_note(report))}</p>\n"]
    columns = ["participant", "points", "max", "score", "passed"] + \
        (["certificate", "reason"] if "certificate" in people.columns else [])
    labels = [t("participants"), t("points"), t("max"), t("score"), t("passed")] + \
        ([t("certificate"), t("reason")] if "certificate" in people.columns else [])
    shown = people[columns].copy()
    shown["passed"] = shown["passed"].map({True: t("passed_yes"), False: t("passed_no")})
    body += [f"<h2>{html.escape(t('participants'))}</h2>\n", _table(labels, shown.values.tolist(), {1, 2, 3})]
    bins = [(low, low + 10) for low in range(0, 100, 10)]
    counts = [int(((people["score"] >= low) & ((people["score"] < high) | (high == 100))).sum()) for low, high in bins]
    widest = max(counts + [1])
    bars = "".join(
        f'<tr><td>{low}–{high}</td><td class=num>{count}</td><td style="width:20em">'
        f'<div class=bar style="width:{100 * count / widest:.0f}%"></div></td></tr>\n'
        for (low, high), count in zip(bins, counts)
    )
    body.append(f"<h2>{html.escape(t('distribution'))}</h2>\n<table>\n{bars}</table>\n")
    hardest = report.exercises[["notebook", "exercise", "max", "submissions", "correct", "mean_share"]]
    body += [f"<h2>{html.escape(t('hardest'))}</h2>\n",
             _table([t("notebook"), t("exercise"), t("max"), "n", t("correct_count"), t("mean_share")],
                    hardest.values.tolist(), {2, 3, 4, 5})]
    pending = report.rows[report.rows["status"] == PENDING]
    if len(report.written):
        body += [f"<h2>{html.escape(t('written_answers'))}</h2>\n",
                 f"<p>{html.escape(t('written_pending_count', count=len(pending), total=len(report.written)))} "
                 f"{html.escape(t('written_howto', sheet=SCORE_SHEET))}</p>\n<ul>\n"]
        body += [f'<li><a href="written/{html.escape(safe_name(exercise))}.html">{html.escape(exercise)}</a> '
                 f"({html.escape(notebook)})</li>\n"
                 for notebook, exercise in report.written[["notebook", "exercise"]].drop_duplicates().values]
        body.append("</ul>\n")
    notes = report.rows[report.rows["exercise"] == ""]
    if len(notes):
        body += [f"<h2>{html.escape(t('problems'))}</h2>\n",
                 _table([t("participants"), t("notebook"), t("file"), t("feedback")],
                        notes[["participant", "notebook", "file", "feedback"]].values.tolist())]
    return _page(t("summary_title", cohort=report.cohort.id), lang, "".join(body))


def written_page(report: GradingReport, notebook: str, exercise: str, answers: pd.DataFrame) -> str:
    """The trainer's page of one written exercise: its rubric, then every participant's text with the
    points and comment the score sheet gave (empty until scored), in the cohort's language."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    criteria = rubric(exercise, lang)
    maximum = float(answers["max"].iloc[0])
    body = [f"<p>{html.escape(report.cohort.title)} · {html.escape(notebook)}</p>\n",
            f"<h2>{html.escape(t('rubric'))}</h2>\n",
            _table([t("criterion"), t("points")], [[c, p] for c, p in criteria], {1}),
            f"<p>{html.escape(t('written_howto', sheet=SCORE_SHEET))}</p>\n",
            f"<h2>{html.escape(t('written_answers'))} ({len(answers)})</h2>\n",
            _table([t("participants"), t("answer"), t("words"), t("points"), t("max"), t("comment")],
                   [[row.participant, row.answer, format_number(len(str(row.answer).split()), lang),
                     None if pd.isna(row.points) else float(row.points), maximum, row.comment]
                    for row in answers.sort_values("participant").itertuples()], {2, 3, 4}, {1})]
    return _page(t("written_title", exercise=exercise), lang, "".join(body))
