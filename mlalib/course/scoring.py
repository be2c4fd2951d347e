"""Scoring graded submissions: from what a run recorded to the gradebook's rows.

Each answer recorded by ``check(...)`` in a submission's kernel is assessed **in the grader's
process**, against the reference answers of the cohort's context, with the points each exercise
declares in its master: a correct answer earns them all, a "close" one ``close_credit`` of them.
Exercises are matched by id, so deleted, reordered or extra cells do not shift anything. Code
that reaches for the key (found in its source, or caught while it ran) costs the exercises whose
answers it may have touched (:func:`mlalib.course.submissions.touched_exercises`). Of several files
of one participant for one master, the one that answers the most exercises counts, then the one
that scores most, then the first by path (:func:`resolve_duplicates`).

Example
-------
>>> row("amina", "01_stocks_and_flows", "", 0.0, 0.0, "a note", "superseded", "amina/old.ipynb")["status"]
'superseded'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import nbformat
import pandas as pd

import mlalib
from mlalib.course.cohort import Cohort
from mlalib.course.masters import Master
from mlalib.course.running import Execution, clean
from mlalib.course.submissions import (
    GUARD, NotANotebook, Submission, exercise_cells, key_references, match_master, read_notebook, touched_exercises,
)
from mlalib.course.written import PENDING
from mlalib.exercises.answers import decode_answer
from mlalib.exercises import Context, assess, exercises as registered, reference_answer
from mlalib.i18n import text

COLUMNS = ["participant", "notebook", "exercise", "points", "max", "feedback", "status", "file"]
#: Statuses of an exercise whose answer was given (right, wrong, written or reached for the key).
ANSWERED = ("correct", "close", "not_yet", "key", PENDING)


@dataclass(frozen=True)
class Scoring:
    """The scoring policy: the share of the points a "close" answer earns, and the per-cell time limit
    the feedback of an interrupted cell names."""

    close_credit: float = 0.5
    cell_timeout: int = 120


@dataclass
class Graded:
    """A submission chosen for grading: whose, which master, the file, and its notebook."""

    submission: Submission
    master: str
    nb: nbformat.NotebookNode


def not_submitted(participants: list[str], masters: dict[str, Master], submitted: set[tuple[str, str]],
                  unreadable: dict[tuple[str, str], str], language: str) -> list[dict[str, Any]]:
    """Zero-point rows for every graded exercise of a master a participant has no readable submission for."""
    rows = []
    for person in participants:
        for name, master in masters.items():
            if (person, name) in submitted or not master.max_points:
                continue
            file = unreadable.get((person, name), "")
            message = text("grading.unreadable_submission", language, file=file) if file \
                else text("grading.not_submitted", language)
            rows += [row(person, name, e.id, 0.0, e.points, message, "not_submitted", file)
                     for e in master.exercises]
    return rows


def readable_submissions(found: list[Submission], masters: dict[str, Master], language: str,
                         rows: list[dict[str, Any]]) -> tuple[list[Graded], dict[tuple[str, str], str]]:
    """Every readable submission with its master; rows for every other file."""
    candidates = []
    unreadable: dict[tuple[str, str], str] = {}
    for sub in found:
        if not sub.participant:
            rows.append(row("", "", "", 0.0, 0.0, text("grading.no_participant", language), "no_participant",
                            sub.relative))
            continue
        try:
            if sub.kind != "file":  # a symbolic link is never followed, a pipe or device never read
                raise NotANotebook(sub.kind)
            nb = read_notebook(sub.path)
            name = match_master(nb, sub.path.name, masters)
        except Exception as err:  # NotANotebook says why; anything else is a notebook that cannot be read
            err = err if isinstance(err, NotANotebook) else NotANotebook(
                "invalid", detail=f"{type(err).__name__}: {str(err)[:200]}")
            guess = match_master(nbformat.v4.new_notebook(), sub.path.name, masters) or ""
            rows.append(row(sub.participant, guess, "", 0.0, 0.0, text(f"grading.{err.key}", language, **err.values),
                            "not_a_notebook", sub.relative))
            if guess:
                unreadable.setdefault((sub.participant, guess), sub.relative)
            continue
        if name is None:
            rows.append(row(sub.participant, "", "", 0.0, 0.0, text("grading.unknown_master", language),
                            "unknown_notebook", sub.relative))
            continue
        candidates.append(Graded(sub, name, nb))
    return candidates, unreadable


#: Statuses of an exercise whose answer was given (right, wrong, written or reached for the key).
ANSWERED = ("correct", "close", "not_yet", "key", PENDING)


def resolve_duplicates(candidates: list[Graded], scored: list[list[dict[str, Any]]], language: str,
                       rows: list[dict[str, Any]]) -> list[Graded]:
    """The submission that counts for each participant and master, its rows added to ``rows``.

    Of several files for one master, the one that answers the most exercises counts; then the
    one with the most points; then the first by path. File times play no part (copying a
    folder changes them). The others get one row "superseded" that names the file chosen and why.
    """
    groups: dict[tuple[str, str], list[tuple[Graded, list[dict[str, Any]]]]] = defaultdict(list)
    for graded, own in zip(candidates, scored):
        groups[(graded.submission.participant, graded.master)].append((graded, own))

    def merit(item: tuple[Graded, list[dict[str, Any]]]) -> tuple[int, float]:
        marks = [r for r in item[1] if r["exercise"]]
        return sum(r["status"] in ANSWERED for r in marks), round(sum(r["points"] for r in marks), 6)

    chosen = []
    for (person, name), group in sorted(groups.items()):
        ranked = sorted(group, key=lambda item: (-merit(item)[0], -merit(item)[1], item[0].submission.relative))
        winner, own = ranked[0]
        chosen.append(winner)
        rows += own
        best = merit(ranked[0])
        for graded, _ in ranked[1:]:
            this = merit((graded, _))
            why = text("grading.why_answered", language, chosen=best[0], this=this[0]) if best[0] != this[0] else \
                text("grading.why_score", language, chosen=f"{best[1]:g}", this=f"{this[1]:g}") if best[1] != this[1] \
                else text("grading.why_name", language)
            rows.append(row(person, name, "", 0.0, 0.0,
                            text("grading.superseded", language, file=winner.submission.relative, why=why),
                            "superseded", graded.submission.relative))
    return chosen


def score_safely(graded: Graded, master: Master, execution: Execution, ctx: Context, cohort: Cohort,
                 scoring: Scoring, expected: dict[str, Any], scratch: str) -> list[dict[str, Any]]:
    """:func:`_score`, or rows saying this file could not be graded: one odd file never stops a run."""
    try:
        return _score(graded, master, execution, ctx, cohort, scoring, expected, scratch)
    except Exception as err:
        message = text("grading.grading_error", cohort.language, error=clean(f"{type(err).__name__}: {err}", scratch)[:300])
        person, file = graded.submission.participant, graded.submission.relative
        return [row(person, master.name, "", 0.0, 0.0, message, "grading_error", file)] + [
            row(person, master.name, e.id, 0.0, e.points, message, "grading_error", file) for e in master.exercises]


def _score(graded: Graded, master: Master, execution: Execution, ctx: Context, cohort: Cohort,
           scoring: Scoring, expected: dict[str, Any], scratch: str) -> list[dict[str, Any]]:
    """Rows of one submission: notes about the file, then one row per exercise of the master.

    Code that reaches for the key (found in its source, or caught while it ran) costs the
    exercises whose answers it may have touched (:func:`touched_exercises`; all of them for
    code that reaches for the grading guard), each with a row asking a trainer to review it;
    the other exercises are graded as usual.
    """
    language, person, file = cohort.language, graded.submission.participant, graded.submission.relative

    def note(message: str, status: str) -> dict[str, Any]:
        return row(person, master.name, "", 0.0, 0.0, message, status, file)

    rows = []
    meta = graded.nb.metadata.get("mlalib", {})
    if meta.get("cohort_id") not in (None, cohort.id):
        rows.append(note(text("grading.other_cohort", language, other=meta["cohort_id"], cohort=cohort.id),
                         "other_cohort"))
    if meta.get("mlalib_version") not in (None, mlalib.__version__):
        rows.append(note(text("grading.other_version", language, other=meta["mlalib_version"],
                              current=mlalib.__version__), "other_version"))
    key_cells = key_references(graded.nb)
    for cell, event in execution.events:
        if event["event"] == "key":
            key_cells.append((cell, str(event.get("what", ""))))
        elif event.get("what") == "reading":  # a notebook or a protected folder: where the key could be read
            key_cells.append((cell, f"reading {clean(str(event.get('path', '')), scratch)}"))
        what = {"writing": "blocked_writing", "changing": "blocked_changing", "reading": "blocked_reading",
                "running another program": "blocked_program"}.get(str(event.get("what")))
        if event["event"] == "blocked" and what:
            rows.append(note(text(f"grading.{what}", language, cell=cell,
                                  path=clean(str(event.get("path", "")), scratch)), "blocked"))
    if execution.output_bytes > 10_000_000:
        rows.append(note(text("grading.output", language, size=f"{execution.output_bytes / 1e6:.0f}"), "output"))
    every = {e.id for e in master.exercises}
    touched: dict[str, tuple[int, str]] = {}
    harmless: dict[int, str] = {}
    for cell, what in key_cells:
        reached = every if what == GUARD or cell < 1 else touched_exercises(graded.nb, cell) & every
        for exercise_id in reached:
            touched.setdefault(exercise_id, (cell, what))
        harmless.setdefault(cell, what)
    for cell, what in sorted(harmless.items()):  # no answer used it: a note for the trainer, no points lost
        if not any(where == cell for where, _ in touched.values()):
            rows.append(note(text("grading.key_unused", language, cell=cell, what=what), "key"))
    checked_in = exercise_cells(graded.nb)
    for exercise in master.exercises:
        if exercise.id in touched:
            cell, what = touched[exercise.id]
            rows.append(row(person, master.name, exercise.id, 0.0, exercise.points,
                            text("grading.key", language, cell=cell, what=what), "key", file))
            continue
        rows.append(_exercise_row(exercise.id, exercise.points, execution, checked_in.get(exercise.id), ctx,
                                  scoring, expected, scratch) | {"participant": person, "notebook": master.name,
                                                                 "file": file})
    return rows


def _exercise_row(exercise_id: str, points: float, execution: Execution, cell: int | None, ctx: Context,
                  scoring: Scoring, expected: dict[str, Any], scratch: str) -> dict[str, Any]:
    language = ctx.language

    def verdict(earned: float, message: str, status: str) -> dict[str, Any]:
        return {"exercise": exercise_id, "points": earned, "max": points, "feedback": message, "status": status}

    if exercise_id in execution.answers and registered()[exercise_id].kind == "written":
        answer = decode_answer(execution.answers[exercise_id][1])
        if answer is Ellipsis:
            return verdict(0.0, text("check.not_answered", language), "not_answered")
        if not isinstance(answer, str):
            return verdict(0.0, text("grading.written_not_text", language), "not_answered")
        if not answer.split():
            return verdict(0.0, text("grading.written_blank", language), "not_answered")
        return verdict(0.0, text("grading.written_pending", language), PENDING) | {"answer": answer.strip()}
    if exercise_id in execution.answers:
        if exercise_id not in expected:
            expected[exercise_id] = reference_answer(exercise_id, ctx)
        try:
            result = assess(exercise_id, decode_answer(execution.answers[exercise_id][1]), ctx, expected[exercise_id])
        except Exception:  # an answer the comparison cannot handle (a malformed record, an odd table) is wrong
            return verdict(0.0, text("check.not_yet", language), "not_yet")
        share = {"correct": 1.0, "close": scoring.close_credit}.get(result.status, 0.0)
        message = result.message + (f" {result.hint_label}: {result.hint}" if result.hint else "")
        return verdict(share * points, message, result.status)
    if cell is None:
        return verdict(0.0, text("grading.missing", language), "missing")
    stop = execution.stop
    if stop is not None and (stop[0] == "could_not_start" or cell >= int(stop[1].get("cell", 0))):
        reason = text(f"grading.{stop[0]}", language, **stop[1])
        return verdict(0.0, text("grading.not_reached", language, reason=clean(reason, scratch)), "not_reached")
    if cell in execution.errors:
        ename, evalue = execution.errors[cell]
        if ename == "CellTimeout":
            reason = text("grading.timeout_cell", language, cell=cell, seconds=scoring.cell_timeout)
            return verdict(0.0, text("grading.not_reached", language, reason=reason), "timeout")
        error = clean(f"{ename}: {evalue}", scratch)[:300]
        return verdict(0.0, text("grading.cell_error", language, error=error), "error")
    return verdict(0.0, text("grading.not_checked", language), "not_answered")


def row(participant: str, notebook: str, exercise: str, points: float, maximum: float, feedback: str,
         status: str, file: str) -> dict[str, Any]:
    return {"participant": participant, "notebook": notebook, "exercise": exercise, "points": points,
            "max": maximum, "feedback": feedback, "status": status, "file": file}


def in_course_order(answers: pd.DataFrame, masters: dict[str, Master]) -> pd.DataFrame:
    """Written answers by notebook and exercise in course order, then by participant."""
    order = {key: i for i, key in enumerate((name, e.id) for name, m in masters.items() for e in m.exercises)}
    answers = answers.assign(_order=[order.get(k, len(order)) for k in zip(answers["notebook"], answers["exercise"])])
    return answers.sort_values(["_order", "participant"], kind="stable").drop(columns="_order").reset_index(drop=True)


def sorted_rows(rows: list[dict[str, Any]], masters: dict[str, Master]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(masters)}
    position = {(name, e.id): i for name, m in masters.items() for i, e in enumerate(m.exercises)}

    def key(row: dict[str, Any]) -> tuple:
        return (row["participant"], order.get(row["notebook"], len(order)), row["notebook"],
                row["exercise"] != "", position.get((row["notebook"], row["exercise"]), 0), row["file"],
                row["status"], row["feedback"])

    return pd.DataFrame(sorted(rows, key=key), columns=COLUMNS)
