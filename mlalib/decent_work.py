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
>>> from mlalib.survey import Design
>>> design = Design(weight="weight", strata="stratum", psu="psu")
>>> table = informality_rate(lfs, by="migrant_status", design=design)
>>> list(table["migrant_status"])
['migrant', 'non-migrant']
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric_column, require_columns, same_labels
from mlalib.errors import InputError, shown
from mlalib.labour import LABOUR_STATUSES, quantile_function
from mlalib.survey import (
    BoundDesign, Design, by_columns, check_reliability, domain_codes, level_codes, require_design,
)

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


def _flag_values(data: pd.DataFrame, column: str, members: np.ndarray, what: str) -> np.ndarray:
    """``column`` as 0/1 for the members (True/False or 1/0; 0 elsewhere); missing or other values there are
    errors naming the row."""
    values = numeric_column(data, column, "flag", missing=True, flag=True).to_numpy()
    bad = members & ~((values == 0) | (values == 1))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        if np.isnan(values[first]):
            missing = members & np.isnan(values)
            raise InputError(f"column '{column}' is missing for {int(missing.sum()):,} {what}, first at row "
                             f"{_row(data.index[first])}; every one of them needs True or False")
        raise InputError(f"column '{column}' has the value {values[first]:g} at row {_row(data.index[first])}, "
                         "outside the documented codes [True, False]")
    return np.where(members, values, 0.0)


def _levels(data: pd.DataFrame, column: str) -> list:
    if column in CODES:
        return list(CODES[column])
    return sorted(pd.unique(data[column].dropna()), key=str)


#: indicator, values (0 outside the target population), target population (True/False per row), scale
Spec = tuple[str, np.ndarray, np.ndarray, float]


@dataclass(frozen=True)
class _Prepared:
    """The design of a table checked and encoded once, and its domains: every combination of the ``by``
    values (documented codes, or those in the data), also the empty ones."""

    bound: BoundDesign
    by_cols: list[str]
    groups: np.ndarray
    keys: pd.DataFrame


def _prepare(data: pd.DataFrame, columns: list[str], by: str | Sequence[str] | None, design: Design) -> _Prepared:
    design = require_design(design)
    by_cols = by_columns(by)
    require_columns(data, [*columns, *by_cols, *design.columns], "data")
    bound = design.bind(data)
    groups, keys = domain_codes(data, by_cols, levels={c: _levels(data, c) for c in by_cols})
    return _Prepared(bound, by_cols, groups, keys)


def _rates(prepared: _Prepared, specs: list[Spec], level: float, min_n: int, max_cv: float) -> pd.DataFrame:
    """For each spec, the weighted mean of ``values`` over the target population of each domain x ``scale``:
    one engine pass for every indicator and domain (:meth:`mlalib.survey.BoundDesign.ratios`), one row per
    indicator and domain, ``n`` the respondents of the target population in the domain."""
    keys, groups = prepared.keys, prepared.groups
    members = [spec[2] for spec in specs]  # several specs share one population: the engine sums it once
    scale = np.array([spec[3] for spec in specs])[:, None]
    result = prepared.bound.ratios([spec[1] for spec in specs], members, groups, len(keys))
    counts = {id(m): np.bincount(groups[m], minlength=len(keys)) for m in {id(m): m for m in members}.values()}
    n = np.concatenate([counts[id(m)] for m in members])
    point, se = (scale * result.estimate).ravel(), (scale * result.se).ravel()
    empty = n == 0
    z = NormalDist().inv_cdf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(empty, np.nan, np.where(point != 0, 100.0 * se / np.abs(point), np.inf))
    unreliable = empty | (n < min_n) | (cv > max_cv)
    columns = {"indicator": np.repeat([spec[0] for spec in specs], len(keys)),
               **{c: np.tile(keys[c].to_numpy(dtype=object), len(specs)) for c in prepared.by_cols},
               "estimate": point, "se": se, "ci_low": point - z * se, "ci_high": point + z * se,
               "n": n.astype(np.int64), "cv": cv, "unreliable": unreliable,
               "reason": np.select([empty, n < min_n, unreliable], list(REASONS), "")}
    return pd.DataFrame(columns)


def _employed(data: pd.DataFrame, status: str) -> np.ndarray:
    """Who is employed; ``status`` must hold the documented labour statuses, without missing values."""
    codes = _coded(data, status, LABOUR_STATUSES)
    if (codes < 0).any():
        raise InputError(f"column '{status}' is missing at row {_row(data.index[int(np.flatnonzero(codes < 0)[0])])}")
    return codes == LABOUR_STATUSES.index("employed")


def _coded(data: pd.DataFrame, column: str, allowed: Sequence) -> np.ndarray:
    """Each value's position in ``allowed`` (-1: missing); a value outside ``allowed`` is an error naming its row."""
    return level_codes(data[column], allowed, column)


def occupational_injury_rates(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"),
    fatal: str = "fatal_occupational_injury", nonfatal: str = "nonfatal_injury_cases", status: str = "labour_status",
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
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
    >>> float(occupational_injury_rates(df, by=None, design=Design("weight"), min_n=1)["estimate"].iloc[1])
    75000.0
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [fatal, nonfatal, status], by, design)
    return _rates(prepared, _injury_specs(data, _employed(data, status), fatal, nonfatal), level, min_n, max_cv)


def _injury_specs(data: pd.DataFrame, workers: np.ndarray, fatal: str, nonfatal: str) -> list[Spec]:
    fatal_values = _flag_values(data, fatal, workers, "employed persons")
    cases = _numbers_of(data, nonfatal, workers, "injury cases", "employed persons")
    bad = workers & ((cases < 0) | (cases != np.round(cases)))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InputError(f"column '{nonfatal}' must count injuries (0, 1, 2, ...); row {_row(data.index[first])} has "
                         f"{cases[first]:g}")
    return [("fatal_injury_rate", fatal_values, workers, 1e5),
            ("nonfatal_injury_rate", np.where(workers, cases, 0.0), workers, 1e5)]


def _numbers_of(data: pd.DataFrame, column: str, rows: np.ndarray, role: str, what: str) -> np.ndarray:
    """``column`` as float64 (text refused); a missing value is an error only in ``rows``, naming the first."""
    values = numeric_column(data, column, role, missing=True).to_numpy()
    missing = rows & np.isnan(values)
    if missing.any():
        raise InputError(f"column '{column}' is missing for {int(missing.sum()):,} {what}, first at row "
                         f"{_row(data.index[int(np.flatnonzero(missing)[0])])}")
    return values


def informality_rate(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"),
    informal: str = "informal", status: str = "labour_status", level: float = 0.95, min_n: int = 30,
    max_cv: float = 20.0,
) -> pd.DataFrame:
    """Informality rate (21st ICLS 2023): per cent of employed persons in informal employment.

    ``informal`` is True/False for every employed person (``status == "employed"``).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed", "employed", "unemployed"], "weight": [1.0, 3.0, 2.0],
    ...                    "informal": [True, False, None]})
    >>> float(informality_rate(df, by=None, design=Design("weight"), min_n=1)["estimate"].iloc[0])
    25.0
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [informal, status], by, design)
    workers = _employed(data, status)
    values = _flag_values(data, informal, workers, "employed persons")
    return _rates(prepared, [("informality_rate", values, workers, 100.0)], level, min_n, max_cv)


def pension_coverage(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"),
    contributes: str = "contributes_to_pension", among: Among = "employed", status: str = "labour_status",
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """Pension coverage: per cent of the employed (the course's definition) or of the labour force (the
    denominator of the ILO's World Social Protection Report 2020-22) contributing to a pension scheme.

    ``contributes`` is True/False for the employed; with ``among="labour_force"`` the unemployed
    count as not contributing where it is missing. Not SDG indicator 1.3.1 (see the module's notes).

    Example
    -------
    >>> df = pd.DataFrame({"labour_status": ["employed", "employed", "unemployed"], "weight": [1.0, 1.0, 2.0],
    ...                    "contributes_to_pension": [True, False, None]})
    >>> float(pension_coverage(df, by=None, design=Design("weight"), among="labour_force", min_n=1)["estimate"].iloc[0])
    25.0
    """
    if among not in ("employed", "labour_force"):
        raise InputError(f"argument 'among' must be 'employed' or 'labour_force', got {shown(among)}")
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [contributes, status], by, design)
    employed = _employed(data, status)
    values = _flag_values(data, contributes, employed, "employed persons")
    members = employed
    if among == "labour_force":
        unemployed = (data[status] == "unemployed").to_numpy()
        given = data[contributes].notna().to_numpy() & unemployed  # missing: not contributing
        values = values + _flag_values(data, contributes, given, "unemployed persons")
        members = employed | unemployed
    return _rates(prepared, [("pension_coverage", values, members, 100.0)], level, min_n, max_cv)


def neet_rate(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"), age: str = "age",
    in_education: str = "in_education_or_training", status: str = "labour_status", ages: tuple[int, int] = (15, 24),
    level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
) -> pd.DataFrame:
    """SDG 8.6.1: per cent of youth (aged 15-24) not in employment and not in education or training.

    ``in_education`` is True/False for every young person; ``ages`` the inclusive age range.

    Example
    -------
    >>> df = pd.DataFrame({"age": [16, 20, 23, 40], "labour_status": ["outside labour force", "employed",
    ...                    "unemployed", "employed"], "in_education_or_training": [True, False, False, False],
    ...                    "weight": [1.0, 1.0, 2.0, 5.0]})
    >>> float(neet_rate(df, by=None, design=Design("weight"), min_n=1)["estimate"].iloc[0])
    50.0
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [age, in_education, status], by, design)
    return _rates(prepared, _neet_specs(data, _employed(data, status), age, in_education, ages), level, min_n,
                  max_cv)


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
    requires, ``"under-qualified"`` when below, ``"matched"`` otherwise; missing where the level or
    the occupation is missing, or the occupation is 0 (armed forces occupations span several skill
    levels). ``isced`` holds ISCED 2011 levels (0-8), ``occupation`` ISCO-08 major groups (0-9): any
    other value is an error naming it and its row. Series are paired by their labels (they must
    have the same ones); lists and arrays by position.

    Example
    -------
    >>> list(qualification_match(pd.Series([6, 6, 2, 2, 0]), pd.Series([2, 9, 5, 9, 9])))
    ['matched', 'over-qualified', 'matched', 'over-qualified', 'under-qualified']
    >>> list(qualification_match([6, 1], [9, 9]))
    ['over-qualified', 'matched']
    """
    levels = _code_series(isced, "isced", CODES["isced_level"], "ISCED 2011 levels 0-8")
    groups = _code_series(occupation, "occupation", CODES["occupation"], "ISCO-08 major groups 0-9")
    if isinstance(isced, pd.Series) and isinstance(occupation, pd.Series):
        same_labels(isced=levels, occupation=groups)
        groups = groups.reindex(levels.index)
    elif len(levels) != len(groups):
        raise InputError(f"arguments 'isced' and 'occupation' must have the same length, got {len(levels):,} and "
                         f"{len(groups):,}")
    else:
        groups = pd.Series(groups.to_numpy(), index=levels.index)
    low, high = _required(groups.to_numpy())
    level = levels.to_numpy()
    with np.errstate(invalid="ignore"):
        result = np.select([level > high, level < low], ["over-qualified", "under-qualified"], "matched").astype(object)
    result[np.isnan(low) | np.isnan(level)] = None
    return pd.Series(result, index=levels.index, name="qualification_match", dtype=object)


def _code_series(values: object, name: str, allowed: Sequence[int], what: str) -> pd.Series:
    """``values`` (a Series, a list or an array of codes; missing allowed) as float64, each one in ``allowed``."""
    if isinstance(values, (str, bytes, pd.DataFrame)) or np.ndim(values) != 1:
        raise InputError(f"argument '{name}' must be a Series (or a list) of {what}, got {shown(values)}")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    numbers = numeric_column(series.to_frame(name), name, "", missing=True, subject=f"argument '{name}'")
    outside = numbers.notna().to_numpy() & ~numbers.isin(list(allowed)).to_numpy()
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        raise InputError(f"argument '{name}' has the value {numbers.iloc[first]:g} at row {_row(series.index[first])}, "
                         f"outside the {what}")
    return numbers


#: ISCED levels (lowest, highest) required by ISCO-08 major groups 0-9, looked up by position (NaN: not classified).
_REQUIRED = np.array([[np.nan, np.nan], *[REQUIRED_ISCED[g] for g in range(1, 10)]], dtype="float64")


def _required(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest ISCED level that each ISCO-08 major group requires (NaN for 0 or missing)."""
    known = ~np.isnan(groups)
    rows = np.where(known, groups, 0).astype(np.int64)
    return np.where(known, _REQUIRED[rows, 0], np.nan), np.where(known, _REQUIRED[rows, 1], np.nan)


def overqualification_rate(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"),
    isced: str = "isced_level", occupation: str = "occupation", status: str = "labour_status", level: float = 0.95,
    min_n: int = 30, max_cv: float = 20.0,
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
    >>> float(overqualification_rate(df, by=None, design=Design("weight"), min_n=1)["estimate"].iloc[0])
    75.0
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [isced, occupation, status], by, design)
    return _rates(prepared, _overqualification_specs(data, _employed(data, status), isced, occupation), level, min_n,
                  max_cv)


def _overqualification_specs(data: pd.DataFrame, employed: np.ndarray, isced: str, occupation: str) -> list[Spec]:
    checked = {}
    for column, codes in ((isced, CODES["isced_level"]), (occupation, CODES["occupation"])):
        values = _numbers_of(data, column, employed, "code", "employed persons")
        outside = employed & ~np.isin(values, codes)
        if outside.any():
            first = int(np.flatnonzero(outside)[0])
            raise InputError(f"column '{column}' has the value {values[first]:g} at row {_row(data.index[first])}, "
                             f"outside the documented codes {list(codes)}")
        checked[column] = values
    level, group = checked[isced], checked[occupation]
    members = employed & (level >= 5) & (group != 0)
    rows = np.flatnonzero(members)
    _, high = _required(group[rows])
    over = np.zeros(len(data))
    over[rows] = level[rows] > high
    return [("overqualification_rate", over, members, 100.0)]


def occupation_group_shares(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"),
    domestic: str = "domestic_worker", unit: str = "isco_unit", care: Sequence[int] = CARE_OCCUPATIONS,
    status: str = "labour_status", level: float = 0.95, min_n: int = 30, max_cv: float = 20.0,
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
    >>> occupation_group_shares(df, by=None, design=Design("weight"), min_n=1)["estimate"].tolist()
    [25.0, 25.0]
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    prepared = _prepare(data, [domestic, unit, status], by, design)
    return _rates(prepared, _occupation_specs(data, _employed(data, status), domestic, unit, care), level, min_n,
                  max_cv)


def _occupation_specs(data: pd.DataFrame, employed: np.ndarray, domestic: str, unit: str,
                      care: Sequence[int]) -> list[Spec]:
    domestic_values = _flag_values(data, domestic, employed, "employed persons")
    if isinstance(care, (str, bytes)) or not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool)
                                                 for c in care):
        raise InputError(f"argument 'care' must be a list of ISCO-08 unit groups (whole numbers), got {shown(care)}")
    units = _numbers_of(data, unit, employed, "ISCO-08 unit group", "employed persons")
    outside = employed & ~(((units >= 1000) & (units <= 9999)) | np.isin(units, (110, 210, 310)))
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        raise InputError(f"column '{unit}' has the value {units[first]:g} at row {_row(data.index[first])}, which is "
                         "not an ISCO-08 unit group (four digits, 1000-9999; 0110, 0210, 0310 for the armed forces)")
    in_care = employed & np.isin(units, [int(c) for c in care]) & (domestic_values != 1)
    return [("domestic_work", domestic_values, employed, 100.0), ("care_occupations", in_care.astype("float64"),
                                                                  employed, 100.0)]


def decent_work_indicators(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = ("sex", "migrant_status"), level: float = 0.95,
    min_n: int = 30, max_cv: float = 20.0,
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
    >>> decent_work_indicators(lfs, by=None, design=Design("weight"))["indicator"].tolist()[:3]
    ['fatal_injury_rate', 'nonfatal_injury_rate', 'informality_rate']
    """
    level, min_n, max_cv = check_reliability(level, min_n, max_cv)
    columns = ["labour_status", "fatal_occupational_injury", "nonfatal_injury_cases", "informal",
               "contributes_to_pension", "age", "in_education_or_training", "isced_level", "occupation",
               "domestic_worker", "isco_unit"]
    prepared = _prepare(data, columns, by, design)
    employed = _employed(data, "labour_status")
    specs = [*_injury_specs(data, employed, "fatal_occupational_injury", "nonfatal_injury_cases"),
             ("informality_rate", _flag_values(data, "informal", employed, "employed persons"), employed, 100.0),
             ("pension_coverage", _flag_values(data, "contributes_to_pension", employed, "employed persons"), employed,
              100.0),
             *_neet_specs(data, employed, "age", "in_education_or_training", (15, 24)),
             *_overqualification_specs(data, employed, "isced_level", "occupation"),
             *_occupation_specs(data, employed, "domestic_worker", "isco_unit", CARE_OCCUPATIONS)]
    return _rates(prepared, specs, level, min_n, max_cv)


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
    reference: str = "non-migrant", by: str | Sequence[str] | None = None, design: Design, level: float = 0.95,
    min_n: int = 30,
) -> pd.DataFrame:
    """Mean and median pay gap of each group against ``reference``, in per cent, with design-based SEs.

    ``gap = 100 (E_ref - E_group) / E_ref``, positive when the group earns less (ILO Global Wage
    Report 2018/19; ILO 2020, *The migrant pay gap*), for the persons with ``earnings`` (employees;
    missing elsewhere). The SE of the mean gap linearises the ratio of the two domain means; that of
    the median gap uses each median's linearised value ``(F(m) - 1[y <= m]) / f(m)`` with the density
    ``f`` read from the Woodruff interval (:func:`mlalib.labour.median_with_ci`; so each median's SE is the
    one R survey's ``svyquantile`` reports, interval width / 2z), combined by the delta method. Both use
    the whole design, so the covariance of the two groups through shared PSUs is included.

    Returns ``indicator`` (``"mean_pay_gap"``, ``"median_pay_gap"``), the ``by`` columns, ``group``
    (each group other than the reference), ``estimate`` (gap, per cent), ``se, ci_low, ci_high``,
    ``group_value, reference_value`` (earnings), ``n, n_reference``, ``unreliable`` (fewer than
    ``min_n`` respondents on either side) and ``reason``. A gap whose interval contains 0 is not
    statistically significant at that level.

    Example
    -------
    >>> df = pd.DataFrame({"monthly_earnings": [80.0, 120.0, 100.0, 300.0], "weight": [1.0] * 4,
    ...                    "migrant_status": ["migrant", "migrant", "non-migrant", "non-migrant"]})
    >>> pay_gap(df, design=Design("weight"), min_n=1)["estimate"].round(1).tolist()
    [50.0, 20.0]
    """
    design = require_design(design)
    level, min_n, _ = check_reliability(level, min_n, 0.0)
    by_cols = by_columns(by)
    require_columns(data, [earnings, group, *by_cols, *design.columns], "data")
    bound = design.bind(data)
    pay = numeric_column(data, earnings, "earnings", missing=True, non_negative=True).to_numpy()
    present = ~np.isnan(pay)
    if group in CODES:
        groups, names = _coded(data, group, CODES[group]), list(CODES[group])
    else:
        groups, names = pd.factorize(data[group])
    if (groups < 0).any():
        raise InputError(f"group column '{group}' is missing at row {_row(data.index[int(np.flatnonzero(groups < 0)[0])])}")
    code_of = {name: code for code, name in enumerate(names)}
    levels = _levels(data, group)
    if not (present & (groups == code_of.get(reference, -1))).any():
        raise InputError(f"reference group {shown(reference)} has no one with '{earnings}' in column '{group}' "
                         f"(values: {levels})")
    others = [g for g in levels if g != reference]
    if not others:
        raise InputError(f"column '{group}' holds only the reference group {shown(reference)}; there is no group "
                         "to compare with it")
    domains, keys = domain_codes(data, by_cols, levels={c: _levels(data, c) for c in by_cols})
    z = NormalDist().inv_cdf(0.5 + level / 2)
    if not z > 0:
        raise InputError(f"argument 'level' is too small ({level:g}): its interval has no width, so the median's "
                         "Woodruff interval cannot give a standard error; use a level such as 0.95")
    pairs = [(d, other) for d in range(len(keys)) for other in others]
    combined = np.where(present, domains * len(names) + groups, -1)
    cells = {(d, g): np.flatnonzero(combined == d * len(names) + code_of[g]) if g in code_of else np.array([], int)
             for d, other in pairs for g in (other, reference)}
    pay = np.where(present, pay, 0.0)
    stats = {cell: _gap_parts(pay, bound, rows, z) for cell, rows in cells.items() if len(rows)}
    rows, totals = [], []
    for d, other in pairs:
        key = keys.iloc[d].to_dict() if by_cols else {}
        mine, ref = (d, other), (d, reference)
        base = {**key, "group": other, "n": len(cells[mine]), "n_reference": len(cells[ref])}
        for k, name in enumerate(("mean_pay_gap", "median_pay_gap")):
            if mine not in stats or ref not in stats:
                rows.append({"indicator": name, **base, "estimate": np.nan, "group_value": np.nan,
                             "reference_value": np.nan})
                totals.append(None)
                continue
            (value_g, psu_g), (value_r, psu_r) = stats[mine][k], stats[ref][k]
            if value_r == 0:
                raise InputError(f"the {name.split('_')[0]} '{earnings}' of the reference group {shown(reference)}"
                                 f"{' in ' + str(tuple(key.values())) if key else ''} is 0, so a gap in per cent is "
                                 "undefined")
            rows.append({"indicator": name, **base, "estimate": 100.0 * (value_r - value_g) / value_r,
                         "group_value": value_g, "reference_value": value_r})
            totals.append(100.0 * (-psu_g / value_r + value_g * psu_r / value_r**2))  # delta method, per PSU
    out = pd.DataFrame(rows)
    filled = [k for k, total in enumerate(totals) if total is not None]
    se = np.full(len(out), np.nan)
    if filled:
        se[filled] = bound.standard_errors(np.stack([totals[k] for k in filled]))
    out["se"] = se
    out["ci_low"] = out["estimate"] - z * out["se"]
    out["ci_high"] = out["estimate"] + z * out["se"]
    empty = (out["n"] == 0) | (out["n_reference"] == 0)
    few = (out["n"] < min_n) | (out["n_reference"] < min_n)
    out["unreliable"] = empty | few
    out["reason"] = np.select([empty, few], list(REASONS[:2]), "")
    return out[["indicator", *by_cols, "group", "estimate", "se", "ci_low", "ci_high", "group_value",
                "reference_value", "n", "n_reference", "unreliable", "reason"]]


def _gap_parts(pay: np.ndarray, bound: BoundDesign, rows: np.ndarray, z: float) -> list[tuple[float, np.ndarray]]:
    """The weighted mean and median of ``pay`` over ``rows``, each with the PSU totals of its linearised values.

    Mean: ``(y - R) / N``. Median: ``(F(m) - 1[y <= m]) / (N f)``, with ``1/f`` read from the Woodruff
    interval ``F(m) +/- z se`` of the share at or below the median (so the median's SE is the one of R
    survey's ``svyquantile``, as in :func:`mlalib.labour.median_with_ci`). Only the rows of the domain are read.
    """
    w, y = bound.weights[rows], pay[rows]
    total_w = w.sum()
    mean = float((w * y).sum() / total_w)
    quantile = quantile_function(y, w)
    median = quantile(0.5)
    below = y <= median
    share_below = w[below].sum() / total_w
    psu_mean, psu_below = bound.psu_totals([(y - mean) / total_w, (below - share_below) / total_w], rows)
    se_below = float(bound.standard_errors(psu_below)[0])
    if se_below == 0:
        return [(mean, psu_mean), (median, np.zeros_like(psu_below))]
    low = quantile(max(0.0, share_below - z * se_below))
    high = quantile(min(1.0, share_below + z * se_below))
    return [(mean, psu_mean), (median, -(high - low) / (2 * z * se_below) * psu_below)]  # 1/f = (high - low) / 2 z se
