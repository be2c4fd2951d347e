"""Key of 08_emigrants_and_diasporas (see README.md in this folder)."""

from __future__ import annotations

from mlalib import emigration
from mlalib.context import Context
from mlalib.data.lessons import emigration_country, lesson_data
from mlalib.exercises import emigrants_and_diasporas as ex


def _summary(ctx: Context):
    country = emigration_country(ctx)
    return country, emigration.origin_summary(lesson_data("emigrants", ctx), lesson_data("population", ctx),
                                              [country], 2019).loc[country]


def _net_position(ctx: Context) -> str:
    _, row = _summary(ctx)
    return "emigration" if row["net_position"] < 0 else "immigration"


def _tertiary_rate(ctx: Context) -> float:
    return float(emigration.brain_drain_indicators(lesson_data("census", ctx))["tertiary_emigration_rate_pct"])


def _brain_drain(ctx: Context) -> str:
    ratio = emigration.brain_drain_indicators(lesson_data("census", ctx))["selection_ratio"]
    return "larger" if ratio > 1 else "smaller"


def _per_emigrant(ctx: Context) -> float:
    country = emigration_country(ctx)
    money = emigration.remittance_summary(lesson_data("remittances", ctx), lesson_data("emigrants", ctx),
                                          lesson_data("population", ctx), [country], 2019)
    return float(money.loc[country, "usd_per_emigrant"])


KEYS = {
    ex.EMIGRANTS_2019: lambda ctx: float(_summary(ctx)[1]["emigrants"]),
    ex.EMIGRATION_RATE: lambda ctx: float(_summary(ctx)[1]["emigration_rate_pct"]),
    ex.NET_POSITION: _net_position,
    ex.TERTIARY_RATE: _tertiary_rate,
    ex.BRAIN_DRAIN: _brain_drain,
    ex.REMITTANCES_PER_EMIGRANT: _per_emigrant,
}
