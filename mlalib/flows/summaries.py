"""Origin-destination summaries of flow tables (migest ``sum_od``, ``sum_region``, ``sum_net``).

Example
-------
>>> od = pd.DataFrame([[0, 30], [10, 0]], index=["A", "B"], columns=["A", "B"])
>>> region_summary(od).loc["A"].tolist()
[30.0, 10.0, -20.0, 40.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlalib._validate import no_overflow, numeric, require_columns
from mlalib.errors import InputError, shown

LONG_COLUMNS = ("birthplace", "origin", "destination", "flow")


@no_overflow
def od_matrix(flows: pd.DataFrame, include_stayers: bool = False) -> pd.DataFrame:
    """Origin x destination flows summed over birthplace (migest ``sum_od`` without margins).

    Parameters
    ----------
    flows : DataFrame
        Long flows with columns ``origin``, ``destination``, ``flow`` (and usually
        ``birthplace``), e.g. from :func:`~mlalib.flows.from_stocks.flows_from_stocks`.
    include_stayers : bool
        Keep the diagonal (people who did not move); by default it is 0.

    Example
    -------
    >>> long = pd.DataFrame({"birthplace": ["A", "A", "B"], "origin": ["A", "A", "B"],
    ...                      "destination": ["B", "A", "A"], "flow": [5.0, 90.0, 2.0]})
    >>> od_matrix(long).to_numpy().tolist()
    [[0.0, 5.0], [2.0, 0.0]]
    """
    require_columns(flows, ("origin", "destination", "flow"), "flows")
    if flows["flow"].isna().any():
        raise InputError(f"argument 'flows' has {int(flows['flow'].isna().sum()):,} missing flow value(s)")
    numeric(flows["flow"], "flows['flow']")
    if flows["origin"].isna().any() or flows["destination"].isna().any():
        raise InputError("argument 'flows' has a missing origin or destination")
    origin, destination = flows["origin"], flows["destination"]
    if (isinstance(origin.dtype, pd.CategoricalDtype) and isinstance(destination.dtype, pd.CategoricalDtype)
            and origin.cat.categories.equals(destination.cat.categories)):
        labels = origin.cat.categories
        n = len(labels)
        cells = origin.cat.codes.to_numpy(np.int64) * n + destination.cat.codes.to_numpy(np.int64)
        values = np.bincount(cells, weights=flows["flow"].to_numpy(float), minlength=n * n).reshape(n, n)
    else:
        labels = pd.Index(pd.unique(pd.concat([origin, destination], ignore_index=True)))
        table = flows.groupby(["origin", "destination"], sort=False, observed=True)["flow"].sum().unstack()
        values = table.reindex(index=labels, columns=labels).fillna(0.0).to_numpy(float, copy=True)
    if not include_stayers:
        np.fill_diagonal(values, 0.0)
    return pd.DataFrame(values, index=pd.Index(labels, name="origin"),
                        columns=pd.Index(labels, name="destination"))


@no_overflow
def region_summary(od: pd.DataFrame) -> pd.DataFrame:
    """Outflow, inflow, net migration and turnover per region (migest ``sum_region``).

    The diagonal (stayers or internal moves) is ignored. ``net = inflow - outflow``,
    ``turnover = inflow + outflow``. Flows must not be negative (Rogers-von Rabenau estimates
    can be; set those to 0 or choose another method first).
    """
    values, labels = _square(od)
    off_diagonal = values.copy()
    np.fill_diagonal(off_diagonal, 0.0)
    if (off_diagonal < 0).any():
        i, j = np.argwhere(off_diagonal < 0)[0]
        raise InputError(f"argument 'od' has {int((off_diagonal < 0).sum()):,} negative flow(s) (first: "
                         f"{values[i, j]:g} from {shown(labels[i])} to {shown(labels[j])}); flows are counts of "
                         "people, so in/out/turnover would be wrong")
    np.fill_diagonal(values, 0.0)
    out, into = values.sum(axis=1), values.sum(axis=0)
    return pd.DataFrame({"outflow": out, "inflow": into, "net": into - out, "turnover": into + out},
                        index=pd.Index(labels, name="region"))


@no_overflow
def net_migration(od: pd.DataFrame) -> pd.Series:
    """Net migration per region, inflow minus outflow (migest ``sum_net``)."""
    return region_summary(od)["net"].rename("net")


def to_long(od: pd.DataFrame, value_name: str = "flow") -> pd.DataFrame:
    """An origin x destination matrix as a long table ``origin, destination, <value_name>``."""
    values, labels = _square(od)
    n = len(labels)
    return pd.DataFrame({"origin": np.repeat(np.asarray(labels, dtype=object), n),
                         "destination": np.tile(np.asarray(labels, dtype=object), n),
                         value_name: values.ravel()})


@no_overflow
def to_matrix(long: pd.DataFrame, value: str = "flow", row: str = "origin", column: str = "destination") -> pd.DataFrame:
    """A long table as a square matrix (duplicated pairs are summed, absent pairs are 0)."""
    require_columns(long, (row, column, value), "long")
    numeric(long[value], f"long['{value}']")
    if long[row].isna().any() or long[column].isna().any():
        raise InputError(f"argument 'long' has a missing '{row}' or '{column}'")
    labels = pd.Index(pd.unique(pd.concat([long[row], long[column]], ignore_index=True)))
    table = long.groupby([row, column], sort=False, observed=True)[value].sum().unstack()
    # two Index objects: with one for both axes, pandas < 3 shares it and naming one axis names both
    return table.reindex(index=labels.rename(row), columns=labels.rename(column)).fillna(0.0)


def _square(od: pd.DataFrame) -> tuple[np.ndarray, list]:
    if not isinstance(od, pd.DataFrame) or od.shape[0] != od.shape[1]:
        raise InputError("argument 'od' must be a square origin x destination DataFrame")
    if set(od.index) != set(od.columns):
        raise InputError("argument 'od' must have the same regions as rows and columns")
    if od.index.has_duplicates or od.columns.has_duplicates:
        raise InputError("argument 'od' lists a region twice in its rows or columns")
    labels = list(od.index)
    try:
        values = od.loc[labels, labels].to_numpy(dtype="float64", copy=True)
    except (TypeError, ValueError):
        raise InputError("argument 'od' must hold numbers only") from None
    if not np.all(np.isfinite(values)):
        raise InputError("argument 'od' has missing or infinite values")
    return values, labels
