"""Labour migration indicators from survey microdata (20th ICLS 2018; SDG 17.18 disaggregation, 10.7.1).

Concepts follow the ILO *Guidelines concerning statistics of international labour migration*
(20th ICLS, 2018): **international migrant workers** are (a) usual residents who are
international migrants and in the labour force (employed or unemployed), and (b) non-resident
foreign workers present in the country with labour attachment; a household survey of usual
residents measures (a) only. International migrants are identified by **place of birth**
(foreign-born) or by **citizenship** (foreign citizens), the alternative criteria the guidelines
and ILOSTAT use; the criterion is a choice of :func:`icls_categories`, recorded with the data.
**For-work international migrants** moved into the country for work during a recent period;
**return international migrant workers** are residents who previously worked abroad. Labour
indicators use the 19th ICLS (2013) work statistics formulas, computed for each group with survey
weights (see :func:`mlalib.survey.estimate`): participation rate ``100 (E + U) / WAP``,
employment-to-population ratio ``100 E / WAP``, unemployment rate ``100 U / (E + U)``
(disaggregated by migrant status as SDG target 17.18 asks). SDG 10.7.1 (ILO and World Bank,
metadata of 2022-05-18): "recruitment cost borne by employee as a proportion of monthly income
earned in country of destination", in per cent, for workers who recently changed their country
of usual residence to work abroad as employees; see :func:`recruitment_cost_indicator` for what
the metadata fix and what is the course's choice.

Every function returns a new DataFrame; the data given are never changed.

Example
-------
>>> from mlalib.data import load
>>> lfs = icls_categories(load("synthetic_lfs"), country="PHL")
>>> sorted(lfs["migrant_status"].unique())
['migrant', 'non-migrant']
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Callable, Literal, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric, numeric_column, require_columns, share
from mlalib.errors import InputError, shown, summarise
from mlalib.survey import Design, by_columns, check_reliability, domain_codes, estimate, require_design

LABOUR_STATUSES = ("employed", "unemployed", "outside labour force")
Criterion = Literal["birth", "citizenship", "birth-or-citizenship"]
#: The criteria that identify international migrants: foreign-born, foreign citizens, or either.
CRITERIA: tuple[str, ...] = ("birth", "citizenship", "birth-or-citizenship")
#: Name of the ``DataFrame.attrs`` entry that records the criterion of ``migrant_status``.
CRITERION_ATTR = "migrant_criterion"


def _check_statuses(data: pd.DataFrame, status: str) -> None:
    present = pd.unique(data[status])
    unknown = sorted(str(v) for v in present if v not in LABOUR_STATUSES)
    if unknown:
        raise InputError(f"column '{status}' has values {unknown[:5]} outside {list(LABOUR_STATUSES)}")


def _check_country(data: pd.DataFrame, country: object, birth: str, citizenship: str) -> None:
    """The country of residence must be a code that the data use, else everyone would be a migrant."""
    if not isinstance(country, str) or not country.strip():
        raise InputError(f"argument 'country' must be the code of the country of residence as the data write it "
                         f"(e.g. 'PHL'), got {shown(country)}")
    if len(data) == 0:
        return
    codes = pd.concat([data[birth], data[citizenship]], ignore_index=True).dropna()
    if (codes == country).any():
        return
    common = [str(c) for c in codes.value_counts().index[:5]]
    hint = next((c for c in common if c.casefold() == country.strip().casefold()), None)
    raise InputError(f"argument 'country' {shown(country)} is not a value of the columns '{birth}' or '{citizenship}', "
                     f"so every respondent would be a migrant"
                     + (f"; did you mean {hint!r}?" if hint else f"; their most common values are {summarise(common)}"))


def icls_categories(
    data: pd.DataFrame,
    country: str,
    *,
    criterion: Criterion = "birth",
    for_work_years: int = 5,
    birth: str = "country_of_birth",
    citizenship: str = "citizenship",
    status: str = "labour_status",
    reason: str = "reason_for_migration",
    years_since_arrival: str = "years_since_arrival",
    worked_abroad: str = "worked_abroad",
    years_since_return: str = "years_since_return",
) -> pd.DataFrame:
    """A copy of ``data`` with the ICLS 2018 categories as new columns.

    Added: ``foreign_born``, ``foreign_citizen``, ``international_migrant`` (by ``criterion``),
    ``migrant_status`` ("migrant"/"non-migrant"), ``in_labour_force``,
    ``international_migrant_worker``, ``for_work_migrant`` (migrants who came for work within
    ``for_work_years`` years), ``return_migrant_worker`` and ``time_since_return``
    ("less than 1 year", "1-4 years", "5-9 years", "10 years or more"; empty for others).
    ``return_migrant_worker`` is everyone whose ``worked_abroad`` is True: return international
    migrant workers are "all current residents of the country who were previously international
    migrant workers in another country", irrespective of citizenship or place of birth (20th
    ICLS 2018 guidelines), so a foreign-born resident who worked as a migrant in a third country
    counts too.
    Unknown labour statuses are an error (accepted: employed, unemployed, outside labour force), as are
    durations that are not numbers (text, also numbers written as text) or negative, and a
    ``worked_abroad`` other than True/False (or 1/0; missing: the question was not asked, False).

    ``criterion`` says who is an international migrant: ``"birth"`` (the foreign-born, the
    default, as UN DESA's stocks and notebook 01 count them), ``"citizenship"`` (foreign
    citizens) or ``"birth-or-citizenship"`` (either). The 20th ICLS *Guidelines concerning
    statistics of international labour migration* (ILO, 2018) and ILOSTAT's labour migration
    statistics treat country of birth and country of citizenship as alternative criteria; UN
    DESA's International Migrant Stock counts the foreign-born wherever place of birth is
    recorded. Native-born foreign citizens (e.g. children of migrants) are migrants only by
    citizenship; naturalised foreign-born persons only by birth. The
    criterion is recorded in ``result.attrs["migrant_criterion"]`` (see :func:`migrant_criterion`)
    so that every table of migrant status can state it.

    Example
    -------
    >>> from mlalib.data import load
    >>> lfs = icls_categories(load("synthetic_lfs"), country="PHL", criterion="citizenship")
    >>> migrant_criterion(lfs)
    'citizenship'
    """
    require_columns(data, [birth, citizenship, status], "data")
    if criterion not in CRITERIA:
        raise InputError(f"argument 'criterion' must be 'birth', 'citizenship' or 'birth-or-citizenship', "
                         f"got {criterion!r}")
    _check_statuses(data, status)
    _check_country(data, country, birth, citizenship)
    for_work_years = float(numeric(for_work_years, "for_work_years", non_negative=True))
    out = data.copy()
    out["foreign_born"] = (data[birth] != country).to_numpy()
    out["foreign_citizen"] = (data[citizenship] != country).to_numpy()
    migrant = {"birth": out["foreign_born"], "citizenship": out["foreign_citizen"],
               "birth-or-citizenship": out["foreign_born"] | out["foreign_citizen"]}[criterion]
    out["international_migrant"] = migrant
    out["migrant_status"] = np.where(migrant, "migrant", "non-migrant")
    out["in_labour_force"] = data[status].isin(["employed", "unemployed"]).to_numpy()
    out["international_migrant_worker"] = migrant & out["in_labour_force"]
    if reason in data and years_since_arrival in data:
        arrived = numeric_column(data, years_since_arrival, "", missing=True, non_negative=True,
                                 subject=f"column '{years_since_arrival}'")
        out["for_work_migrant"] = (migrant & (data[reason] == "work").fillna(False).to_numpy(dtype=bool)
                                   & (arrived <= for_work_years).to_numpy())
    if worked_abroad in data:
        out["return_migrant_worker"] = _flags(data, worked_abroad).to_numpy()
        if years_since_return in data:
            since = numeric_column(data, years_since_return, "", missing=True, non_negative=True,
                                   subject=f"column '{years_since_return}'")
            groups = pd.cut(since, [0, 1, 5, 10, np.inf], right=False,
                            labels=["less than 1 year", "1-4 years", "5-9 years", "10 years or more"])
            out["time_since_return"] = groups.astype("string").where(out["return_migrant_worker"], pd.NA)
    out.attrs[CRITERION_ATTR] = criterion
    return out


def migrant_criterion(data: pd.DataFrame) -> str:
    """The criterion of ``migrant_status`` recorded by :func:`icls_categories` (or carried to a table of indicators).

    >>> from mlalib.data import load
    >>> migrant_criterion(icls_categories(load("synthetic_lfs"), country="PHL"))
    'birth'
    """
    criterion = data.attrs.get(CRITERION_ATTR)
    if criterion not in CRITERIA:
        raise InputError("the table does not record the criterion of migrant status; classify the survey with "
                         "labour.icls_categories(data, country, criterion=...) first")
    return str(criterion)


def migrants_by_criterion(data: pd.DataFrame, country: str, *, design: Design, birth: str = "country_of_birth",
                          citizenship: str = "citizenship") -> pd.DataFrame:
    """How many respondents each criterion makes migrants, and the weighted share of the population (per cent).

    One row per criterion of :func:`icls_categories` (``criterion, respondents, share_pct``): the
    difference between two rows is the people that one criterion counts and the other does not
    (naturalised foreign-born persons, native-born foreign citizens). The shares use the weights of
    ``design`` (:class:`mlalib.survey.Design`); no standard errors are given.

    Example
    -------
    >>> from mlalib.data import load
    >>> from mlalib.survey import Design
    >>> migrants_by_criterion(load("synthetic_lfs"), "PHL", design=Design("weight"))["criterion"].tolist()
    ['birth', 'citizenship', 'birth-or-citizenship']
    """
    design = require_design(design)
    require_columns(data, [birth, citizenship, *design.columns], "data")
    _check_country(data, country, birth, citizenship)
    weights = design.bind(data).weights
    foreign_born, foreign_citizen = (data[birth] != country).to_numpy(), (data[citizenship] != country).to_numpy()
    rows = []
    for criterion, migrant in zip(CRITERIA, (foreign_born, foreign_citizen, foreign_born | foreign_citizen)):
        rows.append({"criterion": criterion, "respondents": int(migrant.sum()),
                     "share_pct": 100.0 * float(weights[migrant].sum() / weights.sum())})
    return pd.DataFrame(rows)


def gap_between(
    table: pd.DataFrame, indicator: str, *, first: str = "migrant", second: str = "non-migrant",
    column: str = "migrant_status", level: float = 0.95,
) -> pd.DataFrame:
    """The gap ``first - second`` of an indicator of :func:`labour_indicators`, in percentage points, with
    its standard error, confidence interval and whether it is statistically significant at ``level``.

    The participation gap ``LFPR_m - LFPR_n`` of the ILO's labour migration statistics (20th ICLS
    2018 guidelines) is the usual case. The standard error ``sqrt(se_1^2 + se_2^2)`` treats the two
    estimates as independent, an approximation for two domains of one sample (their covariance,
    small here, is left out). Returns one row: ``indicator, first, second, gap, se, ci_low, ci_high,
    significant``.

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": ["participation_rate"] * 2, "migrant_status": ["migrant", "non-migrant"],
    ...                   "estimate": [76.0, 62.0], "se": [1.2, 0.5]})
    >>> gap_between(t, "participation_rate")[["gap", "significant"]].to_dict("records")
    [{'gap': 14.0, 'significant': True}]
    """
    require_columns(table, ["indicator", column, "estimate", "se"], "table")
    level = share(level, "level", open_interval=True)
    values = {}
    for group in (first, second):
        row = table[(table["indicator"] == indicator) & (table[column] == group)]
        if len(row) != 1:
            raise InputError(f"table has {len(row)} rows for indicator {indicator!r} and {column} {group!r}; "
                             "expected exactly one (tabulate by that column only)")
        values[group] = tuple(float(numeric(row[column].iloc[0], f"table['{column}'] of {group}",
                                            non_negative=column == "se")) for column in ("estimate", "se"))
    gap = values[first][0] - values[second][0]
    se = float(np.hypot(values[first][1], values[second][1]))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = pd.DataFrame([{"indicator": indicator, "first": first, "second": second, "gap": gap, "se": se,
                         "ci_low": gap - z * se, "ci_high": gap + z * se, "significant": bool(abs(gap) > z * se)}])
    return _carry_criterion(table, out)


def _carry_criterion(source: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """A table computed from classified data states the same migrant criterion."""
    if CRITERION_ATTR in source.attrs:
        table.attrs[CRITERION_ATTR] = source.attrs[CRITERION_ATTR]
    return table


def labour_indicators(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str],
    design: Design,
    status: str = "labour_status",
    level: float = 0.95,
) -> pd.DataFrame:
    """Participation rate, employment-to-population ratio and unemployment rate, in per cent, by group.

    The unemployment rate is estimated for the labour force of each group as a domain of the
    whole design (:class:`mlalib.survey.Design`). Returns ``indicator`` ("participation_rate",
    "employment_to_population", "unemployment_rate"), the ``by`` columns, and ``estimate, se,
    ci_low, ci_high, n, cv, unreliable`` (percentages). A group without anyone in the labour force
    has no unemployment rate: an error names it.

    Example
    -------
    >>> from mlalib.data import load
    >>> from mlalib.survey import Design
    >>> lfs = icls_categories(load("synthetic_lfs"), country="PHL")
    >>> table = labour_indicators(lfs, by="migrant_status", design=Design("weight", strata="stratum", psu="psu"))
    >>> table["indicator"].unique().tolist()
    ['participation_rate', 'employment_to_population', 'unemployment_rate']
    """
    design = require_design(design)
    by_cols = by_columns(by)
    if not by_cols:
        raise InputError("argument 'by' must name at least one group column (e.g. 'migrant_status')")
    level, _, _ = check_reliability(level, 0, np.inf)
    require_columns(data, [status, *design.columns, *by_cols], "data")
    _check_statuses(data, status)
    bound = design.bind(data)
    groups, keys = domain_codes(data, by_cols)
    labour_force = data[status].isin(["employed", "unemployed"]).to_numpy()
    counted = np.column_stack([labour_force, (data[status] == "employed").to_numpy(),
                               (data[status] == "unemployed").to_numpy()]).astype("float64")
    everyone = np.ones(len(data), dtype=bool)
    inside = np.column_stack([everyone, everyone, labour_force])
    result = bound.ratios(counted * inside, inside, groups, len(keys))
    empty = np.isnan(result.estimate[2])
    if empty.any():
        key = keys.iloc[int(np.flatnonzero(empty)[0])].to_dict()
        raise InputError(f"the group {key} has no one in the labour force, so its unemployment rate is undefined; "
                         "tabulate by fewer columns or merge groups")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    n = np.stack([np.bincount(groups[inside[:, k]], minlength=len(keys)) for k in range(3)]).ravel()
    point, se = 100.0 * result.estimate.ravel(), 100.0 * result.se.ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(point != 0, 100.0 * se / np.abs(point), np.inf)
    table = keys.loc[np.tile(keys.index, 3)].reset_index(drop=True)
    table.insert(0, "indicator", np.repeat(["participation_rate", "employment_to_population", "unemployment_rate"],
                                           len(keys)))
    table = table.assign(estimate=point, se=se, ci_low=point - z * se, ci_high=point + z * se, n=n.astype(np.int64),
                         cv=cv, unreliable=(n < 30) | (cv > 20.0))
    return _carry_criterion(data, table)


def _flags(data: pd.DataFrame, column: str, *, missing: bool = True) -> pd.Series:
    """A column of True/False (or 1/0) as booleans; anything else is an error naming it. ``missing``: a
    missing value is False (a question not asked); otherwise it is an error naming the row."""
    values = data[column]
    known = (values.isna() if missing else pd.Series(False, index=values.index)) | values.isin([True, False, 1, 0])
    known = known.to_numpy(dtype=bool)
    if not known.all():
        first = values.index[~known][0]
        raise InputError(f"column '{column}' must hold True/False (or 1/0); row {shown(first)} has "
                         f"{shown(values[first])}")
    return values.fillna(False).astype(bool) if missing else values.astype(bool)


def _percent(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    for column in ("estimate", "se", "ci_low", "ci_high"):
        table[column] = 100.0 * table[column]
    return table


def share_of_migrants(
    data: pd.DataFrame,
    *,
    among: Literal["population", "labour_force", "employed"] = "employed",
    migrant: str = "international_migrant",
    design: Design,
    by: str | Sequence[str] | None = None,
    status: str = "labour_status",
) -> pd.DataFrame:
    """Share (per cent) of international migrants in the population, labour force or employment.

    ``migrant`` is a True/False column; the population (``among``) of each ``by`` group is a domain
    of the whole design (:class:`mlalib.survey.Design`). A group with no one in that population
    has no share: an error names it.
    """
    design = require_design(design)
    by_cols = by_columns(by)
    if among not in ("population", "labour_force", "employed"):
        raise InputError(f"argument 'among' must be 'population', 'labour_force' or 'employed', got {among!r}")
    require_columns(data, [migrant, status, *design.columns, *by_cols], "data")
    _check_statuses(data, status)
    bound = design.bind(data)
    counted = _flags(data, migrant, missing=False).to_numpy(dtype="float64")
    members = {"population": np.ones(len(data), dtype=bool),
               "labour_force": data[status].isin(["employed", "unemployed"]).to_numpy(),
               "employed": (data[status] == "employed").to_numpy()}[among]
    groups, keys = domain_codes(data, by_cols)
    result = bound.ratios(counted * members, members, groups, len(keys))
    empty = np.isnan(result.estimate[0])
    if empty.any():
        key = keys.iloc[int(np.flatnonzero(empty)[0])].to_dict() if by_cols else "of the whole sample"
        raise InputError(f"the group {key} has no one in the population '{among}', so its share of migrants is "
                         "undefined")
    point, se = 100.0 * result.estimate[0], 100.0 * result.se[0]
    z = NormalDist().inv_cdf(0.975)
    n = np.bincount(groups[members], minlength=len(keys))
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(point != 0, 100.0 * se / np.abs(point), np.inf)
    table = keys.reset_index(drop=True) if by_cols else pd.DataFrame(index=[0])
    table = table.assign(estimate=point, se=se, ci_low=point - z * se, ci_high=point + z * se, n=n.astype(np.int64),
                         cv=cv, unreliable=(n < 30) | (cv > 20.0))
    return _carry_criterion(data, table)


def distribution(
    data: pd.DataFrame,
    variable: str,
    *,
    by: str | Sequence[str],
    design: Design,
    among: str | None = None,
) -> pd.DataFrame:
    """Percentage distribution of a categorical ``variable`` (status in employment, occupation,
    sector, ...) within each group, among the rows where the boolean column ``among`` is True
    (e.g. the employed), as domains of the whole design (:class:`mlalib.survey.Design`)."""
    design = require_design(design)
    by_cols = by_columns(by)
    require_columns(data, [variable, *design.columns, *by_cols, *([among] if among else [])], "data")
    work = data.copy()
    domain = by_cols
    if among:
        work["_member"] = _flags(work, among)
        work[variable] = work[variable].astype("string").fillna("(not applicable)")
        domain = [*by_cols, "_member"]
    table = estimate(work, variable, design=design, by=domain, statistic="proportion")
    if among:
        table = table[table["_member"] & (table["category"] != "(not applicable)")].drop(columns="_member")
    return _percent(table).reset_index(drop=True)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose weighted cumulative share reaches ``q`` (step-function quantile).

    ``values`` and ``weights`` are numbers of the same length (at least one); weights are
    finite and non-negative with a positive sum; ``q`` is a share from 0 to 1. This is R
    survey's ``qrule = "math"`` (the inverse of the weighted empirical distribution function).

    Example
    -------
    >>> weighted_quantile(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 2.0]), 0.5)
    2.0
    """
    return quantile_function(values, weights)(q)


def quantile_function(values: np.ndarray, weights: np.ndarray) -> Callable[[float], float]:
    """The weighted quantile function of ``values`` (see :func:`weighted_quantile`), sorting them once.

    Example
    -------
    >>> quantile = quantile_function(np.array([3.0, 1.0, 2.0]), np.array([2.0, 1.0, 1.0]))
    >>> quantile(0.25), quantile(0.5), quantile(1.0)
    (1.0, 2.0, 3.0)
    """
    v = np.ravel(numeric(values, "values"))
    w = np.ravel(numeric(weights, "weights", non_negative=True))
    if len(v) != len(w):
        raise InputError(f"arguments 'values' and 'weights' must have the same length, got {len(v):,} and {len(w):,}")
    if len(v) == 0:
        raise InputError("argument 'values' is empty; a quantile needs at least one value")
    total = w.sum()
    if not total > 0 or not np.isfinite(total):
        raise InputError(f"argument 'weights' must have a positive, finite sum, got {total:g}")
    order = np.argsort(v, kind="stable")
    v = v[order]
    cumulative = np.cumsum(w[order]) / total

    def quantile(q: float) -> float:
        q = share(q, "q")
        return float(v[min(int(np.searchsorted(cumulative, q - 1e-12)), len(v) - 1)])

    return quantile


def median_with_ci(
    data: pd.DataFrame, variable: str, *, design: Design, by: str | Sequence[str] | None = None, level: float = 0.95,
) -> pd.DataFrame:
    """Weighted median with a Woodruff (1952) confidence interval, by group.

    The interval inverts the confidence interval of the estimated share at or below the median
    (``F(m) +/- z se``, whose standard error comes from the whole design, :class:`mlalib.survey.Design`)
    through the weighted quantile function: the interval of R survey's ``svyquantile`` (its defaults
    ``interval.type = "mean"`` and ``qrule = "math"``, with the normal quantile, ``df = Inf``). The
    share is clipped to [0, 1] where the interval reaches beyond (R gives NaN there). Rows where
    ``variable`` is missing are not part of any group's population (state the population in the title
    of the table); each group's population is a domain of the whole design.
    """
    design = require_design(design)
    by_cols = by_columns(by)
    require_columns(data, [variable, *design.columns, *by_cols], "data")
    level = share(level, "level", open_interval=True)
    values_all = numeric_column(data, variable, "variable", missing=True).to_numpy()
    bound = design.bind(data)
    present = ~np.isnan(values_all)
    if not present.any():
        raise InputError(f"column '{variable}' has no values; a median needs at least one")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    groups, keys = domain_codes(data, by_cols)
    rows = []
    for code in np.unique(groups[present]):  # the groups of the population; medians need each group's sorted values
        member = present & (groups == code)
        quantile = quantile_function(values_all[member], bound.weights[member])
        median = quantile(0.5)
        below = bound.ratios(member & (values_all <= median), member)
        share_below, se = float(below.estimate[0, 0]), float(below.se[0, 0])
        rows.append({**(keys.iloc[code].to_dict() if by_cols else {}), "median": median,
                     "ci_low": quantile(max(0.0, share_below - z * se)),
                     "ci_high": quantile(min(1.0, share_below + z * se)), "n": int(member.sum())})
    return pd.DataFrame(rows)


def median_earnings_gap(
    data: pd.DataFrame, earnings: str, *, group: str, reference: str, design: Design,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Gap between the weighted median earnings of each group and of the ``reference`` group, in per cent.

    ``gap = 100 * (median_reference - median_group) / median_reference``: positive when the
    group earns less (the ILO's pay gap convention, e.g. migrants vs non-migrants). The medians use
    the weights of ``design``; for standard errors see :func:`mlalib.decent_work.pay_gap`.
    """
    design = require_design(design)
    by_cols = by_columns(by)
    require_columns(data, [earnings, group, *design.columns, *by_cols], "data")
    pay = numeric_column(data, earnings, "earnings", missing=True, non_negative=True)
    weights = pd.Series(design.bind(data).weights, index=data.index)
    present = pay.notna().to_numpy()
    if not present.any():
        raise InputError(f"column '{earnings}' has no earnings to compare")
    work = pd.DataFrame({"_pay": pay, "_w": weights, **{c: data[c] for c in dict.fromkeys([*by_cols, group])}})[present]
    for column in dict.fromkeys([*by_cols, group]):
        if work[column].isna().any():
            raise InputError(f"group column '{column}' is missing at row {shown(work.index[work[column].isna()][0])}")
    medians = (work.groupby([*by_cols, group], sort=True, observed=True)
               .apply(lambda g: weighted_quantile(g["_pay"].to_numpy(), g["_w"].to_numpy(), 0.5),
                      include_groups=False).rename("median").reset_index())
    if reference not in set(medians[group]):
        raise InputError(f"reference group {reference!r} is not a value of column '{group}'")
    ref = medians[medians[group] == reference].drop(columns=group).rename(columns={"median": "reference_median"})
    if by_cols:
        without = medians[by_cols].drop_duplicates().merge(ref[by_cols], how="left", indicator=True)
        without = without[without["_merge"] == "left_only"]
        if len(without):
            raise InputError(f"the group {without[by_cols].iloc[0].to_dict()} has no one of the reference group "
                             f"{shown(reference)} with '{earnings}', so its gaps are undefined")
    if (ref["reference_median"] == 0).any():
        raise InputError(f"the median '{earnings}' of the reference group {shown(reference)} is 0, so a gap in per "
                         "cent is undefined")
    out = medians.merge(ref, on=by_cols) if by_cols else medians.assign(reference_median=ref["reference_median"].item())
    out["gap_pct"] = 100.0 * (out["reference_median"] - out["median"]) / out["reference_median"]
    return out


def _target_population(
    data: pd.DataFrame, *, population: str | None = "worked_abroad", employee: str | None = "employee_abroad",
    years_since_return: str | None = "years_since_return", recent_years: float = 5,
) -> pd.Series:
    """Rows in the SDG 10.7.1 population: return migrant workers, employees abroad, returned recently."""
    require_columns(data, [c for c in (population, employee, years_since_return) if c], "data")
    members = _flags(data, population) if population else pd.Series(True, index=data.index)
    if employee:
        members &= _flags(data, employee)
    if years_since_return:
        recent = float(numeric(recent_years, "recent_years", positive=True))
        since = numeric_column(data, years_since_return, "years_since_return", missing=True)
        if (since < 0).any():
            raise InputError(f"column '{years_since_return}' has negative values (first at row "
                             f"{shown(since.index[since < 0][0])})")
        members &= (since < recent).fillna(False).astype(bool)
    return members


def recruitment_cost_indicator(
    data: pd.DataFrame,
    *,
    cost: str = "recruitment_cost",
    earnings: str = "first_month_earnings_abroad",
    design: Design,
    by: str | Sequence[str] | None = None,
    population: str | None = "worked_abroad",
    employee: str | None = "employee_abroad",
    years_since_return: str | None = "years_since_return",
    recent_years: float = 5,
) -> pd.DataFrame:
    """SDG 10.7.1: recruitment cost borne by the worker, in per cent of his or her monthly earnings abroad.

    Official definition (SDG 10.7.1 metadata, ILO and World Bank, custodians; update of
    2022-05-18): "recruitment cost borne by employee as a proportion of monthly income earned in
    country of destination", with costs and earnings "observed for the same individual"; the
    value is a **percentage** (200 means two months of earnings). The target population is the
    international migrant workers who, in a recent past period, changed their country of usual
    residence **to work as employees** (wage and salary earners); here, as in the origin-country
    surveys of the ILO-World Bank guidelines, the return migrant workers (``population``) who
    worked abroad as employees (``employee``) and came back less than ``recent_years`` years ago
    (``years_since_return``; the reference period). Migrants who worked abroad as self-employed
    are outside the indicator. Pass ``employee=None`` or ``years_since_return=None`` only for data
    already restricted to that population.

    Where the metadata leave the computation open, this function makes choices that the course
    states as its own: the statistic is the weighted **mean of individual ratios** (published with
    the weighted median, because the distribution is skewed), and the earnings are those of the
    **first month** of the job abroad (``earnings``), as in the KNOMAD-ILO Migration Cost
    Surveys. Workers who paid nothing count with 0.

    Returns, by group, ``mean`` (per cent of monthly earnings) with ``se``, ``mean_ci_low``,
    ``mean_ci_high``, ``n``, ``cv``, ``unreliable`` (design-based, :func:`mlalib.survey.estimate`),
    ``median`` with a Woodruff interval ``median_ci_low``, ``median_ci_high``, and
    ``share_paying_nothing_pct``.

    Example
    -------
    >>> frame = pd.DataFrame({"recruitment_cost": [0.0, 500.0, 2000.0, 900.0], "weight": 1.0,
    ...                       "first_month_earnings_abroad": [1000.0, 1000.0, 1000.0, 300.0],
    ...                       "worked_abroad": True, "employee_abroad": [True, True, True, False],
    ...                       "years_since_return": [1, 2, 3, 1]})
    >>> from mlalib.survey import Design
    >>> float(recruitment_cost_indicator(frame, design=Design("weight"))["mean"].item())  # (0 + 50 + 200) / 3
    83.33333333333333
    """
    design = require_design(design)
    by_cols = by_columns(by)
    filters = [c for c in (population, employee, years_since_return) if c]
    require_columns(data, [cost, earnings, *design.columns, *by_cols, *filters], "data")
    members = _target_population(data, population=population, employee=employee,
                                 years_since_return=years_since_return, recent_years=recent_years)
    target = data[members]
    if len(target) == 0:
        raise InputError("no row is in the target population (return migrant workers who worked abroad as "
                         f"employees and came back less than {recent_years:g} years ago; columns {filters})")
    for column, role in [(cost, "cost"), (earnings, "earnings")]:
        numeric_column(target, column, role, missing=True)
    bound = design.bind(data)
    if target[[cost, earnings]].isna().any().any():
        bad = target.index[target[[cost, earnings]].isna().any(axis=1)][0]
        raise InputError(f"the target population has missing '{cost}' or '{earnings}' (first at row {bad!r})")
    if (target[cost] < 0).any():
        raise InputError(f"column '{cost}' has negative costs")
    if (target[earnings] <= 0).any():
        raise InputError(f"column '{earnings}' must be positive for the workers of the target population")
    inside = members.to_numpy()
    ratio = np.where(inside, 100.0 * data[cost].where(members, 0.0).to_numpy(dtype="float64")
                     / data[earnings].where(members, 1.0).to_numpy(dtype="float64"), 0.0)
    work = data[[*dict.fromkeys([*design.columns, *by_cols])]].assign(rci_pct=ratio, _member=inside)
    mean = estimate(work, "rci_pct", design=design, by=[*by_cols, "_member"], statistic="mean")
    mean = mean[mean["_member"]].drop(columns="_member").reset_index(drop=True)
    median = median_with_ci(work.assign(rci_pct=np.where(inside, ratio, np.nan)), "rci_pct", design=design,
                            by=by_cols or None)
    merged = mean.rename(columns={"estimate": "mean", "ci_low": "mean_ci_low", "ci_high": "mean_ci_high"})
    merged = merged.merge(median.rename(columns={"ci_low": "median_ci_low", "ci_high": "median_ci_high",
                                                 "n": "n_median"}), on=by_cols) if by_cols else \
        merged.assign(**median.drop(columns="n").rename(columns={"ci_low": "median_ci_low",
                                                                 "ci_high": "median_ci_high"}).iloc[0].to_dict())
    merged["share_paying_nothing_pct"] = _share_zero(target, cost, pd.Series(bound.weights, index=data.index)[members],
                                                     by_cols)
    return merged.drop(columns=[c for c in ("n_median",) if c in merged])


def recruitment_cost_gap(
    data: pd.DataFrame,
    *,
    group: str = "sex",
    value: str = "female",
    reference: str = "male",
    design: Design,
    level: float = 0.95,
    **population: object,
) -> pd.DataFrame:
    """Difference of SDG 10.7.1 means between two groups (``value`` minus ``reference``), in percentage points,
    with a design-based standard error and confidence interval.

    The two means are those of :func:`recruitment_cost_indicator` (same target population;
    ``population`` passes its ``cost``, ``earnings``, ``population``, ``employee``,
    ``years_since_return`` and ``recent_years``). The standard error linearises the difference
    of the two domain means, ``u_i = 1[g_i = value] (y_i - m_value) / N_value - 1[g_i = reference]
    (y_i - m_reference) / N_reference``, and takes the design variance of its weighted total, so
    the covariance of the two domains (which share PSUs) is accounted for (Lumley 2010, *Complex
    Surveys*, ch. 2; as ``svycontrast`` of R's survey package does for ``svyby`` means).
    ``significant`` is True when the confidence interval excludes 0.

    Returns one row: ``gap, se, ci_low, ci_high, significant``.
    """
    design = require_design(design)
    level = share(level, "level", open_interval=True)
    options = {k: v for k, v in population.items() if k in ("cost", "earnings", "population", "employee",
                                                              "years_since_return", "recent_years")}
    unknown = sorted(set(population) - set(options))
    if unknown:
        raise InputError(f"unexpected argument(s) {unknown} for recruitment_cost_gap")
    require_columns(data, [group], "data")
    table = recruitment_cost_indicator(data, design=design, by=group, **population)  # type: ignore[arg-type]
    means = table.set_index(group)["mean"]
    for name, given in (("value", value), ("reference", reference)):
        if given not in means.index:
            raise InputError(f"argument '{name}' {shown(given)} is not a group of column '{group}' in the target "
                             f"population (groups: {summarise([str(v) for v in means.index])})")
    cost = str(options.get("cost", "recruitment_cost"))
    earnings = str(options.get("earnings", "first_month_earnings_abroad"))
    members = _target_population(data, **{k: v for k, v in options.items() if k not in ("cost", "earnings")})
    ratio = np.where(members, 100.0 * data[cost].where(members, 0.0).to_numpy(dtype="float64")
                     / data[earnings].where(members, 1.0).to_numpy(dtype="float64"), 0.0)
    bound = design.bind(data)
    linearised = np.zeros(len(data))
    for given, sign in ((value, 1.0), (reference, -1.0)):
        inside = members.to_numpy() & (data[group] == given).to_numpy()
        linearised[inside] = sign * (ratio[inside] - means[given]) / bound.weights[inside].sum()
    se = float(bound.totals(linearised).se[0, 0])
    z = NormalDist().inv_cdf(0.5 + level / 2)
    gap = float(means[value] - means[reference])
    return pd.DataFrame({"gap": [gap], "se": [se], "ci_low": [gap - z * se], "ci_high": [gap + z * se],
                         "significant": [abs(gap) > z * se]})


def _share_zero(target: pd.DataFrame, cost: str, weights: pd.Series, by_cols: list[str]) -> np.ndarray:
    zero = (target[cost] == 0) * weights
    if not by_cols:
        return np.array([100.0 * zero.sum() / weights.sum()])
    grouped = pd.DataFrame({"zero": zero, "w": weights, **{c: target[c] for c in by_cols}}).groupby(
        by_cols, sort=True, observed=True)
    return (100.0 * grouped["zero"].sum() / grouped["w"].sum()).to_numpy()
