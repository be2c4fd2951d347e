"""Key of 08_emigrants_and_diasporas (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import emigration
from mlalib.context import Context
from mlalib.data.lessons import emigration_country, lesson_data
from mlalib.exercises import emigrants_and_diasporas as ex


def _summary(ctx: Context, year: int = 2019) -> pd.Series:
    country = emigration_country(ctx)
    return emigration.origin_summary(lesson_data("emigrants", ctx), lesson_data("population", ctx),
                                     [country], year).loc[country]


def _rate_change(ctx: Context) -> str | tuple[str, ...]:
    then, now = _summary(ctx, 1990), _summary(ctx)
    if now["emigration_rate_pct"] > then["emigration_rate_pct"]:
        return "a"
    # a fall: the residents grew faster than the emigrants; if the emigrants fell, both reasons are true
    return ("b", "c") if now["emigrants"] < then["emigrants"] else "b"


def _sources_differ(ctx: Context) -> str:
    country = emigration_country(ctx)
    od = lesson_data("emigrants", ctx)
    sources = emigration.emigrants_by_source(od, lesson_data("knomad", ctx), [country])
    world_bank = sources.loc[country, "world_bank_2017"]
    low, high = sorted(float(emigration.emigrants(od, year)[country]) for year in (2015, 2019))
    return "above" if world_bank > high else "below" if world_bank < low else "between"


def _brain_drain(ctx: Context) -> str:
    ratio = emigration.brain_drain_indicators(lesson_data("census", ctx))["selection_ratio"]
    return "larger" if ratio > 1 else "smaller"


def _per_emigrant(ctx: Context) -> float:
    country = emigration_country(ctx)
    money = emigration.remittance_summary(lesson_data("remittances", ctx), lesson_data("emigrants", ctx),
                                          lesson_data("population", ctx), [country], 2019)
    return float(money.loc[country, "usd_per_emigrant"])


KEYS = {
    ex.EMIGRANTS_2019: lambda ctx: float(_summary(ctx)["emigrants"]),
    ex.EMIGRATION_RATE: lambda ctx: float(_summary(ctx)["emigration_rate_pct"]),
    ex.RATE_CHANGE: _rate_change,
    ex.SOURCES_DIFFER: _sources_differ,
    ex.TERTIARY_RATE: lambda ctx: float(emigration.brain_drain_indicators(lesson_data("census", ctx))
                                        ["tertiary_emigration_rate_pct"]),
    ex.BRAIN_DRAIN: _brain_drain,
    ex.REMITTANCES_PER_EMIGRANT: _per_emigrant,
}
