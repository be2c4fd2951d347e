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
>>> from mlalib.survey import Design
>>> design = Design(weight="weight", strata="stratum", psu="psu")
>>> table = indicators(load("synthetic_returnees"), design=design)
>>> round(float(table.set_index("indicator").loc["started_business", "estimate"]), 3)
0.121
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric_column, require_columns
from mlalib.errors import InputError, shown
from mlalib.returns import NOT_FREELY_DECIDED
from mlalib.survey import BoundDesign, Design, by_columns, check_reliability, domain_codes, require_design

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


def check_codes(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise :class:`InputError` if a column holds a value outside its documented codes (naming column, row, value).

    Categorical columns are checked against :data:`CODES`, flags (:data:`FLAGS`) must be
    True/False (or 1/0) without missing values. A column that ``data`` lacks is a
    :class:`~mlalib.errors.MissingColumnError` naming it.

    Example
    -------
    >>> check_codes(pd.DataFrame({"labour_status": ["employed", "retired"]}), ["labour_status"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: column 'labour_status' has 'retired' at row 1, outside its documented codes ...
    """
    if isinstance(columns, str):
        columns = [columns]
    require_columns(data, list(columns), "data")
    for column in columns:
        values = data[column]
        if column in CODES:
            bad = ~values.isin(CODES[column]).to_numpy(dtype=bool)
            if bad.any():
                first = values.index[bad][0]
                raise InputError(f"column '{column}' has {shown(values[first])} at row {shown(first)}, outside its "
                                 f"documented codes {list(CODES[column])} ({int(bad.sum()):,} such row(s))")
        elif column in FLAGS:
            _flags(values, f"column '{column}'")


def _reasons(n: np.ndarray, empty: np.ndarray, unreliable: np.ndarray, min_n: int) -> np.ndarray:
    return np.select([empty, n < min_n, unreliable], ["no respondents in the domain", "few respondents",
                                                      "high coefficient of variation"], "")


def _shares(bound: BoundDesign, groups: np.ndarray, keys: pd.DataFrame, counted: np.ndarray, inside: np.ndarray,
            level: float, min_n: int, max_cv: float) -> pd.DataFrame:
    """Weighted shares of the columns of ``counted`` among the rows of ``inside`` (arrays ``(n, k)``), by domain.

    A share ``p_d = sum(w y) / sum(w)`` over the members of domain d is the ratio of ``y * member``
    and ``member`` (:meth:`mlalib.survey.BoundDesign.ratios`): its linearised values ``w (y - p_d) /
    N_d`` are 0 outside the domain, so every PSU of the design counts. One row per indicator (column)
    and domain, indicator-major; an empty domain has missing numbers and says why.
    """
    result = bound.ratios(counted * inside, inside, groups, len(keys))
    n = np.stack([np.bincount(groups[inside[:, k]], minlength=len(keys)) for k in range(inside.shape[1])])
    point, se = result.estimate.ravel(), result.se.ravel()
    empty = np.isnan(point)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(empty, np.nan, np.where(point != 0, 100.0 * se / np.abs(point), np.inf))
    n = n.ravel().astype("int64")
    unreliable = empty | (n < min_n) | (cv > max_cv)
    table = keys.loc[np.tile(keys.index, inside.shape[1])].reset_index(drop=True) if len(keys.columns) \
        else pd.DataFrame(index=range(len(point)))
    return table.assign(estimate=point, se=se, ci_low=point - z * se, ci_high=point + z * se, n=n, cv=cv,
                        unreliable=unreliable,
                        reason=pd.array(_reasons(n, empty, unreliable, min_n), dtype="string"))


_Z95 = NormalDist().inv_cdf(0.975)


def _flags(values: pd.Series, what: str) -> np.ndarray:
    """``values`` as a boolean array; ``what`` ("argument 'domain'", "column 'x'") names them in the error."""
    bad = (~values.isin([True, False, 0, 1]) | values.isna()).to_numpy(dtype=bool)
    if bad.any():
        first = values.index[bad][0]
        raise InputError(f"{what} must hold True/False (or 1/0); row {shown(first)} has {shown(values[first])}")
    return values.to_numpy(dtype=bool)


def share(
    data: pd.DataFrame, counted: pd.Series, *, design: Design, by: str | Sequence[str] | None = None,
    domain: pd.Series | None = None, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Weighted share of ``counted`` (a boolean Series) among the rows of ``domain``, by ``by``.

    The domain is a subpopulation of the whole design (Taylor linearisation, as
    :func:`mlalib.survey.estimate`; 95% intervals). Every ``by`` group present in the data gets a
    row; a group with nobody in the domain gets a missing estimate, ``unreliable`` True and the
    reason ``"no respondents in the domain"``.

    Example
    -------
    >>> from mlalib.survey import Design
    >>> df = pd.DataFrame({"y": [True, False, True, True], "g": ["a", "a", "b", "b"], "w": [1.0, 3.0, 1.0, 1.0]})
    >>> share(df, df["y"], design=Design("w"), by="g", min_n=1)["estimate"].tolist()
    [0.25, 1.0]
    """
    design = require_design(design)
    by_cols = by_columns(by)
    level, min_n, max_cv = check_reliability(0.95, min_n, max_cv)
    require_columns(data, [*design.columns, *by_cols], "data")
    for name, flags in (("counted", counted), ("domain", domain)):
        if flags is not None and (not isinstance(flags, pd.Series) or not flags.index.equals(data.index)):
            raise InputError(f"argument '{name}' must be a Series of True/False with the index of 'data'")
    bound = design.bind(data)
    y = _flags(counted, "argument 'counted'")
    inside = np.ones(len(data), dtype=bool) if domain is None else _flags(domain, "argument 'domain'")
    groups, keys = domain_codes(data, by_cols)
    return _shares(bound, groups, keys, y[:, None].astype("float64"), inside[:, None], level, min_n, max_cv)


def indicators(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = None, which: Sequence[str] | None = None,
    min_n: int = 30, max_cv: float = 20.0,
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
    design = require_design(design)
    names = list(INDICATORS) if which is None else [which] if isinstance(which, str) else list(which)
    unknown = [n for n in names if n not in INDICATORS]
    if unknown or not names:
        raise InputError(f"argument 'which' has unknown indicator(s) {unknown}; available: {list(INDICATORS)}")
    level, min_n, max_cv = check_reliability(0.95, min_n, max_cv)
    needed = list(dict.fromkeys(c for n in names for c in _NEEDS[n]))
    by_cols = by_columns(by)
    require_columns(data, [*needed, *design.columns, *by_cols], "data")
    check_codes(data, [*needed, *by_cols])
    bound = design.bind(data)
    groups, keys = domain_codes(data, by_cols)
    counted = np.column_stack([INDICATORS[name][0](data).to_numpy(dtype="float64") for name in names])
    inside = np.column_stack([np.ones(len(data), dtype=bool) if INDICATORS[name][1] is None
                              else INDICATORS[name][1](data).to_numpy(dtype=bool) for name in names])
    table = _shares(bound, groups, keys, counted, inside, level, min_n, max_cv)
    table.insert(0, "indicator", np.repeat(names, len(keys)))
    return table


def crosstab(
    data: pd.DataFrame, outcome: str, factors: Sequence[str], *, design: Design, min_n: int = 30,
    max_cv: float = 20.0,
) -> pd.DataFrame:
    """Share of ``outcome`` (a True/False column) by each factor in turn: one weighted cross-tabulation per factor.

    Columns: ``factor, level, estimate, se, ci_low, ci_high, n, cv, unreliable, reason``. Numeric
    factors with many values should be grouped first (e.g. :func:`mlalib.returns.duration_group`).

    Example
    -------
    >>> from mlalib.data import load
    >>> from mlalib.survey import Design
    >>> t = crosstab(load("synthetic_returnees"), "intends_to_reemigrate", ["sex"], design=Design("weight"))
    >>> t["level"].tolist()
    ['female', 'male']
    """
    design = require_design(design)
    factors = [factors] if isinstance(factors, str) else list(factors)
    if not factors:
        raise InputError("argument 'factors' is empty; name at least one column")
    level, min_n, max_cv = check_reliability(0.95, min_n, max_cv)
    require_columns(data, [outcome, *factors, *design.columns], "data")
    check_codes(data, factors)
    bound = design.bind(data)
    y = _flags(data[outcome], f"outcome column '{outcome}'").astype("float64")[:, None]
    everyone = np.ones((len(data), 1), dtype=bool)
    tables = []
    for factor in factors:
        groups, keys = domain_codes(data, [factor])
        table = _shares(bound, groups, keys, y, everyone, level, min_n, max_cv)
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
    lfs: pd.DataFrame, indicator: str = "employment", *, design: Design, group: str = "return_migrant_worker",
    status: str = "migrant_status", earnings: str = "monthly_earnings", cells: Sequence[str] = ("sex", "age_group"),
    by: str | None = None, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Employment or earnings of return migrant workers against non-migrants of the same age and sex, with SEs.

    ``indicator="employment"``: employment-to-population ratio (share employed, ICLS 2013);
    ``"earnings"``: mean monthly earnings of employees (rows where ``earnings`` is given). The
    non-migrants' value is **standardised** to the returnees' age and sex structure (direct
    standardisation over the ``cells``): ``S = sum_c s_c r_c`` with ``s_c`` the returnees' share
    in cell c and ``r_c`` the non-migrants' value in that cell, so the gap ``G = R - S`` is not
    due to returnees being older or more often men. Its linearised variable is
    ``(y - r_c - G) / N_R`` for a returnee and ``-s_c (y - r_c) / N_c`` for a non-migrant (0 for
    others), whose design-based variance the survey engine gives (:mod:`mlalib.survey`).
    ``cells=[]`` standardises over nothing: the crude comparison of the two groups.

    Returns rows ``return migrant workers``, ``non-migrants (same age and sex)`` and ``gap``
    (column ``group``) with ``estimate, se, ci_low, ci_high, n, cv, unreliable, reason``. As
    for the other indicators of this module, a domain without returnees (or without
    non-migrants) gives the three rows with missing numbers, flagged unreliable with the reason
    ``"no respondents in the domain"``; a returnees' cell without non-migrants leaves the
    standardised value and the gap missing, with the reason ``"no comparison group"``. With
    ``by`` (e.g. ``"sex"``), the three rows for each of its values (a subpopulation of the whole
    design), ``by`` first.

    Example
    -------
    >>> from mlalib.data.synthetic_surveys import labour_force_survey
    >>> from mlalib.labour import icls_categories
    >>> from mlalib.survey import Design
    >>> lfs = icls_categories(labour_force_survey(seed=1, n=4_000), country="PHL")
    >>> design = Design(weight="weight", strata="stratum", psu="psu")
    >>> labour_gap(lfs, design=design)["group"].tolist()
    ['return migrant workers', 'non-migrants (same age and sex)', 'gap']
    """
    design = require_design(design)
    if indicator not in ("employment", "earnings"):
        raise InputError(f"argument 'indicator' must be 'employment' or 'earnings', got {shown(indicator)}")
    if isinstance(cells, str):
        raise InputError(f"argument 'cells' must be a list of columns (e.g. ['sex', 'age_group']), got {cells!r}")
    cells = list(cells)
    _, min_n, max_cv = check_reliability(0.95, min_n, max_cv)
    needed = [group, status, "labour_status", *cells, *design.columns, *([by] if by else [])]
    if indicator == "earnings":
        needed.append(earnings)
    require_columns(lfs, needed, "lfs")
    check_codes(lfs, ["labour_status", *[c for c in cells if c in CODES]])
    if not lfs[status].isin(["migrant", "non-migrant"]).all():
        bad = lfs.index[~lfs[status].isin(["migrant", "non-migrant"]).to_numpy(dtype=bool)][0]
        raise InputError(f"column '{status}' has {shown(lfs.loc[bad, status])} at row {shown(bad)}, outside its "
                         "documented codes ['migrant', 'non-migrant']")
    bound = design.bind(lfs)
    returnee = _flags(lfs[group], f"column '{group}'")
    non_migrant = (lfs[status] == "non-migrant").to_numpy() & ~returnee
    if indicator == "employment":
        y = (lfs["labour_status"] == "employed").to_numpy(dtype="float64")
        used = np.ones(len(lfs), dtype=bool)
    else:
        values = numeric_column(lfs, earnings, "earnings", missing=True, non_negative=True).to_numpy()
        used = ~np.isnan(values)
        y = np.where(used, values, 0.0)
    codes, keys = domain_codes(lfs, cells) if cells else (np.zeros(len(lfs), dtype=np.int64), [None])
    args = (y, codes, len(keys), bound, min_n, max_cv)
    if by is None:
        return _gap_table(_gap_rows(returnee & used, non_migrant & used, *args))
    levels, names = domain_codes(lfs, [by])
    tables = []
    for code, level in enumerate(names[by]):
        member = levels == code
        table = _gap_table(_gap_rows(returnee & used & member, non_migrant & used & member, *args))
        table.insert(0, by, level)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


GAP_GROUPS = ("return migrant workers", "non-migrants (same age and sex)", "gap")


def _gap_rows(in_r: np.ndarray, in_n: np.ndarray, y: np.ndarray, codes: np.ndarray, k: int, bound: BoundDesign,
              min_n: int, max_cv: float) -> list[dict]:
    """The three rows of :func:`labour_gap` for returnees ``in_r`` and non-migrants ``in_n`` (masks)."""
    w = bound.weights

    def sums(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.bincount(codes[mask], weights=values[mask], minlength=k)

    count_r, count_n = int(in_r.sum()), int(in_n.sum())
    counts = (count_r, count_n, count_r + count_n)
    if count_r == 0 or count_n == 0:
        return [_missing_row(name, n, "no respondents in the domain") for name, n in zip(GAP_GROUPS, counts)]
    n_r_cell, n_n_cell = sums(in_r, w), sums(in_n, w)
    y_n_cell = sums(in_n, w * y)
    big_r = n_r_cell.sum()
    mean_r = (w * y)[in_r].sum() / big_r
    s_c = n_r_cell / big_r
    u_r = np.where(in_r, (y - mean_r) / big_r, 0.0)
    rows = [_row(GAP_GROUPS[0], mean_r, u_r, count_r, bound, min_n, max_cv)]
    if ((n_r_cell > 0) & (n_n_cell == 0)).any():
        return rows + [_missing_row(name, n, "no comparison group") for name, n in zip(GAP_GROUPS[1:], counts[1:])]
    safe_n = np.where(n_n_cell > 0, n_n_cell, 1.0)
    r_c = np.where(n_n_cell > 0, y_n_cell / safe_n, 0.0)
    standardised = float((s_c * r_c).sum())
    gap = mean_r - standardised
    u_s_r = np.where(in_r, (r_c[codes] - standardised) / big_r, 0.0)
    u_s_n = np.where(in_n, s_c[codes] * (y - r_c[codes]) / safe_n[codes], 0.0)
    rows.append(_row(GAP_GROUPS[1], standardised, u_s_r + u_s_n, count_n, bound, min_n, max_cv))
    rows.append(_row(GAP_GROUPS[2], gap, u_r - u_s_r - u_s_n, count_r + count_n, bound, min_n, max_cv,
                     relative_cv=False))
    return rows


def _missing_row(name: str, n: int, reason: str) -> dict:
    return {"group": name, "estimate": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": n,
            "cv": np.nan, "unreliable": True, "reason": reason}


def _row(name: str, point: float, u: np.ndarray, n: int, bound: BoundDesign, min_n: int, max_cv: float,
         relative_cv: bool = True) -> dict:
    se = float(bound.totals(u).se[0, 0])
    cv = 100 * se / abs(point) if point != 0 else np.inf
    unreliable = n < min_n or (relative_cv and cv > max_cv)
    reason = "few respondents" if n < min_n else "high coefficient of variation" if unreliable else ""
    return {"group": name, "estimate": point, "se": se, "ci_low": point - _Z95 * se, "ci_high": point + _Z95 * se,
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
