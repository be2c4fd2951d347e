"""Input checks shared by the statistics modules; each error names the argument."""

from __future__ import annotations

from typing import Any, Sequence, Union

import numpy as np
import pandas as pd

from mlalib.errors import InputError, MissingColumnError

Numeric = Union[float, int, np.ndarray, pd.Series]


def require_columns(frame: Any, columns: Sequence[str], name: str = "data") -> None:
    """Check that ``frame`` is a DataFrame with ``columns``; the error names what is missing."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"argument '{name}' must be a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        present = list(frame.columns)
        shown = present[:12] + (["..."] if len(present) > 12 else [])
        raise MissingColumnError(f"argument '{name}' lacks the column(s) {missing}; it has {shown}")


def numeric(value: Any, name: str, *, positive: bool = False, non_negative: bool = False) -> Numeric:
    """Return ``value`` as a float, a float array or a float Series, after checking it.

    Missing values, text, infinities and (on request) zero or negative values raise
    :class:`InputError` naming the argument and the first offending value.
    """
    if isinstance(value, pd.Series):
        data = value
    elif np.ndim(value) == 0:
        data = value
    else:
        data = np.asarray(value)
    try:
        as_float = data.astype("float64") if hasattr(data, "astype") else float(data)
    except (TypeError, ValueError):
        raise InputError(f"argument '{name}' must be numeric, got {_short(value)}") from None
    arr = np.asarray(as_float, dtype="float64")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise InputError(f"argument '{name}' has a missing or infinite value ({_first(value, bad)})")
    if positive and (arr <= 0).any():
        raise InputError(f"argument '{name}' must be positive, got {_first(value, arr <= 0)}")
    if non_negative and (arr < 0).any():
        raise InputError(f"argument '{name}' must not be negative, got {_first(value, arr < 0)}")
    return as_float


def _first(value: Any, mask: np.ndarray) -> str:
    if np.ndim(mask) == 0:
        return _short(value)
    pos = int(np.flatnonzero(np.ravel(mask))[0])
    if isinstance(value, pd.Series):
        return f"{_show(value.iloc[pos])} at label {value.index[pos]!r}"
    return f"{_show(np.ravel(np.asarray(value, dtype=object))[pos])} at position {pos}"


def _show(item: Any) -> str:
    return repr(item) if isinstance(item, str) else str(item)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
