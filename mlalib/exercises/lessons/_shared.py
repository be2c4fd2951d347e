"""What the exercise modules of several course notebooks share."""

from __future__ import annotations

from mlalib.data import load

#: The sample design of the synthetic surveys (weights, strata, primary sampling units).
DESIGN = dict(weight="weight", strata="stratum", psu="psu")


def migrant_stock(code: str, year: int, sex: str = "total") -> float:
    """A country's international migrant stock in a year (UN DESA 2020, bundled)."""
    stock = load("undesa_migrant_stock_2020")
    row = stock[(stock.iso3 == code) & (stock.year == year) & (stock.sex == sex)]
    return float(row["stock"].iloc[0])
