"""Indicators of the economic reintegration of return migrants, weighted, with standard errors.

Every indicator is a weighted share (or mean, or gap) estimated with the survey engine of
:mod:`mlalib.survey` (Taylor linearisation for strata and PSUs, domains as subpopulations of the
whole design: the same numbers as :func:`mlalib.survey.estimate`, a test checks it), with
its confidence interval, coefficient of variation and reliability flag, and a ``reason`` saying
why a row is unreliable: ``"no respondents in the domain"`` (estimate missing on purpose),
``"few respondents"`` (fewer than ``min_n``) or ``"high coefficient of variation"`` (above
``max_cv`` per cent).

The indicators follow the economic dimension of reintegration (IOM 2019, *Reintegration
Handbook*, Module 1 and Annex 4: income, employment, savings and investment, access to social
protection) and the measures of investment and skills of returnees (share who started a
business; savings brought back and their use; skills and qualifications acquired abroad and
recognised; MIREM, Cassarino 2008). Labour-market comparisons with non-migrants use the
ICLS 2018 category of return international migrant workers in a labour force survey
(:func:`labour_gap`). Return preparedness follows Cassarino (2004): willingness (a freely chosen
return, after MIREM) and readiness (resources gathered before return); :func:`preparedness` is the
course's coding of it, MIREM-inspired (no official scoring exists).

Example
-------
>>> from mlalib.data import load
>>> table = indicators(load("synthetic_returnees"), weight="weight", strata="stratum", psu="psu")
>>> round(float(table.set_index("indicator").loc["started_business", "estimate"]), 3)
0.121
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Sequence

import numpy as np
import pandas as pd

from mlalib._validate import require_columns
from mlalib.errors import InputError, shown
from mlalib.returns import NOT_FREELY_DECIDED
from mlalib.survey import _Design, _domains, estimate

AGE_GROUPS = ("15-24", "25-34", "35-44", "45-54", "55+")
RETURN_REASONS = ("end of contract", "family reasons", "lost job", "returned by authorities", "saved enough", "other")
SAVINGS_USES = ("business investment", "housing or land", "debt repayment", "household consumption", "education",
                "no savings")
ASSISTANCE = ("none", "counselling or referral", "cash or in-kind", "business support", "training or job placement")
LABOUR_STATUSES = ("employed", "unemployed", "outside labour force")
SEXES = ("female", "male")
PREPAREDNESS = ("high", "low", "none")

#: Documented codes of the categorical columns of the returnee survey (data/registry.yaml).
CODES: dict[str, tuple[str, ...]] = {
    "labour_status": LABOUR_STATUSES, "use_of_savings": SAVINGS_USES,
    "assistance_received": ASSISTANCE, "reason_for_return": RETURN_REASONS, "sex": SEXES,
    "age_group": AGE_GROUPS, "preparedness": PREPAREDNESS,
}
FLAGS = ("started_business", "savings_at_return", "skills_acquired_abroad", "skills_used_in_work",
         "qualification_abroad", "qualification_recognised", "pension_contributor", "household_health_coverage",
         "intends_to_reemigrate", "return_was_voluntary", "planned_return", "skills_certified", "contributed_abroad",
         "social_security_agreement", "pension_rights_kept")

#: indicator -> (what is counted, who is counted: the domain), as functions of the data.
INDICATORS = {
    "started_business": (lambda d: d["started_business"], None),
    "returned_with_savings": (lambda d: d["savings_at_return"], None),
    "savings_invested_in_business": (lambda d: d["use_of_savings"] == "business investment",
                                     lambda d: d["savings_at_return"]),
    "employed": (lambda d: d["labour_status"] == "employed", None),
    "skills_acquired_abroad": (lambda d: d["skills_acquired_abroad"], None),
    "skills_used_in_work": (lambda d: d["skills_used_in_work"],
                            lambda d: d["skills_acquired_abroad"] & (d["labour_status"] == "employed")),
    "qualification_recognised": (lambda d: d["qualification_recognised"], lambda d: d["qualification_abroad"]),
    "pension_contributor": (lambda d: d["pension_contributor"], lambda d: d["labour_status"] == "employed"),
    "household_health_coverage": (lambda d: d["household_health_coverage"], None),
    "intends_to_reemigrate": (lambda d: d["intends_to_reemigrate"], None),
    "skills_certified": (lambda d: d["skills_certified"], lambda d: d["skills_acquired_abroad"]),
    "contributed_abroad": (lambda d: d["contributed_abroad"], None),
    "pension_rights_kept": (lambda d: d["pension_rights_kept"], lambda d: d["contributed_abroad"]),
}
_NEEDS = {
    "started_business": ["started_business"], "returned_with_savings": ["savings_at_return"],
    "savings_invested_in_business": ["use_of_savings", "savings_at_return"], "employed": ["labour_status"],
    "skills_acquired_abroad": ["skills_acquired_abroad"],
    "skills_used_in_work": ["skills_used_in_work", "skills_acquired_abroad", "labour_status"],
    "qualification_recognised": ["qualification_recognised", "qualification_abroad"],
    "pension_contributor": ["pension_contributor", "labour_status"],
    "household_health_coverage": ["household_health_coverage"], "intends_to_reemigrate": ["intends_to_reemigrate"],
    "skills_certified": ["skills_certified", "skills_acquired_abroad"], "contributed_abroad": ["contributed_abroad"],
    "pension_rights_kept": ["pension_rights_kept", "contributed_abroad"],
}


def _columns(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def check_codes(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise :class:`InputError` if a column holds a value outside its documented codes (naming column, row, value).

    Categorical columns are checked against :data:`CODES`, flags (:data:`FLAGS`) must be
    True/False (or 1/0) without missing values.

    Example
    -------
    >>> check_codes(pd.DataFrame({"labour_status": ["employed", "retired"]}), ["labour_status"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: column 'labour_status' has 'retired' at row 1, outside its documented codes ...
    """
    for column in columns:
        values = data[column]
        if column in CODES:
            bad = ~values.isin(CODES[column])
            if bad.any():
                first = values.index[bad][0]
                raise InputError(f"column '{column}' has {shown(values[first])} at row {shown(first)}, outside its "
                                 f"documented codes {list(CODES[column])} ({int(bad.sum()):,} such row(s))")
        elif column in FLAGS:
            _flags(values, f"column '{column}'")


def _reasons(table: pd.DataFrame, min_n: int, max_cv: float) -> pd.Series:
    reason = np.where(table["n"] == 0, "no respondents in the domain",
                      np.where(table["n"] < min_n, "few respondents",
                               np.where(table["cv"] > max_cv, "high coefficient of variation", "")))
    return pd.Series(reason, index=table.index, dtype="string")


class _Shares:
    """One survey design and one set of domains, factorised once, for many weighted shares.

    A share ``p_d = sum(w y) / sum(w)`` over the members of domain d has the linearised values
    ``w (y - p_d) / N_d`` for its members and 0 for everyone else; their PSU totals go through the
    survey engine's between-PSU variance (:class:`mlalib.survey._Design`), exactly as
    :func:`mlalib.survey.estimate` does for a proportion, without factorising the design again for
    every indicator.
    """

    def __init__(self, design: _Design, w: np.ndarray, data: pd.DataFrame, by_cols: list[str]):
        self.design, self.w, self.by_cols = design, w, by_cols
        self.groups, self.keys = _domains(data, by_cols)

    def share(self, counted: np.ndarray, inside: np.ndarray, min_n: int, max_cv: float) -> pd.DataFrame:
        k, design = len(self.keys), self.design
        w_in = np.where(inside, self.w, 0.0)
        total = np.bincount(self.groups, weights=w_in, minlength=k)
        hits = np.bincount(self.groups, weights=w_in * counted, minlength=k)
        n = np.bincount(self.groups[inside], minlength=k)
        empty = total == 0
        safe = np.where(empty, 1.0, total)
        point = hits / safe
        scores = w_in * (counted - point[self.groups]) / safe[self.groups]
        z = np.bincount(self.groups * design.n_psu + design.psu, weights=scores,
                        minlength=k * design.n_psu).reshape(k, design.n_psu)
        se = np.sqrt(np.maximum(design._variance(z), 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            cv = np.where(point != 0, 100.0 * se / np.abs(point), np.inf)
        table = self.keys.reset_index(drop=True).copy() if self.by_cols else pd.DataFrame(index=range(k))
        table["estimate"] = np.where(empty, np.nan, point)
        table["se"] = np.where(empty, np.nan, se)
        table["ci_low"] = table["estimate"] - _Z95 * table["se"]
        table["ci_high"] = table["estimate"] + _Z95 * table["se"]
        table["n"] = n.astype("int64")
        table["cv"] = np.where(empty, np.nan, cv)
        table["unreliable"] = empty | (n < min_n) | (cv > max_cv)
        table["reason"] = _reasons(table, min_n, max_cv)
        return table


_Z95 = NormalDist().inv_cdf(0.975)


def _weights(data: pd.DataFrame, weight: str) -> np.ndarray:
    values = data[weight]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise InputError(f"weight column '{weight}' must be numeric, it is {values.dtype}")
    w = values.to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isfinite(w) | (w <= 0)
    if bad.any():
        first = data.index[bad][0]
        raise InputError(f"weight column '{weight}' must hold positive finite numbers; row {shown(first)} has "
                         f"{shown(values[first])}")
    return w


def _flags(values: pd.Series, what: str) -> np.ndarray:
    """``values`` as a boolean array; ``what`` ("argument 'domain'", "column 'x'") names them in the error."""
    bad = ~values.isin([True, False, 0, 1]) | values.isna()
    if bad.any():
        first = values.index[bad][0]
        raise InputError(f"{what} must hold True/False (or 1/0); row {shown(first)} has {shown(values[first])}")
    return values.to_numpy(dtype=bool)


def share(
    data: pd.DataFrame, counted: pd.Series, *, weight: str, strata: str | None = None, psu: str | None = None,
    by: str | Sequence[str] | None = None, domain: pd.Series | None = None, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Weighted share of ``counted`` (a boolean Series) among the rows of ``domain``, by ``by``.

    The domain is a subpopulation of the whole design (Taylor linearisation, as
    :func:`mlalib.survey.estimate`; 95% intervals). Every ``by`` group present in the data gets a
    row; a group with nobody in the domain gets a missing estimate, ``unreliable`` True and the
    reason ``"no respondents in the domain"``.

    Example
    -------
    >>> df = pd.DataFrame({"y": [True, False, True, True], "g": ["a", "a", "b", "b"], "w": [1.0, 3.0, 1.0, 1.0]})
    >>> share(df, df["y"], weight="w", by="g", min_n=1)["estimate"].tolist()
    [0.25, 1.0]
    """
    by_cols = _columns(by)
    require_columns(data, [weight, *by_cols, *[c for c in (strata, psu) if c]], "data")
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to estimate")
    for name, flags in (("counted", counted), ("domain", domain)):
        if flags is not None and (not isinstance(flags, pd.Series) or not flags.index.equals(data.index)):
            raise InputError(f"argument '{name}' must be a Series of True/False with the index of 'data'")
    y = _flags(counted, "argument 'counted'")
    inside = np.ones(len(data), dtype=bool) if domain is None else _flags(domain, "argument 'domain'")
    shares = _Shares(_Design(data, strata, psu, "error"), _weights(data, weight), data, by_cols)
    return shares.share(y.astype("float64"), inside, min_n, max_cv)


def indicators(
    data: pd.DataFrame, *, weight: str, strata: str | None = None, psu: str | None = None,
    by: str | Sequence[str] | None = None, which: Sequence[str] | None = None, min_n: int = 30,
    max_cv: float = 20.0,
) -> pd.DataFrame:
    """The economic reintegration indicators of a returnee survey, weighted, with SE, CI and reliability.

    ``indicator`` (see :data:`INDICATORS`; shares from 0 to 1): started a business; returned
    with savings; savings invested in a business (of those with savings); employed
    (employment-to-population ratio); skills acquired abroad; skills used in work (of the employed
    who acquired skills); qualification recognised (of those with a qualification from abroad);
    contributing to a pension scheme (of the employed); household covered for health; intends to
    re-emigrate; skills acquired abroad certified since return through recognition of prior learning (of
    those who acquired skills abroad); contributed to a pension scheme abroad; pension rights earned abroad
    kept (of those who contributed abroad: totalised or payable under a social security agreement, or a
    pension payable abroad; ILO C157). Then the ``by`` columns and ``estimate, se, ci_low, ci_high, n, cv, unreliable,
    reason``.

    Raises
    ------
    MissingColumnError
        A column an indicator needs is missing (named).
    InputError
        A category outside the documented codes, or a flag that is not True/False (named).
    """
    names = list(INDICATORS) if which is None else list(which)
    unknown = [n for n in names if n not in INDICATORS]
    if unknown:
        raise InputError(f"argument 'which' has unknown indicator(s) {unknown}; available: {list(INDICATORS)}")
    needed = list(dict.fromkeys(c for n in names for c in _NEEDS[n]))
    by_cols = _columns(by)
    require_columns(data, [*needed, weight, *by_cols, *[c for c in (strata, psu) if c]], "data")
    check_codes(data, [*needed, *by_cols])
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to estimate")
    shares = _Shares(_Design(data, strata, psu, "error"), _weights(data, weight), data, by_cols)
    tables = []
    for name in names:
        counted, domain = INDICATORS[name]
        inside = np.ones(len(data), dtype=bool) if domain is None else domain(data).to_numpy(dtype=bool)
        table = shares.share(counted(data).to_numpy(dtype="float64"), inside, min_n, max_cv)
        tables.append(table.assign(indicator=name))
    out = pd.concat(tables, ignore_index=True)
    return out[["indicator", *[c for c in out.columns if c != "indicator"]]]


def crosstab(
    data: pd.DataFrame, outcome: str, factors: Sequence[str], *, weight: str, strata: str | None = None,
    psu: str | None = None, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Share of ``outcome`` (a True/False column) by each factor in turn: one weighted cross-tabulation per factor.

    Columns: ``factor, level, estimate, se, ci_low, ci_high, n, cv, unreliable, reason``. Numeric
    factors with many values should be grouped first (e.g. :func:`mlalib.returns.duration_group`).

    Example
    -------
    >>> from mlalib.data import load
    >>> t = crosstab(load("synthetic_returnees"), "intends_to_reemigrate", ["sex"], weight="weight")
    >>> t["level"].tolist()
    ['female', 'male']
    """
    factors = [factors] if isinstance(factors, str) else list(factors)
    if not factors:
        raise InputError("argument 'factors' is empty; name at least one column")
    require_columns(data, [outcome, *factors, weight, *[c for c in (strata, psu) if c]], "data")
    check_codes(data, factors)
    for factor in factors:
        if data[factor].isna().any():
            first = data.index[data[factor].isna()][0]
            raise InputError(f"factor column '{factor}' has a missing value at row {shown(first)}; recode it "
                             "(e.g. 'unknown') first")
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to estimate")
    design, w = _Design(data, strata, psu, "error"), _weights(data, weight)
    y = _flags(data[outcome], f"outcome column '{outcome}'").astype("float64")
    everyone = np.ones(len(data), dtype=bool)
    tables = []
    for factor in factors:
        table = _Shares(design, w, data, [factor]).share(y, everyone, min_n, max_cv)
        tables.append(table.rename(columns={factor: "level"}).assign(factor=factor, level=lambda t: t["level"]
                                                                      .astype(str)))
    out = pd.concat(tables, ignore_index=True)
    return out[["factor", "level", *[c for c in out.columns if c not in ("factor", "level")]]]


#: Readiness: resources mobilised before return (Cassarino 2004), as asked in the returnee survey.
RESOURCES = ("planned_return", "savings_at_return", "skills_acquired_abroad")


def preparedness(data: pd.DataFrame, *, reason: str = "reason_for_return",
                 not_freely_decided: Sequence[str] = NOT_FREELY_DECIDED, resources: Sequence[str] = RESOURCES,
                 min_resources: int = 2) -> pd.Series:
    """Return preparedness (Cassarino 2004): "high", "low" or "none", the course's MIREM-inspired coding.

    Willingness: the return was freely decided (its ``reason`` is not one of ``not_freely_decided``,
    after MIREM). Readiness: at least ``min_resources`` of the ``resources`` were mobilised (planned
    the return, came back with savings, acquired skills). ``"high"``: both; ``"none"``: neither;
    ``"low"``: one of the two. These are the four types of ``returns.returnee_typology`` with
    resources (notebook 05) grouped into Cassarino's three levels; no official scoring exists.

    Example
    -------
    >>> df = pd.DataFrame({"reason_for_return": ["saved enough", "saved enough", "lost job"],
    ...                    "planned_return": [True, False, False], "savings_at_return": [True, False, True],
    ...                    "skills_acquired_abroad": [False] * 3})
    >>> preparedness(df).tolist()
    ['high', 'low', 'none']
    """
    if isinstance(not_freely_decided, str) or isinstance(resources, str):
        raise InputError("arguments 'not_freely_decided' and 'resources' are lists, not one string")
    resources = list(resources)
    require_columns(data, [reason, *resources], "data")
    if isinstance(min_resources, bool) or not isinstance(min_resources, (int, np.integer)) \
            or not 1 <= min_resources <= len(resources):
        raise InputError(f"argument 'min_resources' must be a whole number from 1 to {len(resources)}, "
                         f"got {shown(min_resources)}")
    check_codes(data, [reason])
    count = sum(_flags(data[column], f"column '{column}'").astype(int) for column in resources)
    ready = count >= min_resources
    willing = ~data[reason].isin(list(not_freely_decided)).to_numpy()
    level = np.where(willing & ready, "high", np.where(~willing & ~ready, "none", "low"))
    return pd.Series(level, index=data.index, name="preparedness", dtype="string")


def labour_gap(
    lfs: pd.DataFrame, indicator: str = "employment", *, weight: str, strata: str | None = None,
    psu: str | None = None, group: str = "return_migrant_worker", status: str = "migrant_status",
    earnings: str = "monthly_earnings", cells: Sequence[str] = ("sex", "age_group"), by: str | None = None,
    min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Employment or earnings of return migrant workers against non-migrants of the same age and sex, with SEs.

    ``indicator="employment"``: employment-to-population ratio (share employed, ICLS 2013);
    ``"earnings"``: mean monthly earnings of employees (rows where ``earnings`` is given). The
    non-migrants' value is **standardised** to the returnees' age and sex structure (direct
    standardisation over the ``cells``): ``S = sum_c s_c r_c`` with ``s_c`` the returnees' share
    in cell c and ``r_c`` the non-migrants' value in that cell, so the gap ``G = R - S`` is not
    due to returnees being older or more often men. Its linearised variable is
    ``(y - r_c - G) / N_R`` for a returnee and ``-s_c (y - r_c) / N_c`` for a non-migrant (0 for
    others), whose design-based variance :func:`mlalib.survey.estimate` gives.

    Returns rows ``return migrant workers``, ``non-migrants (same age and sex)`` and ``gap``
    (column ``group``) with ``estimate, se, ci_low, ci_high, n, cv, unreliable, reason``. A
    returnees' cell without non-migrants leaves the standardised value and the gap missing,
    flagged unreliable with the reason ``"no comparison group"``. With ``by`` (e.g. ``"sex"``),
    the three rows for each of its values (a subpopulation of the whole design), ``by`` first.

    Example
    -------
    >>> from mlalib.data.synthetic_surveys import labour_force_survey
    >>> from mlalib.labour import icls_categories
    >>> lfs = icls_categories(labour_force_survey(seed=1, n=4_000), country="PHL")
    >>> labour_gap(lfs, weight="weight", strata="stratum", psu="psu")["group"].tolist()
    ['return migrant workers', 'non-migrants (same age and sex)', 'gap']
    """
    if indicator not in ("employment", "earnings"):
        raise InputError(f"argument 'indicator' must be 'employment' or 'earnings', got {shown(indicator)}")
    cells = list(cells)
    needed = [group, status, "labour_status", *cells, weight, *[c for c in (strata, psu) if c], *([by] if by else [])]
    if indicator == "earnings":
        needed.append(earnings)
    require_columns(lfs, needed, "lfs")
    check_codes(lfs, ["labour_status", *[c for c in cells if c in CODES]])
    if not lfs[status].isin(["migrant", "non-migrant"]).all():
        bad = lfs.index[~lfs[status].isin(["migrant", "non-migrant"])][0]
        raise InputError(f"column '{status}' has {shown(lfs.loc[bad, status])} at row {shown(bad)}, outside its "
                         "documented codes ['migrant', 'non-migrant']")
    returnee = _flags(lfs[group], f"column '{group}'")
    non_migrant = (lfs[status] == "non-migrant").to_numpy() & ~returnee
    if indicator == "employment":
        y = (lfs["labour_status"] == "employed").to_numpy(dtype="float64")
        used = np.ones(len(lfs), dtype=bool)
    else:
        values = pd.to_numeric(lfs[earnings], errors="coerce")
        used = values.notna().to_numpy()
        if (values[used] < 0).any():
            raise InputError(f"column '{earnings}' has negative earnings")
        y = values.fillna(0.0).to_numpy(dtype="float64")
    w = lfs[weight].to_numpy(dtype="float64")
    codes, labels = pd.factorize(pd.MultiIndex.from_frame(lfs[cells].astype(str)).to_flat_index())
    design = lfs[[weight, *[c for c in (strata, psu) if c]]].copy()
    args = (y, w, codes, len(labels), design, weight, strata, psu, min_n, max_cv)
    if by is None:
        return _gap_table(_gap_rows(returnee & used, non_migrant & used, *args))
    if lfs[by].isna().any():
        raise InputError(f"column '{by}' has a missing value at row {shown(lfs.index[lfs[by].isna()][0])}")
    tables = []
    for level in sorted(pd.unique(lfs[by]), key=str):
        member = (lfs[by] == level).to_numpy()
        table = _gap_table(_gap_rows(returnee & used & member, non_migrant & used & member, *args))
        table.insert(0, by, level)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def _gap_rows(in_r: np.ndarray, in_n: np.ndarray, y: np.ndarray, w: np.ndarray, codes: np.ndarray, k: int,
              design: pd.DataFrame, weight: str, strata: str | None, psu: str | None, min_n: int, max_cv: float,
              ) -> list[dict]:
    """The three rows of :func:`labour_gap` for returnees ``in_r`` and non-migrants ``in_n`` (masks)."""

    def sums(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.bincount(codes[mask], weights=values[mask], minlength=k)

    n_r_cell, n_n_cell = sums(in_r, w), sums(in_n, w)
    y_n_cell = sums(in_n, w * y)
    count_r, count_n = int(in_r.sum()), int(in_n.sum())
    rows = []
    if count_r == 0:
        missing = {"estimate": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "cv": np.nan,
                   "unreliable": True, "reason": "no respondents in the domain"}
        return [{"group": g, **missing, "n": 0} for g in ("return migrant workers", "non-migrants (same age and sex)",
                                                          "gap")]
    big_r = n_r_cell.sum()
    mean_r = (w * y)[in_r].sum() / big_r
    s_c = n_r_cell / big_r
    empty = (n_r_cell > 0) & (n_n_cell == 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r_c = np.where(n_n_cell > 0, y_n_cell / n_n_cell, 0.0)
    u_r = np.where(in_r, (y - mean_r) / big_r, 0.0)
    rows.append(_row("return migrant workers", mean_r, u_r, count_r, design, weight, strata, psu, min_n, max_cv))
    if empty.any():
        for name in ("non-migrants (same age and sex)", "gap"):
            rows.append({"group": name, "estimate": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                         "n": count_n, "cv": np.nan, "unreliable": True,
                         "reason": "no comparison group"})
        return rows
    standardised = float((s_c * r_c).sum())
    gap = mean_r - standardised
    with np.errstate(invalid="ignore", divide="ignore"):
        u_s_r = np.where(in_r, (r_c[codes] - standardised) / big_r, 0.0)
        u_s_n = np.where(in_n, s_c[codes] * (y - r_c[codes]) / np.where(n_n_cell[codes] > 0, n_n_cell[codes], 1),
                         0.0)
    rows.append(_row("non-migrants (same age and sex)", standardised, u_s_r + u_s_n, count_n, design, weight, strata,
                     psu, min_n, max_cv))
    rows.append(_row("gap", gap, u_r - u_s_r - u_s_n, count_r + count_n, design, weight, strata, psu, min_n,
                     max_cv, relative_cv=False))
    return rows


def _row(name, point, u, n, design, weight, strata, psu, min_n, max_cv, relative_cv=True) -> dict:
    result = estimate(design.assign(_u=u), "_u", weight=weight, strata=strata, psu=psu, statistic="total",
                      min_n=0, max_cv=np.inf).iloc[0]
    se = float(result["se"])
    z = (result["ci_high"] - result["estimate"]) / se if se > 0 else _Z95
    cv = 100 * se / abs(point) if point != 0 else np.inf
    unreliable = n < min_n or (relative_cv and cv > max_cv)
    reason = "few respondents" if n < min_n else "high coefficient of variation" if unreliable else ""
    return {"group": name, "estimate": point, "se": se, "ci_low": point - z * se, "ci_high": point + z * se,
            "n": n, "cv": cv, "unreliable": unreliable, "reason": reason}


def _gap_table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    table["reason"] = table["reason"].astype("string")
    table["n"] = table["n"].astype("int64")
    return table


#: Columns of the tables of this module (and of the weight comparison) whose values are labels to translate.
LABEL_COLUMNS = ("indicator", "group", "factor", "level", "reason", "weight_set", "score", "sex", "category")


def labelled(table: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A copy of ``table`` with its label columns (indicator, group, level, reason, ...) in ``language``.

    For display only: the codes stay in the original table, which is what code should select on.

    Example
    -------
    >>> labelled(pd.DataFrame({"indicator": ["started_business"], "estimate": [0.12]}), "fr")["indicator"].item()
    'a créé une entreprise'
    """
    from mlalib.i18n import label, require_language

    require_language(language)
    out = table.copy()
    for column in LABEL_COLUMNS:
        if column in out.columns:
            out[column] = [v if pd.isna(v) or v == "" else label(v, language) for v in out[column]]
    return out
