"""Stocks and flows: the demographic balancing equation and the rates built on it.

Definitions follow the UN *Recommendations on Statistics of International Migration,
Revision 1* (1998) and the UN DESA International Migrant Stock methodology. Every function
accepts scalars, numpy arrays or pandas Series (aligned by label) and returns the same kind.
"""

from __future__ import annotations

import numpy as np

from mlalib._validate import Numeric, finite_result, numeric, same_labels
from mlalib.errors import InputError


@finite_result
def net_migration_residual(pop_start: Numeric, pop_end: Numeric, births: Numeric, deaths: Numeric) -> Numeric:
    """Net migration as the residual of the demographic balancing equation.

    From ``P1 = P0 + B - D + I - E`` it follows that ``I - E = (P1 - P0) - (B - D)``:
    population change minus natural increase (UN Manual VI, 1970; migest ``net_vs``).

    Parameters
    ----------
    pop_start, pop_end : number, array or Series
        Population at the start and at the end of the period (persons).
    births, deaths : number, array or Series
        Births and deaths during the period (persons).

    Returns
    -------
    Net migration (immigrants minus emigrants) during the period, in persons.

    Example
    -------
    >>> net_migration_residual(1_000_000, 1_012_000, births=15_000, deaths=9_000)
    6000.0
    """
    p0 = numeric(pop_start, "pop_start", non_negative=True)
    p1 = numeric(pop_end, "pop_end", non_negative=True)
    b = numeric(births, "births", non_negative=True)
    d = numeric(deaths, "deaths", non_negative=True)
    same_labels(pop_start=p0, pop_end=p1, births=b, deaths=d)
    return (p1 - p0) - (b - d)


@finite_result
def balancing_equation(
    pop_start: Numeric, births: Numeric, deaths: Numeric, immigrants: Numeric, emigrants: Numeric
) -> Numeric:
    """End-of-period population from the demographic balancing equation.

    ``P1 = P0 + B - D + I - E`` (UN 1998 Recommendations, para. 33; Preston, Heuveline &
    Guillot 2001, ch. 1).

    Example
    -------
    >>> balancing_equation(1_000_000, births=15_000, deaths=9_000, immigrants=20_000, emigrants=14_000)
    1012000.0
    """
    p0 = numeric(pop_start, "pop_start", non_negative=True)
    b = numeric(births, "births", non_negative=True)
    d = numeric(deaths, "deaths", non_negative=True)
    i = numeric(immigrants, "immigrants", non_negative=True)
    e = numeric(emigrants, "emigrants", non_negative=True)
    same_labels(pop_start=p0, births=b, deaths=d, immigrants=i, emigrants=e)
    return p0 + b - d + i - e


@finite_result
def crude_rate(events: Numeric, pop_start: Numeric, pop_end: Numeric | None = None, years: float = 1.0) -> Numeric:
    """Crude rate per 1,000 person-years: events / (mid-period population x years) x 1,000.

    The mid-period population is approximated by the mean of the start and end
    populations (or ``pop_start`` alone when ``pop_end`` is not given), the usual
    approximation of person-years lived (Preston et al. 2001, sec. 1.5). Use it for crude
    birth, death, immigration, emigration and net migration rates (the last may be negative).

    Example
    -------
    >>> round(crude_rate(6_000, 1_000_000, 1_012_000), 3)
    5.964
    """
    e = numeric(events, "events")
    p0 = numeric(pop_start, "pop_start", positive=True)
    p1 = p0 if pop_end is None else numeric(pop_end, "pop_end", positive=True)
    t = numeric(years, "years", positive=True)
    same_labels(events=e, pop_start=p0, pop_end=p1, years=t)
    return 1000.0 * e / ((p0 + p1) / 2.0 * t)


def net_migration_rate(net_migration: Numeric, pop_start: Numeric, pop_end: Numeric | None = None, years: float = 1.0) -> Numeric:
    """Net migration rate per 1,000 person-years (UN DESA World Population Prospects definition).

    Same as :func:`crude_rate` with net migration as the events.

    Example
    -------
    >>> round(net_migration_rate(-5_000, 2_000_000, 1_990_000), 4)
    -2.5063
    """
    return crude_rate(net_migration, pop_start, pop_end, years)


@finite_result
def annual_rate_of_change(stock_start: Numeric, stock_end: Numeric, years: float) -> Numeric:
    """Exponential annual rate of change, in per cent: ``r = 100 x ln(P2 / P1) / t``.

    This is the "annual rate of change of the migrant stock" published by UN DESA in
    International Migrant Stock 2020, Table 5 (see its Notes sheet).

    Parameters
    ----------
    stock_start, stock_end : number, array or Series
        Stocks at the two dates; both must be positive (the logarithm is undefined at 0).
    years : float
        Years between the two dates (e.g. 5 for 2015-2020).

    Example
    -------
    >>> round(float(annual_rate_of_change(247_958_644, 280_598_105, 5)), 2)
    2.47
    """
    p1 = numeric(stock_start, "stock_start", positive=True)
    p2 = numeric(stock_end, "stock_end", positive=True)
    t = numeric(years, "years")
    if np.any(np.asarray(t) <= 0):
        raise InputError(f"argument 'years' must be a positive number of years, got {years!r}")
    same_labels(stock_start=p1, stock_end=p2, years=t)
    return 100.0 * np.log(p2 / p1) / t
