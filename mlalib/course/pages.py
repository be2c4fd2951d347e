"""The trainer's and participants' pages of a grading run: feedback, cohort summary, written answers.

Every page is one small HTML file that needs nothing else (no network), in the cohort's
language with its number format, and is built from the gradebook rows only, which hold the
checks' messages and hints, never a reference answer. Pages are made for every reader: the frame
every page of mlalib has (:func:`mlalib.views.page.html_page`: a viewport for small screens, a skip link
to the content, 16 px text, a visible focus, a Tab stop on a table wider than the screen), headings
in order, header cells in every table.

Example
-------
>>> print(number(1.5, "es"), number(2.0, "fr"), number(None, "en"))
1,5 2 –
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from mlalib.course.written import PENDING, SCORE_SHEET
from mlalib.exercises import rubric
from mlalib.files import printable
from mlalib.i18n import format_number, format_percent, text
from mlalib.views.page import html_page

if TYPE_CHECKING:
    from mlalib.course.gradebook import GradingReport

#: Statuses of rows a trainer should look at before the grades are final.
TO_REVIEW = ("key", "blocked", "grading_error", "other_cohort")

_STYLE = ("table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto}"
          "td,th{border:1px solid #767676;padding:4px 8px;text-align:left;vertical-align:top}"
          "th{background:#f3f3f3}caption{text-align:left;font-weight:bold;padding:4px 0}.num{text-align:right}"
          ".bar{background:#1f5f9e;height:1em}.warning{border-left:4px solid #b3261e;padding:4px 10px}"
          ".answer{white-space:pre-wrap;max-width:40em}a{color:#1f5f9e}")


def number(value: Any, language: str) -> str:
    """A number as the cohort writes it, with at most two decimals (``1,5`` in Spanish); "–" for none."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool):
        return str(value)
    return format_number(round(float(value), 2), language, 0 if float(value).is_integer() else None)


def page(title: str, language: str, body: str) -> str:
    """A whole page (:func:`mlalib.views.page.html_page`): the title as its ``<h1>``, then ``body``."""
    return html_page(title, language, f"<h1>{html.escape(title)}</h1>\n{body}", style=_STYLE)


def table(header: list[str], rows: list[list[Any]], language: str, *, numeric: set[int] = frozenset(),
          prose: set[int] = frozenset(), caption: str = "", row_headers: bool = False) -> str:
    """A table with header cells (``scope=col``; the first cell of each row is a row header with
    ``row_headers``), numbers in the cohort's format and right-aligned."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = []
    for values in rows:
        cells = []
        for i, value in enumerate(values):
            shown = number(value, language) if i in numeric else ("" if value is None else str(value))
            kind = " class=num" if i in numeric else " class=answer" if i in prose else ""
            tag = "th scope=row" if row_headers and i == 0 else "td"
            cells.append(f"<{tag}{kind}>{html.escape(shown)}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>\n")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{title}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(body)}</tbody></table>\n"


def feedback_page(report: GradingReport, participant: str) -> str:
    """One participant's page: totals, certificate, then per notebook each exercise's points and feedback."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    own = report.rows[report.rows["participant"] == participant]
    person = report.participants.set_index("participant").loc[participant]
    body = [f"<p>{html.escape(report.cohort.title)}</p>\n",
            table([t("points"), t("max"), t("score"), t("passed")],
                  [[person["points"], person["max"], person["score"],
                    t("passed_yes") if person["passed"] else t("passed_no")]], lang, numeric={0, 1, 2},
                  caption=t("total")),
            f"<p>{html.escape(t('passing', score=number(report.passing_score, lang)))} "
            f"{html.escape(t('note', credit=format_percent(report.close_credit, lang)))}</p>\n"]
    if "certificate" in person.index:
        body.append(table([t("certificate"), t("reason")], [[person["certificate"], person["reason"]]], lang))
    for notebook, group in own.groupby("notebook", sort=False):
        body.append(f"<h2>{html.escape(report.titles.get(notebook, notebook) if notebook else t('file'))}</h2>\n")
        for _, note in group[group["exercise"] == ""].iterrows():
            body.append(f"<p>{html.escape(note['file'])}: {html.escape(note['feedback'])}</p>\n")
        marks = group[group["exercise"] != ""]
        if len(marks):
            body.append(table([t("exercise"), t("points"), t("max"), t("feedback")],
                              marks[["exercise", "points", "max", "feedback"]].values.tolist(), lang,
                              numeric={1, 2}, row_headers=True))
    return page(t("page_title", participant=participant), lang, "".join(body))


def isolation_note(report: GradingReport) -> str:
    """Whether the submissions of this run were isolated, in the cohort's language (CLI and summary)."""
    lang = report.cohort.language
    if report.isolation.available:
        return text("grading.isolated", lang)
    return text("grading.not_isolated", lang, reason=report.isolation.reason)


def summary_page(report: GradingReport) -> str:
    """The cohort's page: isolation, participants, score distribution, hardest exercises, what a trainer
    should review (answers that reached for the key, blocked attempts), files with problems."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    people = report.participants
    warning = "" if report.isolation.available else ' class="warning"'
    body = [f"<p>{html.escape(report.cohort.title)}. "
            f"{html.escape(t('passing', score=number(report.passing_score, lang)))} "
            f"{html.escape(t('note', credit=format_percent(report.close_credit, lang)))}</p>\n",
            f'<p id="isolation"{warning}><strong>{html.escape(t("isolation"))}:</strong> '
            f"{html.escape(isolation_note(report))}</p>\n"]
    columns = ["participant", "points", "max", "score", "passed"] + \
        (["certificate", "reason"] if "certificate" in people.columns else [])
    labels = [t("participants"), t("points"), t("max"), t("score"), t("passed")] + \
        ([t("certificate"), t("reason")] if "certificate" in people.columns else [])
    shown = people[columns].copy()
    shown["passed"] = shown["passed"].map({True: t("passed_yes"), False: t("passed_no")})
    body += [f"<h2>{html.escape(t('participants'))}</h2>\n",
             table(labels, shown.values.tolist(), lang, numeric={1, 2, 3}, row_headers=True)]
    if "certificate" in people.columns:
        body.append(f"<p>{html.escape(t('certificate_rule'))}</p>\n")
    bins = [(low, low + 10) for low in range(0, 100, 10)]
    counts = [int(((people["score"] >= low) & ((people["score"] < high) | (high == 100))).sum()) for low, high in bins]
    widest = max(counts + [1])
    bars = "".join(
        f'<tr><th scope="row">{low}–{high}</th><td class=num>{count}</td><td style="width:20em">'
        f'<div class=bar style="width:{100 * count / widest:.0f}%"></div></td></tr>\n'
        for (low, high), count in zip(bins, counts)
    )
    body.append(f"<h2>{html.escape(t('distribution'))}</h2>\n<table>\n<thead><tr><th scope=\"col\">"
                f"{html.escape(t('score'))}</th><th scope=\"col\">{html.escape(t('participants'))}</th>"
                f"<td></td></tr></thead>\n<tbody>\n{bars}</tbody></table>\n")
    hardest = report.exercises[["notebook", "exercise", "max", "submissions", "correct", "mean_share"]]
    body += [f"<h2>{html.escape(t('hardest'))}</h2>\n",
             table([t("notebook"), t("exercise"), t("max"), t("submissions"), t("correct_count"), t("mean_share")],
                   hardest.values.tolist(), lang, numeric={2, 3, 4, 5})]
    review = report.rows[report.rows["status"].isin(TO_REVIEW)]
    if len(review):
        body += [f"<h2>{html.escape(t('to_review'))}</h2>\n",
                 table([t("participants"), t("notebook"), t("exercise"), t("file"), t("feedback")],
                       review[["participant", "notebook", "exercise", "file", "feedback"]].values.tolist(), lang)]
    if len(report.written):
        pending = report.rows[report.rows["status"] == PENDING]
        body += [f"<h2>{html.escape(t('written_answers'))}</h2>\n",
                 f"<p>{html.escape(t('written_pending_count', count=len(pending), total=len(report.written)))} "
                 f"{html.escape(t('written_howto', sheet=SCORE_SHEET))}</p>\n<ul>\n"]
        body += [f'<li><a href="written/{html.escape(report.written_files[exercise])}">{html.escape(exercise)}</a> '
                 f"({html.escape(report.titles.get(notebook, notebook))})</li>\n"
                 for notebook, exercise in report.written[["notebook", "exercise"]].drop_duplicates().values]
        body.append("</ul>\n")
    notes = report.rows[(report.rows["exercise"] == "") & ~report.rows["status"].isin(TO_REVIEW)]
    if len(notes):
        body += [f"<h2>{html.escape(t('problems'))}</h2>\n",
                 table([t("participants"), t("notebook"), t("file"), t("feedback")],
                       notes[["participant", "notebook", "file", "feedback"]].values.tolist(), lang)]
    return page(t("summary_title", cohort=report.cohort.id), lang, "".join(body))


def written_page(report: GradingReport, notebook: str, exercise: str, answers: pd.DataFrame) -> str:
    """The trainer's page of one written exercise: its rubric, then every participant's text with the
    points and comment the score sheet gave (empty until scored), in the cohort's language."""
    lang = report.cohort.language
    t = lambda key, **values: text(f"grading.{key}", lang, **values)  # noqa: E731
    criteria = rubric(exercise, lang)
    maximum = float(answers["max"].iloc[0])
    body = [f"<p>{html.escape(report.cohort.title)} · {html.escape(report.titles.get(notebook, notebook))}</p>\n",
            f"<h2>{html.escape(t('rubric'))}</h2>\n",
            table([t("criterion"), t("points")], [[c, p] for c, p in criteria], lang, numeric={1}),
            f"<p>{html.escape(t('written_howto', sheet=SCORE_SHEET))}</p>\n",
            f"<h2>{html.escape(t('written_answers'))} ({number(len(answers), lang)})</h2>\n",
            table([t("participants"), t("answer"), t("words"), t("points"), t("max"), t("comment")],
                  [[row.participant, row.answer, len(str(row.answer).split()),
                    None if pd.isna(row.points) else float(row.points), maximum, row.comment]
                   for row in answers.sort_values("participant").itertuples()], lang,
                  numeric={2, 3, 4}, prose={1}, row_headers=True)]
    return page(t("written_title", exercise=exercise), lang, "".join(body))


def console_table(participants: pd.DataFrame, language: str) -> str:
    """The participants' totals for a terminal: headers in the cohort's language, numbers in its format,
    names printable (:func:`mlalib.files.printable`)."""
    t = lambda key: text(f"grading.{key}", language)  # noqa: E731
    columns = {"participant": t("participants"), "notebooks_submitted": t("notebooks_submitted"),
               "points": t("points"), "max": t("max"), "score": t("score"), "passed": t("passed"),
               "certificate": t("certificate"), "reason": t("reason")}
    shown = pd.DataFrame({label: [number(v, language) if name in ("notebooks_submitted", "points", "max", "score")
                                  else (t("passed_yes") if v else t("passed_no")) if name == "passed"
                                  else printable("" if v is None or v != v else str(v))
                                  for v in participants[name]]
                          for name, label in columns.items() if name in participants.columns})
    return shown.to_string(index=False) if len(shown) else t("no_participants")
