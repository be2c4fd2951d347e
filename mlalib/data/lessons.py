"""The data each course notebook works with, built the same way for the notebook and for its answer key.

Notebooks import these helpers (never the course's answer key, ``notebooks/keys``); the key
calls them with the same cohort context (:class:`mlalib.context.Context`), so both see the same
numbers.

Example
-------
>>> from mlalib.context import Context
>>> profile_country(["XKX", "SEN"])  # Kosovo has no UN DESA series of its own (counted within Serbia)
'SEN'
>>> sorted(balancing_example(7)) == ["births", "deaths", "pop_end", "pop_start"]
True
>>> migrant_stock(Context(focus_countries=("SEN",)), "SEN", 2020) > 0
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from mlalib import labour
from mlalib._validate import country_code, country_codes
from mlalib.context import Context, seed_argument
from mlalib.data.registry import load
from mlalib.errors import InputError, shown
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.data.synthetic_census import education_census, tertiary_migrant_jobs
from mlalib.data.synthetic_residual import census_and_permits
from mlalib.emigration import available_origins, brain_drain_indicators
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey

#: The sexes of the UN DESA migrant stock.
SEXES = ("total", "male", "female")


def _context(ctx: Any) -> Context:
    if not isinstance(ctx, Context):
        raise InputError(f"argument 'ctx' must be the cohort context returned by configure(cohort), got {shown(ctx)}")
    return ctx


def profile_country(focus_countries: tuple[str, ...] | list[str]) -> str:
    """The first focus country with a UN DESA 2020 migrant stock (e.g. not Kosovo, counted within Serbia);
    the Philippines when none has (or none is given)."""
    if not isinstance(focus_countries, (list, tuple)):
        raise InputError(f"argument 'focus_countries' must be a list of country codes, got {shown(focus_countries)}")
    codes = country_codes(focus_countries, "focus_countries") if focus_countries else []
    stock = load("undesa_migrant_stock_2020")
    available = set(stock.loc[stock["stock"].notna(), "iso3"].dropna())
    for code in codes:
        if code in available:
            return code
    return "PHL"


def balancing_example(seed: int) -> dict[str, int]:
    """Invented population accounts for the balancing-equation exercise (varies with the cohort seed)."""
    rng = np.random.default_rng(seed_argument(seed))
    pop_start = int(rng.integers(4_000_000, 12_000_000) // 1000 * 1000)
    births = int(pop_start * rng.uniform(0.015, 0.03)) // 100 * 100
    deaths = int(pop_start * rng.uniform(0.006, 0.011)) // 100 * 100
    net = int(pop_start * rng.uniform(-0.006, 0.008)) // 100 * 100
    return {"pop_start": pop_start, "pop_end": pop_start + births - deaths + net, "births": births, "deaths": deaths}


@lru_cache(maxsize=8)
def _lfs(seed: int, country: str) -> pd.DataFrame:
    # the course counts migrants by place of birth, as UN DESA's stocks (notebooks 01 and 03)
    return labour.icls_categories(labour_force_survey(seed=seed, country=country), country=country,
                                  criterion="birth")


def lesson_data(name: str, ctx: Context) -> Any:
    """The data a notebook works with, for the cohort context ``ctx``: ``"lfs"`` (classified survey
    of the first focus country), ``"returnees"``, ``"prices"``, ``"volumes"`` (synthetic, from the
    cohort's seed), ``"stock"`` (UN DESA International Migrant Stock of the cohort's data vintage),
    ``"remittances"`` (WDI); for the origin-country view (08): ``"emigrants"`` (UN DESA 2019 by origin
    and destination), ``"population"`` (UN DESA 2019 totals: immigrants, population), ``"knomad"`` (World
    Bank 2017 bilateral migration matrix), and, synthetic from the cohort's seed, ``"census"`` and
    ``"jobs"`` (census-style counts by education and occupations of :func:`emigration_country`) and
    ``"brain_drain"`` (the brain-drain indicators of each focus country with emigrants); for the residual estimate of
    irregular migration (11), synthetic from the cohort's seed: ``"census_and_permits"`` (census and register counts of
    the foreign-born of an invented destination country, by region of birth)."""
    ctx = _context(ctx)
    makers = {
        "lfs": lambda: _lfs(ctx.seed, profile_country(ctx.focus_countries)).copy(),
        "returnees": lambda: returnee_survey(seed=ctx.seed),
        "prices": lambda: remittance_prices(seed=ctx.seed),
        "volumes": lambda: corridor_volumes(seed=ctx.seed),
        "stock": lambda: load(f"undesa_migrant_stock_{ctx.data_vintage}"),
        "remittances": lambda: load("wdi_remittances_received_2025"),
        "emigrants": lambda: _bundled("undesa_migrant_stock_2019_by_origin").copy(),
        "population": lambda: _bundled("undesa_migrant_stock_2019_totals").copy(),
        "knomad": lambda: _bundled("knomad_migrant_stock_2017").copy(),
        "census": lambda: education_census(ctx.seed, emigration_country(ctx)),
        "jobs": lambda: tertiary_migrant_jobs(ctx.seed, emigration_country(ctx)),
        "brain_drain": lambda: _brain_drain(ctx),
        "census_and_permits": lambda: census_and_permits(ctx.seed),
    }
    if not isinstance(name, str) or name not in makers:
        raise InputError(f"argument 'name': no lesson data {shown(name)}; known: {', '.join(makers)}")
    return makers[name]()


@lru_cache(maxsize=4)
def _bundled(name: str) -> pd.DataFrame:
    """A bundled data set read once per process (the 2019 origin-destination table takes 0.3 s to check);
    callers get copies."""
    return load(name)


@lru_cache(maxsize=32)
def _emigration_countries_of(focus_countries: tuple[str, ...]) -> tuple[str, ...]:
    present, _ = available_origins(_bundled("undesa_migrant_stock_2019_by_origin"), focus_countries or ("PHL",))
    return tuple(present) or ("PHL",)


def _emigration_countries(ctx: Context) -> list[str]:
    return list(_emigration_countries_of(tuple(_context(ctx).focus_countries)))


def emigration_country(ctx: Context) -> str:
    """The country of notebook 08's exercises: the first focus country with emigrants in UN DESA 2019
    (not, e.g., Kosovo, counted within Serbia); the Philippines when none has.

    >>> emigration_country(Context(focus_countries=("XKX", "SEN")))
    'SEN'
    """
    return _emigration_countries(ctx)[0]


def _brain_drain(ctx: Context) -> pd.DataFrame:
    rows = {code: brain_drain_indicators(education_census(ctx.seed, code)) for code in _emigration_countries(ctx)}
    return pd.DataFrame(rows).T.rename_axis("country")


def migrant_stock(ctx: Context, code: str, year: int, sex: str = "total") -> float:
    """The UN DESA international migrant stock of one country, year and sex (``total``, ``female``,
    ``male``) in the cohort's data vintage."""
    stock = lesson_data("stock", ctx)
    code = country_code(code, "code")
    years = sorted(int(y) for y in stock["year"].unique())
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or int(year) not in years:
        raise InputError(f"argument 'year' must be one of the years of the UN DESA migrant stock {years}, got "
                         f"{shown(year)}")
    if not isinstance(sex, str) or sex not in SEXES:
        raise InputError(f"argument 'sex' must be one of {', '.join(SEXES)}, got {shown(sex)}")
    row = stock[(stock.iso3 == code) & (stock.year == year) & (stock.sex == sex)]
    if row.empty or row["stock"].isna().all():
        raise InputError(f"no UN DESA migrant stock for {code}, {year}, sex {sex!r} in the {ctx.data_vintage} "
                         "revision (Kosovo, for one, is counted within Serbia)")
    return float(row["stock"].iloc[0])


def origin_tables(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The UN DESA *International Migrant Stock 2019* by origin and destination (``year, origin_iso3,
    destination_iso3, stock``) and its totals by location (``iso3, year, immigrants,
    population_thousands``): the emigrants of notebooks 07 and 08, whatever the cohort's data vintage
    (the 2020 revision publishes no origin table in the bundled data)."""
    _context(ctx)
    return load("undesa_migrant_stock_2019_by_origin"), load("undesa_migrant_stock_2019_totals")


def profiled_country(ctx: Context) -> tuple[str, list[str]]:
    """The country of notebook 07's migration profile and the focus countries left out.

    It is the first focus country with both a UN DESA migrant stock (the cohort's data vintage) and
    emigrants in the 2019 origin table (Kosovo, counted within Serbia, has neither); the Philippines
    if none has.
    """
    od, _ = origin_tables(ctx)
    stock = lesson_data("stock", ctx)
    immigrants = set(stock.loc[stock["stock"].notna(), "iso3"].dropna())
    emigrants = set(od.loc[(od["year"] == 2019) & od["stock"].notna(), "origin_iso3"])
    usable = [code for code in ctx.focus_countries if code in immigrants and code in emigrants]
    return (usable[0] if usable else "PHL"), [code for code in ctx.focus_countries if code not in usable]


def example_service(seed: int) -> dict[str, float]:
    """The service whose cost participants compute by hand: the first USA -> MEX bank service of the last quarter."""
    prices = remittance_prices(seed=seed_argument(seed))
    row = prices[(prices.sending == "USA") & (prices.receiving == "MEX") & (prices.period == prices.period.max())]
    row = row.sort_values("provider").iloc[0]
    return {"fee": float(row.fee), "amount": float(row.amount), "applied_rate": float(row.applied_rate),
            "interbank_rate": float(row.interbank_rate)}
