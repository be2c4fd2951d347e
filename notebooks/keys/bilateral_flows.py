"""Key of 02_bilateral_flows (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import flows
from mlalib.context import Context
from mlalib.data import stock_example
from mlalib.exercises import bilateral_flows as ex


def _abel_cohen_estimates() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.flows_from_stocks(example.stock_start, example.stock_end, example.births, example.deaths)


def _abel_cohen_summary() -> pd.DataFrame:
    return flows.region_summary(flows.od_matrix(_abel_cohen_estimates()))


def _effectiveness(ctx: Context) -> float:
    summary = _abel_cohen_summary()
    return float(100 * summary["net"].abs().sum() / summary["turnover"].sum())


def _returns(ctx: Context) -> str:
    """(b) more than half of the moves end in the mover's place of birth, (a) otherwise."""
    moves = _abel_cohen_estimates().query("origin != destination")
    returns = moves.loc[moves["destination"] == moves["birthplace"], "flow"].sum()
    return "b" if returns > moves["flow"].sum() / 2 else "a"


def _redistribution(ctx: Context) -> str:
    """(b) the region with the largest gain receives fewer than half of the moves and most moves are offset."""
    summary = _abel_cohen_summary()
    gainer = summary["net"].idxmax()
    offset = _effectiveness(ctx) < 50 and summary.loc[gainer, "inflow"] < summary["inflow"].sum() / 2
    return "b" if offset else "a"


def _open_system(ctx: Context) -> str:
    """(a) region B's net migration changes sign between the closed and the open system (Abel 2013's example)."""
    demo = stock_example("abel2013_demography")
    net = {method: flows.region_summary(flows.od_matrix(flows.flows_from_stocks(
        *demo, match_birthplace_tot_method=method))).loc["B", "net"] for method in ("rescale", "open")}
    if net["rescale"] * net["open"] < 0:
        return "a"
    return "b" if net["open"] < 0 else "c"


KEYS = {
    ex.TOTAL_MOVERS: lambda ctx: float(flows.od_matrix(_abel_cohen_estimates()).to_numpy().sum()),
    ex.RETURNS: _returns,
    ex.MINIMUM: lambda ctx: "a",  # in B at both dates: no move is seen
    ex.EFFECTIVENESS: _effectiveness,
    ex.REDISTRIBUTION: _redistribution,
    ex.OPEN_SYSTEM: _open_system,
}
