"""Input checks shared by the statistics modules; each error names the argument."""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence, TypeVar, Union

import numpy as np
import pandas as pd

from mlalib.errors import InputError, MissingColumnError, shown, summarise

Numeric = Union[float, int, np.ndarray, pd.Series]


def require_columns(frame: Any, columns: Sequence[str], name: str = "data") -> None:
    """Check that ``frame`` is a DataFrame with ``columns``; the error names what is missing."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"argument '{name}' must be a DataFrame, got {type(frame).__name__}")
    for column in columns:
        try:
            hash(column)
        except TypeError:
            raise InputError(f"column names are text (or numbers), got {shown(column)}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        present = list(frame.columns)
        has = present[:12] + (["..."] if len(present) > 12 else [])
        raise MissingColumnError(f"argument '{name}' lacks the column(s) {missing}; it has {has}")
    repeated = set(frame.columns[frame.columns.duplicated()])
    twice = [c for c in dict.fromkeys(columns) if c in repeated]
    if twice:
        raise InputError(f"argument '{name}' has the column(s) {twice} twice; rename or drop the copies")


def whole_number(value: Any, name: str, *, minimum: int = 0) -> int:
    """``value`` as an int after checking it is a whole number (not text, not a bool) of at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)) \
            or not np.isfinite(value) or float(value) != int(value):
        raise InputError(f"argument '{name}' must be a whole number, got {shown(value)}")
    if value < minimum:
        raise InputError(f"argument '{name}' must be at least {minimum}, got {value}")
    return int(value)


def share(value: Any, name: str, *, low: float = 0.0, high: float = 1.0, open_interval: bool = False) -> float:
    """``value`` as a float in ``[low, high]`` (or ``(low, high)``), naming the argument otherwise."""
    if not isinstance(value, (str, bytes)) and np.ndim(value) != 0:
        raise InputError(f"argument '{name}' must be one number, got {shown(value)}")
    number = float(numeric(value, name))
    inside = low < number < high if open_interval else low <= number <= high
    if not inside:
        bounds = f"between {low:g} and {high:g}" + (" (exclusive)" if open_interval else "")
        raise InputError(f"argument '{name}' must be {bounds}, got {number:g}")
    return number


def limit(value: Any, name: str, *, what: str = "a non-negative number (inf: no limit)") -> float:
    """``value`` as a float >= 0 (infinity allowed: no limit), naming the argument otherwise.

    Example
    -------
    >>> limit(20, "max_cv"), limit(float("inf"), "max_cv")
    (20.0, inf)
    >>> limit(-1, "max_cv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'max_cv' must be a non-negative number (inf: no limit), got -1
    """
    if isinstance(value, (str, bytes, bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or np.isnan(value) or value < 0:
        raise InputError(f"argument '{name}' must be {what}, got {shown(value)}")
    return float(value)


def numeric(value: Any, name: str, *, positive: bool = False, non_negative: bool = False) -> Numeric:
    """Return ``value`` as a float, a float array or a float Series, after checking it.

    Numbers are ints, floats, numpy numbers, or arrays and Series of them. Text is refused,
    also text that looks like a number (``"100"``): mlalib never converts it (see README,
    "Types"), because a number read as text usually means the file was read wrongly ("1,234",
    "12 %"). Booleans, missing values, infinities and (on request) zero or negative values are
    refused too, with :class:`InputError` naming the argument and the first offending value.

    Example
    -------
    >>> numeric(5, "fee")
    5.0
    >>> numeric("5", "fee")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'fee' must be a number, got the text '5' (write 5 without quotes; ...)
    """
    if isinstance(value, (str, bytes)):
        raise InputError(f"argument '{name}' must be a number, got the text {shown(value)}"
                         + (f" (write {value.strip()} without quotes; text is never converted to numbers)"
                            if isinstance(value, str) and _looks_numeric(value) else ""))
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"argument '{name}' must be a number, got {value}")
    if isinstance(value, pd.DataFrame):
        raise InputError(f"argument '{name}' must be a number, an array or a Series, got a DataFrame")
    if isinstance(value, (list, tuple)):
        text = next((item for item in value if isinstance(item, (str, bytes, bool, np.bool_))), None)
        if text is not None:
            raise InputError(f"argument '{name}' must hold numbers, got {shown(text)} among {len(value):,} values")
    if isinstance(value, pd.Series):
        data = value
    elif np.ndim(value) == 0:
        data = value
    else:
        try:
            data = np.asarray(value)
        except (TypeError, ValueError):
            raise InputError(f"argument '{name}' must be numbers, got {shown(value)}") from None
    dtype = getattr(data, "dtype", None)
    if dtype is not None and (pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype)):
        if pd.api.types.is_bool_dtype(dtype) or not _all_numbers(data):
            raise InputError(f"argument '{name}' must hold numbers, got {_kind(data)} ({_first_text(data)})")
    elif dtype is None and not isinstance(data, (int, float, np.number)):
        raise InputError(f"argument '{name}' must be a number, got {type(value).__name__} {shown(value)}")
    try:
        if isinstance(data, pd.Series):
            as_float = pd.Series(data.to_numpy(dtype="float64", na_value=np.nan), index=data.index, name=data.name)
        else:
            as_float = data.astype("float64") if hasattr(data, "astype") else float(data)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"argument '{name}' must be numeric, got {shown(value)}") from None
    arr = np.asarray(as_float, dtype="float64")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise InputError(f"argument '{name}' has a missing or infinite value ({_first(value, bad)})")
    if positive and (arr <= 0).any():
        raise InputError(f"argument '{name}' must be positive, got {_first(value, arr <= 0)}")
    if non_negative and (arr < 0).any():
        raise InputError(f"argument '{name}' must not be negative, got {_first(value, arr < 0)}")
    return as_float


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _all_numbers(data: Any) -> bool:
    """True if an object array or Series holds only numbers (or missing values), no text or booleans."""
    items = data.to_numpy() if isinstance(data, pd.Series) else np.ravel(data)
    return all(isinstance(item, (int, float, np.number)) and not isinstance(item, (bool, np.bool_))
               or item is None or item is pd.NA for item in items)


def _kind(data: Any) -> str:
    dtype = data.dtype
    return "booleans" if pd.api.types.is_bool_dtype(dtype) else f"values of type {dtype}"


def _first_text(data: Any) -> str:
    items = data.to_numpy() if isinstance(data, pd.Series) else np.ravel(data)
    labels = data.index if isinstance(data, pd.Series) else None
    for pos, item in enumerate(items):
        if not isinstance(item, (int, float, np.number)) or isinstance(item, (bool, np.bool_)):
            where = f"label {labels[pos]!r}" if labels is not None else f"position {pos}"
            return f"{shown(item)} at {where}"
    return f"{len(items):,} values"


def _first(value: Any, mask: np.ndarray) -> str:
    if np.ndim(mask) == 0:
        return shown(value)
    pos = int(np.flatnonzero(np.ravel(mask))[0])
    if isinstance(value, pd.Series):
        return f"{_show(value.iloc[pos])} at label {shown(value.index[pos])}"
    return f"{_show(np.ravel(np.asarray(value, dtype=object))[pos])} at position {pos}"


def _show(item: Any) -> str:
    return str(item) if isinstance(item, (int, float, np.number)) else shown(item)


def same_labels(**values: Any) -> None:
    """Series given together must carry the same labels: pandas would align them and leave NaN elsewhere.

    Arrays given together must have shapes numpy can broadcast.
    """
    series = {name: v for name, v in values.items() if isinstance(v, pd.Series)}
    if len(series) > 1:
        (first_name, first), *others = series.items()
        for name, other in others:
            if first.index.equals(other.index) or (
                    first.index.is_unique and other.index.is_unique and set(first.index) == set(other.index)):
                continue  # pandas aligns labels given in another order
            first_set, other_set = set(first.index), set(other.index)
            only_first = [x for x in first.index if x not in other_set]
            only_other = [x for x in other.index if x not in first_set]
            detail = (f"only in '{first_name}': {summarise(only_first)}; only in '{name}': {summarise(only_other)}"
                      if only_first or only_other else "a label is repeated")
            raise InputError(f"arguments '{first_name}' and '{name}' must be Series with the same labels ({detail})")
    lengths = {len(v) for v in series.values()}
    sized = {name: np.shape(v) for name, v in values.items() if not isinstance(v, pd.Series) and np.ndim(v) > 0}
    if series and any(shape[-1] not in lengths or len(lengths) > 1 for shape in sized.values()):
        shapes = ", ".join(f"'{n}' {np.shape(v)}" for n, v in values.items())
        raise InputError(f"the arguments do not have matching lengths: {shapes}")
    arrays = [np.shape(v) for v in values.values()]
    try:
        np.broadcast_shapes(*arrays)
    except ValueError:
        shapes = ", ".join(f"'{n}' {np.shape(v)}" for n, v in values.items())
        raise InputError(f"the arguments do not have matching shapes: {shapes}") from None


def numeric_column(frame: pd.DataFrame, column: str, role: str, *, missing: bool = False, positive: bool = False,
                   non_negative: bool = False, flag: bool = False, subject: str | None = None) -> pd.Series:
    """Column ``column`` of ``frame`` as float64, after checking that it holds numbers.

    The one check of numeric columns of every statistics module. Numbers are numbers (README,
    "Types"): text is refused, also text that looks like a number (``"12.5"``), never converted.
    Booleans are not numbers either, so a True/False column is refused, except where the function
    asks for a flag (``flag=True``): there True/False is read as 1/0. ``missing``: missing values
    are allowed (returned as NaN); infinities never are; ``positive`` and ``non_negative`` bound
    the values. Every error names the ``role`` ("weight", "variable") and the column (or says
    ``subject`` instead, e.g. "argument 'isced'"), the first offending row and its value.

    Example
    -------
    >>> numeric_column(pd.DataFrame({"w": [1, 2]}), "w", "weight").tolist()
    [1.0, 2.0]
    >>> numeric_column(pd.DataFrame({"employed": [True, False]}), "employed", "variable", flag=True).tolist()
    [1.0, 0.0]
    >>> numeric_column(pd.DataFrame({"w": ["1", "2"]}), "w", "weight")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: weight column 'w' must hold numbers; row 0 has the text '1' (numbers written as text ...
    """
    values = frame[column]
    dtype = values.dtype
    subject = subject or f"{role} column '{column}'"
    if pd.api.types.is_bool_dtype(dtype):
        if not flag:
            raise InputError(f"{subject} holds True/False values; booleans are not numbers (give numbers, or "
                             "use a function that asks for a flag)")
        array = values.to_numpy(dtype="float64", na_value=np.nan)
    elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        array = values.to_numpy(dtype="float64", na_value=np.nan)
    else:
        array = _numbers_of_objects(values, subject, flag)
    if not np.isfinite(array).all():  # one pass when the column is clean
        bad = np.isnan(array)
        if not missing and bad.any():
            raise InputError(f"{subject} has {int(bad.sum()):,} missing value(s), first at row "
                             f"{_label(values.index, bad)}")
        bad = np.isinf(array)
        if bad.any():
            raise InputError(f"{subject} has {int(bad.sum()):,} infinite value(s), first at row "
                             f"{_label(values.index, bad)} ({array[bad][0]:g}); expected finite numbers")
    with np.errstate(invalid="ignore"):
        bad = (array <= 0) if positive else (array < 0) if non_negative else None
    if bad is not None and bad.any():
        rule = "be positive" if positive else "not be negative"
        raise InputError(f"{subject} must {rule}; row {_label(values.index, bad)} has {array[bad][0]:g}")
    return pd.Series(array, index=values.index, name=values.name, copy=False)


def _label(index: pd.Index, mask: np.ndarray) -> str:
    """The first label of ``index`` where ``mask`` is True, as the user wrote it (``3``, not ``np.int64(3)``)."""
    label = index[int(np.flatnonzero(mask)[0])]
    return shown(label.item() if isinstance(label, np.generic) else label)


def _numbers_of_objects(values: pd.Series, subject: str, flag: bool) -> np.ndarray:
    """A column of Python objects as float64 if each one is a number (or missing; True/False too with ``flag``)."""
    def accepted(item: Any) -> bool:
        if isinstance(item, (bool, np.bool_)):
            return flag
        return isinstance(item, (int, float, np.integer, np.floating)) or item is None or item is pd.NA

    items = values.to_numpy(dtype=object)
    ok = np.fromiter((accepted(item) for item in items), dtype=bool, count=len(items))
    if not ok.all():
        item = items[~ok][0]
        where = f"row {_label(values.index, ~ok)}"
        if isinstance(item, (bool, np.bool_)):
            raise InputError(f"{subject} must hold numbers; {where} has {item}: booleans are not numbers")
        if isinstance(item, str):
            hint = (" (numbers written as text are never converted: read the file again with numbers as numbers, or "
                    "convert the column on purpose with pd.to_numeric)" if _looks_numeric(item) else "")
            raise InputError(f"{subject} must hold numbers; {where} has the text {shown(item)}{hint}")
        raise InputError(f"{subject} must hold numbers; {where} has {shown(item)} ({type(item).__name__})")
    return np.array([np.nan if item is None or item is pd.NA else float(item) for item in items], dtype="float64")


F = TypeVar("F", bound=Callable[..., Any])


def finite_result(function: F) -> F:
    """Decorator: a result that overflows (inputs near 1e308) is an :class:`InputError`, not inf or NaN."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            result = function(*args, **kwargs)
        if not np.isfinite(np.asarray(result, dtype="float64")).all():
            raise InputError(f"{function.__name__}: the values are too large or too small to combine (the result "
                             "overflows); rescale them, e.g. to thousands or millions")
        return result

    return checked  # type: ignore[return-value]
