"""Decent work indicators by migrant status from labour force survey microdata (SDG 8.8.1, 8.6.1, 8.8).

Each function returns one row per domain (the ``by`` groups, every combination of their values)
with ``indicator, <by columns>, estimate, se, ci_low, ci_high, n, cv, unreliable, reason``:
weighted estimates with Taylor-linearisation standard errors from the survey design
(:func:`mlalib.survey.estimate`; the target population, e.g. the employed, is a domain of the whole
design, never a subset of the rows). ``reason`` says why a row is ``unreliable``: ``"no
respondents"`` (an empty domain: ``estimate`` and ``se`` are missing, on purpose), ``"too few
respondents"`` (fewer than ``min_n``) or ``"high cv"`` (coefficient of variation above ``max_cv``
per cent, or an estimate of 0); it is empty otherwise.

Definitions and sources
-----------------------
* Occupational injuries, SDG indicator 8.8.1 (custodian ILO; UN SDG metadata, indicator 8.8.1;
  16th ICLS 1998, *Resolution concerning statistics of occupational injuries (resulting from
  occupational accidents)*): "fatal and non-fatal occupational injuries per 100,000 workers, by
  sex and migrant status"; incidence rate = new cases in the reference year / workers in the
  reference group x 100,000. Fatal cases come mostly from administrative records (labour
  inspection, insurance); a household survey observes few of them (see ``unreliable``).
* Informal employment (21st ICLS 2023, *Resolution concerning statistics on the informal
  economy*): informality rate = persons in informal employment / employed persons x 100.
* Pension coverage: active contributors to a pension scheme in per cent of the **employed** by default:
  the course's definition (a share of workers, the group SDG target 8.8 protects); the ILO's *World Social
  Protection Report 2020-22* gives active contributors in per cent of the **labour force** aged 15+
  (``among="labour_force"``: the unemployed count as not contributing) and of the working-age population.
  Neither is SDG indicator 1.3.1, the proportion of the whole population covered by social protection
  floors/systems: persons receiving at least one cash benefit or actively contributing to at least one
  social security scheme, by group (children, older persons above pensionable age receiving a pension,
  unemployed persons, ...), mostly from administrative records.
* NEET, SDG indicator 8.6.1 (custodian ILO): "proportion of youth (aged 15-24 years) not in
  education, employment or training" = youth neither employed nor in education or training /
  youth x 100.
* Over-qualification (20th ICLS 2018, *Guidelines concerning measurement of qualifications and
  skills mismatches of persons in employment*, normative approach): the worker's education
  (ISCED 2011 level) is above the level the occupation requires, read from the skill level of its
  ISCO-08 major group (ILO 2012, *International Standard Classification of Occupations ISCO-08*,
  vol. 1, table 1, skill levels and ISCED-97 levels): skill level 1 (group 9, elementary occupations)
  is primary education (ISCED 1); skill level 2 (groups 4-8) lower secondary, upper secondary or
  post-secondary non-tertiary education (ISCED 2-4); skill levels 3 and 4 (groups 1-3) tertiary
  education (ISCED 5-8: the course groups the two tertiary skill levels, short-cycle and first degree
  or above, into one). The course indicator is the over-qualification rate of tertiary-educated
  workers (ISCED 5-8): the share working in groups 4-9.
* Pay gap (ILO *Global Wage Report 2018/19*; ILO, *The migrant pay gap*, 2020): ``100 (E_ref -
  E_group) / E_ref`` with ``E`` the mean or the median earnings of employees; positive when the group
  earns less. Those reports, and SDG indicator 8.5.1 (average hourly earnings of employees), compare
  **hourly** earnings: monthly earnings also reflect the hours worked (:func:`hourly_earnings`).
* Domestic work (ILO Domestic Workers Convention, 2011 (No. 189), art. 1: "domestic work" is work
  performed in or for a household or households, and a "domestic worker" any person engaged in
  domestic work within an employment relationship, whether employed by the household or through an
  agency; statistically identified from the industry, ISIC Rev.4 division 97, activities of households
  as employers of domestic personnel, and the occupation) and care occupations (ILO 2018, *Care work
  and care jobs for the future of decent work*, ch. 4; here the ISCO-08 unit groups of
  :data:`CARE_OCCUPATIONS`).

Example
-------
>>> from mlalib.data.synthetic_surveys import labour_force_survey
>>> from mlalib.labour import icls_categories
>>> lfs = icls_categories(labour_force_survey(seed=1, n=3_000), country="PHL")
>>> table = informality_rate(lfs, by="migrant_status", weight="weight", strata="stratum", psu="psu")
>>> list(table["migrant_status"])
['migrant', 'non-migrant']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from statistics import NormalDist
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric_column, require_columns, share, whole_number
from mlalib.errors import InputError, shown
from mlalib.labour import LABOUR_STATUSES, weighted_quantile
from mlalib.survey import estimate

#: Documented codes of the columns the functions read; any other value is an error naming it.
CODES: dict[str, tuple] = {
    "sex": ("female", "male"),
    "migrant_status": ("migrant", "non-migrant"),
    "labour_status": LABOUR_STATUSES,
    "isced_level": tuple(range(9)),
    "occupation": tuple(range(10)),
}
#: ISCED 2011 levels (lowest, highest) an occupation of each ISCO-08 major group requires, from the skill level
#: of the group (ILO 2012, ISCO-08 vol. 1, table 1): groups 1-3 tertiary (skill levels 3-4, ISCED 5-8); groups
#: 4-8 skill level 2 (ISCED 2-4); group 9 skill level 1 (ISCED 1). Group 0 (armed forces occupations) spans
#: several skill levels and is not classified.
REQUIRED_ISCED = {1: (5, 8), 2: (5, 8), 3: (5, 8), 4: (2, 4), 5: (2, 4), 6: (2, 4), 7: (2, 4), 8: (2, 4), 9: (1, 1)}
#: ISCO-08 unit groups counted as care occupations (health, personal care and early childhood
#: education; after ILO 2018, *Care work and care jobs*, ch. 4).
CARE_OCCUPATIONS = (2221, 2222, 2342, 3221, 3222, 5311, 5312, 5321, 5322)
REASONS = ("no respondents", "too few respondents", "high cv")
Among = Literal["employed", "labour_force"]


def _row(label: object) -> str:
    """A row label as the user sees it (``3``, not ``np.int64(3)``)."""
    return shown(label.item() if isinstance(label, np.generic) else label)


def _by(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _check_codes(data: pd.DataFrame, column: str, allowed: Sequence, rows: pd.Series | None = None) -> None:
    """Every value of ``column`` (in ``rows`` if given; missing values are checked by the caller)
    must be one of ``allowed``; the error names the column, the first other value and its row."""
    values = data[column] if rows is None else data.loc[rows.to_numpy(bool), column]
    values = values.dropna()
    bad = ~values.isin(list(allowed))
    if bad.any():
        first = values.index[bad.to_numpy()][0]
        raise InputError(f"column '{column}' has the value {shown(values[first])} at row {_row(first)}, outside the "
                         f"documented codes {list(allowed)}")


def _flag_values(data: pd.DataFrame, column: str, members: np.ndarray, what: str) -> np.ndarray:
    """``column`` as 0/1 for the members (True/False or 1/0); missing or other values there are errors."""
    values = data[column]
    member_values = values[members]
    missing = member_values.isna().to_numpy()
    if missing.any():
        raise InputError(f"column '{column}' is missing for {int(missing.sum()):,} {what}, first at row "
                         f"{_row(member_values.index[missing][0])}; every one of them needs True or False")
    _check_codes(data, column, (True, False), pd.Series(members, index=data.index))
    out = np.zeros(len(data))
    out[members] = member_values.astype("float64").to_numpy()
    return out


def _levels(data: pd.DataFrame, column: str) -> list:
    if column in CODES:
        return list(CODES[column])
    return sorted(pd.unique(data[column].dropna()), key=str)


def _validate(data: pd.DataFrame, columns: list[str], by_cols: list[str], weight: str, design: list[str]) -> None:
    require_columns(data, [*columns, *by_cols, weight, *design], "data")
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to estimate")
    for column in by_cols:
        if data[column].isna().any():
            first = data.index[data[column].isna().to_numpy()][0]
            raise InputError(f"group column '{column}' is missing at row {_row(first)}; recode missing values "
                             "(e.g. 'unknown') first")
    for column in [*columns, *by_cols]:
        if column in CODES and column not in ("isced_level", "occupation"):
            _check_codes(data, column, CODES[column])


Spec = tuple[str, np.ndarray, np.ndarray, float]  # indicator, values, target population, scale


@dataclass(frozen=True)
class _Encoded:
    """The design as integer codes: each row's weight and PSU (numbered across strata), each PSU's stratum."""

    w: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray


def _encoded_design(data: pd.DataFrame, weight: str, strata: str | None, psu: str | None,
                    lonely_psu: str) -> _Encoded:
    """The design of ``data`` as :class:`_Encoded` (PSU labels are unique within their stratum only).

    A stratum with a single PSU is reported here, with the user's label (the engine sees only codes).
    """
    w = numeric_column(data, weight, "weight", positive=True).to_numpy()
    labels: dict[str, np.ndarray] = {}
    codes = {}
    for column, code in ((strata, "_s"), (psu, "_p")):
        codes[code] = np.zeros(len(data), dtype=np.int64) if code == "_s" else np.arange(len(data))
        if column:
            codes[code], labels[code] = pd.factorize(data[column], sort=True)
            if (codes[code] < 0).any():
                raise InputError(f"design column '{column}' is missing at row "
                                 f"{_row(data.index[codes[code] < 0][0])}")
    nested, _ = pd.factorize(codes["_s"] * (int(codes["_p"].max(initial=0)) + 1) + codes["_p"], sort=True)
    psu_stratum = np.zeros(int(nested.max(initial=-1)) + 1, dtype=np.int64)
    psu_stratum[nested] = codes["_s"]
    if lonely_psu == "error":
        per_stratum = np.bincount(psu_stratum)
        lonely = np.flatnonzero(per_stratum == 1)
        if len(lonely):
            named = [labels["_s"][k] if strata else "(all)" for k in lonely[:5]]
            raise InputError(f"strata {named} of column '{strata}' have a single PSU, so their variance cannot be "
                             "estimated; merge them with a neighbouring stratum or choose lonely_psu='certainty' or "
                             "'adjust'")
    return _Encoded(w, nested.astype(np.int64), psu_stratum)


def _rates(data: pd.DataFrame, specs: list[Spec], *, by_cols: list[str], weight: str, strata: str | None,
           psu: str | None, level: float, min_n: int, max_cv: float, lonely_psu: str) -> pd.DataFrame:
    """For each spec, the weighted mean of ``values`` over the target population of each ``by`` domain x
    ``scale``, one row per domain.

    The engine gets one row per PSU and domain (its weight the sum of the weights, its value their weighted
    mean): the estimates and the PSU totals of the linearised values, hence the SEs, are exactly those of
    the respondents' rows, from a table several times smaller. ``n`` counts the respondents.
    """
    design = _encoded_design(data, weight, strata, psu, lonely_psu)
    if by_cols:
        groups = data.groupby(by_cols, sort=False, dropna=False).ngroup().to_numpy()
        _, first = np.unique(groups, return_index=True)
        keys = data[by_cols].iloc[first].reset_index(drop=True)
    else:
        groups, keys = np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=[0])
    slots = len(keys) + 1  # per PSU: outside every target population (0), then each group's
    size = len(design.psu_stratum) * slots
    tables = []
    for indicator, values, members, scale in specs:
        cell = design.psu * slots + np.where(members, groups + 1, 0)
        count = np.bincount(cell, minlength=size)
        total_w = np.bincount(cell, weights=design.w, minlength=size)
        total_wy = np.bincount(cell, weights=design.w * np.where(members, values, 0.0), minlength=size)
        used = np.flatnonzero(count)
        cells = pd.DataFrame({"_w": total_w[used], "_y": total_wy[used] / total_w[used],
                              "_s": design.psu_stratum[used // slots], "_p": used // slots,
                              "_d": used % slots - 1})
        table = estimate(cells, "_y", weight="_w", strata="_s", psu="_p", by="_d", statistic="mean", level=level,
                         min_n=0, max_cv=max_cv, lonely_psu=lonely_psu)
        table = table[table["_d"] >= 0]
        table["n"] = np.bincount(groups[members], minlength=len(keys))[table["_d"].to_numpy()]
        table["unreliable"] = (table["n"] < min_n) | (table["cv"] > max_cv)
        table = keys.iloc[table.pop("_d").to_numpy()].reset_index(drop=True).join(table.reset_index(drop=True)) \
            if by_cols else table.drop(columns="_d")
        for column in ("estimate", "se", "ci_low", "ci_high"):
            table[column] = scale * table[column]
        tables.append(_complete(table, data, by_cols, indicator, min_n))
    return pd.concat(tables, ignore_index=True)


def _complete(table: pd.DataFrame, data: pd.DataFrame, by_cols: list[str], indicator: str, min_n: int) -> pd.DataFrame:
    """One row for every combination of the ``by`` values (documented codes, or those in ``data``), with
    ``indicator`` first and ``reason`` last; a domain without respondents is an unreliable row saying so."""
    if by_cols:
        grid = pd.DataFrame(list(product(*[_levels(data, c) for c in by_cols])), columns=by_cols)
        table = grid.merge(table.astype({c: object for c in by_cols}), on=by_cols, how="left")
    else:
        table = table.reset_index(drop=True) if len(table) else pd.DataFrame({"n": [0]})
    table["n"] = table["n"].fillna(0).astype(np.int64)
    empty = table["n"] == 0
    for column in ("estimate", "se", "ci_low", "ci_high", "cv"):
        if column not in table:
            table[column] = np.nan
    table["unreliable"] = table["unreliable"].astype("boolean").fillna(True).astype(bool) if "unreliable" in table \
        else True
    table["reason"] = np.select([empty, table["n"] < min_n, table["unreliable"]], list(REASONS), "")
    table.insert(0, "indicator", indicator)
    return table[["indicator", *by_cols, "estimate", "se", "ci_low", "ci_high", "n", "cv", "unreliable",
                  "reason"]].reset_index(drop=True)


def _employed(data: pd.DataFrame, status: str) -> np.ndarray:
    _check_codes(data, status, LABOUR_STATUSES)
    if data[status].isna().any():
        raise InputError(f"column '{status}' is missing at row {_row(data.index[data[status].isna().to_numpy()][0])}")
    return (data[status] == "employed").to_numpy()


def _design_args(level: float, min_n: int, max_cv: float) -> dict:
    return dict(level=share(level, "level", open_interval=True), min_n=whole_number(min_n, "min_n"), max_cv=max_cv)


def occupational_injury_rates(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, fatal: str = "fatal_occupational_injury",
    nonfatal: str = "nonfatal_injury_cases", status: str = "labour_status", level: float = 0.95, min_n: int = 30,
    max_cv: float = 20.0, lonely_psu: str = "error",
) -> pd.DataFrame:
    """SDG 8.8.1: fatal and non-fatal occupational injuries per 100,000 workers, by sex and migrant status.

    ``nonfatal`` holds each worker's number of non-fatal occupational injuries in the reference
    year (0, 1, 2, ...), ``fatal`` whether the worker died of one (True/False); both are read for
    the employed (``status == "employed"``), the workers of the reference group. Rate =
    100,000 x weighted cases / weighted workers (indicators ``"fatal_injury_rate"`` and
    ``"nonfatal_injury_rate"``).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed"] * 4, "weight": [1.0] * 4,
    ...                    "fatal_occupational_injury": [False] * 4, "nonfatal_injury_cases": [0, 1, 0, 2]})
    >>> float(occupational_injury_rates(df, by=None, weight="weight", min_n=1)["estimate"].iloc[1])
    75000.0
    """
    by_cols = _by(by)
    _validate(data, [fatal, nonfatal, status], by_cols, weight, [c for c in (strata, psu) if c])
    return _rates(data, _injury_specs(data, _employed(data, status), fatal, nonfatal), by_cols=by_cols, weight=weight,
                  strata=strata, psu=psu, lonely_psu=lonely_psu, **_design_args(level, min_n, max_cv))


def _injury_specs(data: pd.DataFrame, workers: np.ndarray, fatal: str, nonfatal: str) -> list[Spec]:
    fatal_values = _flag_values(data, fatal, workers, "employed persons")
    cases = numeric_column(data.loc[workers], nonfatal, "injury cases", non_negative=True) if workers.any() \
        else pd.Series(dtype="float64")
    if (cases != cases.round()).any():
        first = cases.index[(cases != cases.round()).to_numpy()][0]
        raise InputError(f"column '{nonfatal}' must count injuries (0, 1, 2, ...); row {_row(first)} has "
                         f"{cases[first]:g}")
    case_values = np.zeros(len(data))
    case_values[workers] = cases.to_numpy()
    return [("fatal_injury_rate", fatal_values, workers, 1e5), ("nonfatal_injury_rate", case_values, workers, 1e5)]


def informality_rate(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, informal: str = "informal", status: str = "labour_status",
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0, lonely_psu: str = "error",
) -> pd.DataFrame:
    """Informality rate (21st ICLS 2023): per cent of employed persons in informal employment.

    ``informal`` is True/False for every employed person (``status == "employed"``).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed", "employed", "unemployed"], "weight": [1.0, 3.0, 2.0],
    ...                    "informal": [True, False, None]})
    >>> float(informality_rate(df, by=None, weight="weight", min_n=1)["estimate"].iloc[0])
    25.0
    """
    by_cols = _by(by)
    _validate(data, [informal, status], by_cols, weight, [c for c in (strata, psu) if c])
    workers = _employed(data, status)
    values = _flag_values(data, informal, workers, "employed persons")
    return _rates(data, [("informality_rate", values, workers, 100.0)],
                  by_cols=by_cols, weight=weight, strata=strata, psu=psu, lonely_psu=lonely_psu,
                  **_design_args(level, min_n, max_cv))


def pension_coverage(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, contributes: str = "contributes_to_pension",
    among: Among = "employed", status: str = "labour_status", level: float = 0.95, min_n: int = 30,
    max_cv: float = 20.0, lonely_psu: str = "error",
) -> pd.DataFrame:
    """Pension coverage: per cent of the employed (the course's definition) or of the labour force (the
    denominator of the ILO's World Social Protection Report 2020-22) contributing to a pension scheme.

    ``contributes`` is True/False for the employed; with ``among="labour_force"`` the unemployed
    count as not contributing where it is missing. Not SDG indicator 1.3.1 (see the module's notes).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed", "employed", "unemployed"], "weight": [1.0, 1.0, 2.0],
    ...                    "contributes_to_pension": [True, False, None]})
    >>> float(pension_coverage(df, by=None, weight="weight", among="labour_force", min_n=1)["estimate"].iloc[0])
    25.0
    """
    by_cols = _by(by)
    if among not in ("employed", "labour_force"):
        raise InputError(f"argument 'among' must be 'employed' or 'labour_force', got {shown(among)}")
    _validate(data, [contributes, status], by_cols, weight, [c for c in (strata, psu) if c])
    employed = _employed(data, status)
    values = _flag_values(data, contributes, employed, "employed persons")
    members = employed
    if among == "labour_force":
        unemployed = (data[status] == "unemployed").to_numpy()
        given = data[contributes].notna().to_numpy() & unemployed  # missing: not contributing
        values = values + _flag_values(data, contributes, given, "unemployed persons")
        members = employed | unemployed
    return _rates(data, [("pension_coverage", values, members, 100.0)], by_cols=by_cols, weight=weight, strata=strata,
                  psu=psu, lonely_psu=lonely_psu, **_design_args(level, min_n, max_cv))


def neet_rate(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, age: str = "age",
    in_education: str = "in_education_or_training", status: str = "labour_status", ages: tuple[int, int] = (15, 24),
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0, lonely_psu: str = "error",
) -> pd.DataFrame:
    """SDG 8.6.1: per cent of youth (aged 15-24) not in employment and not in education or training.

    ``in_education`` is True/False for every young person; ``ages`` the inclusive age range.

    Example
    -------
    >>> df = pd.DataFrame({"age": [16, 20, 23, 40], "labour_status": ["outside labour force", "employed",
    ...                    "unemployed", "employed"], "in_education_or_training": [True, False, False, False],
    ...                    "weight": [1.0, 1.0, 2.0, 5.0]})
    >>> float(neet_rate(df, by=None, weight="weight", min_n=1)["estimate"].iloc[0])
    50.0
    """
    by_cols = _by(by)
    _validate(data, [age, in_education, status], by_cols, weight, [c for c in (strata, psu) if c])
    return _rates(data, _neet_specs(data, _employed(data, status), age, in_education, ages), by_cols=by_cols,
                  weight=weight, strata=strata, psu=psu, lonely_psu=lonely_psu, **_design_args(level, min_n, max_cv))


def _neet_specs(data: pd.DataFrame, employed: np.ndarray, age: str, in_education: str,
                ages: tuple[int, int]) -> list[Spec]:
    if not (isinstance(ages, (tuple, list)) and len(ages) == 2 and ages[0] <= ages[1]):
        raise InputError(f"argument 'ages' must be (youngest, oldest), e.g. (15, 24), got {shown(ages)}")
    years = numeric_column(data, age, "age", non_negative=True)
    youth = ((years >= ages[0]) & (years <= ages[1])).to_numpy()
    studying = _flag_values(data, in_education, youth, "young persons")
    return [("neet_rate", np.where(youth & ~employed & (studying == 0), 1.0, 0.0), youth, 100.0)]


def qualification_match(isced: pd.Series, occupation: pd.Series) -> pd.Series:
    """Normative match of education and occupation (20th ICLS 2018 guidelines; :data:`REQUIRED_ISCED`).

    ``"over-qualified"`` when the ISCED 2011 level is above the levels the occupation's major group
    requires, ``"under-qualified"`` when below, ``"matched"`` otherwise; missing where the occupation
    is missing or 0 (armed forces occupations span several skill levels).

    Example
    -------
    >>> list(qualification_match(pd.Series([6, 6, 2, 2, 0]), pd.Series([2, 9, 5, 9, 9])))
    ['matched', 'over-qualified', 'matched', 'over-qualified', 'under-qualified']
    """
    group = occupation.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    level = isced.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    low = pd.Series(group).map({g: levels[0] for g, levels in REQUIRED_ISCED.items()}).to_numpy(dtype="float64")
    high = pd.Series(group).map({g: levels[1] for g, levels in REQUIRED_ISCED.items()}).to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        result = np.select([level > high, level < low], ["over-qualified", "under-qualified"], "matched").astype(object)
    result[np.isnan(low) | np.isnan(level)] = None
    return pd.Series(result, index=isced.index, name="qualification_match", dtype=object)


def overqualification_rate(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, isced: str = "isced_level", occupation: str = "occupation",
    status: str = "labour_status", level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
    lonely_psu: str = "error",
) -> pd.DataFrame:
    """Per cent of employed tertiary-educated persons (ISCED 5-8) who are over-qualified for their job.

    A tertiary graduate is over-qualified when working in an occupation that requires less than
    tertiary education (:func:`qualification_match`): ISCO-08 major groups 4-9. Employed persons
    need an ISCED level (0-8) and an ISCO-08 major group (1-9; group 0 is excluded from the
    population, as its skill level is not defined).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed"] * 4, "isced_level": [6, 6, 5, 2],
    ...                    "occupation": [2, 9, 4, 9], "weight": [1.0, 1.0, 2.0, 1.0]})
    >>> float(overqualification_rate(df, by=None, weight="weight", min_n=1)["estimate"].iloc[0])
    75.0
    """
    by_cols = _by(by)
    _validate(data, [isced, occupation, status], by_cols, weight, [c for c in (strata, psu) if c])
    return _rates(data, _overqualification_specs(data, _employed(data, status), isced, occupation), by_cols=by_cols,
                  weight=weight, strata=strata, psu=psu, lonely_psu=lonely_psu, **_design_args(level, min_n, max_cv))


def _overqualification_specs(data: pd.DataFrame, employed: np.ndarray, isced: str, occupation: str) -> list[Spec]:
    rows = pd.Series(employed, index=data.index)
    for column in (isced, occupation):
        missing = data.loc[employed, column].isna().to_numpy()
        if missing.any():
            raise InputError(f"column '{column}' is missing for employed persons, first at row "
                             f"{_row(data.index[employed][missing][0])}")
        _check_codes(data, column, CODES["isced_level" if column == isced else "occupation"], rows)
    level_values = data[isced].where(employed)
    members = employed & (level_values >= 5).fillna(False).to_numpy() & (data[occupation] != 0).fillna(False).to_numpy()
    match = qualification_match(level_values.where(members), data[occupation].where(members))
    return [("overqualification_rate", (match == "over-qualified").to_numpy(dtype="float64"), members, 100.0)]


def occupation_group_shares(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, domestic: str = "domestic_worker",
    unit: str = "isco_unit", care: Sequence[int] = CARE_OCCUPATIONS, status: str = "labour_status",
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0, lonely_psu: str = "error",
) -> pd.DataFrame:
    """Per cent of employed persons in domestic work and in care occupations outside domestic work.

    ``domestic`` is True/False for the employed (employed by a household, ILO C189); ``unit`` the
    ISCO-08 unit group (4 digits) of the main job; ``care`` the unit groups counted as care
    occupations. Indicators ``"domestic_work"`` and ``"care_occupations"`` (the latter excludes
    domestic workers, so the two add up).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed"] * 4, "domestic_worker": [True, False, False, False],
    ...                    "isco_unit": [9111, 5322, 2512, 9329], "weight": [1.0] * 4})
    >>> occupation_group_shares(df, by=None, weight="weight", min_n=1)["estimate"].tolist()
    [25.0, 25.0]
    """
    by_cols = _by(by)
    _validate(data, [domestic, unit, status], by_cols, weight, [c for c in (strata, psu) if c])
    return _rates(data, _occupation_specs(data, _employed(data, status), domestic, unit, care), by_cols=by_cols,
                  weight=weight, strata=strata, psu=psu, lonely_psu=lonely_psu, **_design_args(level, min_n, max_cv))


def _occupation_specs(data: pd.DataFrame, employed: np.ndarray, domestic: str, unit: str,
                      care: Sequence[int]) -> list[Spec]:
    domestic_values = _flag_values(data, domestic, employed, "employed persons")
    units = numeric_column(data.loc[employed], unit, "ISCO-08 unit group") if employed.any() \
        else pd.Series(dtype="float64")
    outside = ~units.between(1000, 9999) & (units != 110) & (units != 210) & (units != 310)
    if outside.any():
        first = units.index[outside.to_numpy()][0]
        raise InputError(f"column '{unit}' has the value {units[first]:g} at row {_row(first)}, which is not an "
                         "ISCO-08 unit group (four digits, 1000-9999; 0110, 0210, 0310 for the armed forces)")
    in_care = np.zeros(len(data))
    in_care[employed] = units.isin([int(c) for c in care]).to_numpy()
    in_care = np.where(domestic_values == 1, 0.0, in_care)
    return [("domestic_work", domestic_values, employed, 100.0), ("care_occupations", in_care, employed, 100.0)]


def decent_work_indicators(
    data: pd.DataFrame, *, by: str | Sequence[str] | None = ("sex", "migrant_status"), weight: str,
    strata: str | None = None, psu: str | None = None, level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
    lonely_psu: str = "error",
) -> pd.DataFrame:
    """All the rates of this module in one table, from the columns of the course's LFS (their default names).

    Indicators, in this order: ``fatal_injury_rate``, ``nonfatal_injury_rate`` (per 100,000
    workers), ``informality_rate``, ``pension_coverage`` (employed), ``neet_rate``,
    ``overqualification_rate``, ``domestic_work``, ``care_occupations`` (per cent). The design and
    the domains are encoded once, so this is faster than calling the eight functions.

    Example
    -------
    >>> from mlalib.data.synthetic_surveys import labour_force_survey
    >>> from mlalib.labour import icls_categories
    >>> lfs = icls_categories(labour_force_survey(seed=1, n=3_000), country="PHL")
    >>> decent_work_indicators(lfs, by=None, weight="weight")["indicator"].tolist()[:3]
    ['fatal_injury_rate', 'nonfatal_injury_rate', 'informality_rate']
    """
    by_cols = _by(by)
    columns = ["labour_status", "fatal_occupational_injury", "nonfatal_injury_cases", "informal",
               "contributes_to_pension", "age", "in_education_or_training", "isced_level", "occupation",
               "domestic_worker", "isco_unit"]
    _validate(data, columns, by_cols, weight, [c for c in (strata, psu) if c])
    employed = _employed(data, "labour_status")
    specs = [*_injury_specs(data, employed, "fatal_occupational_injury", "nonfatal_injury_cases"),
             ("informality_rate", _flag_values(data, "informal", employed, "employed persons"), employed, 100.0),
             ("pension_coverage", _flag_values(data, "contributes_to_pension", employed, "employed persons"), employed,
              100.0),
             *_neet_specs(data, employed, "age", "in_education_or_training", (15, 24)),
             *_overqualification_specs(data, employed, "isced_level", "occupation"),
             *_occupation_specs(data, employed, "domestic_worker", "isco_unit", CARE_OCCUPATIONS)]
    return _rates(data, specs, by_cols=by_cols, weight=weight, strata=strata, psu=psu, lonely_psu=lonely_psu,
                  **_design_args(level, min_n, max_cv))


#: Weeks in a month on average (52 weeks / 12 months), to turn usual weekly hours into monthly hours.
WEEKS_PER_MONTH = 52 / 12


def hourly_earnings(data: pd.DataFrame, earnings: str = "monthly_earnings", hours: str = "usual_hours") -> pd.Series:
    """Hourly earnings: monthly ``earnings`` divided by the monthly hours, usual weekly ``hours`` x 52 / 12.

    SDG indicator 8.5.1 is the average **hourly** earnings of employees (custodian ILO), and the ILO's pay
    gaps (*Global Wage Report 2018/19*; *The migrant pay gap*, 2020) compare hourly earnings, so that a gap
    does not mix pay with the hours worked. Missing where either column is missing (people without
    earnings); ``hours`` must be above 0 wherever earnings are given. Using usual rather than paid hours
    is the course's choice (the survey asks usual hours).

    Example
    -------
    >>> df = pd.DataFrame({"monthly_earnings": [1300.0, None], "usual_hours": [30, 40]})
    >>> hourly_earnings(df).round(2).tolist()
    [10.0, nan]
    """
    require_columns(data, [earnings, hours], "data")
    pay = numeric_column(data, earnings, "earnings", missing=True, non_negative=True)
    time = numeric_column(data, hours, "hours", missing=True, non_negative=True)
    needed = pay.notna() & ~(time > 0).fillna(False)
    if needed.any():
        first = data.index[needed.to_numpy()][0]
        raise InputError(f"column '{hours}' has {shown(data.loc[first, hours])} at row {_row(first)}, where "
                         f"'{earnings}' is given; usual weekly hours must be above 0 to turn earnings into hourly "
                         "earnings")
    return (pay / (time * WEEKS_PER_MONTH)).astype("float64").rename("hourly_earnings")


def pay_gap(
    data: pd.DataFrame, earnings: str = "monthly_earnings", *, group: str = "migrant_status",
    reference: str = "non-migrant", by: str | Sequence[str] | None = None, weight: str, strata: str | None = None,
    psu: str | None = None, level: float = 0.95, min_n: int = 30, lonely_psu: str = "error",
) -> pd.DataFrame:
    """Mean and median pay gap of each group against ``reference``, in per cent, with design-based SEs.

    ``gap = 100 (E_ref - E_group) / E_ref``, positive when the group earns less (ILO Global Wage
    Report 2018/19; ILO 2020, *The migrant pay gap*), for the persons with ``earnings`` (employees;
    missing elsewhere). The SE of the mean gap linearises the ratio of the two domain means; that of
    the median gap uses each median's linearised value ``(0.5 - 1[y <= m]) / f(m)`` with the density
    ``f`` read from the Woodruff interval (so each median's SE is the one R survey's ``svyquantile``
    reports, interval width / 2z), combined by the delta method. Both use the whole design, so the
    covariance of the two groups through shared PSUs is included.

    Returns ``indicator`` (``"mean_pay_gap"``, ``"median_pay_gap"``), the ``by`` columns, ``group``
    (each group other than the reference), ``estimate`` (gap, per cent), ``se, ci_low, ci_high``,
    ``group_value, reference_value`` (earnings), ``n, n_reference``, ``unreliable`` (fewer than
    ``min_n`` respondents on either side) and ``reason``. A gap whose interval contains 0 is not
    statistically significant at that level.

    Example
    -------
    >>> df = pd.DataFrame({"monthly_earnings": [80.0, 120.0, 100.0, 300.0], "weight": [1.0] * 4,
    ...                    "migrant_status": ["migrant", "migrant", "non-migrant", "non-migrant"]})
    >>> pay_gap(df, weight="weight", min_n=1)["estimate"].round(1).tolist()
    [50.0, 20.0]
    """
    by_cols = _by(by)
    require_columns(data, [earnings, group, weight, *by_cols, *[c for c in (strata, psu) if c]], "data")
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to estimate")
    level = share(level, "level", open_interval=True)
    min_n = whole_number(min_n, "min_n")
    pay = numeric_column(data, earnings, "earnings", missing=True, non_negative=True).to_numpy()
    w = numeric_column(data, weight, "weight", positive=True).to_numpy()
    if group in CODES:
        _check_codes(data, group, CODES[group])
    for column in [group, *by_cols]:
        if data[column].isna().any():
            raise InputError(f"group column '{column}' is missing at row "
                             f"{_row(data.index[data[column].isna().to_numpy()][0])}")
    present = ~np.isnan(pay)
    if not (data.loc[present, group] == reference).any():
        raise InputError(f"reference group {shown(reference)} has no one with '{earnings}' in column '{group}' "
                         f"(values: {_levels(data, group)})")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    design = _encoded_design(data, weight, strata, psu, lonely_psu)
    domains = [()] if not by_cols else list(product(*[_levels(data, c) for c in by_cols]))
    others = [g for g in _levels(data, group) if g != reference]
    if not others:
        raise InputError(f"column '{group}' holds only the reference group {shown(reference)}; there is no group "
                         "to compare with it")
    rows = []
    for key in domains:
        inside = present.copy()
        for column, value in zip(by_cols, key):
            inside &= (data[column] == value).to_numpy()
        ref = inside & (data[group] == reference).to_numpy()
        for other in others:
            grp = inside & (data[group] == other).to_numpy()
            n_g, n_r = int(grp.sum()), int(ref.sum())
            base = {**dict(zip(by_cols, key)), "group": other, "n": n_g, "n_reference": n_r}
            for name, stat in (("mean_pay_gap", _mean_scores), ("median_pay_gap", _median_scores)):
                if n_g == 0 or n_r == 0:
                    rows.append({"indicator": name, **base, "estimate": np.nan, "se": np.nan, "group_value": np.nan,
                                 "reference_value": np.nan})
                    continue
                value_g, score_g = stat(pay, w, grp, design, z, lonely_psu)
                value_r, score_r = stat(pay, w, ref, design, z, lonely_psu)
                if value_r == 0:
                    raise InputError(f"the {name.split('_')[0]} '{earnings}' of the reference group {shown(reference)}"
                                     f"{' in ' + str(key) if key else ''} is 0, so a gap in per cent is undefined")
                gap = 100.0 * (value_r - value_g) / value_r
                scores = 100.0 * (-score_g / value_r + value_g * score_r / value_r**2)
                rows.append({"indicator": name, **base, "estimate": gap,
                             "se": _total_se(design, scores, lonely_psu),
                             "group_value": value_g, "reference_value": value_r})
    out = pd.DataFrame(rows)
    out["ci_low"] = out["estimate"] - z * out["se"]
    out["ci_high"] = out["estimate"] + z * out["se"]
    empty = (out["n"] == 0) | (out["n_reference"] == 0)
    few = (out["n"] < min_n) | (out["n_reference"] < min_n)
    out["unreliable"] = empty | few
    out["reason"] = np.select([empty, few], list(REASONS[:2]), "")
    return out[["indicator", *by_cols, "group", "estimate", "se", "ci_low", "ci_high", "group_value",
                "reference_value", "n", "n_reference", "unreliable", "reason"]]


def _total_se(design: _Encoded, scores: np.ndarray, lonely_psu: str) -> float:
    """SE of ``sum(scores)``, the linearised SE of a statistic whose per-person scores these are: the engine's
    variance of a total, given one row per PSU holding the PSU's sum (the same PSU totals as the rows')."""
    psu_totals = np.bincount(design.psu, weights=scores, minlength=len(design.psu_stratum))
    work = pd.DataFrame({"_w": 1.0, "_u": psu_totals, "_s": design.psu_stratum,
                         "_p": np.arange(len(design.psu_stratum))})
    table = estimate(work, "_u", weight="_w", strata="_s", psu="_p", statistic="total", lonely_psu=lonely_psu, min_n=0)
    return float(table["se"].iloc[0])


def _mean_scores(pay, w, member, design, z, lonely_psu) -> tuple[float, np.ndarray]:
    """Weighted mean of the members and its linearised scores ``w (y - R) / N`` (zero outside)."""
    total_w = w[member].sum()
    mean = float((w[member] * pay[member]).sum() / total_w)
    return mean, np.where(member, w * (np.nan_to_num(pay) - mean) / total_w, 0.0)


def _median_scores(pay, w, member, design, z, lonely_psu) -> tuple[float, np.ndarray]:
    """Weighted median, and scores ``w (0.5 - 1[y <= m]) / (N f)`` with ``1/f`` from the Woodruff interval."""
    values, weights = pay[member], w[member]
    median = weighted_quantile(values, weights, 0.5)
    below = np.where(member, (np.nan_to_num(pay) <= median).astype(float), 0.0)
    total_w = weights.sum()
    share_below = float((w * below).sum() / total_w)
    scores_f = np.where(member, w * (below - share_below) / total_w, 0.0)
    se_f = _total_se(design, scores_f, lonely_psu)
    if se_f == 0:
        return median, np.zeros(len(pay))
    low = weighted_quantile(values, weights, max(0.0, 0.5 - z * se_f))
    high = weighted_quantile(values, weights, min(1.0, 0.5 + z * se_f))
    slope = (high - low) / (2 * z * se_f)  # 1 / f(m)
    return median, -slope * scores_f
