"""Key of 01_stocks_and_flows (see README.md in this folder)."""

from __future__ import annotations

from mlalib import flows
from mlalib.context import Context
from mlalib.data.lessons import balancing_example, lesson_data, migrant_stock, profile_country
from mlalib.exercises import stocks_and_flows as ex


def _net_migration(ctx: Context) -> float:
    return float(flows.net_migration_residual(**balancing_example(ctx.seed)))


def _net_sign(ctx: Context) -> str:
    """The sign of net migration, unless errors of the stated size in both population estimates could make it."""
    accounts = balancing_example(ctx.seed)
    net = flows.net_migration_residual(**accounts)
    largest_error = ex.POPULATION_ERROR * (accounts["pop_start"] + accounts["pop_end"])
    if abs(net) <= largest_error:
        return "cannot_tell"
    return "emigration" if net < 0 else "immigration"


def _rate_of_change(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries)
    return float(flows.annual_rate_of_change(migrant_stock(ctx, code, 2015), migrant_stock(ctx, code, 2020), 5))


def _largest_stock(ctx: Context) -> str:
    stock = lesson_data("stock", ctx)
    chosen = stock[stock.iso3.isin(ctx.focus_countries) & (stock.year == 2020) & (stock.sex == "total")]
    return str(chosen.sort_values("stock", ascending=False)["iso3"].iloc[0])


KEYS = {
    ex.NET_MIGRATION: _net_migration,
    ex.COUNT_ERROR: lambda ctx: "b",  # the residual takes the whole over-count of the end-of-year population
    ex.NET_SIGN: _net_sign,
    ex.STOCK_OR_FLOW: lambda ctx: "flow",
    ex.LARGEST_FOCUS: _largest_stock,
    ex.DATA_TYPE: lambda ctx: "a",  # PHL "C R" vs MEX "B R": foreign citizens vs foreign-born; both add refugees
    ex.RATE_OF_CHANGE: _rate_of_change,
}
