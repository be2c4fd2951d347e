"""Exercises of notebook 02_bilateral_flows: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

import pandas as pd

from mlalib import flows
from mlalib.data import stock_example
from mlalib.exercises.core import Context, Exercise, register


def _abel_cohen_od() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.od_matrix(flows.flows_from_stocks(example.stock_start, example.stock_end, example.births,
                                                   example.deaths))


register(Exercise("flows-total-movers", "number", lambda ctx: float(_abel_cohen_od().to_numpy().sum()),
                  abs_tol=0.05))
register(Exercise("flows-d-to-b", "number", lambda ctx: float(_abel_cohen_od().loc["D", "B"]), abs_tol=0.05))


def _effectiveness(ctx: Context) -> float:
    summary = flows.region_summary(_abel_cohen_od())
    return float(100 * summary["net"].abs().sum() / summary["turnover"].sum())


register(Exercise("flows-effectiveness", "number", _effectiveness, abs_tol=0.05))
