"""Migration indices: intensity, impact, connectivity and concentration, distance.

Same definitions as migest 2.0.5's ``index_intensity``, ``index_impact``,
``index_connectivity`` and ``index_distance`` (Abel; built on Bell et al. 2002, *Journal of the
Royal Statistical Society A* 165(3):435-464, and the R package migration.indices by Bojar &
Daróczi), with two deliberate differences: the measure is spelled ``effectiveness`` (migest:
``effectivness``), and the diagonal of an origin-destination table is always ignored (migest
keeps it for matrix input).

Every function takes an origin x destination DataFrame (rows origin, columns destination,
the same regions) and returns a Series indexed by measure.

Example
-------
>>> od = pd.DataFrame([[0, 10, 10], [20, 0, 20], [30, 30, 0]], index=list("abc"), columns=list("abc"))
>>> round(float(index_connectivity(od)["gini_total"]), 4)
0.2667
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlalib._validate import finite_result, no_overflow, numeric
from mlalib.errors import InputError, shown
from mlalib.ipf import fit


def _od(od: pd.DataFrame, name: str = "od") -> tuple[np.ndarray, list]:
    if not isinstance(od, pd.DataFrame) or od.shape[0] != od.shape[1] or set(od.index) != set(od.columns):
        raise InputError(f"argument '{name}' must be a square origin x destination DataFrame with the same "
                         "regions as rows and columns")
    if od.index.has_duplicates or od.columns.has_duplicates:
        raise InputError(f"argument '{name}' lists a region twice in its rows or columns")
    labels = list(od.index)
    try:
        values = od.loc[labels, labels].to_numpy(dtype="float64", copy=True)
    except (TypeError, ValueError):
        raise InputError(f"argument '{name}' must hold numbers only") from None
    if not np.all(np.isfinite(values)) or (values < 0).any():
        raise InputError(f"argument '{name}' must hold finite, non-negative flows")
    np.fill_diagonal(values, 0.0)
    if values.sum() == 0:
        raise InputError(f"argument '{name}' has no migration between different regions")
    return values, labels


@finite_result
def index_intensity(mig_total: float, pop_total: float, n: int) -> pd.Series:
    """Crude migration probability and Courgeau's k (migest ``index_intensity``).

    ``cmp = 100 * M / P`` (Bell et al. 2002); ``courgeau_k = cmp / ln(n^2)`` (Courgeau 1973),
    with M migrants, P the population at risk and n the number of regions.

    Example
    -------
    >>> index_intensity(2_534_114, 51_829_023, 17).round(3).tolist()
    [4.889, 0.863]
    """
    for value, name in ((mig_total, "mig_total"), (pop_total, "pop_total")):
        if not isinstance(value, (str, bytes)) and np.ndim(value) != 0:
            raise InputError(f"argument '{name}' must be one number (a total), got {shown(value)}")
    m = numeric(mig_total, "mig_total", non_negative=True)
    p = numeric(pop_total, "pop_total", positive=True)
    whole = isinstance(n, (int, np.integer)) or (isinstance(n, (float, np.floating)) and np.isfinite(n) and int(n) == n)
    if isinstance(n, (bool, np.bool_)) or not whole or n < 2:
        raise InputError(f"argument 'n' must be a whole number of regions, at least 2; got {shown(n)}")
    n = int(n)
    cmp = 100.0 * m / p
    return pd.Series({"cmp": cmp, "courgeau_k": cmp / (2.0 * np.log(float(n)))}, name="value").rename_axis("measure")


@no_overflow
def index_impact(od: pd.DataFrame, population: pd.Series) -> pd.Series:
    """Migration effectiveness, aggregate net migration rate, preference and velocity (migest ``index_impact``).

    With outflows O_i, inflows D_i, M all migrants, p_i the populations and P their sum:
    ``effectiveness = 100 * sum|D - O| / sum(D + O)``; ``anmr = 100 * (1/2) sum|D - O| / P``;
    ``preference = sum_ij m_ij / (M * (p_i/P) * (p_j/P))``; ``velocity = sum_ij m_ij * P / (p_i * p_j)``
    (Bell et al. 2002, Table 3). Populations must be in persons for anmr and velocity to be rates.
    """
    values, labels = _od(od)
    if not isinstance(population, pd.Series) or set(population.index) != set(labels):
        raise InputError("argument 'population' must be a Series with exactly the regions of 'od'")
    pop = numeric(population.reindex(labels), "population", positive=True).to_numpy()
    out, into, total, world = values.sum(axis=1), values.sum(axis=0), values.sum(), pop.sum()
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # checked below
        shares = pop / world
        result = pd.Series({
            "effectiveness": 100.0 * np.abs(into - out).sum() / (into + out).sum(),
            "anmr": 100.0 * 0.5 * np.abs(into - out).sum() / world,
            "preference": (values / (total * np.outer(shares, shares))).sum(),
            "velocity": (values * world / np.outer(pop, pop)).sum(),
        }, name="value").rename_axis("measure")
    if not np.isfinite(result).all():
        raise InputError("the flows or populations are too large or too small to combine (the measures overflow); "
                         "rescale them, e.g. to thousands")
    return result


def _pair_sum(x: np.ndarray) -> float:
    """Sum of |x_a - x_b| over ordered pairs (a != b), in O(k log k)."""
    x = np.sort(np.asarray(x, dtype="float64"))
    k = len(x)
    return float(2.0 * np.sum((2 * np.arange(1, k + 1) - k - 1) * x))


def _row_pair_sums(values: np.ndarray) -> np.ndarray:
    """For each row, the ordered-pair sum of |differences| over its off-diagonal cells."""
    n = len(values)
    return np.array([_pair_sum(np.delete(values[i], i)) for i in range(n)])


@no_overflow
def index_connectivity(od: pd.DataFrame) -> pd.Series:
    """Connectivity, inequality and concentration of a flow table (migest ``index_connectivity``).

    Off-diagonal cells only; k = n(n-1) cells, M their total. Measures (Bell et al. 2002;
    Rogers & Sweeney 1998; Plane & Mulligan 1997; as coded in migration.indices):
    ``connectivity`` share of non-zero flows; ``inequality_equal`` and ``inequality_sim``
    distance to equal flows and to the quasi-independence (origin + destination) fit;
    ``gini_total`` (corrected, denominator 2(k-1)M); ``gini_orig_standardized`` and
    ``gini_dest_standardized`` the within-origin and within-destination parts of the total;
    ``mwg_orig``, ``mwg_dest``, ``mwg_mean`` the weighted origin and destination Ginis;
    ``cv`` migest's coefficient of variation of all n^2 cells and ``acv`` the aggregated
    coefficient of variation of rows and columns.

    At least 3 regions are needed (the within-origin Ginis divide by n - 2). As in migest,
    ``mwg_*`` and ``acv`` are NaN when a region sends or receives nothing (its Gini and
    coefficient of variation are undefined), and ``gini_*_standardized`` are NaN when every flow
    is equal (there is no inequality to split).
    """
    values, _ = _od(od)
    n = len(values)
    if n < 3:
        raise InputError(f"argument 'od' has {n} regions; the connectivity measures need at least 3")
    k = n * (n - 1)
    off = ~np.eye(n, dtype=bool)
    cells = values[off]
    total = cells.sum()
    rounded = np.round(values)
    fitted = fit((off * 1.0), [((0,), rounded.sum(axis=1)), ((1,), rounded.sum(axis=0))], tol=1e-10,
                 max_iter=10_000).table[off]
    all_pairs = _pair_sum(cells)
    out, into = values.sum(axis=1), values.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):  # the NaN cases are stated in the docstring
        gini_orig = _row_pair_sums(values).sum() / all_pairs
        gini_dest = _row_pair_sums(values.T).sum() / all_pairs
        gini_out = _row_pair_sums(values) / (2 * (n - 2) * out)
        gini_in = _row_pair_sums(values.T) / (2 * (n - 2) * into)
        mwg_orig = float(np.sum(gini_out * into / total) / n)
        mwg_dest = float(np.sum(gini_in * out / total) / n)
        rows_off = np.where(off, values, np.nan)
        cv_rows = np.nanstd(rows_off, axis=1) / np.nanmean(rows_off, axis=1)
        cv_cols = np.nanstd(rows_off, axis=0) / np.nanmean(rows_off, axis=0)
    mean_all = values.mean()
    return pd.Series({
        "connectivity": np.count_nonzero(cells) / k,
        "inequality_equal": 0.5 * np.abs(cells / total - 1.0 / k).sum(),
        "inequality_sim": 0.5 * np.abs(cells / total - fitted / fitted.sum()).sum(),
        "gini_total": all_pairs / (2 * (k - 1) * total),
        "gini_orig_standardized": gini_orig,
        "gini_dest_standardized": gini_dest,
        "mwg_orig": mwg_orig,
        "mwg_dest": mwg_dest,
        "mwg_mean": (mwg_orig + mwg_dest) / 2,
        "cv": float(np.sqrt(((values - mean_all) ** 2).sum() / (n**2 * (n**2 - 1)) / mean_all)),
        "acv": float(np.sum(into / total * cv_cols) + np.sum(out / total * cv_rows)),
    }, name="value").rename_axis("measure")


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """Interpolated weighted median (matrixStats ``weightedMedian``, ``interpolate = TRUE``).

    Cells with weight <= 0 are dropped; ties in x are ordered by ascending weight.

    Example
    -------
    >>> weighted_median(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0]))
    2.0
    """
    x, w = np.ravel(numeric(x, "x")), np.ravel(numeric(w, "w"))
    if len(x) != len(w):
        raise InputError(f"arguments 'x' and 'w' must have the same length, got {len(x):,} and {len(w):,}")
    keep = w > 0
    x, w = x[keep], w[keep]
    if len(x) == 0:
        raise InputError("a weighted median needs at least one positive weight")
    order = np.lexsort((w, x))
    x, w = x[order], w[order] / w.sum()
    cumulative = np.cumsum(w) - w / 2
    h = int(np.argmax(cumulative >= 0.5))
    if h == 0:
        return float(x[0])
    return float(x[h] + (0.5 - cumulative[h]) * (x[h] - x[h - 1]) / (cumulative[h] - cumulative[h - 1]))


def _poisson_coefficient(y: np.ndarray, design: np.ndarray, column: int) -> float:
    """One coefficient of a Poisson log-linear model fitted by iteratively reweighted least squares."""
    mu = y + 0.5
    eta = np.log(mu)
    beta = np.zeros(design.shape[1])
    for _ in range(100):
        z = eta + (y - mu) / mu
        weighted = design * mu[:, None]
        try:
            new = np.linalg.solve(design.T @ weighted, weighted.T @ z)
        except np.linalg.LinAlgError:
            raise InputError("the Poisson model of flows on distance cannot be fitted (singular design: too few "
                             "regions or flows)") from None
        eta = design @ new
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            mu = np.exp(eta)
        if not (np.isfinite(new).all() and np.isfinite(mu).all() and (mu > 0).all()):
            break  # diverging: reported below
        if np.max(np.abs(new - beta)) < 1e-10:
            return float(new[column])
        beta = new
    raise InputError("the Poisson model of flows on distance did not converge")


@no_overflow
def index_distance(od: pd.DataFrame, distance: pd.DataFrame) -> pd.Series:
    """Mean and median migration distance and the distance-decay parameter (migest ``index_distance``).

    Over off-diagonal cells: ``mean = sum(flow * dist) / sum(flow)``; ``median`` the
    interpolated flow-weighted median distance; ``decay`` the coefficient of ``log(dist)`` in
    the Poisson model ``round(flow) ~ origin + destination + log(dist)`` (Bell et al. 2002).
    """
    values, labels = _od(od)
    if not isinstance(distance, pd.DataFrame) or set(distance.index) != set(labels) or set(distance.columns) != set(labels):
        raise InputError("argument 'distance' must be a DataFrame with the regions of 'od' as rows and columns")
    try:
        dist = distance.loc[labels, labels].to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise InputError("argument 'distance' must hold numbers only") from None
    n = len(labels)
    off = ~np.eye(n, dtype=bool)
    flow, d = values[off], dist[off]
    if not np.all(np.isfinite(d)) or (d <= 0).any():
        raise InputError("argument 'distance' must be positive between different regions")
    origin = np.repeat(np.arange(n), n)[off.ravel()]
    destination = np.tile(np.arange(n), n)[off.ravel()]
    design = np.column_stack([np.ones(len(flow)), np.eye(n)[origin][:, 1:], np.eye(n)[destination][:, 1:], np.log(d)])
    return pd.Series({
        "mean": float((flow * d).sum() / flow.sum()),
        "median": weighted_median(d, flow),
        "decay": _poisson_coefficient(np.round(flow), design, design.shape[1] - 1),
    }, name="value").rename_axis("measure")
