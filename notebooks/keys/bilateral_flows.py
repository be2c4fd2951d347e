"""Key of 02_bilateral_flows (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import flows
from mlalib.context import Context
from mlalib.data import stock_example
from mlalib.exercises import bilateral_flows as ex


def _abel_cohen_od() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.od_matrix(flows.flows_from_stocks(example.stock_start, example.stock_end, example.births,
                                                   example.deaths))


def _effectiveness(ctx: Context) -> float:
    summary = flows.region_summary(_abel_cohen_od())
    return float(100 * summary["net"].abs().sum() / summary["turnover"].sum())


KEYS = {
    ex.TOTAL_MOVERS: lambda ctx: float(_abel_cohen_od().to_numpy().sum()),
    ex.D_TO_B: lambda ctx: float(_abel_cohen_od().loc["D", "B"]),
    ex.MINIMUM: lambda ctx: "a",  # in B at both dates: no move is seen
    ex.EFFECTIVENESS: _effectiveness,
}
