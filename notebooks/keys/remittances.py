"""Key of 04_remittances (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import remittances
from mlalib.context import Context
from mlalib.data.lessons import example_service, lesson_data
from mlalib.exercises import remittances as ex


def _last_quarter(table: pd.DataFrame) -> pd.Series:
    return table[table.period == table.period.max()].iloc[0]


def _savings(ctx: Context) -> float:
    corridors = remittances.corridor_average(lesson_data("prices", ctx))
    usa_mex = corridors[(corridors.sending == "USA") & (corridors.receiving == "MEX")
                        & (corridors.period == corridors.period.max())]["total_cost_pct"].item()
    volumes = lesson_data("volumes", ctx)
    volume = volumes[(volumes.sending == "USA") & (volumes.receiving == "MEX")]["volume"].item()
    return float(remittances.savings_at_target(volume, usa_mex, 3.0))


def _why_weighted_lower(ctx: Context) -> str:
    prices = lesson_data("prices", ctx)
    weighted = _last_quarter(remittances.weighted_average(prices, lesson_data("volumes", ctx)))["total_cost_pct"]
    simple = _last_quarter(remittances.global_average(prices))["total_cost_pct"]
    if not weighted < simple:  # the question assumes it; a cohort where it fails must not get a false key
        raise ValueError(f"seed {ctx.seed}: the weighted average ({weighted:.2f}) is not below the simple one")
    return "a"


def _equal_weights(ctx: Context) -> str:
    prices = lesson_data("prices", ctx)
    equal = _last_quarter(remittances.weighted_average(prices, lesson_data("volumes", ctx).assign(volume=1.0)))
    simple = _last_quarter(remittances.global_average(prices))
    return "a" if round(equal["total_cost_pct"], 2) == round(simple["total_cost_pct"], 2) else "b"


def _which_saves_more(ctx: Context) -> str | tuple[str, ...]:
    prices = lesson_data("prices", ctx)
    corridors = remittances.corridor_average(prices)
    corridors = corridors[corridors.period == corridors.period.max()].merge(lesson_data("volumes", ctx))
    dearest = corridors.sort_values("total_cost_pct").iloc[-1]
    largest = corridors.sort_values("volume").iloc[-1]
    saved = [float(remittances.savings_at_target(row["volume"], row["total_cost_pct"], 3.0))
             for row in (dearest, largest)]
    if abs(saved[0] - saved[1]) < 0.5:  # the same corridor, or savings equal to the half million: both right
        return ("a", "b")
    return "a" if saved[0] > saved[1] else "b"


def _not_meeting(ctx: Context) -> float:
    compliance = remittances.corridor_compliance(lesson_data("prices", ctx))
    return float((~compliance[compliance.period == compliance.period.max()]["meets_target"]).sum())


KEYS = {
    ex.TOTAL_COST: lambda ctx: float(remittances.total_cost_pct(**example_service(ctx.seed))),
    ex.GLOBAL_AVERAGE: lambda ctx: float(_last_quarter(
        remittances.global_average(lesson_data("prices", ctx)))["total_cost_pct"]),
    ex.WEIGHTED_AVERAGE: lambda ctx: float(_last_quarter(remittances.weighted_average(
        lesson_data("prices", ctx), lesson_data("volumes", ctx)))["total_cost_pct"]),
    ex.WHY_WEIGHTED_LOWER: _why_weighted_lower,
    ex.EQUAL_WEIGHTS: _equal_weights,
    ex.SHARE_ABOVE_5: lambda ctx: float(_last_quarter(remittances.share_of_corridors_above(
        remittances.smart_average(lesson_data("prices", ctx)), 5, cost="smart_cost_pct")).share_above_pct),
    ex.CORRIDORS_NOT_MEETING: _not_meeting,
    ex.SAVINGS_USA_MEX: _savings,
    ex.WHICH_SAVES_MORE: _which_saves_more,
}
