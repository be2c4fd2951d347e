"""Exercise checks: compare a participant's answer with the reference answer.

Reference answers are computed by mlalib's own statistics from the cohort parameters
(seed, focus countries, data vintage), so each cohort's variant of the synthetic data gets
its own key. A check says *correct*, *close* (within a stated tolerance, with advice), *not
yet* (with a hint that does not give the answer away) or *not answered yet* (the placeholder
``...`` is still there). Messages come from the catalog of the cohort language
(:mod:`mlalib.i18n`). The exercises are declared in :mod:`mlalib.exercises.catalogue`, answers
are compared in :mod:`mlalib.exercises.comparison`, and the cohort context of the notebook is
kept in :mod:`mlalib.exercises.session`.

Example
-------
>>> from mlalib.exercises import check, configure, start_here
>>> ctx = configure(language="en")
>>> exercise = start_here.RATE_OF_CHANGE.id  # the practice exercise of 00_start_here
>>> check(exercise, ...).status
'not_answered'
>>> check(exercise, 2.02).status
'correct'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

from mlalib.context import Context
from mlalib.errors import UnknownExerciseError
from mlalib.exercises.catalogue import KEYS_VARIABLE, Exercise, lookup
from mlalib.exercises.comparison import Status, compare, wrong_type
from mlalib.exercises.session import context, keep_result, key_locked, recorder, report_key_access
from mlalib.exercises.session import language as cohort_language
from mlalib.i18n import HINT_CONTEXT, text, translated


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; shown as a coloured box in JupyterLab."""

    exercise_id: str
    status: Status
    message: str
    hint: str = ""
    hint_label: str = "Hint"

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        lines = [f"[{self.exercise_id}] {self.message}"]
        if self.hint:
            lines.append(f"{self.hint_label}: {self.hint}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = {"correct": "#1b7a3a", "close": "#9a6a00", "not_yet": "#b3261e", "not_answered": "#555",
                  "recorded": "#2b6cb0"}[self.status]
        hint = f"<br><b>{html.escape(self.hint_label)}:</b> {html.escape(self.hint)}" if self.hint else ""
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"<b>{html.escape(self.exercise_id)}</b>: {html.escape(self.message)}{hint}</div>"
        )


def reference_answer(exercise_id: str, ctx: Context | None = None) -> Any:
    """The reference answer of an exercise for a cohort context (trainers and tests).

    Not available while a submission is graded: it then raises :class:`PermissionError` and
    the attempt is reported in the gradebook.
    """
    if key_locked():
        report_key_access("reference_answer")
        raise PermissionError("the answer key is not available while a notebook is graded")
    return _reference(lookup(exercise_id))(ctx or context())


def _reference(exercise: Exercise) -> Callable[[Context], Any]:
    if exercise.reference is None:
        raise UnknownExerciseError(f"the key of the graded-only exercise '{exercise.id}' is not installed here; it is "
                                   f"in the course's key file (install_keys, or {KEYS_VARIABLE})")
    return exercise.reference


def assess(exercise_id: str, answer: Any, ctx: Context, expected: Any = None) -> CheckResult:
    """Compare an answer with the reference answer for ``ctx`` (what :func:`check` shows).

    ``expected`` may pass a reference answer computed before (a grader assessing many
    submissions computes each one once); by default it is computed from ``ctx``.

    Example
    -------
    >>> from mlalib.exercises import start_here
    >>> assess(start_here.RATE_OF_CHANGE.id, 2.02, Context(language="fr")).message
    'Correct !'
    """
    exercise = lookup(exercise_id)
    if answer is Ellipsis:
        return CheckResult(exercise.id, "not_answered", text("check.not_answered", ctx.language))
    if exercise.kind == "written":
        return acknowledge(exercise, answer, ctx.language)
    if expected is None:
        expected = _reference(exercise)(ctx)
    status, message = compare(exercise, answer, expected, ctx.language)
    hint = translated(exercise.hint, ctx.language, HINT_CONTEXT) if status != "correct" and exercise.hint else ""
    return CheckResult(exercise.id, status, message, hint, text("check.hint", ctx.language))


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check an answer and return a :class:`CheckResult` (displayed as feedback).

    While a submission is graded, the answer is only recorded for the grader (status
    ``recorded``): it is assessed in the grader's process, never in the notebook's kernel.
    A graded-only exercise whose key is not installed is recorded the same way.

    Parameters
    ----------
    exercise_id : str
        The id printed in the exercise text (declared in the exercise module of the notebook).
    answer : number, Series, DataFrame or str
        The participant's answer; ``...`` (the placeholder) means "not answered yet".
    """
    exercise = lookup(exercise_id)
    language = cohort_language()
    record = recorder()
    if record is not None:
        record(exercise.id, answer)
        result = CheckResult(exercise.id, "recorded", text("check.recorded", language))
    elif exercise.kind == "written":
        result = acknowledge(exercise, answer, language)
    elif exercise.reference is None:
        result = CheckResult(exercise.id, "not_answered", text("check.not_answered", language)) if answer is Ellipsis \
            else CheckResult(exercise.id, "recorded", text("check.graded_only", language))
    else:
        result = assess(exercise.id, answer, context())
    keep_result(exercise.id, result)
    return result


def acknowledge(exercise: Exercise, answer: Any, language: str) -> CheckResult:
    """What :func:`check` says of a written answer: kept for the trainer, not scored here.

    A written answer is free text (a ``str``); the trainer grades it with the exercise's rubric
    (:func:`~mlalib.exercises.catalogue.rubric`) after ``mlalib grade`` has collected it. Nothing is
    judged in the notebook: the participant sees that the text is kept and how many words it has.

    >>> ex = Exercise("demo-written", "written", rubric=(("Names two facts", 2.0),))
    >>> acknowledge(ex, "Remittances doubled since 2010.", "en").status
    'recorded'
    >>> acknowledge(ex, "   ", "en").status
    'not_answered'
    """
    if answer is Ellipsis:
        return CheckResult(exercise.id, "not_answered", text("check.not_answered", language))
    if not isinstance(answer, str):
        status, message = wrong_type("written", answer, language)
        return CheckResult(exercise.id, status, message)
    words = len(answer.split())
    if not words:
        return CheckResult(exercise.id, "not_answered", text("check.written_empty", language))
    return CheckResult(exercise.id, "recorded", text("check.written", language, words=words))


__all__ = ["CheckResult", "acknowledge", "assess", "check", "reference_answer"]
