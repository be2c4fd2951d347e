"""Bilateral migration flows estimated from two migrant stock tables.

Stock tables are square DataFrames: rows are places of birth, columns places of residence,
both with the same region labels. The methods and their option names follow the R package
migest 2.0.5 (Abel, guyabel/migest):

* :func:`flows_from_stocks`: demographic accounting (``ffs_demo``; Abel 2013, *Demographic
  Research* 28(18); Abel & Sander 2014, *Science* 343:1520; Abel 2018, *International Migration
  Review* 52(3); Abel & Cohen 2019, *Scientific Data* 6:82);
* :func:`flows_from_stock_differences`: stock differencing (``ffs_diff``; Beine & Parsons
  2015; Bertoli & Fernández-Huertas Moraga 2015);
* :func:`flows_from_rates`: rate-based methods (``ffs_rates``; Dennett 2015; Rogers & von
  Rabenau 1971).

Where this port differs from migest (documented in each function):

* migest's ``rescale_integer_sum`` adds its rounding correction to a randomly drawn element;
  here it goes to the element with the largest absolute value (the first of ties), as the
  migest code comment intends, so results are reproducible;
* with the stayer assumption, migest 2.0.3 and later ignore ``seed``; here a seed enters the
  log-linear fit of the movers, ``F[o, d, b] = a[o, b] * c[d, b] * seed[o, d]`` for o != d,
  as Abel (2013) and Abel & Sander (2014) describe and migest up to 2.0.2 computed. Without a
  seed both give the same flows;
* bad input (negative stocks, deaths above the population, inconsistent totals) raises
  :class:`~mlalib.errors.InputError`; migest repairs some of it with a message (negative
  native-born stocks) and silently rescales to proportions in other cases.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from mlalib._validate import finite_result, no_overflow, numeric
from mlalib.errors import InputError, MlalibWarning
from mlalib.flows._tables import region_vector, seed_array, stock_table
from mlalib.ipf import fit

MIPFP_TOL = 1e-3  # tolerance of mipfp::Ipfp as called by migest::ffs_demo

_CHOICES = {
    "match_global": ("before-demo-adjust", "after-demo-adjust"),
    "match_birthplace_tot_method": ("rescale", "open", "open-dr"),
    "birth_method": ("native", "proportion"),
    "death_method": ("proportion", "accounting"),
}


@finite_result
def rescale_integer_sum(x: np.ndarray, total: float) -> np.ndarray:
    """Scale ``x`` to sum to ``total`` in whole numbers (migest ``rescale_integer_sum``).

    ``round(x * total / sum(x))``, then the rounding gap is added to the element with the
    largest absolute value (migest draws it at random; see the module notes).

    Example
    -------
    >>> rescale_integer_sum(np.array([10.0, 20.0, 30.0]), 61).tolist()
    [10.0, 20.0, 31.0]
    """
    x = np.ravel(np.asarray(numeric(x, "x"), dtype="float64"))
    total = float(numeric(total, "total"))
    if x.sum() == 0:
        raise InputError("cannot rescale values that sum to zero")
    if not np.isfinite(x * total / x.sum()).all():
        raise InputError("argument 'x' and 'total' are too large to rescale (the result overflows)")
    y = np.round(x * total / x.sum())
    gap = total - y.sum()
    if gap != 0:
        y[int(np.argmax(np.abs(x)))] += gap
    return y


def flows_from_stocks(
    stock_start: pd.DataFrame,
    stock_end: pd.DataFrame,
    births: pd.Series | None = None,
    deaths: pd.Series | None = None,
    *,
    seed: pd.DataFrame | np.ndarray | None = None,
    stayer_assumption: bool = True,
    match_global: Literal["before-demo-adjust", "after-demo-adjust"] = "before-demo-adjust",
    match_birthplace_tot_method: Literal["rescale", "open", "open-dr"] = "rescale",
    birth_method: Literal["native", "proportion"] = "native",
    birth_non_negative: bool = True,
    death_method: Literal["proportion", "accounting"] = "proportion",
    tol: float = MIPFP_TOL,
) -> pd.DataFrame:
    """Birthplace-specific migrant transitions between two stock tables (migest ``ffs_demo``).

    The demographic accounting method: remove deaths (from the start table) and births (from
    the end table), make each birthplace's total equal at both dates, keep the largest number
    of people in place (stayers are ``min`` of the two adjusted stocks), and distribute each
    birthplace's leavers over the regions that gained people born there, in proportion to the
    gains (the "minimum migration" solution) or to a seed (e.g. inverse distance).

    Parameters
    ----------
    stock_start, stock_end : DataFrame
        Stocks at the start and end of the period, rows place of birth, columns place of
        residence, same region labels.
    births, deaths : Series, optional
        Births and deaths during the period by region of residence (default: none).
    seed : DataFrame or array, optional
        Origin x destination prior (or origin x destination x birthplace); see module notes.
    stayer_assumption : bool
        True: stayers on the diagonal and movers fitted off it (Abel & Sander 2014). False:
        a log-linear fit of both margins with no stayer constraint (as in Azose & Raftery 2019).
    match_global : {"before-demo-adjust", "after-demo-adjust"}
        When the world totals are balanced: by whole-number changes of the native-born stocks
        before removing births and deaths (migest's code default), or proportionally after.
    match_birthplace_tot_method : {"rescale", "open", "open-dr"}
        "rescale": both tables are moved halfway to a common birthplace total by IPF (Abel &
        Sander 2014; Abel & Cohen 2019). "open": differences are moves to and from outside the
        system, allocated as migest's "open"; "open-dr": as in Abel (2013).
    birth_method : {"native", "proportion"}
        Births counted as native-born in their region of residence, or spread like the end
        stocks of that region.
    birth_non_negative : bool
        Where births exceed the native-born end stock, spread them like the end stocks.
    death_method : {"proportion", "accounting"}
        The same death rate for every birthplace group of a region, or the IPF of the start
        table to birthplace and residence death totals (migest's experimental option).
    tol : float
        Convergence tolerance of the IPF steps (largest change of a cell between sweeps);
        migest uses 1e-3. Must be positive.

    Tables with no region are an error; tables of zeros give zero flows and an
    :class:`~mlalib.errors.MlalibWarning`.

    Returns
    -------
    DataFrame
        Columns ``birthplace, origin, destination, flow``, one row for every combination
        (stayers are the rows with origin == destination), labels as categoricals.

    Example
    -------
    >>> s1 = pd.DataFrame([[1000, 100, 10, 0], [55, 555, 50, 5], [80, 40, 800, 40], [20, 25, 20, 200]],
    ...                   index=list("ABCD"), columns=list("ABCD"))
    >>> s2 = pd.DataFrame([[950, 100, 60, 0], [80, 505, 75, 5], [90, 30, 800, 40], [40, 45, 0, 180]],
    ...                   index=list("ABCD"), columns=list("ABCD"))
    >>> f = flows_from_stocks(s1, s2)
    >>> float(f.loc[f.origin != f.destination, "flow"].sum())
    150.0
    """
    for option, value in [("match_global", match_global), ("match_birthplace_tot_method", match_birthplace_tot_method),
                          ("birth_method", birth_method), ("death_method", death_method)]:
        if value not in _CHOICES[option]:
            raise InputError(f"argument '{option}' must be one of {', '.join(map(repr, _CHOICES[option]))}, "
                             f"got {value!r}")
    tol = _tolerance(tol)
    labels, p1 = stock_table(stock_start, "stock_start")
    _, p2 = stock_table(stock_end, "stock_end", labels)
    _warn_all_zero(p1, p2)
    b = region_vector(births, "births", labels)
    d = region_vector(deaths, "deaths", labels)
    seed_values = None if seed is None else seed_array(seed, labels)
    _check_deaths(p1, d, labels)

    if max(p1.max(initial=0.0), p2.max(initial=0.0)) > 1e150:
        raise InputError("the stock tables hold values above 1e150; rescale them (e.g. to thousands) so that the "
                         "estimation does not overflow")
    if match_global == "before-demo-adjust" and match_birthplace_tot_method == "rescale":
        p1, p2 = _balance_world_totals(p1, p2, b, d)
    birth_matrix = _birth_matrix(b, p2, birth_method, birth_non_negative)
    death_matrix = _death_matrix(d, b, p1, p2, death_method, tol, labels)
    p1a, p2a = p1 - death_matrix, p2 - birth_matrix
    if match_global == "after-demo-adjust":
        gap = p2a.sum() - p1a.sum()
        i = np.arange(len(labels))
        d1, d2 = p1a[i, i].copy(), p2a[i, i].copy()
        p1a[i, i] = d1 + gap * d1 / d1.sum() / 2
        p2a[i, i] = d2 - gap * d2 / d2.sum() / 2
    p1m, p2m = _match_birthplace_totals(p1a, p2a, match_birthplace_tot_method, tol, labels)
    flows = (_stayer_flows(p1m, p2m, seed_values, tol) if stayer_assumption
             else _independent_flows(p1m, p2m, seed_values, tol))
    if not np.isfinite(flows).all():
        raise InputError("the stocks are too large to combine (the flows overflow); rescale them, e.g. to thousands")
    return _long(flows, labels)


def _tolerance(tol: Any) -> float:
    value = float(numeric(tol, "tol", positive=True))
    if np.ndim(tol) != 0:
        raise InputError(f"argument 'tol' must be one positive number, got an array of shape {np.shape(tol)}")
    return value


def _warn_all_zero(p1: np.ndarray, p2: np.ndarray) -> None:
    if not p1.any() and not p2.any():
        warnings.warn(MlalibWarning("the stock tables hold only zeros, so every flow is 0; check that the right "
                                    "tables were passed"), stacklevel=3)


def _check_deaths(p1: np.ndarray, deaths: np.ndarray, labels: list[Any]) -> None:
    population = p1.sum(axis=0)
    over = deaths > population
    if over.any():
        k = int(np.argmax(over))
        raise InputError(f"deaths in {labels[k]!r} ({deaths[k]:g}) exceed its population at the start "
                         f"({population[k]:g})")


def _balance_world_totals(p1: np.ndarray, p2: np.ndarray, b: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Change the native-born stocks so that the world's change equals births minus deaths."""
    p1, p2 = p1.copy(), p2.copy()
    i = np.arange(len(p1))
    gap = (b.sum() - d.sum()) - (p2.sum() - p1.sum())
    if abs(gap) <= 1e-9 * max(p1.sum(), 1.0):  # balanced (up to floating-point rounding of the sums)
        return p1, p2
    remainder = gap % 2
    if np.round(remainder) == 0 and remainder != 0:  # migest's special branch, reproduced as coded
        p2[i, i] = rescale_integer_sum(p2[i, i], p2[i, i].sum() + 1)
        gap = (b.sum() - d.sum()) - (p2.sum() - p1.sum())
    p1[i, i] = rescale_integer_sum(p1[i, i], p1[i, i].sum() - gap / 2)
    p2[i, i] = rescale_integer_sum(p2[i, i], p2[i, i].sum() + gap / 2)
    if (p1[i, i] < 0).any() or (p2[i, i] < 0).any():
        raise InputError("the stock tables and births/deaths are too far apart: balancing the world totals "
                         f"({gap:g} persons) would make a native-born stock negative")
    return p1, p2


def _birth_matrix(b: np.ndarray, p2: np.ndarray, method: str, non_negative: bool) -> np.ndarray:
    """Births as a (birthplace, residence) table (migest ``birth_mat``)."""
    col_totals = p2.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.where(col_totals > 0, b / col_totals, 0.0) * p2
    if method == "proportion":
        return spread
    births = np.diag(b)
    if non_negative:
        too_many = np.diag(p2) - b < 0
        births[:, too_many] = spread[:, too_many]
    return births


def _death_matrix(d: np.ndarray, b: np.ndarray, p1: np.ndarray, p2: np.ndarray, method: str, tol: float,
                  labels: list[Any]) -> np.ndarray:
    """Deaths as a (birthplace, residence) table (migest ``death_mat``)."""
    col_totals = p1.sum(axis=0)
    if method == "proportion":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(col_totals > 0, d / col_totals, 0.0) * p1
    row_targets = p1.sum(axis=1) + b - p2.sum(axis=1)
    if not np.isclose(row_targets.sum(), d.sum(), rtol=1e-9, atol=tol):
        raise InputError(
            "death_method='accounting' needs the world totals to balance (start + births - end = deaths); here "
            f"they differ by {row_targets.sum() - d.sum():g}. Use match_global='before-demo-adjust' with "
            "match_birthplace_tot_method='rescale' (which balances them first), or death_method='proportion'")
    if (row_targets < 0).any():
        k = int(np.argmax(row_targets < 0))
        raise InputError(f"death_method='accounting' gives a negative number of deaths for people born in "
                         f"{labels[k]!r}; use death_method='proportion'")
    return fit(p1, [((0,), row_targets), ((1,), d)], tol=tol, max_iter=100_000, criterion="change").table


def _match_birthplace_totals(p1: np.ndarray, p2: np.ndarray, method: str, tol: float,
                             labels: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Equal birthplace totals at both dates (migest ``match_birthplace_tot``)."""
    for table, when in [(p1, "start (after deaths)"), (p2, "end (after births)")]:
        if (table < -1e-9).any():
            i, j = np.argwhere(table < -1e-9)[0]
            raise InputError(f"the {when} stock of people born in {labels[i]!r} living in {labels[j]!r} is negative "
                             f"({table[i, j]:g}): births or deaths are larger than the stocks allow")
    delta = p1.sum(axis=1) - p2.sum(axis=1)
    if method == "rescale":
        if not np.isclose(p1.sum(), p2.sum(), rtol=1e-9, atol=tol):
            raise InputError(f"the world totals differ after births and deaths ({p1.sum():g} vs {p2.sum():g}); "
                             "use match_global='after-demo-adjust' or check births and deaths")
        new1 = fit(np.clip(p1, 0, None), [((0,), p1.sum(axis=1) - delta / 2), ((1,), p1.sum(axis=0))],
                   tol=tol, max_iter=100_000, criterion="change").table
        new2 = fit(np.clip(p2, 0, None), [((0,), p2.sum(axis=1) + delta / 2), ((1,), p2.sum(axis=0))],
                   tol=tol, max_iter=100_000, criterion="change").table
        return new1, new2
    entering = _row_shares(p1 if method == "open" else p2) * np.maximum(-delta, 0)[:, None]
    leaving = _row_shares(p2 if method == "open" else p1) * np.maximum(delta, 0)[:, None]
    new1, new2 = p1 - leaving, p2 - entering
    for table, when in [(new1, "start"), (new2, "end")]:
        if (table < -1e-9).any():
            i, j = np.argwhere(table < -1e-9)[0]
            raise InputError(f"match_birthplace_tot_method={method!r} makes the {when} stock of people born in "
                             f"{labels[i]!r} living in {labels[j]!r} negative ({table[i, j]:g}); try 'rescale'")
    return np.clip(new1, 0, None), np.clip(new2, 0, None)


def _row_shares(table: np.ndarray) -> np.ndarray:
    totals = table.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(totals > 0, table / totals, 0.0)


def _stayer_flows(p1: np.ndarray, p2: np.ndarray, seed: np.ndarray | None, tol: float) -> np.ndarray:
    """Stayers on the diagonal, movers distributed over gaining regions: array [origin, dest, birthplace]."""
    stayers = np.minimum(p1, p2)  # [birthplace, residence]
    out = (p1 - stayers).T  # [origin, birthplace]
    into = (p2 - stayers).T  # [destination, birthplace]
    out_total, in_total = out.sum(axis=0), into.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        into = into * np.where(in_total > 0, out_total / in_total, 0.0)
        share = np.where(out_total > 0, 1.0 / out_total, 0.0)
    n = len(p1)
    if seed is None:
        flows = out[:, None, :] * (into * share)[None, :, :]
    else:
        prior = seed if seed.ndim == 3 else np.broadcast_to(seed[:, :, None], (n, n, n))
        prior = prior * (1 - np.eye(n))[:, :, None]
        scale = max(1.0, float(out.max(initial=0.0)))
        flows = fit(prior, [((0, 2), out), ((1, 2), into)], tol=1e-9 * scale, max_iter=10_000).table
    idx = np.arange(n)
    flows[idx, idx, :] = stayers.T
    return flows


def _independent_flows(p1: np.ndarray, p2: np.ndarray, seed: np.ndarray | None, tol: float) -> np.ndarray:
    """Log-linear fit of both stock tables with no stayer constraint: array [origin, dest, birthplace].

    The birthplace totals of the two tables agree only to the IPF tolerance of the previous
    step; the end table is scaled to the start table's totals so the margins are consistent
    (migest's mipfp call would instead switch to proportions when they differ by more than 1e-3).
    """
    n = len(p1)
    start_totals, end_totals = p1.sum(axis=1), p2.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p2 = p2 * np.where(end_totals > 0, start_totals / end_totals, 0.0)[:, None]
    if seed is None:
        prior = np.ones((n, n, n))
    else:
        prior = np.array(seed if seed.ndim == 3 else np.broadcast_to(seed[:, :, None], (n, n, n)), dtype="float64")
    return fit(prior, [((0, 2), p1.T), ((1, 2), p2.T)], tol=tol, max_iter=100_000, criterion="change").table


def _long(flows: np.ndarray, labels: list[Any]) -> pd.DataFrame:
    """[origin, destination, birthplace] array -> long table ordered by birthplace, origin, destination."""
    n = len(labels)
    codes = np.arange(n, dtype=np.int8 if n < 128 else np.int16 if n < 32_768 else np.int32)
    categories = pd.Index(labels)

    def column(repeated: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(repeated, categories=categories, validate=False)

    return pd.DataFrame({
        "birthplace": column(np.repeat(codes, n * n)),
        "origin": column(np.tile(np.repeat(codes, n), n)),
        "destination": column(np.tile(codes, n * n)),
        "flow": np.ascontiguousarray(flows.transpose(2, 0, 1)).ravel(),
    }, copy=False)


def flows_from_stock_differences(
    stock_start: pd.DataFrame,
    stock_end: pd.DataFrame,
    *,
    decrease: Literal["return", "zero"] = "return",
    include_native_born: bool = False,
) -> pd.DataFrame:
    """Flows as differences of bilateral stocks (migest ``ffs_diff``).

    With ``D = stock_end - stock_start`` (rows birthplace i, columns residence j), a rise
    ``D[i, j] > 0`` is a flow from i to j. A fall is either ignored (``decrease="zero"``,
    Bertoli & Fernández-Huertas Moraga 2015) or read as a return flow from j to i
    (``decrease="return"``, Beine & Parsons 2015): ``F[i, j] = max(D[i, j], 0) + max(-D[j, i], 0)``.
    Native-born stocks (the diagonal) are left out unless ``include_native_born``.

    Returns an origin x destination DataFrame.

    Example
    -------
    >>> s1 = pd.DataFrame([[100, 10], [5, 50]], index=["A", "B"], columns=["A", "B"])
    >>> s2 = pd.DataFrame([[100, 15], [2, 50]], index=["A", "B"], columns=["A", "B"])
    >>> flows_from_stock_differences(s1, s2).to_numpy().tolist()  # 3 fewer B-born in A: returns A -> B
    [[0.0, 8.0], [0.0, 0.0]]
    >>> flows_from_stock_differences(s1, s2, decrease="zero").to_numpy().tolist()
    [[0.0, 5.0], [0.0, 0.0]]
    """
    if decrease not in ("return", "zero"):
        raise InputError(f"argument 'decrease' must be 'return' or 'zero', got {decrease!r}")
    labels, p1 = stock_table(stock_start, "stock_start")
    _, p2 = stock_table(stock_end, "stock_end", labels)
    _warn_all_zero(p1, p2)
    change = p2 - p1
    if not include_native_born:
        np.fill_diagonal(change, 0.0)
    flows = np.maximum(change, 0.0)
    if decrease == "return":
        flows = flows + np.maximum(-change.T, 0.0)
    return _matrix(flows, labels)


@no_overflow
def flows_from_rates(
    stock_start: pd.DataFrame,
    stock_end: pd.DataFrame | None = None,
    *,
    total: float | None = None,
    method: Literal["dennett", "rogers-von-rabenau"] = "dennett",
) -> pd.DataFrame:
    """Flows from migration rates applied to stocks (migest ``ffs_rates``).

    * ``"dennett"`` (Dennett 2015): a known global flow ``total`` shared in proportion to the
      start stocks of foreign-born: ``F = total * P / sum(P)`` with the diagonal of P set to 0.
    * ``"rogers-von-rabenau"`` (Rogers & von Rabenau 1971): transition rates
      ``G = P1^-1 P2`` applied to the start population by residence:
      ``F[i, j] = G[i, j] * sum_b P1[b, i]``, diagonal 0. Flows can be negative; they are
      returned as computed.

    Returns an origin x destination DataFrame.

    Example
    -------
    >>> s1 = pd.DataFrame([[100, 30], [10, 50]], index=["A", "B"], columns=["A", "B"])
    >>> flows_from_rates(s1, total=20).to_numpy().tolist()
    [[0.0, 15.0], [5.0, 0.0]]
    """
    if method not in ("dennett", "rogers-von-rabenau"):
        raise InputError(f"argument 'method' must be 'dennett' or 'rogers-von-rabenau', got {method!r}")
    labels, p1 = stock_table(stock_start, "stock_start")
    if method == "dennett":
        if total is None:
            raise InputError("method='dennett' needs 'total', the global number of migrants to distribute")
        if not isinstance(total, (str, bytes)) and np.ndim(total) != 0:
            raise InputError(f"argument 'total' must be one number, got an array of shape {np.shape(total)}")
        total = float(numeric(total, "total", non_negative=True))
        foreign = p1.copy()
        np.fill_diagonal(foreign, 0.0)
        if foreign.sum() == 0:
            raise InputError("argument 'stock_start' has no foreign-born stocks to share the total over")
        return _matrix(total * foreign / foreign.sum(), labels)
    if stock_end is None:
        raise InputError("method='rogers-von-rabenau' needs 'stock_end'")
    _, p2 = stock_table(stock_end, "stock_end", labels)
    try:
        rates = np.linalg.solve(p1, p2)
    except np.linalg.LinAlgError:
        raise InputError("argument 'stock_start' is singular: the Rogers-von Rabenau rates do not exist") from None
    flows = rates * p1.sum(axis=0)[:, None]
    np.fill_diagonal(flows, 0.0)
    if not np.isfinite(flows).all():
        raise InputError("argument 'stock_start' is too close to singular: the Rogers-von Rabenau rates overflow")
    return _matrix(flows, labels)


def _matrix(values: np.ndarray, labels: list[Any]) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(labels, name="origin"), columns=pd.Index(labels, name="destination"))
