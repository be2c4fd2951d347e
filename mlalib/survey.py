"""Design-based estimates from sample surveys: weighted estimates with standard errors.

A survey's design is one value, :class:`Design`: the column of the survey weights, and where the
sample has them the columns of the strata and of the primary sampling units (PSUs), with the
treatment of strata that hold a single PSU. Every design-based function of mlalib takes it as
``design=``, as R's survey package passes one ``svydesign`` object to ``svymean``, ``svyby`` or
``svyglm`` (Lumley 2010, *Complex Surveys*, ch. 2). A design names columns; it is checked against a
table when it is used (:meth:`Design.bind`), so one design serves every table of the same survey.

:func:`estimate` gives means, totals, proportions and ratios, for the whole population or for
domains (``by``), with Taylor-linearisation standard errors for a stratified multistage design
with replacement at the first stage (ultimate clusters): the default of R's survey package
(``svydesign(ids = ~psu, strata = ~strata, weights = ~w, nest = TRUE)``; Lumley 2010, ch. 2-3;
Wolter 2007, *Introduction to Variance Estimation*, ch. 6). Domains are estimated as
subpopulations of the whole design (every PSU of a stratum counts, also those with no member of
the domain), never by subsetting the rows.

For a statistic with linearised values ``u_i`` (mean: ``(y_i - R) / N_d``; ratio:
``(y_i - R x_i) / X_d``; total: ``y_i``, all zero outside the domain), the variance is
``sum_h n_h / (n_h - 1) * sum_j (z_hj - zbar_h)^2`` with ``z_hj = sum_{i in PSU j} w_i u_i`` and
``n_h`` the number of PSUs in stratum h. Confidence intervals use the normal quantile, as
``confint`` does for ``svymean``.

The engine, :class:`BoundDesign` (a design checked against one table, as integer codes), is public
for the modules that build many indicators at once (:mod:`mlalib.decent_work`,
:mod:`mlalib.reintegration`, :mod:`mlalib.models`): :meth:`BoundDesign.ratios` estimates many
variables over many domains in one pass, :meth:`BoundDesign.covariance` gives the design
covariance of several linearised totals. Everything is vectorised with group sums (no Python
loop over domains or strata), so a million respondents take well under a second per table.

Example
-------
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "w": [1.0, 1.0, 2.0, 2.0]})
>>> out = estimate(df, "y", design=Design("w"))
>>> float(out["estimate"].iloc[0])
2.8333333333333335
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from statistics import NormalDist
from typing import Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import limit, numeric_column, require_columns, share, whole_number
from mlalib.errors import InputError, shown

Statistic = Literal["mean", "total", "proportion", "ratio"]
LonelyPSU = Literal["error", "certainty", "adjust"]
#: The statistics of :func:`estimate`.
STATISTICS: tuple[str, ...] = ("mean", "total", "proportion", "ratio")
#: Treatments of a stratum with a single PSU (R survey's ``options(survey.lonely.psu = ...)``:
#: ``"fail"``, ``"certainty"``, ``"adjust"``).
LONELY_PSU: tuple[str, ...] = ("error", "certainty", "adjust")


@dataclass(frozen=True)
class Design:
    """The sampling design of a survey: which columns hold its weights, strata and PSUs.

    Parameters
    ----------
    weight : the survey weight column (positive numbers).
    strata : the stratum column; None: one stratum.
    psu : the primary sampling unit (cluster) column; PSU labels need only be unique within
        their stratum (R's ``nest = TRUE``). None: each row is its own PSU.
    lonely_psu : a stratum with a single PSU is an error (``"error"``, R's default), contributes
        no variance (``"certainty"``), or is centred at the mean of all PSU totals
        (``"adjust"``), as R's ``survey.lonely.psu`` option.

    The value is immutable and checked when it is made (the names are text, each column named
    once, ``lonely_psu`` one of :data:`LONELY_PSU`); the columns are checked against a table when
    a function uses the design on it (:meth:`bind`).

    Example
    -------
    >>> design = Design(weight="weight", strata="stratum", psu="psu")
    >>> design.columns
    ['weight', 'stratum', 'psu']
    >>> Design(weight="weight", lonely_psu="bogus")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'lonely_psu' of Design must be 'error', 'certainty' or 'adjust', got 'bogus'
    """

    weight: str
    _: KW_ONLY
    strata: str | None = None
    psu: str | None = None
    lonely_psu: LonelyPSU = "error"

    def __post_init__(self) -> None:
        if not isinstance(self.weight, str) or not self.weight:
            raise InputError(f"argument 'weight' of Design must name the weight column, e.g. "
                             f"Design(weight=\"weight\"), got {shown(self.weight)}")
        for name in ("strata", "psu"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise InputError(f"argument '{name}' of Design must name a column (or be None), got {shown(value)}")
        named = self.columns
        if len(set(named)) < len(named):
            raise InputError(f"Design names the column {shown(next(c for c in named if named.count(c) > 1))} twice; "
                             "the weight, strata and PSU are three different columns")
        if not isinstance(self.lonely_psu, str) or self.lonely_psu not in LONELY_PSU:
            raise InputError(f"argument 'lonely_psu' of Design must be 'error', 'certainty' or 'adjust', "
                             f"got {shown(self.lonely_psu)}")

    @property
    def columns(self) -> list[str]:
        """The columns the design reads: the weight, then the strata and the PSUs if given."""
        return [c for c in (self.weight, self.strata, self.psu) if c is not None]

    def bind(self, data: pd.DataFrame) -> BoundDesign:
        """The design checked against ``data`` and encoded as integer codes.

        Raises :class:`~mlalib.errors.MissingColumnError` naming a design column that ``data``
        lacks, and :class:`~mlalib.errors.InputError` for no rows, a weight that is not a
        positive finite number, a missing stratum or PSU, or (with ``lonely_psu="error"``) a
        stratum with a single PSU, naming the column, row or stratum.
        """
        require_columns(data, self.columns, "data")
        if len(data) == 0:
            raise InputError("argument 'data' has no rows; there is nothing to estimate")
        weights = numeric_column(data, self.weight, "weight", positive=True).to_numpy()
        if self.psu is None:
            psu_stratum, stratum_labels = _codes(data, self.strata, "stratum")
            psu = np.arange(len(data), dtype=np.int64)
        else:
            psu, _ = _codes(data, self.psu, "PSU")
            psu, psu_stratum, stratum_labels = self._strata_of(data, psu)
        if (np.diff(psu_stratum) < 0).any():  # number the PSUs stratum by stratum: strata are then slices
            order = np.argsort(psu_stratum, kind="stable")
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            psu, psu_stratum = rank[psu], psu_stratum[order]
        per_stratum = np.bincount(psu_stratum, minlength=len(stratum_labels))
        lonely = np.flatnonzero(per_stratum == 1)
        if len(lonely) and self.lonely_psu == "error":
            labels = [_plain(stratum_labels[k]) for k in lonely[:5]]
            where = f"of column '{self.strata}' " if self.strata else "(the whole sample: no strata given) "
            raise InputError(f"strata {labels} {where}have a single PSU, so their variance cannot be estimated; "
                             "merge them with a neighbouring stratum or choose Design(..., lonely_psu='certainty' "
                             "or 'adjust')")
        return BoundDesign(self, weights, psu, psu_stratum, per_stratum)

    def _strata_of(self, data: pd.DataFrame, psu: np.ndarray) -> tuple[np.ndarray, np.ndarray, Sequence]:
        """Each PSU's stratum code (PSUs renumbered if their labels are unique only within strata), and the labels.

        Text strata are read once per PSU when every PSU lies in one stratum (checked row by row
        without hashing the text); otherwise each (stratum, PSU) pair is a PSU (``nest = TRUE``).
        """
        n_psu = int(psu.max()) + 1
        if self.strata is None:
            return psu, np.zeros(n_psu, dtype=np.int64), ["(all)"]
        values = data[self.strata]
        if _is_text(values.dtype):
            items = _objects(values)
            first = np.empty(n_psu, dtype=np.int64)
            first[psu[::-1]] = np.arange(len(psu) - 1, -1, -1)  # each PSU's first row
            if (items == items[first][psu]).all():
                return psu, *_codes(data[[self.strata]].iloc[first], self.strata, "stratum")
        stratum, labels = _codes(data, self.strata, "stratum")
        psu_stratum = np.zeros(n_psu, dtype=np.int64)
        psu_stratum[psu] = stratum
        if not (psu_stratum[psu] == stratum).all():  # nest = TRUE: PSU labels are unique within strata only
            nested, _ = pd.factorize(stratum * n_psu + psu, sort=True)
            psu = nested.astype(np.int64)
            psu_stratum = np.zeros(int(psu.max()) + 1, dtype=np.int64)
            psu_stratum[psu] = stratum
        return psu, psu_stratum, labels


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _codes(data: pd.DataFrame, column: str | None, role: str) -> tuple[np.ndarray, Sequence]:
    """Each row's label in ``column`` as a code 0, 1, ... in sorted order of the labels, and the labels."""
    if column is None:
        return np.zeros(len(data), dtype=np.int64), ["(all)"]
    values = data[column]
    if pd.api.types.is_integer_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype) \
            and not values.hasnans:
        labels = values.to_numpy(dtype=np.int64)
        low, high = int(labels.min()), int(labels.max())
        if high - low <= 4 * len(labels) + 1_000:  # compact integer labels (PSU numbers): no hashing needed
            present = np.bincount(labels - low, minlength=high - low + 1) > 0
            code_of = np.cumsum(present) - 1
            return code_of[labels - low], np.flatnonzero(present) + low
    codes, uniques = pd.factorize(values, sort=True)
    if (codes < 0).any():
        first = data.index[int(np.flatnonzero(codes < 0)[0])]
        raise InputError(f"{role} column '{column}' has {int((codes < 0).sum()):,} missing value(s), first at row "
                         f"{shown(_plain(first))}; every respondent needs a {role}")
    return codes.astype(np.int64), uniques


def _is_text(dtype: Any) -> bool:
    return pd.api.types.is_object_dtype(dtype) or (pd.api.types.is_string_dtype(dtype)
                                                   and not isinstance(dtype, pd.CategoricalDtype))


def _objects(values: pd.Series) -> np.ndarray:
    """A text column as an array of Python objects, its missing values None (pd.NA does not compare)."""
    if isinstance(values.dtype, pd.StringDtype) and getattr(values.dtype, "na_value", pd.NA) is not pd.NA:
        return values.to_numpy(dtype=object)  # missing values are NaN already; no pass to find them
    return values.to_numpy(dtype=object, na_value=None)


def require_design(design: Any) -> Design:
    """``design`` if it is a :class:`Design`; otherwise an error saying how to make one.

    Example
    -------
    >>> require_design({"weight": "weight"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'design' must be a survey design, e.g. survey.Design(weight="weight", ...
    """
    if not isinstance(design, Design):
        raise InputError("argument 'design' must be a survey design, e.g. survey.Design(weight=\"weight\", "
                         f"strata=\"stratum\", psu=\"psu\"), got {type(design).__name__} {shown(design)}")
    return design


@dataclass(frozen=True, eq=False)
class Estimates:
    """Estimates and standard errors of ``k`` variables in ``d`` domains (arrays of shape ``(k, d)``).

    ``estimate`` and ``se`` are missing (NaN) where a domain has no weight in the denominator
    (an empty domain); the caller says why in its table or raises.
    """

    estimate: np.ndarray
    se: np.ndarray


@dataclass(frozen=True, eq=False)
class BoundDesign:
    """A :class:`Design` checked against one table (:meth:`Design.bind`), as integer codes.

    ``weights`` holds each row's weight, ``psu`` each row's PSU (numbered 0, 1, ... across
    strata, grouped by stratum), ``psu_stratum`` each PSU's stratum and ``psus_per_stratum``
    each stratum's number of PSUs. The methods estimate from arrays aligned with the table's
    rows; domains are integer codes (:func:`domain_codes`).

    Example
    -------
    >>> df = pd.DataFrame({"w": [1.0, 1.0, 2.0, 2.0], "s": [1, 1, 2, 2], "p": [1, 2, 1, 2]})
    >>> bound = Design("w", strata="s", psu="p").bind(df)
    >>> bound.ratios(np.array([[1.0, 0.0, 1.0, 1.0]]).T).estimate
    array([[0.83333333]])
    """

    design: Design
    weights: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    psus_per_stratum: np.ndarray

    @property
    def n_psu(self) -> int:
        return len(self.psu_stratum)

    def ratios(self, numerators: Any, denominators: Any = None, domains: np.ndarray | None = None,
               n_domains: int = 1) -> Estimates:
        """Ratios ``sum(w y) / sum(w x)`` of each numerator ``y`` and denominator ``x``, by domain.

        ``numerators`` and ``denominators`` are arrays of shape ``(n, k)`` or ``(n,)``, or lists of
        ``k`` arrays of shape ``(n,)``, aligned with the rows of the table; ``denominators`` None means
        1 (weighted means). A mean over a target population is the ratio of ``y * member`` and
        ``member`` (give the same ``member`` array object for several numerators: its totals are
        computed once). ``domains`` holds each row's domain code (0 to ``n_domains - 1``; None: one
        domain). The linearised values of a ratio are ``(y - R x) / X_d`` in the domain and 0
        elsewhere, so every PSU of the design counts; their PSU totals are computed from the
        weighted totals of ``y`` and ``x`` in each PSU and domain, one pass over the rows each.
        """
        ys = _columns_of(numerators, len(self.weights))
        xs = [None] * len(ys) if denominators is None else _columns_of(denominators, len(self.weights))
        if len(xs) != len(ys):
            raise InputError(f"got {len(ys)} numerator(s) and {len(xs)} denominator(s); give one denominator each")
        domains, n_domains = self._domains(domains, n_domains)
        cell = domains * self.n_psu + self.psu
        known: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        point = np.empty((len(ys), n_domains))
        totals = np.empty((len(ys), n_domains, self.n_psu))
        with np.errstate(all="ignore"):  # what overflowed is refused below
            for k, (y, x) in enumerate(zip(ys, xs)):
                if id(x) not in known:
                    x_totals = self._cell_totals(cell, n_domains, self.weights if x is None else self.weights * x)
                    known[id(x)] = (x_totals, x_totals.sum(axis=1))
                x_totals, den = known[id(x)]
                y_totals = self._cell_totals(cell, n_domains, self.weights * y)
                empty = den == 0
                safe = np.where(empty, 1.0, den)
                point[k] = np.where(empty, np.nan, y_totals.sum(axis=1) / safe)
                ratio = np.where(empty, 0.0, point[k])
                totals[k] = (y_totals - ratio[:, None] * x_totals) / safe[:, None]
            variance = self.variance(totals.reshape(-1, self.n_psu)).reshape(point.shape)
        return _finite(point, variance)

    def totals(self, values: Any, domains: np.ndarray | None = None, n_domains: int = 1) -> Estimates:
        """Weighted totals ``sum(w y)`` of each column of ``values`` (as for :meth:`ratios`) by domain."""
        ys = _columns_of(values, len(self.weights))
        domains, n_domains = self._domains(domains, n_domains)
        cell = domains * self.n_psu + self.psu
        with np.errstate(all="ignore"):
            totals = np.stack([self._cell_totals(cell, n_domains, self.weights * y) for y in ys])
            point = totals.sum(axis=2)
            variance = self.variance(totals.reshape(-1, self.n_psu)).reshape(point.shape)
        return _finite(point, variance)

    def _cell_totals(self, cell: np.ndarray, n_domains: int, weighted: np.ndarray) -> np.ndarray:
        """Sums of ``weighted`` in each domain (rows) and PSU (columns)."""
        return np.bincount(cell, weights=weighted, minlength=n_domains * self.n_psu).reshape(n_domains, self.n_psu)

    def psu_totals(self, values: Any, rows: np.ndarray | None = None) -> np.ndarray:
        """Weighted totals ``sum(w u)`` of each column of ``values`` in each PSU (``k x n_psu``).

        ``values`` as for :meth:`ratios`; with ``rows`` (row positions), the values are those of these
        rows only (0 elsewhere), so a small domain costs a pass over its own rows. The design variance
        of a linear combination of totals is :meth:`variance` of the same combination of their PSU
        totals.
        """
        index = slice(None) if rows is None else np.asarray(rows, dtype=np.int64)
        psu, weights = self.psu[index], self.weights[index]
        with np.errstate(all="ignore"):
            return np.stack([np.bincount(psu, weights=weights * u, minlength=self.n_psu)
                             for u in _columns_of(values, len(psu))])

    def covariance(self, values: Any) -> np.ndarray:
        """Design covariance (``k x k``) of the weighted totals ``sum(w u)`` of the columns of ``values`` (``(n, k)``).

        ``values`` are linearised values (e.g. the scores of a regression, ``x (y - p)``):
        ``sum_h n_h / (n_h - 1) sum_j (z_hj - zbar_h)(z_hj - zbar_h)'`` of their PSU totals ``z``.
        """
        z = self.psu_totals(values).T
        with np.errstate(all="ignore"):
            centred = z - np.repeat(self._stratum_sums(z.T).T / self.psus_per_stratum[:, None], self.psus_per_stratum,
                                    axis=0)
            covariance = (centred * self._factor[:, None]).T @ centred
            lonely = self.psus_per_stratum[self.psu_stratum] == 1
            if self.design.lonely_psu == "adjust" and lonely.any():
                extra = z[lonely] - z.sum(axis=0) / self.n_psu
                covariance = covariance + extra.T @ extra
        if not np.isfinite(covariance).all():
            raise InputError(_OVERFLOW)
        return covariance

    def variance(self, psu_totals: np.ndarray) -> np.ndarray:
        """Between-PSU variance within strata of PSU totals ``psu_totals`` (``m x n_psu``), one per row."""
        z = np.atleast_2d(psu_totals)
        means = self._stratum_sums(z) / self.psus_per_stratum
        deviations = z - np.repeat(means, self.psus_per_stratum, axis=1)  # every PSU of the stratum counts
        deviations *= deviations
        variance = deviations @ self._factor
        lonely = self.psus_per_stratum[self.psu_stratum] == 1
        if self.design.lonely_psu == "adjust" and lonely.any():
            grand = z.sum(axis=1, keepdims=True) / self.n_psu
            variance = variance + ((z[:, lonely] - grand) ** 2).sum(axis=1)
        return variance

    def standard_errors(self, psu_totals: np.ndarray) -> np.ndarray:
        """Square roots of :meth:`variance`; an overflow (values near 1e308) is an error, not inf or NaN."""
        with np.errstate(all="ignore"):
            se = np.sqrt(np.maximum(self.variance(psu_totals), 0.0))
        if not np.isfinite(se).all():
            raise InputError(_OVERFLOW)
        return se

    @property
    def _factor(self) -> np.ndarray:
        """Per PSU, ``n_h / (n_h - 1)`` of its stratum (0 for a lonely PSU: its deviation is 0 anyway)."""
        n_h = self.psus_per_stratum[self.psu_stratum].astype("float64")
        return np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 0.0)

    def _stratum_sums(self, z: np.ndarray) -> np.ndarray:
        """Sums over the PSUs of each stratum (the PSUs are numbered stratum by stratum)."""
        if len(self.psus_per_stratum) == 1:
            return z.sum(axis=1, keepdims=True)
        starts = np.concatenate([[0], np.cumsum(self.psus_per_stratum)[:-1]])
        return np.add.reduceat(z, starts, axis=1)

    def _domains(self, domains: np.ndarray | None, n_domains: int) -> tuple[np.ndarray, int]:
        if domains is None:
            return np.zeros(len(self.weights), dtype=np.int64), 1
        domains = np.asarray(domains)
        if domains.shape != self.weights.shape or domains.dtype.kind not in "iu":
            raise InputError(f"domain codes must be whole numbers, one per row ({len(self.weights):,}), got "
                             f"{domains.dtype} of shape {domains.shape}")
        if len(domains) and (domains.min() < 0 or domains.max() >= n_domains):
            raise InputError(f"domain codes must be from 0 to n_domains - 1 = {n_domains - 1}, got "
                             f"{int(domains.min())} to {int(domains.max())}")
        return domains.astype(np.int64, copy=False), int(n_domains)


_OVERFLOW = ("the weighted sums overflow (values or weights near 1e308); rescale the variable or the weights, e.g. to "
             "thousands")


def _columns_of(values: Any, n: int) -> list[np.ndarray]:
    """``values`` (an array ``(n,)`` or ``(n, k)``, or a list of arrays ``(n,)``) as a list of ``k`` arrays of
    finite numbers (or True/False), one value per row."""
    if isinstance(values, (list, tuple)):
        columns = [np.asarray(v) for v in values]
    else:
        array = np.asarray(values)
        columns = [array] if array.ndim == 1 else [array[:, k] for k in range(array.shape[1])] \
            if array.ndim == 2 else [array]
    for k, column in enumerate(columns):
        if column.shape != (n,):
            raise InputError(f"the values must have one row per row of the table ({n:,}), got shape {column.shape}")
        if column.dtype.kind not in "biuf":
            raise InputError(f"the values must be numbers (or True/False), got {column.dtype} in column {k}")
        if column.dtype.kind == "f" and not np.isfinite(column).all():
            raise InputError(f"the values must be finite numbers; column {k} has {column[~np.isfinite(column)][0]:g} "
                             f"at position {int(np.flatnonzero(~np.isfinite(column))[0])}")
    return columns


def _finite(point: np.ndarray, variance: np.ndarray) -> Estimates:
    defined = ~np.isnan(point)
    se = np.sqrt(np.maximum(np.where(defined, variance, 0.0), 0.0))
    if not (np.isfinite(point[defined]).all() and np.isfinite(se[defined]).all()):
        raise InputError(_OVERFLOW)
    return Estimates(point, np.where(defined, se, np.nan))


def by_columns(by: str | Sequence[str] | None) -> list[str]:
    """The domain columns ``by`` as a list (None: no domains).

    Example
    -------
    >>> by_columns("sex"), by_columns(None), by_columns(("sex", "migrant_status"))
    (['sex'], [], ['sex', 'migrant_status'])
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if not isinstance(by, Sequence) or not all(isinstance(c, str) for c in by):
        raise InputError(f"argument 'by' must be a column name or a list of column names, got {shown(by)}")
    return list(by)


def domain_codes(data: pd.DataFrame, by: Sequence[str], *, levels: Mapping[str, Sequence] | None = None
                 ) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's domain as an integer code, and one row per domain with its ``by`` values.

    Without ``levels``, the domains are the combinations of ``by`` values present in ``data``, in
    sorted order. With ``levels`` (the values of each ``by`` column), they are every combination
    of those values in the order given, also the empty ones; a value outside them is an error
    naming the column, the row and the value. A missing value in a ``by`` column is an error.

    Example
    -------
    >>> df = pd.DataFrame({"sex": ["male", "female", "male"]})
    >>> codes, keys = domain_codes(df, ["sex"])
    >>> codes.tolist(), keys["sex"].tolist()
    ([1, 0, 1], ['female', 'male'])
    >>> domain_codes(df, ["sex"], levels={"sex": ["female", "male", "other"]})[1]["sex"].tolist()
    ['female', 'male', 'other']
    """
    require_columns(data, list(by), "data")
    if not by:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=[0])
    combined = np.zeros(len(data), dtype=np.int64)
    uniques = []
    size = 1
    for column in by:
        if levels is not None:
            found = pd.Index(list(levels[column]), dtype=object)
            codes = level_codes(data[column], found, column)
        else:
            codes, found = pd.factorize(data[column], sort=True)
        if (codes < 0).any():
            first = data.index[int(np.flatnonzero(codes < 0)[0])]
            raise InputError(f"domain column '{column}' has {int((codes < 0).sum()):,} missing value(s), first at row "
                             f"{shown(_plain(first))}; recode them (e.g. 'unknown') first")
        combined = combined * len(found) + codes
        size *= len(found)
        uniques.append(found)
    if levels is not None:
        present = np.arange(size)
        inverse = combined
    elif size <= max(4 * len(data), 1_000_000):
        counts = np.bincount(combined, minlength=size)
        present = np.flatnonzero(counts)
        code_of = np.full(size, -1, dtype=np.int64)
        code_of[present] = np.arange(len(present))
        inverse = code_of[combined]
    else:
        present, inverse = np.unique(combined, return_inverse=True)
    keys, rest = {}, present
    for column, found in reversed(list(zip(by, uniques))):
        keys[column] = np.asarray(found, dtype=object)[rest % len(found)] if levels is not None \
            else found.take(rest % len(found))
        rest = rest // len(found)
    return inverse.astype(np.int64), pd.DataFrame({column: keys[column] for column in by})


def level_codes(values: pd.Series, levels: Sequence, column: str) -> np.ndarray:
    """Each value's position in ``levels`` (-1 where it is missing); a value outside ``levels`` is an error naming
    the column, its row and the value.

    Categorical columns are read through their codes.

    Example
    -------
    >>> level_codes(pd.Series(["employed", None, "unemployed"]), ["employed", "unemployed"], "status").tolist()
    [0, -1, 1]
    """
    levels = list(levels)
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        position = pd.Index(levels, dtype=object).get_indexer(pd.Index(dtype.categories, dtype=object))
        category = values.cat.codes.to_numpy()
        codes = np.where(category < 0, -1, position[category])
        outside = (category >= 0) & (codes < 0)
    else:
        found, uniques = pd.factorize(_objects(values) if _is_text(dtype) else values)
        position = pd.Index(levels, dtype=object).get_indexer(pd.Index(uniques, dtype=object))
        codes = np.where(found < 0, -1, position[found])
        outside = (found >= 0) & (codes < 0)
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        raise InputError(f"column '{column}' has the value {shown(_plain(values.iloc[first]))} at row "
                         f"{shown(_plain(values.index[first]))}, outside its documented codes {levels}")
    return codes.astype(np.int64)


def check_reliability(level: Any, min_n: Any, max_cv: Any) -> tuple[float, int, float]:
    """The options of a table's intervals and flags, checked: ``level`` in (0, 1), ``min_n`` a whole number
    >= 0, ``max_cv`` a number of per cent >= 0 (inf: no limit).

    Example
    -------
    >>> check_reliability(0.95, 30, 20)
    (0.95, 30, 20.0)
    >>> check_reliability(0.95, 1.5, 20)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'min_n' must be a whole number, got 1.5
    """
    return (share(level, "level", open_interval=True), whole_number(min_n, "min_n", minimum=0),
            limit(max_cv, "max_cv", what="a non-negative number of per cent (inf: no limit)"))


def estimate(
    data: pd.DataFrame,
    variable: str,
    *,
    design: Design,
    by: str | Sequence[str] | None = None,
    statistic: Statistic = "mean",
    denominator: str | None = None,
    level: float = 0.95,
    min_n: int = 30,
    max_cv: float = 20.0,
) -> pd.DataFrame:
    """Weighted estimate, standard error, confidence interval and reliability, by domain.

    Parameters
    ----------
    data : DataFrame, one row per respondent.
    variable : column to estimate: numbers for a mean, total or ratio. For
        ``statistic="proportion"`` a True/False (or 0/1) column gives the share of True; a text or
        categorical column the share of each category.
    design : the survey design (:class:`Design`).
    by : domain column(s); estimates use the whole design (subpopulation estimation).
    statistic : "mean", "total", "proportion" or "ratio" (``sum(w*y) / sum(w*denominator)``).
    denominator : the ratio's denominator column.
    level : confidence level of the interval.
    min_n, max_cv : a cell is ``unreliable`` with fewer than ``min_n`` respondents or a
        coefficient of variation above ``max_cv`` per cent (as statistical offices flag cells).

    Returns
    -------
    DataFrame
        The ``by`` columns (and ``category`` for categorical proportions), then ``estimate, se,
        ci_low, ci_high, n`` (unweighted respondents in the domain), ``cv`` (per cent) and
        ``unreliable``. ``cv`` is infinite where the estimate is 0 (the coefficient of variation
        is undefined there); such cells are flagged ``unreliable``.

    Raises
    ------
    InputError
        No rows, a non-numeric (text, or True/False outside a proportion), missing or infinite
        value in ``variable``, ``weight`` or ``denominator``, a weight of 0 or less, ``level``
        outside (0, 1) or not a number, ``min_n`` not a whole number >= 0, ``max_cv`` negative.
    """
    design = require_design(design)
    by_cols = by_columns(by)
    if statistic not in STATISTICS:
        raise InputError(f"argument 'statistic' must be 'mean', 'total', 'proportion' or 'ratio', got {statistic!r}")
    if statistic == "ratio" and denominator is None:
        raise InputError("statistic='ratio' needs 'denominator', the column summed in the denominator")
    if statistic != "ratio" and denominator is not None:
        raise InputError("argument 'denominator' is only used with statistic='ratio'")
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    require_columns(data, [variable, *design.columns, *([denominator] if denominator else []), *by_cols], "data")
    bound = design.bind(data)
    domains, keys = domain_codes(data, by_cols)
    n = np.bincount(domains, minlength=len(keys))
    values = data[variable]
    if statistic == "proportion" and not (pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values)):
        return _category_shares(data, variable, bound, domains, keys, by_cols, n, level, min_n, max_cv)
    y = numeric_column(data, variable, "variable", flag=statistic == "proportion").to_numpy()
    if statistic == "proportion" and not np.isin(y, (0.0, 1.0)).all():
        raise InputError(f"variable '{variable}' must be True/False or 0/1 for a proportion; row "
                         f"{shown(_plain(data.index[int(np.flatnonzero(~np.isin(y, (0.0, 1.0)))[0])]))} has "
                         f"{y[~np.isin(y, (0.0, 1.0))][0]:g}")
    if statistic == "total":
        result = bound.totals(y, domains, len(keys))
    else:
        x = numeric_column(data, denominator, "denominator").to_numpy() if statistic == "ratio" else None
        result = bound.ratios(y, x, domains, len(keys))
        zero = np.flatnonzero(np.isnan(result.estimate[0]))
        if len(zero):
            raise InputError(f"the denominator sums to zero in {len(zero)} domain(s); a ratio is undefined there")
    return _table(keys, result.estimate[0], result.se[0], n, level, min_n, max_cv)


def _table(keys: pd.DataFrame, point: np.ndarray, se: np.ndarray, n: np.ndarray, level: float, min_n: int,
           max_cv: float) -> pd.DataFrame:
    """One row per domain (``keys``: its ``by`` values, or no columns): estimate, interval, ``n``, cv, flag."""
    z = NormalDist().inv_cdf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(point != 0, 100.0 * se / np.abs(point), np.inf)
    out = keys.reset_index(drop=True) if len(keys.columns) else pd.DataFrame(index=range(len(point)))
    n = np.asarray(n, dtype=np.int64)
    return out.assign(estimate=point, se=se, ci_low=point - z * se, ci_high=point + z * se, n=n, cv=cv,
                      unreliable=(n < min_n) | (cv > max_cv))


def _category_shares(data: pd.DataFrame, variable: str, bound: BoundDesign, domains: np.ndarray, keys: pd.DataFrame,
                     by_cols: list[str], n: np.ndarray, level: float, min_n: int, max_cv: float) -> pd.DataFrame:
    values = data[variable]
    if values.isna().any():
        raise InputError(f"variable '{variable}' has missing values; recode them as a category first")
    try:
        codes, categories = pd.factorize(values, sort=True)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in pd.unique(values)})
        raise InputError(f"variable '{variable}' mixes values of the types {kinds}; the categories of a proportion "
                         "must be of one kind (e.g. all text)") from None
    indicators = (codes[:, None] == np.arange(len(categories))[None, :]).astype("float64")
    result = bound.ratios(indicators, None, domains, len(keys))
    rows = keys.loc[keys.index.repeat(len(categories))] if by_cols else pd.DataFrame(index=range(len(categories)))
    table = _table(rows, result.estimate.T.ravel(), result.se.T.ravel(), np.repeat(n, len(categories)), level, min_n,
                   max_cv)
    table.insert(len(by_cols), "category", np.tile(np.asarray(categories, dtype=object), len(keys)))
    return table
