"""Exercises of the course notebooks 01-07 and the data they work with.

Every exercise of these notebooks counts for the grade, so all of them are **graded-only**:
this module declares each one (id, kind, tolerances, options) but holds no reference
answer. The reference answers (the key) are computed by the course's key file,
``notebooks/course_keys.py``, which stays with the trainer's course materials: ``mlalib
grade`` loads it in the grader's process, and the trainer build and the tests load it
through ``MLALIB_COURSE_KEYS`` (see :func:`mlalib.exercises.core.install_keys`). In a
participant's kernel ``check(...)`` records these answers without judging them.

The data each notebook uses are built by :func:`lesson_data`, so that the notebook and the
key always see the same numbers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from mlalib import labour, returns
from mlalib.data import load
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey
from mlalib.exercises.core import Exercise, register

DESIGN = dict(weight="weight", strata="stratum", psu="psu")


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


register(Exercise("stocks-net-migration", "number", abs_tol=0.5, close_rel_tol=0.02, graded_only=True))
register(Exercise("stocks-rate-of-change", "number", abs_tol=0.005, graded_only=True))
register(Exercise("stocks-stock-or-flow", "choice", options=("stock", "flow"), graded_only=True))
register(Exercise("stocks-largest-focus", "text", graded_only=True))
register(Exercise("flows-total-movers", "number", abs_tol=0.05, graded_only=True))
register(Exercise("flows-d-to-b", "number", abs_tol=0.05, graded_only=True))
register(Exercise("flows-effectiveness", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-lfpr-migrants", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-ur-migrant-women", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-unweighted-lfpr", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-unreliable-cells", "number", abs_tol=0.0, close_rel_tol=0.0, graded_only=True))
register(Exercise("rem-total-cost", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rem-global-average", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rem-share-above-5", "number", abs_tol=0.05, graded_only=True))
register(Exercise("rem-savings-usa-mex", "number", abs_tol=0.5, rel_tol=1e-3, graded_only=True))
register(Exercise("ret-share-compelled", "number", abs_tol=0.05, graded_only=True))
register(Exercise("ret-composite-mean", "number", abs_tol=0.005, graded_only=True))
register(Exercise("ret-lowest-dimension", "choice", options=returns.DIMENSIONS, graded_only=True))
register(Exercise("ret-ur-returnees", "number", abs_tol=0.05, graded_only=True))
register(Exercise("rc-mean-months", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rc-median-months", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rc-gender-gap", "number", abs_tol=0.005, graded_only=True))
register(Exercise("profile-stock-2020", "number", abs_tol=0.5, graded_only=True))
register(Exercise("profile-female-share", "number", abs_tol=0.05, graded_only=True))
register(Exercise("profile-remittance-growth", "number", abs_tol=0.05, graded_only=True))
