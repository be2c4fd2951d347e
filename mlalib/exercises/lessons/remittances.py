"""Exercises of notebook 04_remittances: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

import pandas as pd

from mlalib import remittances
from mlalib.data.lessons import example_service
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.exercises.core import Context, Exercise, register


def _last_quarter(table: pd.DataFrame) -> pd.Series:
    return table[table.period == table.period.max()].iloc[0]


register(Exercise("rem-total-cost", "number",
                  lambda ctx: float(remittances.total_cost_pct(**example_service(ctx.seed))), abs_tol=0.005))
register(Exercise("rem-global-average", "number", lambda ctx: float(_last_quarter(
    remittances.global_average(remittance_prices(ctx.seed)))["total_cost_pct"]), abs_tol=0.005))
register(Exercise("rem-share-above-5", "number", lambda ctx: float(_last_quarter(remittances.share_of_corridors_above(
    remittances.corridor_average(remittance_prices(ctx.seed)))).share_above_pct), abs_tol=0.05))


def _savings(ctx: Context) -> float:
    prices = remittance_prices(ctx.seed)
    corridors = remittances.corridor_average(prices)
    usa_mex = corridors[(corridors.sending == "USA") & (corridors.receiving == "MEX")
                        & (corridors.period == corridors.period.max())]["total_cost_pct"].item()
    volumes = corridor_volumes(ctx.seed)
    volume = volumes[(volumes.sending == "USA") & (volumes.receiving == "MEX")]["volume"].item()
    return float(remittances.savings_at_target(volume, usa_mex, 3.0))


register(Exercise("rem-savings-usa-mex", "number", _savings, abs_tol=0.5, rel_tol=1e-3))
