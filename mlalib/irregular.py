"""Irregular migration estimated by the residual method: the foreign-born counted, minus those with a regular status.

The residual method (Warren and Passel 1987, "A count of the uncountable: estimates of undocumented
aliens counted in the 1980 United States Census", *Demography* 24(3); Passel and Cohn 2009, *A
Portrait of Unauthorized Immigrants in the United States*, Pew Hispanic Center) subtracts, group by
group, the foreign-born persons who hold a regular status in administrative records (valid residence
and work permits, recognised refugees, naturalised citizens) from the foreign-born persons counted
by a census or estimated from a survey. What is left is the number of migrants in an irregular
situation **whom the census counted**; since a census reaches irregular migrants less well than
others, the method divides it by the share it reaches, ``1 - undercount``::

    counted residual = foreign-born counted - regular stock in the records
    estimate         = counted residual / (1 - undercount)

Assumptions (each one a reason for the estimate to be wrong, which the user states with it): the
census or survey counts the regular migrants completely; the records count exactly the persons with
a regular status who are in the country on the census date (no permit of someone who has left, no
person counted twice, e.g. as a permit holder and as a naturalised citizen); the undercount of
irregular migrants is as assumed. The undercount cannot be measured from the same data: it is an
assumption, taken from a post-enumeration survey or from studies, and its effect is shown by
varying it.

Uncertainty: the records are counts, taken as exact; a foreign-born stock estimated from a sample
(a survey, or a census question asked of a sample of households) has a standard error ``se``. The
estimate's standard error is ``se / (1 - undercount)`` and its confidence interval uses the normal
quantile. The interval covers sampling error only, not the assumptions. An interval that includes 0
means the data cannot tell whether there are irregular migrants in the group at all; an interval
entirely below 0 means that an assumption fails (usually records that still count people who left).

Example
-------
>>> import pandas as pd
>>> counts = pd.DataFrame({"region": ["A"], "foreign_born": [120_000], "foreign_born_se": [4_000],
...                        "permits": [90_000], "naturalised": [12_000]})
>>> out = residual_estimate(counts, regular=["permits", "naturalised"], undercount=0.1, labels="region")
>>> out[["region", "counted_residual", "estimate", "se"]].round(1).to_dict("records")
[{'region': 'A', 'counted_residual': 18000.0, 'estimate': 20000.0, 'se': 4444.4}]
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric_column, require_columns, share
from mlalib.errors import InputError, shown


def _names(value: str | Sequence[str], argument: str) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    if not names or not all(isinstance(name, str) and name for name in names):
        raise InputError(f"argument '{argument}' must name one column or a list of columns, got {shown(value)}")
    return names


def residual_estimate(
    counts: pd.DataFrame,
    *,
    foreign_born: str = "foreign_born",
    se: str | None = "foreign_born_se",
    regular: str | Sequence[str] = "regular",
    undercount: float = 0.0,
    labels: str | Sequence[str] = (),
    level: float = 0.95,
) -> pd.DataFrame:
    """Migrants in an irregular situation by the residual method, one row per row of ``counts``.

    Parameters
    ----------
    counts : DataFrame, one row per group (e.g. region of birth).
    foreign_born : column of the foreign-born persons counted by the census or estimated from the survey.
    se : column of its standard error (persons); None for a complete count (no sampling error).
    regular : the column, or the list of columns summed, of the foreign-born persons with a regular status
        in administrative records (e.g. valid residence permits and naturalisations).
    undercount : the assumed share of irregular migrants the census or survey misses, from 0 up to (not
        including) 1; 0 takes the count as complete.
    labels : columns that name the groups, kept at the front of the result.
    level : confidence level of the interval.

    Returns
    -------
    DataFrame
        ``labels``, then ``foreign_born``, ``regular`` (the regular stock), ``counted_residual``,
        ``estimate``, ``se``, ``ci_low``, ``ci_high`` (persons).

    Raises
    ------
    InputError
        A column that is missing or does not hold numbers, a negative or missing count or standard
        error, ``undercount`` outside [0, 1), ``level`` outside (0, 1).

    Example
    -------
    >>> counts = pd.DataFrame({"foreign_born": [50_000], "foreign_born_se": [3_000], "regular": [52_000]})
    >>> row = residual_estimate(counts).iloc[0]
    >>> float(row["estimate"]), bool(row["ci_low"] < 0 < row["ci_high"])  # the data cannot tell it from 0
    (-2000.0, True)
    """
    regular_columns = _names(regular, "regular")
    label_columns = [] if isinstance(labels, (list, tuple)) and not labels else _names(labels, "labels")
    numbers = [foreign_born, *regular_columns, *([se] if se is not None else [])]
    require_columns(counts, [*label_columns, *numbers], "counts")
    if len(counts) == 0:
        raise InputError("argument 'counts' has no rows; give one row per group (e.g. per region of birth)")
    undercount = share(undercount, "undercount")
    if undercount >= 1:
        raise InputError("argument 'undercount' must be less than 1: it is the share of irregular migrants the "
                         f"census misses, and a census that misses all of them counts none; got {undercount:g}")
    level = share(level, "level", open_interval=True)
    values = {column: numeric_column(counts, column, "count", non_negative=True).to_numpy() for column in numbers}
    regular_stock = np.sum([values[column] for column in regular_columns], axis=0)
    counted = values[foreign_born] - regular_stock
    sampling = values[se] if se is not None else np.zeros(len(counts))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    estimate = counted / (1.0 - undercount)
    error = sampling / (1.0 - undercount)
    out = counts[label_columns].reset_index(drop=True).copy()
    out["foreign_born"] = values[foreign_born]
    out["regular"] = regular_stock
    out["counted_residual"] = counted
    out["estimate"] = estimate
    out["se"] = error
    out["ci_low"] = estimate - z * error
    out["ci_high"] = estimate + z * error
    return out


__all__ = ["residual_estimate"]
