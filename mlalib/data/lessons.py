"""The data each course notebook works with, built the same way for the notebook and for its answer key.

Notebooks import these helpers (never the answer key in :mod:`mlalib.exercises.lessons`); the key
calls them with the cohort's parameters, so both see the same numbers.

Example
-------
>>> profile_country(["XKX", "SEN"])  # Kosovo has no UN DESA series of its own (counted within Serbia)
'SEN'
>>> sorted(balancing_example(7)) == ["births", "deaths", "pop_end", "pop_start"]
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from mlalib import labour
from mlalib.data.registry import load
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey


def profile_country(focus_countries: tuple[str, ...] | list[str]) -> str:
    """The first focus country with a UN DESA 2020 migrant stock (e.g. not Kosovo, counted within Serbia)."""
    stock = load("undesa_migrant_stock_2020")
    available = set(stock.loc[stock["stock"].notna(), "iso3"].dropna())
    for code in focus_countries:
        if code in available:
            return code
    return "PHL"


def balancing_example(seed: int) -> dict[str, int]:
    """Invented population accounts for the balancing-equation exercise (varies with the cohort seed)."""
    rng = np.random.default_rng(seed)
    pop_start = int(rng.integers(4_000_000, 12_000_000) // 1000 * 1000)
    births = int(pop_start * rng.uniform(0.015, 0.03)) // 100 * 100
    deaths = int(pop_start * rng.uniform(0.006, 0.011)) // 100 * 100
    net = int(pop_start * rng.uniform(-0.006, 0.008)) // 100 * 100
    return {"pop_start": pop_start, "pop_end": pop_start + births - deaths + net, "births": births, "deaths": deaths}


@lru_cache(maxsize=8)
def _lfs(seed: int, country: str) -> pd.DataFrame:
    return labour.icls_categories(labour_force_survey(seed=seed, country=country), country=country)


def lesson_data(name: str, seed: int = 0, focus_countries: tuple[str, ...] | list[str] = ("PHL",)) -> Any:
    """The data a notebook works with: ``"lfs"`` (classified survey of the first focus country),
    ``"returnees"``, ``"prices"``, ``"volumes"``, ``"stock"`` (UN DESA 2020), ``"remittances"`` (WDI)."""
    country = profile_country(tuple(focus_countries))
    makers = {
        "lfs": lambda: _lfs(int(seed), country).copy(),
        "returnees": lambda: returnee_survey(seed=int(seed)),
        "prices": lambda: remittance_prices(seed=int(seed)),
        "volumes": lambda: corridor_volumes(seed=int(seed)),
        "stock": lambda: load("undesa_migrant_stock_2020"),
        "remittances": lambda: load("wdi_remittances_received_2025"),
    }
    return makers[name]()


def example_service(seed: int) -> dict[str, float]:
    """The service whose cost participants compute by hand: the first USA -> MEX bank service of the last quarter."""
    prices = remittance_prices(seed=seed)
    row = prices[(prices.sending == "USA") & (prices.receiving == "MEX") & (prices.period == prices.period.max())]
    row = row.sort_values("provider").iloc[0]
    return {"fee": float(row.fee), "amount": float(row.amount), "applied_rate": float(row.applied_rate),
            "interbank_rate": float(row.interbank_rate)}
