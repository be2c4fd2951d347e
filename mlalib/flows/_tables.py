"""Validation of stock tables, vectors by region and seeds (shared by the flow estimators)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mlalib.errors import InputError


def stock_table(table: Any, name: str, labels: list[Any] | None = None) -> tuple[list[Any], np.ndarray]:
    """Return (labels, values) of a square stock table (rows birthplace, columns residence).

    Rows and columns must carry the same labels (in any order; columns are put in row
    order); ``labels``, when given, is the order of another table the labels must match.
    Values must be finite and non-negative.
    """
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"argument '{name}' must be a pandas DataFrame (rows: place of birth, "
                         f"columns: place of residence), got {type(table).__name__}")
    rows, cols = list(table.index), list(table.columns)
    if table.shape[0] == 0 and table.shape[1] == 0:
        raise InputError(f"argument '{name}' is empty; a stock table needs at least one region")
    if table.shape[0] != table.shape[1]:
        raise InputError(f"argument '{name}' must be square; it has {table.shape[0]} rows and {table.shape[1]} columns")
    if len(set(rows)) != len(rows):
        raise InputError(f"argument '{name}' has duplicated row labels: {_dupes(rows)}")
    if set(rows) != set(cols):
        raise InputError(f"argument '{name}': row and column labels differ (only in rows: "
                         f"{sorted(map(str, set(rows) - set(cols)))}, only in columns: "
                         f"{sorted(map(str, set(cols) - set(rows)))})")
    if labels is not None and set(rows) != set(labels):
        raise InputError(f"argument '{name}' has regions {sorted(map(str, set(rows) - set(labels)))} that the "
                         f"start table lacks and lacks {sorted(map(str, set(labels) - set(rows)))}")
    order = labels if labels is not None else rows
    ordered = table.loc[order, order]
    try:
        values = ordered.to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise InputError(f"argument '{name}' must hold numbers only") from None
    _check_cells(values, name, order)
    return list(order), values


def _check_cells(values: np.ndarray, name: str, labels: list[Any]) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"argument '{name}' has a missing value at birthplace {labels[i]!r}, residence {labels[j]!r}")
    if (values < 0).any():
        i, j = np.argwhere(values < 0)[0]
        raise InputError(f"argument '{name}' has a negative value {values[i, j]:g} at birthplace {labels[i]!r}, "
                         f"residence {labels[j]!r}")


def region_vector(values: Any, name: str, labels: list[Any]) -> np.ndarray:
    """A Series (or mapping) indexed by region as an array in ``labels`` order; None is zeros."""
    if values is None:
        return np.zeros(len(labels))
    series = pd.Series(values) if isinstance(values, dict) else values
    if not isinstance(series, pd.Series):
        raise InputError(f"argument '{name}' must be a pandas Series indexed by region, got {type(values).__name__}")
    known, given = set(labels), set(series.index)
    unknown = [label for label in series.index if label not in known]
    if unknown:
        raise InputError(f"argument '{name}' has regions that are not in the stock tables: {unknown[:5]}")
    missing = [label for label in labels if label not in given]
    if missing:
        raise InputError(f"argument '{name}' lacks the regions {missing[:5]} (give 0 where there were none)")
    if series.index.has_duplicates:
        raise InputError(f"argument '{name}' lists regions twice: {_dupes(list(series.index))}")
    try:
        array = series.reindex(labels).to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise InputError(f"argument '{name}' must hold numbers only") from None
    if not np.all(np.isfinite(array)):
        raise InputError(f"argument '{name}' has a missing value for region {labels[int(np.argmax(~np.isfinite(array)))]!r}")
    if (array < 0).any():
        k = int(np.argmax(array < 0))
        raise InputError(f"argument '{name}' must not be negative; region {labels[k]!r} has {array[k]:g}")
    return array


def seed_array(seed: Any, labels: list[Any]) -> np.ndarray:
    """A seed as an (origin, destination[, birthplace]) array in ``labels`` order."""
    n = len(labels)
    if isinstance(seed, pd.DataFrame):
        if set(seed.index) != set(labels) or set(seed.columns) != set(labels):
            raise InputError("argument 'seed' must have the regions of the stock tables as rows and columns")
        array = seed.loc[labels, labels].to_numpy(dtype="float64")
    else:
        array = np.asarray(seed, dtype="float64")
    if array.shape not in {(n, n), (n, n, n)}:
        raise InputError(f"argument 'seed' must be an origin x destination table (or an origin x destination x "
                         f"birthplace array) of {n} regions; got shape {array.shape}")
    if not np.all(np.isfinite(array)) or (array < 0).any():
        raise InputError("argument 'seed' must be finite and non-negative")
    return array


def _dupes(labels: list[Any]) -> list[Any]:
    seen, dupes = set(), []
    for label in labels:
        if label in seen and label not in dupes:
            dupes.append(label)
        seen.add(label)
    return dupes[:5]
