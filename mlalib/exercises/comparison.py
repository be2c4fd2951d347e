"""Comparing an answer with its reference answer: the verdicts and messages of a check.

Numbers are compared within the exercise's tolerances (a *close* band, and the unit slips of
:data:`UNIT_SLIPS`); Series and DataFrames label by label; choices and short texts in any course
language, case-, accent- and punctuation-insensitive. Each comparison returns the status and the
message in the participant's language (:mod:`mlalib.i18n`).

Example
-------
>>> from mlalib.exercises.catalogue import Exercise
>>> compare(Exercise("demo-share", "number", unit="percent"), 0.742, 74.2, "en")[0]
'close'
>>> compare(Exercise("demo-flow", "choice", options=("stock", "flow")), "flux", "flow", "fr")
('correct', 'Correct !')
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Literal

import numpy as np
import pandas as pd

from mlalib.errors import InputError
from mlalib.exercises.catalogue import Exercise
from mlalib.i18n import LANGUAGES, country_name, format_percent, text

Status = Literal["correct", "close", "not_yet", "not_answered", "recorded"]
#: Unit slips a check recognises, both ways: (unit asked, factor that turns the slipped answer into it, message key).
UNIT_SLIPS: tuple[tuple[str, float, str], ...] = (
    ("percent", 100.0, "check.unit.share_for_percent"),        # 0.742 for 74.2 (%)
    ("share", 0.01, "check.unit.percent_for_share"),           # 74.2 (%) for 0.742
    ("months", 0.01, "check.unit.percent_for_months"),          # 180 (% of monthly earnings) for 1.80 months
    ("percent_of_earnings", 100.0, "check.unit.months_for_percent"),  # 1.80 months for 180 (SDG 10.7.1 in %)
    ("persons", 1_000.0, "check.unit.thousands_for_persons"),   # 2,230 (thousands) for 2,230,000
    ("persons", 1_000_000.0, "check.unit.millions_for_persons"),  # 2.23 (million) for 2,230,000
    ("thousands", 0.001, "check.unit.persons_for_thousands"),   # 2,230,000 for 2,230 (thousands)
    ("millions", 0.000_001, "check.unit.persons_for_millions"),  # 2,230,000 for 2.23 (million)
)


def compare(ex: Exercise, answer: Any, expected: Any, language: str) -> tuple[Status, str]:
    """The status of ``answer`` against ``expected`` for exercise ``ex``, and its message in ``language``.

    >>> compare(Exercise("demo-rate", "number"), 2.02, 2.02, "es")
    ('correct', '¡Correcto!')
    """
    comparer = {"number": _compare_number, "series": _compare_series, "frame": _compare_frame,
                "choice": _compare_choice, "text": _compare_text}[ex.kind]
    return comparer(ex, answer, expected, language)


def wrong_type(kind: str, answer: Any, language: str) -> tuple[Status, str]:
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
            return wrong_type("number", answer, language)
    if not math.isfinite(float(answer)):
        return "not_yet", text("check.not_yet", language)
    return _numeric_verdict(ex, np.asarray(float(answer)), np.asarray(float(expected)), language)


def _compare_series(ex: Exercise, answer: Any, expected: pd.Series, language: str) -> tuple[Status, str]:
    if not isinstance(answer, pd.Series):
        return wrong_type("series", answer, language)
    if set(answer.index) != set(expected.index):
        return "not_yet", text("check.wrong_shape", language, expected=_labels(expected.index), given=_labels(answer.index))
    aligned = answer.reindex(expected.index)
    return _compare_values(ex, aligned, expected, language)


def _compare_frame(ex: Exercise, answer: Any, expected: pd.DataFrame, language: str) -> tuple[Status, str]:
    if not isinstance(answer, pd.DataFrame):
        return wrong_type("frame", answer, language)
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
        return wrong_type("choice", answer, language)
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
        return wrong_type("text", answer, language)
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


__all__ = ["Status", "UNIT_SLIPS", "compare", "option_labels", "parse_number", "wrong_type"]
