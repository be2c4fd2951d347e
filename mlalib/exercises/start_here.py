"""Exercises of the master notebook ``00_start_here``: practice, with instant feedback (0 points).

Their reference answers are computed here from the bundled world migrant stock (UN DESA, International
Migrant Stock 2020) or, for the revised growth, from the figures the lesson quotes (International
Migrant Stock 2024).

Example
-------
>>> from mlalib.context import Context
>>> STEADY_GROWTH.reference(Context()), RATE_BY_SEX.reference(Context()), REVISED_GROWTH.reference(Context())
('b', 'b', 29.0)
"""

from __future__ import annotations

import pandas as pd

from mlalib.context import Context
from mlalib.data import load
from mlalib.exercises.catalogue import Exercise, register
from mlalib.flows import annual_rate_of_change

MASTER = "00_start_here"
#: Two annual rates (per cent a year) closer than this are "about the same" in the readings offered.
SAME_RATE = 0.25
#: UN DESA, International Migrant Stock 2024: the world's stock at mid-2024 and its revised mid-2020 value, millions.
STOCK_2024_REVISION = {2020: 275.0, 2024: 304.0}


def _world(sex: str) -> pd.Series:
    world = load("undesa_world_migrant_stock_2020")
    return world[world["sex"] == sex].set_index("year")["stock"]


def _rate(stock: pd.Series, start: int, end: int) -> float:
    return float(annual_rate_of_change(stock[start], stock[end], years=end - start))


def _world_rate_1990_2020(ctx: Context) -> float:
    return _rate(_world("total"), 1990, 2020)


def _steady_growth(ctx: Context) -> str:
    """(a) about the same rate in 1990-1995 and 2015-2020, (b) faster in the later period, (c) slower."""
    total = _world("total")
    first, last = _rate(total, 1990, 1995), _rate(total, 2015, 2020)
    if abs(last - first) < SAME_RATE:
        return "a"
    return "b" if last > first else "c"


def _rate_by_sex(ctx: Context) -> str:
    """(a) women's stock faster, (b) men's faster, (c) about the same, over 1990-2020."""
    women, men = _rate(_world("female"), 1990, 2020), _rate(_world("male"), 1990, 2020)
    if abs(men - women) < SAME_RATE / 10:
        return "c"
    return "b" if men > women else "a"


RATE_OF_CHANGE = register(Exercise(
    "start-rate-of-change", "number", MASTER, points=0,
    reference=_world_rate_1990_2020,
    abs_tol=0.005,  # an answer rounded to two decimals is correct
    close_rel_tol=0.05, unit="percent",
    hint=("The rate is exponential: take the natural logarithm of the 2020 stock divided by the 1990 stock, "
          "divide by the 30 years between them, and multiply by 100 to get per cent a year. "
          "mlalib.flows.annual_rate_of_change does it for you."),
))
STEADY_GROWTH = register(Exercise(
    "start-steady-growth", "choice", MASTER, points=0, options=("a", "b", "c"),
    reference=_steady_growth,
    hint=("Compute the two five-year rates: set the years to 1990 and 1995, run the cell, then to 2015 and 2020. "
          "A rate over 30 years is an average: the periods inside it can be slower or faster."),
))
RATE_BY_SEX = register(Exercise(
    "start-rate-by-sex", "choice", MASTER, points=0, options=("a", "b", "c"),
    reference=_rate_by_sex,
    hint=("Compare the two rates over 1990-2020. The number of women can rise while their share falls: the share "
          "of women falls when the stock of men grows faster than the stock of women."),
))
REVISED_GROWTH = register(Exercise(
    "start-revised-growth", "number", MASTER, points=0,
    reference=lambda ctx: STOCK_2024_REVISION[2024] - STOCK_2024_REVISION[2020],
    abs_tol=0.5,  # the figures are given in whole millions
    close_rel_tol=0.02, unit="millions",
    hint=("281 million is the 2020 revision's figure for 2020; 304 million comes from the 2024 revision, which "
          "revised 2020 to 275 million. A change over time compares two years of the same revision."),
))
