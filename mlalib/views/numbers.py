"""Numbers written for people: rounded by their size, with the separators of the cohort's language.

A ratio of 0.036 written with one decimal reads "0.0", and as a whole number "0": the reader concludes
there is nothing. Every view writes its numbers with :func:`number_text` and rounds the values it draws
with :func:`rounded`: a number keeps the ``decimals`` places asked for, and gets more where these would
leave it fewer than ``significant`` significant digits (0.036, not 0.0; 1.4, not 1), without trailing zeros
beyond the places asked for (0.5, not 0.50). How many digits to show is the course's choice; the
separators are those of the language (Unicode CLDR, through :func:`mlalib.i18n.format_number`).

Example
-------
>>> number_text(0.036, "en", decimals=0), number_text(1197.64, "fr"), number_text(0.5, "es", decimals=0)
('0.036', '1\u202f197,6', '0,5')
"""

from __future__ import annotations

import math
from typing import Iterable

import pandas as pd

from mlalib.i18n import format_number

#: Significant digits every number keeps, whatever the places asked for.
SIGNIFICANT = 2


def places(value: float, decimals: int = 1, significant: int = SIGNIFICANT) -> int:
    """Decimal places to write ``value`` with: at least ``decimals``, more where ``value`` would otherwise keep
    fewer than ``significant`` significant digits, no trailing zero beyond ``decimals``.

    >>> places(0.036, 0), places(153.2, 0), places(1.44, 0), places(0.5, 1), places(0.0, 2)
    (3, 0, 1, 1, 2)
    """
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return decimals
    needed = significant - 1 - math.floor(math.log10(abs(value)))
    if needed <= decimals:
        return decimals
    shown = round(value, needed)
    while needed > decimals and round(shown, needed - 1) == shown:
        needed -= 1
    return needed


def number_text(value: float, language: str = "en", decimals: int = 1, significant: int = SIGNIFICANT) -> str:
    """``value`` rounded by its size (:func:`places`) and written as in ``language``; "–" for a missing value.

    >>> number_text(0.0123, "fr"), number_text(2_500_000, "en", 0), number_text(float("nan"), "en")
    ('0,012', '2,500,000', '–')
    """
    value = _number(value)
    if not math.isfinite(value):
        return "–"
    shown = places(value, decimals, significant)
    return format_number(round(value, shown), language, shown)


def rounded(values: Iterable[float], decimals: int = 1, significant: int = SIGNIFICANT) -> list[float]:
    """Each of ``values`` rounded by its size (:func:`places`), for the data a figure draws and shows on hover;
    missing values stay NaN.

    >>> rounded([1234.567, 0.0366, float("nan")], 1)
    [1234.6, 0.037, nan]
    """
    out = []
    for value in values:
        number = _number(value)
        out.append(round(number, places(number, decimals, significant)) if math.isfinite(number) else math.nan)
    return out


def _number(value: object) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)
