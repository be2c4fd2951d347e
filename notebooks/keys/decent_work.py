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


def _fatal_publishable(ctx: Context) -> str:
    fatal = _row(_injuries(ctx), indicator="fatal_injury_rate", migrant_status="migrant")
    return "no" if fatal["unreliable"] else "yes"


@lru_cache(maxsize=4)
def _gaps(ctx: Context) -> pd.DataFrame:
    return decent_work.pay_gap(lesson_data("lfs", ctx), by="sex", design=DESIGN)


def _median_gap_women(ctx: Context) -> float:
    return float(_row(_gaps(ctx), indicator="median_pay_gap", sex="female")["estimate"])


def _gap_significant(ctx: Context) -> str:
    gaps = decent_work.pay_gap(lesson_data("lfs", ctx), by="age_group", design=DESIGN)
    young = _row(gaps, indicator="mean_pay_gap", age_group="15-24")
    return "yes" if young["ci_low"] > 0 or young["ci_high"] < 0 else "no"


KEYS = {
    ex.INFORMALITY_MIGRANT_WOMEN: _informality_migrant_women,
    ex.NONFATAL_INJURY_MIGRANTS: _nonfatal_injury_migrants,
    ex.FATAL_PUBLISHABLE: _fatal_publishable,
    ex.MEDIAN_GAP_WOMEN: _median_gap_women,
    ex.GAP_SIGNIFICANT: _gap_significant,
}
