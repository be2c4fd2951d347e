"""Key of 09_decent_work (see README.md in this folder)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from mlalib import decent_work
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import decent_work as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
#: The world's order of magnitude of fatal occupational injuries per 100,000 workers that the exercise gives.
FATAL_RATE = 10


def _row(table: pd.DataFrame, **where: str) -> pd.Series:
    for column, value in where.items():
        table = table[table[column] == value]
    return table.iloc[0]


def _informality_migrant_women(ctx: Context) -> float:
    table = decent_work.informality_rate(lesson_data("lfs", ctx), by=["sex", "migrant_status"], design=DESIGN)
    return float(_row(table, sex="female", migrant_status="migrant")["estimate"])


@lru_cache(maxsize=4)  # two exercises read this table; the context is immutable
def _injuries(ctx: Context) -> pd.DataFrame:
    return decent_work.occupational_injury_rates(lesson_data("lfs", ctx), by="migrant_status", design=DESIGN)


def _nonfatal_injury_migrants(ctx: Context) -> float:
    return float(_row(_injuries(ctx), indicator="nonfatal_injury_rate", migrant_status="migrant")["estimate"])


def _expected_deaths(ctx: Context) -> float:
    respondents = _row(_injuries(ctx), indicator="fatal_injury_rate", migrant_status="migrant")["n"]
    return float(respondents * FATAL_RATE / 100_000)


@lru_cache(maxsize=4)
def _mean_gaps(ctx: Context) -> tuple[pd.Series, pd.Series]:
    lfs = lesson_data("lfs", ctx)
    lfs["hourly_earnings"] = decent_work.hourly_earnings(lfs)
    monthly = _row(decent_work.pay_gap(lfs, by=None, design=DESIGN), indicator="mean_pay_gap")
    hourly = _row(decent_work.pay_gap(lfs, "hourly_earnings", by=None, design=DESIGN), indicator="mean_pay_gap")
    return monthly, hourly


def _hourly_gap(ctx: Context) -> str:
    monthly, hourly = _mean_gaps(ctx)
    change = hourly["estimate"] - monthly["estimate"]
    return "c" if abs(change) <= 1 else "a" if change > 0 else "b"


def _gap_vs_ilo(ctx: Context) -> str:
    _, hourly = _mean_gaps(ctx)
    return "larger" if hourly["ci_low"] > 13 else "smaller" if hourly["ci_high"] < 13 else "cannot_tell"


KEYS = {
    ex.INFORMALITY_MIGRANT_WOMEN: _informality_migrant_women,
    ex.NONFATAL_INJURY_MIGRANTS: _nonfatal_injury_migrants,
    ex.EXPECTED_DEATHS: _expected_deaths,
    ex.HOURLY_GAP: _hourly_gap,
    ex.GAP_VS_ILO: _gap_vs_ilo,
}
