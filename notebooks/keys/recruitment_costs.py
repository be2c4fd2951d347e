"""Key of 06_recruitment_costs (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import recruitment_costs as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
#: What the master states: the newspaper's median (150% of monthly earnings), the ministry's gap (20 points) and
#: the varied reference period (3 years instead of 5).
MEDIAN_CLAIM, GAP_CLAIM, VARIED_YEARS = 150.0, 20.0, 3
#: A bound closer to the stated value than this (the tables show one decimal) is taken as on it: both readings
#: are right.
BORDERLINE = 0.05


def _rci(ctx: Context, by: str | None = None, recent_years: float = 5) -> pd.DataFrame:
    return labour.recruitment_cost_indicator(lesson_data("lfs", ctx), design=DESIGN, by=by, recent_years=recent_years)


def _gap(ctx: Context) -> pd.Series:
    return labour.recruitment_cost_gap(lesson_data("lfs", ctx), design=DESIGN).iloc[0]


def _against(low: float, high: float, value: float) -> str | tuple[str, ...]:
    """What the interval ``[low, high]`` says about the statement "more than ``value``"."""
    if abs(low - value) < BORDERLINE:
        return ("supported", "cannot_tell")
    if abs(high - value) < BORDERLINE:
        return ("contradicted", "cannot_tell")
    return "supported" if low > value else "contradicted" if high < value else "cannot_tell"


def _median_claim(ctx: Context) -> str | tuple[str, ...]:
    row = _rci(ctx).iloc[0]
    return _against(row["median_ci_low"], row["median_ci_high"], MEDIAN_CLAIM)


def _gap_claim(ctx: Context) -> str | tuple[str, ...]:
    gap = _gap(ctx)
    return _against(gap["ci_low"], gap["ci_high"], GAP_CLAIM)


def _period(ctx: Context) -> str:
    five, shorter = _rci(ctx).iloc[0], _rci(ctx, recent_years=VARIED_YEARS).iloc[0]
    return "b" if abs(shorter["mean"] - five["mean"]) > 2 * five["se"] else "a"


KEYS = {
    ex.MEAN_PCT: lambda ctx: float(_rci(ctx)["mean"].iloc[0]),
    ex.MEDIAN_PCT: lambda ctx: float(_rci(ctx)["median"].iloc[0]),
    ex.MEDIAN_CLAIM: _median_claim,
    ex.GENDER_GAP: lambda ctx: float(_gap(ctx)["gap"]),
    ex.GAP_CLAIM: _gap_claim,
    ex.PERIOD_VARY: _period,
}
