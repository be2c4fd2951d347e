"""Iterative proportional fitting (IPF) in two and three dimensions.

IPF rescales a seed table until its margins equal given totals (Deming & Stephan 1940). The
fitted table is the maximum-likelihood estimate of the log-linear model with those margins
and the seed as offset (Agresti 2002, sec. 8.7): in two dimensions
``y_ij = a_i * b_j * seed_ij`` (Willekens 1999). Zeros in the seed are structural zeros: they
stay zero.

Differences from the R implementations used by migest (``mipfp::Ipfp``, ``migest::ipf2``,
``migest::ipf3``): margins whose totals disagree raise :class:`~mlalib.errors.InputError`
(mipfp silently switches to proportions and ipf2 checks one direction only), and every result
says whether it converged, after how many sweeps and with which remaining gap.

Example
-------
>>> fit = ipf2([18, 20], [16, 22], seed=[[5, 2], [1, 7]])
>>> fit.table.round(2).tolist()
[[13.25, 4.75], [2.75, 17.25]]
>>> fit.converged
True
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric
from mlalib.errors import InputError, shown


class ConvergenceWarning(UserWarning):
    """IPF stopped at its iteration limit before meeting the tolerance."""


@dataclass(frozen=True)
class IPFResult:
    """A fitted table with its convergence information."""

    table: np.ndarray
    iterations: int
    gap: float
    converged: bool


Margin = tuple[tuple[int, ...], np.ndarray]


def fit(
    seed: np.ndarray,
    margins: Sequence[Margin],
    *,
    tol: float = 1e-8,
    max_iter: int = 1000,
    criterion: Literal["margin", "change"] = "margin",
) -> IPFResult:
    """Scale ``seed`` until each margin ``(axes kept, totals)`` is met; the general engine.

    Each sweep scales the table to every margin in turn; a cell's factor is 0 where the
    target or the current margin is 0. ``criterion="margin"`` stops when the largest gap between
    a margin and its target, measured before scaling, is at most ``tol`` (migest ``ipf2``,
    ``ipf3``); ``criterion="change"`` stops when no cell changed by ``tol`` or more during a
    sweep (mipfp ``Ipfp``, which migest's ``ffs_demo`` uses with ``tol = 1e-3``).

    Raises
    ------
    InputError
        Negative or missing seed or targets, a target of the wrong shape, or margins whose
        totals (or shared sub-totals) disagree.
    """
    if isinstance(tol, (str, bytes, bool)) or not isinstance(tol, (int, float, np.number)) or not tol > 0 \
            or not np.isfinite(tol):
        raise InputError(f"argument 'tol' must be a positive number, got {shown(tol)}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InputError(f"argument 'max_iter' must be a whole number of at least 1, got {shown(max_iter)}")
    if criterion not in ("margin", "change"):
        raise InputError(f"argument 'criterion' must be 'margin' or 'change', got {shown(criterion)}")
    table = _floats(seed, "argument 'seed'")
    if not np.all(np.isfinite(table)) or (table < 0).any():
        raise InputError("argument 'seed' must be finite and non-negative")
    checked: list[Margin] = []
    for number, (axes, target) in enumerate(margins):
        target = _floats(target, f"margin {number + 1}")
        if not all(isinstance(a, (int, np.integer)) and 0 <= a < table.ndim for a in axes):
            raise InputError(f"margin {number + 1}: axes {shown(axes)} are not axes of a seed with {table.ndim} "
                             "dimension(s)")
        expected = tuple(table.shape[a] for a in axes)
        if target.shape != expected:
            raise InputError(f"margin {number + 1} has shape {target.shape}, expected {expected}")
        if not np.all(np.isfinite(target)) or (target < 0).any():
            bad = np.argwhere(~np.isfinite(target) | (target < 0))[0]
            raise InputError(f"margin {number + 1} must be finite and non-negative; position {tuple(bad)} "
                             f"is {target[tuple(bad)]}")
        if list(axes) != sorted(set(axes)):
            raise InputError(f"margin {number + 1}: list its axes in increasing order, got {tuple(axes)}")
        checked.append((tuple(axes), target))
    _check_consistent(checked)
    if table.ndim == 2 and [axes for axes, _ in checked] == [(0,), (1,)] and criterion == "change":
        return _fit_rows_columns(table, checked[0][1], checked[1][1], tol, max_iter)
    gap = np.inf
    for iteration in range(1, max_iter + 1):
        previous = table.copy() if criterion == "change" else None
        gap = 0.0
        for axes, target in checked:
            other = tuple(a for a in range(table.ndim) if a not in axes)
            current = table.sum(axis=other)
            gap = max(gap, float(np.max(np.abs(current - target), initial=0.0)))
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where((current > 0) & (target > 0), target / current, 0.0)
            table *= np.expand_dims(factor, other)
        if criterion == "change":
            gap = float(np.max(np.abs(table - previous), initial=0.0))
        if gap < tol or (criterion == "margin" and gap <= tol):
            return IPFResult(table, iteration, gap, True)
    warnings.warn(f"IPF did not converge in {max_iter} sweeps (remaining gap {gap:.3g})", ConvergenceWarning,
                  stacklevel=2)
    return IPFResult(table, max_iter, gap, False)


def _floats(values: object, what: str) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":  # the fast path of the flow estimators
        return np.array(values, dtype="float64")
    if isinstance(values, (str, bytes)):
        raise InputError(f"{what} must hold numbers, got the text {shown(values)}")
    try:
        array = np.array(values.to_numpy() if isinstance(values, (pd.Series, pd.DataFrame)) else values, dtype=object)
        if any(isinstance(v, (str, bytes, bool, np.bool_)) for v in array.ravel()):
            raise ValueError
        return array.astype("float64")
    except (TypeError, ValueError):
        raise InputError(f"{what} must hold numbers, got {shown(values)}") from None


def _fit_rows_columns(table: np.ndarray, rows: np.ndarray, cols: np.ndarray, tol: float, max_iter: int) -> IPFResult:
    """The common 2-D case (rows, then columns, mipfp's stopping rule) without per-sweep copies."""
    row_factor, col_factor = np.zeros_like(rows), np.zeros_like(cols)
    ones_rows, ones_cols = np.ones(table.shape[0]), np.ones(table.shape[1])
    scaled, change = np.empty_like(table), np.empty_like(table)
    gap = np.inf
    for iteration in range(1, max_iter + 1):
        row_sums = table @ ones_cols
        row_factor.fill(0.0)
        np.divide(rows, row_sums, out=row_factor, where=row_sums > 0)
        np.multiply(table, row_factor[:, None], out=scaled)
        col_sums = ones_rows @ scaled
        col_factor.fill(0.0)
        np.divide(cols, col_sums, out=col_factor, where=col_sums > 0)
        scaled *= col_factor
        np.subtract(scaled, table, out=change)
        gap = float(np.abs(change, out=change).max(initial=0.0))
        table, scaled = scaled, table
        if gap < tol:
            return IPFResult(table, iteration, gap, True)
    warnings.warn(f"IPF did not converge in {max_iter} sweeps (remaining gap {gap:.3g})", ConvergenceWarning,
                  stacklevel=3)
    return IPFResult(table, max_iter, gap, False)


def _check_consistent(margins: list[Margin]) -> None:
    for (i, (axes_a, a)), (j, (axes_b, b)) in combinations(enumerate(margins), 2):
        shared = tuple(ax for ax in axes_a if ax in axes_b)
        sub_a = a.sum(axis=tuple(k for k, ax in enumerate(axes_a) if ax not in shared))
        sub_b = b.sum(axis=tuple(k for k, ax in enumerate(axes_b) if ax not in shared))
        scale = max(1.0, float(np.abs(sub_a).max(initial=0.0)))
        if not np.allclose(sub_a, sub_b, rtol=1e-9, atol=1e-9 * scale):
            what = "totals" if not shared else f"sub-totals over axes {shared}"
            raise InputError(
                f"margins {i + 1} and {j + 1} are inconsistent: their {what} differ "
                f"({np.round(sub_a, 6).tolist()} vs {np.round(sub_b, 6).tolist()}); IPF cannot meet both"
            )


def _vector(values, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
        raise InputError(f"argument '{name}' must be one-dimensional (a list, array or Series of totals)")
    array = np.asarray(numeric(values, name), dtype="float64")  # fit() names a negative total by its margin
    if array.ndim != 1:
        raise InputError(f"argument '{name}' must be one-dimensional")
    return array


def ipf2(
    row_totals: Sequence[float] | pd.Series | None,
    col_totals: Sequence[float] | pd.Series | None,
    seed: np.ndarray | pd.DataFrame | Sequence[Sequence[float]] | None = None,
    *,
    tol: float = 1e-5,
    max_iter: int = 500,
) -> IPFResult:
    """Two-way IPF: a table with the given row and column totals (migest ``ipf2``).

    Columns are scaled first, then rows, as in migest; either total may be ``None`` (then
    only the other is fitted, in one scaling). Zeros in ``seed`` are structural zeros.

    Parameters
    ----------
    row_totals, col_totals : totals of the rows and columns (same grand total).
    seed : prior table (default: ones), e.g. a distance-based offset.
    tol : largest margin gap accepted. max_iter : sweeps before giving up (with a warning).

    Example
    -------
    >>> ipf2([18, 20], [16, 22]).table.round(2).tolist()
    [[7.58, 10.42], [8.42, 11.58]]
    """
    if row_totals is None and col_totals is None:
        raise InputError("give 'row_totals', 'col_totals' or both")
    rows = None if row_totals is None else _vector(row_totals, "row_totals")
    cols = None if col_totals is None else _vector(col_totals, "col_totals")
    prior = None if seed is None else np.asarray(
        numeric(np.asarray(seed.to_numpy() if isinstance(seed, pd.DataFrame) else seed, dtype=object), "seed"),
        dtype="float64")
    if prior is not None and prior.ndim != 2:
        raise InputError(f"argument 'seed' must be a table (two dimensions), got shape {prior.shape}")
    if prior is None and (rows is None or cols is None):
        raise InputError("give 'seed' when 'row_totals' or 'col_totals' is None: it sets the other dimension")
    shape = (len(rows) if rows is not None else prior.shape[0], len(cols) if cols is not None else prior.shape[1])
    table = np.ones(shape) if prior is None else prior
    if table.shape != shape:
        raise InputError(f"argument 'seed' has shape {table.shape}, the totals need {shape}")
    margins: list[Margin] = []
    if cols is not None:
        margins.append(((1,), cols))
    if rows is not None:
        margins.append(((0,), rows))
    return fit(table, margins, tol=tol, max_iter=max_iter)


def ipf3(
    row_totals: np.ndarray | pd.DataFrame,
    col_totals: np.ndarray | pd.DataFrame,
    seed: np.ndarray | None = None,
    *,
    tol: float = 1e-5,
    max_iter: int = 500,
) -> IPFResult:
    """Three-way IPF for origin x destination x type tables (migest ``ipf3``).

    Parameters
    ----------
    row_totals : array (origin, type): totals over destinations, e.g. the start stock table
        transposed (residence at the start by birthplace).
    col_totals : array (type, destination): totals over origins, e.g. the end stock table.
    seed : (origin, destination) array recycled over types, or a full 3-D array (default ones).

    Returns the fitted ``[origin, destination, type]`` array.

    Example
    -------
    >>> fit = ipf3([[10, 0], [0, 10]], [[5, 5], [5, 5]])
    >>> fit.table[:, :, 0].tolist()
    [[5.0, 5.0], [0.0, 0.0]]
    """
    rows = np.asarray(row_totals, dtype="float64")
    cols = np.asarray(col_totals, dtype="float64")
    if rows.ndim != 2 or cols.ndim != 2 or rows.shape[1] != cols.shape[0]:
        raise InputError(f"'row_totals' must be (origin, type) and 'col_totals' (type, destination); got shapes "
                         f"{rows.shape} and {cols.shape}")
    n_orig, n_type = rows.shape
    n_dest = cols.shape[1]
    if seed is None:
        table = np.ones((n_orig, n_dest, n_type))
    else:
        table = np.asarray(seed, dtype="float64")
        if table.ndim == 2:
            table = np.repeat(table[:, :, None], n_type, axis=2)
    if table.shape != (n_orig, n_dest, n_type):
        raise InputError(f"argument 'seed' has shape {table.shape}, expected {(n_orig, n_dest)} or "
                         f"{(n_orig, n_dest, n_type)}")
    return fit(table, [((0, 2), rows), ((1, 2), cols.T)], tol=tol, max_iter=max_iter)
