"""Exercise checks: compare a participant's answer with the reference answer.

Reference answers are computed by mlalib's own statistics from the cohort parameters
(seed, focus countries, data vintage), so each cohort's variant of the synthetic data gets
its own key. A check says *correct*, *close* (within a stated tolerance, with advice), *not
yet* (with a hint that does not give the answer away) or *not answered yet* (the placeholder
``...`` is still there). Messages come from the catalog of the cohort language
(:mod:`mlalib.i18n`).

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
import math
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Literal, Mapping

import numpy as np
import pandas as pd

from mlalib.context import Context
from mlalib.errors import InputError, UnknownExerciseError
from mlalib.i18n import HINT_CONTEXT, LANGUAGES, country_name, format_percent, show_numbers_in, text, translated

Kind = Literal["number", "series", "frame", "choice", "text"]
#: The unit a numeric answer is asked in; a slip to another unit is recognised as *close* and named.
Unit = Literal["percent", "percent_of_earnings", "months", "persons"]
#: Unit slips a check recognises: (unit asked, factor that turns the slipped answer into it, message key).
UNIT_SLIPS: tuple[tuple[str, float, str], ...] = (
    ("percent", 100.0, "check.unit.share_for_percent"),        # 0.742 for 74.2 (%)
    ("months", 0.01, "check.unit.percent_for_months"),          # 180 (% of monthly earnings) for 1.80 months
    ("percent_of_earnings", 100.0, "check.unit.months_for_percent"),  # 1.80 months for 180 (SDG 10.7.1 in %)
    ("persons", 1_000.0, "check.unit.thousands_for_persons"),   # 2,230 (thousands) for 2,230,000
    ("persons", 1_000_000.0, "check.unit.millions_for_persons"),  # 2.23 (million) for 2,230,000
)
Status = Literal["correct", "close", "not_yet", "not_answered", "recorded"]
#: Environment variable naming the course keys (the folder ``notebooks/keys``, or one key file) for trainers' kernels.
KEYS_VARIABLE = "MLALIB_COURSE_KEYS"


@dataclass(frozen=True)
class Exercise:
    """One exercise, declared once, in the exercise module of its master notebook.

    ``master`` names the master notebook that asks it and ``points`` what it is worth there
    (0: practice, not graded); the build derives the checking cell's metadata and the trainer
    edition's hidden check from them. ``rel_tol``/``abs_tol`` bound a *correct* numeric
    answer; ``close_rel_tol`` bounds a *close* one. ``options`` lists the accepted choices
    (kind ``choice``); ``accepted`` the accepted short texts (kind ``text``). ``hint`` is the
    English hint shown with a wrong answer (translated in the library catalogs, context
    ``exercise hint``). ``unit`` (``"percent"``, ``"percent_of_earnings"``, ``"months"``,
    ``"persons"``) is the unit the question asks for: an answer that is right in another unit (a
    share for a percentage, months of earnings for per cent of monthly earnings and the reverse,
    thousands or millions for persons) is *close*, and the message names the slip
    (:data:`UNIT_SLIPS`).

    A **graded-only** exercise (``graded_only=True``) is declared without its reference: the
    key is in the course's key modules (``notebooks/keys/``), bound to this object, and is
    installed only where answers are assessed (the grader, the trainer build;
    :func:`install_keys`); elsewhere :func:`check` records the answer and says so, without
    judging it.
    """

    id: str
    kind: Kind
    master: str = ""
    points: float = 0
    reference: Callable[[Context], Any] | None = None
    rel_tol: float = 1e-6
    abs_tol: float = 0.0
    close_rel_tol: float = 0.05
    options: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    graded_only: bool = False
    hint: str = ""
    unit: Unit | None = None


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


@dataclass(frozen=True)
class KeyAccess:
    """Recorded instead of an answer when notebook code reaches for the answer key."""

    what: str


_EXERCISES: dict[str, Exercise] = {}
_context = Context()
_results: dict[str, CheckResult] = {}
#: Called with (exercise id, answer) by every check while a submission is graded
#: (installed by :mod:`mlalib.course.sandbox`); None otherwise.
_recorder: Callable[[str, Any], None] | None = None
#: Set while a submission is graded: the answer key is then out of reach of notebook code.
_key_locked = False


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the catalogue (ids are unique; only a graded-only one may come without reference)."""
    if exercise.id in _EXERCISES:
        raise InputError(f"exercise id '{exercise.id}' is registered twice")
    if exercise.reference is None and not exercise.graded_only:
        raise InputError(f"exercise '{exercise.id}' has no reference answer; only a graded-only exercise may")
    if isinstance(exercise.points, bool) or not isinstance(exercise.points, (int, float)) or not exercise.points >= 0:
        raise InputError(f"exercise '{exercise.id}': points must be a number, 0 or more; got {exercise.points!r}")
    _EXERCISES[exercise.id] = exercise
    return exercise


def install_keys(path: str | Path) -> list[str]:
    """Install the reference answers of graded-only exercises from the course keys; their ids.

    ``path`` is the folder of key modules (``notebooks/keys``: every ``*.py`` in it) or one
    key module. Each module is Python that defines ``KEYS``, a dict from a registered
    graded-only :class:`Exercise` (the object its exercise module declares, never an id
    written again) to a function of the :class:`Context`. Not available while a submission
    is graded.

    Example
    -------
    >>> len(install_keys("notebooks/keys")) > 0  # doctest: +SKIP
    True
    """
    import runpy

    if _key_locked:
        raise PermissionError("the answer key cannot be installed while a notebook is graded")
    where = Path(path)
    if where.is_dir():
        files = sorted(p for p in where.glob("*.py") if not p.name.startswith("_"))
    elif where.is_file():
        files = [where]
    else:
        raise InputError(f"the course keys {str(where)!r} do not exist (expected the folder notebooks/keys or a "
                         f"key module)")
    installed: list[str] = []
    for file in files:
        keys = runpy.run_path(str(file)).get("KEYS")
        if not isinstance(keys, dict):
            raise InputError(f"the key module {str(file)!r} defines no dict named KEYS")
        for exercise, reference in keys.items():
            registered = _EXERCISES.get(getattr(exercise, "id", None)) if isinstance(exercise, Exercise) else None
            if registered is None or not registered.graded_only or not callable(reference):
                raise InputError(f"{str(file)!r}: every KEYS entry must map a registered graded-only Exercise to a "
                                 f"function of the cohort context; got {exercise!r}")
            _EXERCISES[registered.id] = replace(registered, reference=reference)
            installed.append(registered.id)
    return installed


def install_keys_from_environment() -> None:
    """Install the course keys named by ``MLALIB_COURSE_KEYS``, if set (trainer builds, tests)."""
    path = os.environ.get(KEYS_VARIABLE)
    if path:
        install_keys(path)


def missing_keys(ids: list[str] | None = None) -> list[str]:
    """Graded-only exercises (of ``ids``, default all) whose key is not installed."""
    chosen = _EXERCISES if ids is None else {i: _EXERCISES[i] for i in ids if i in _EXERCISES}
    return sorted(i for i, e in chosen.items() if e.reference is None)


def exercises() -> dict[str, Exercise]:
    """All registered exercises, by id."""
    return dict(_EXERCISES)


def configure(cohort: Mapping[str, Any] | Context | None = None, /, **values: Any) -> Context:
    """Set the cohort context of this notebook's checks, and return it.

    Called once in every course notebook, right after the ``parameters`` cell, with the
    ``cohort`` dict the build wrote there: ``ctx = configure(cohort)``. Keywords replace single
    parameters (``configure(language="fr")``). Tables then show their decimal numbers as people
    of the cohort's language write them (:func:`mlalib.i18n.show_numbers_in`).

    >>> configure({"language": "es", "seed": 7}).seed
    7
    """
    global _context
    base = Context.from_parameters(cohort).parameters() if cohort is not None else {}
    _context = Context.from_parameters({**base, **values})
    _results.clear()
    show_numbers_in(_context.language)
    return _context


def context() -> Context:
    """The parameters set by :func:`configure`."""
    return _context


def results() -> dict[str, CheckResult]:
    """The last check result of every exercise checked since :func:`configure`."""
    return dict(_results)


def reference_answer(exercise_id: str, ctx: Context | None = None) -> Any:
    """The reference answer of an exercise for a cohort context (trainers and tests).

    Not available while a submission is graded: it then raises :class:`PermissionError` and
    the attempt is reported in the gradebook.
    """
    if _key_locked:
        if _recorder is not None:
            _recorder("", KeyAccess("reference_answer"))
        raise PermissionError("the answer key is not available while a notebook is graded")
    return _reference(_lookup(exercise_id))(ctx or _context)


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
    exercise = _lookup(exercise_id)
    if answer is Ellipsis:
        return CheckResult(exercise.id, "not_answered", text("check.not_answered", ctx.language))
    if expected is None:
        expected = _reference(exercise)(ctx)
    status, message = _compare(exercise, answer, expected, ctx.language)
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
    exercise = _lookup(exercise_id)
    language = _context.language
    if _recorder is not None:
        _recorder(exercise.id, answer)
        result = CheckResult(exercise.id, "recorded", text("check.recorded", language))
    elif exercise.reference is None:
        result = CheckResult(exercise.id, "not_answered", text("check.not_answered", language)) if answer is Ellipsis \
            else CheckResult(exercise.id, "recorded", text("check.graded_only", language))
    else:
        result = assess(exercise.id, answer, _context)
    _results[exercise.id] = result
    return result


def _lookup(exercise_id: str) -> Exercise:
    if exercise_id not in _EXERCISES:
        raise UnknownExerciseError(
            f"no exercise with id '{exercise_id}'; known ids: {', '.join(sorted(_EXERCISES))}"
        )
    return _EXERCISES[exercise_id]


def _compare(ex: Exercise, answer: Any, expected: Any, language: str) -> tuple[Status, str]:
    comparer = {"number": _compare_number, "series": _compare_series, "frame": _compare_frame,
                "choice": _compare_choice, "text": _compare_text}[ex.kind]
    return comparer(ex, answer, expected, language)


def _wrong_type(kind: str, answer: Any, language: str) -> tuple[Status, str]:
    expected = text(f"check.types.{kind}", language)
    return "not_yet", text("check.wrong_type", language, expected=expected, given=_described(answer, language))


def _described(answer: Any, language: str) -> str:
    """What the participant gave, in plain words of their language (never a bare Python type name)."""
    type_name = getattr(answer, "type_name", None)  # an answer the grader could not carry over
    if type_name is None:
        type_name = type(answer).__name__
    key = {"str": "text", "tuple": "values", "list": "list", "bool": "bool", "bool_": "bool",
           "NoneType": "none", "int": "number", "float": "number", "Series": "series", "DataFrame": "frame"}.get(
        type_name)
    if key == "text":
        value = answer if isinstance(answer, str) else ""
        return text("check.given.text", language, value=repr(value if len(value) <= 40 else value[:37] + "..."))
    if key in {"series", "frame"}:
        return text(f"check.types.{key}", language)
    if key is not None:
        return text(f"check.given.{key}", language)
    return text("check.given.other", language, type=type_name)


_SPACES = re.compile(r"[\s\u00a0\u202f']+")


def parse_number(value: str, language: str = "en") -> float | None:
    """A number written as text the way people write it, or None if it is not one.

    Accepts a decimal point or a decimal comma (``"74.21"``, ``"74,21"``), thousands separated
    by spaces, apostrophes, or by commas/points when the other sign marks the decimals
    (``"1 234,5"``, ``"1,234.5"``, ``"1.234,5"``), and a trailing ``%``. A single comma
    followed by exactly three digits is a thousands separator in English (``"1,250"`` is
    1250) and a decimal comma in French and Spanish (1.25).

    >>> parse_number("74,21"), parse_number("1 234,5", "fr"), parse_number("1,250"), parse_number("1,250", "fr")
    (74.21, 1234.5, 1250.0, 1.25)
    """
    raw = _SPACES.sub("", value.strip()).removesuffix("%")
    if not re.fullmatch(r"[-+−]?[\d.,]*\d[\d.,]*", raw):
        return None
    raw = raw.replace("−", "-")
    commas, points = raw.count(","), raw.count(".")
    if commas and points:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if raw.count(decimal) > 1:
            return None
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif commas == 1:
        grouped = re.fullmatch(r"[-+]?\d{1,3},\d{3}", raw) is not None
        raw = raw.replace(",", "" if grouped and language == "en" else ".")
    elif commas > 1:
        if not re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", raw):
            return None
        raw = raw.replace(",", "")
    elif points > 1:
        if not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", raw):
            return None
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _decimal_comma(answer: Any, language: str) -> tuple[Status, str] | None:
    """``74,21`` typed for 74.21 is the tuple (74, 21) in Python: say so in plain words."""
    if (isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(v, (int, np.integer)) for v in answer)
            and not isinstance(answer[0], bool) and answer[1] >= 0):
        first, second = int(answer[0]), int(answer[1])
        return "not_yet", text("check.decimal_comma", language, given=f"{first},{second}", first=first,
                               second=second, suggested=f"{first}.{second}")
    return None


def _within(answer: np.ndarray, expected: np.ndarray, rel: float, abs_: float) -> bool:
    return bool(np.all(np.abs(answer - expected) <= np.maximum(abs_, rel * np.abs(expected))))


def _numeric_verdict(ex: Exercise, answer: np.ndarray, expected: np.ndarray, language: str) -> tuple[Status, str]:
    if _within(answer, expected, ex.rel_tol, ex.abs_tol):
        return "correct", text("check.correct", language)
    if _within(answer, expected, ex.close_rel_tol, ex.abs_tol):
        return "close", text("check.close", language, tolerance=format_percent(ex.close_rel_tol, language))
    slip = _unit_slip(ex, answer, expected)
    if slip is not None:
        return "close", text(slip, language)
    return "not_yet", text("check.not_yet", language)


def _unit_slip(ex: Exercise, answer: np.ndarray, expected: np.ndarray) -> str | None:
    """The message key of the unit slip that turns ``answer`` into a correct one, if any.

    A zero answer is never a slip (any factor keeps it zero), nor is an expected zero.
    """
    if ex.unit is None or not np.all(np.isfinite(answer)) or np.all(expected == 0) or np.all(answer == 0):
        return None
    for unit, factor, key in UNIT_SLIPS:
        # converted, the answer must be at least close: 0.742 for 74.21 per cent is 74.2
        if unit == ex.unit and _within(answer * factor, expected, max(ex.rel_tol, ex.close_rel_tol), ex.abs_tol):
            return key
    return None


def _compare_number(ex: Exercise, answer: Any, expected: Any, language: str) -> tuple[Status, str]:
    if isinstance(answer, str) and parse_number(answer, language) is not None:
        answer = parse_number(answer, language)
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        comma = _decimal_comma(answer, language)
        if comma is not None:
            return comma
        if isinstance(answer, (pd.Series, np.ndarray)) and np.size(answer) == 1:
            answer = np.ravel(np.asarray(answer))[0]
        else:
            return _wrong_type("number", answer, language)
    if not math.isfinite(float(answer)):
        return "not_yet", text("check.not_yet", language)
    return _numeric_verdict(ex, np.asarray(float(answer)), np.asarray(float(expected)), language)


def _compare_series(ex: Exercise, answer: Any, expected: pd.Series, language: str) -> tuple[Status, str]:
    if not isinstance(answer, pd.Series):
        return _wrong_type("series", answer, language)
    if set(answer.index) != set(expected.index):
        return "not_yet", text("check.wrong_shape", language, expected=_labels(expected.index), given=_labels(answer.index))
    aligned = answer.reindex(expected.index)
    return _compare_values(ex, aligned, expected, language)


def _compare_frame(ex: Exercise, answer: Any, expected: pd.DataFrame, language: str) -> tuple[Status, str]:
    if not isinstance(answer, pd.DataFrame):
        return _wrong_type("frame", answer, language)
    if set(answer.columns) != set(expected.columns) or set(answer.index) != set(expected.index):
        return "not_yet", text("check.wrong_shape", language, expected=_labels(expected.columns), given=_labels(answer.columns))
    aligned = answer.reindex(index=expected.index, columns=expected.columns)
    verdicts = [_compare_values(ex, aligned[c], expected[c], language) for c in expected.columns]
    for status in ("not_yet", "close"):
        for verdict in verdicts:
            if verdict[0] == status:
                return verdict
    return "correct", text("check.correct", language)


def _compare_values(ex: Exercise, answer: pd.Series, expected: pd.Series, language: str) -> tuple[Status, str]:
    if pd.api.types.is_numeric_dtype(expected) and not pd.api.types.is_bool_dtype(expected):
        if not pd.api.types.is_numeric_dtype(answer) or answer.isna().any():
            return "not_yet", text("check.not_yet", language)
        return _numeric_verdict(ex, answer.to_numpy(float), expected.to_numpy(float), language)
    same = [_normalise(str(a)) == _normalise(str(e)) for a, e in zip(answer, expected)]
    return ("correct", text("check.correct", language)) if all(same) else ("not_yet", text("check.not_yet", language))


def _compare_choice(ex: Exercise, answer: Any, expected: str | tuple[str, ...], language: str) -> tuple[Status, str]:
    """``expected`` is one option, or a tuple of options that are all right (answers that a cohort's data
    cannot tell apart statistically, e.g. two dimensions whose difference is within its confidence interval)."""
    if not isinstance(answer, str):
        return _wrong_type("choice", answer, language)
    options = {_normalise(o): o for o in ex.options}
    for option in ex.options:  # the option in every course language, or a country's name, is accepted
        options.update({name: option for name in _names(option)})
    given = _normalise(answer)
    if given not in options:
        shown = ", ".join(option_labels(o)[language] for o in ex.options)
        return "not_yet", text("check.choice_unknown", language, given=answer, options=shown)
    if options[given] in (expected if isinstance(expected, tuple) else (expected,)):
        return "correct", text("check.correct", language)
    return "not_yet", text("check.not_yet", language)


def _compare_text(ex: Exercise, answer: Any, expected: Any, language: str) -> tuple[Status, str]:
    if not isinstance(answer, str):
        return _wrong_type("text", answer, language)
    accepted = {name for a in (*ex.accepted, str(expected)) for name in _names(a)}
    if _normalise(answer) in accepted:
        return "correct", text("check.correct", language)
    return "not_yet", text("check.not_yet", language)


def _names(value: str) -> set[str]:
    """The normalised ways a participant may write an option or a short answer: itself, its label in every
    course language and, for an ISO 3166 alpha-3 code, the country's names in every course language
    (``"MEX"``: Mexico, Mexique, México)."""
    names = {_normalise(value), *(_normalise(label) for label in option_labels(value).values())}
    if re.fullmatch(r"[A-Za-z]{3}", value):
        import pycountry

        country = pycountry.countries.get(alpha_3=value.upper())
        if country is not None:
            english = {country.name, getattr(country, "common_name", country.name),
                       getattr(country, "official_name", country.name)}
            names |= {_normalise(n) for n in english}
            names |= {_normalise(country_name(value.upper(), language)) for language in LANGUAGES}
    return names


def option_labels(option: str) -> dict[str, str]:
    """An answer option in every course language (message ``option.<option>``; the option itself if none).

    >>> option_labels("flow")
    {'en': 'flow', 'fr': 'flux', 'es': 'flujo'}
    """
    try:
        return {language: text(f"option.{option}", language) for language in LANGUAGES}
    except InputError:
        return {language: option for language in LANGUAGES}


def _normalise(value: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive form of a short text."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", letters).strip()


def _labels(index: pd.Index) -> str:
    labels = [str(v) for v in index]
    return ", ".join(labels[:8]) + (", ..." if len(labels) > 8 else "")


__all__ = [
    "CheckResult", "Context", "Exercise", "KeyAccess", "assess", "check", "configure", "context", "exercises",
    "install_keys", "missing_keys", "option_labels", "parse_number", "reference_answer", "register", "results",
]
