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


KEYS = {
    ex.TOTAL_COST: lambda ctx: float(remittances.total_cost_pct(**example_service(ctx.seed))),
    ex.GLOBAL_AVERAGE: lambda ctx: float(_last_quarter(
        remittances.global_average(lesson_data("prices", ctx)))["total_cost_pct"]),
    ex.SHARE_ABOVE_5: lambda ctx: float(_last_quarter(remittances.share_of_corridors_above(
        remittances.corridor_average(lesson_data("prices", ctx)))).share_above_pct),
    ex.SAVINGS_USA_MEX: _savings,
}
