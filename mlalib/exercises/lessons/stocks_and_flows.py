"""Exercises of notebook 01_stocks_and_flows: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

from mlalib import flows
from mlalib.data import load
from mlalib.data.lessons import balancing_example, profile_country
from mlalib.exercises.core import Context, Exercise, register
from mlalib.exercises.lessons._shared import migrant_stock


def _net_migration(ctx: Context) -> float:
    accounts = balancing_example(ctx.seed)
    return float(flows.net_migration_residual(**accounts))


def _rate_of_change(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    return float(flows.annual_rate_of_change(migrant_stock(code, 2015), migrant_stock(code, 2020), 5))


def _largest_stock(ctx: Context) -> str:
    stock = load("undesa_migrant_stock_2020")
    chosen = stock[stock.iso3.isin(ctx.focus_countries) & (stock.year == 2020) & (stock.sex == "total")]
    return str(chosen.sort_values("stock", ascending=False)["iso3"].iloc[0])


register(Exercise("stocks-net-migration", "number", _net_migration, abs_tol=0.5, close_rel_tol=0.02))
register(Exercise("stocks-rate-of-change", "number", _rate_of_change, abs_tol=0.005))
register(Exercise("stocks-stock-or-flow", "choice", lambda ctx: "flow", options=("stock", "flow")))
register(Exercise("stocks-largest-focus", "text", _largest_stock))
