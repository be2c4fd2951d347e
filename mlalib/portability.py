"""Returnees' skills and social security rights after return, and returnee profiles compared.

Weighted estimates with design-based standard errors (Taylor linearisation, :func:`mlalib.survey.estimate`;
every population is a domain of the whole design, never a subset of the rows).

Definitions and sources
-----------------------
* Skill use before and after return: the normative measure of over-qualification of the 20th ICLS
  (2018) *Guidelines concerning measurement of qualifications and skills mismatches of persons in
  employment* (:func:`mlalib.decent_work.qualification_match`: the worker's ISCED 2011 level against the
  level the ISCO-08 major group of the job requires), applied to the last job abroad and to the
  current job of the same persons: tertiary-educated returnees (ISCED 5-8) employed now.
  The change is the mean of each person's difference (now minus abroad), so its standard error
  accounts for the pairing. Comparing the same persons before and after return is the course's choice
  of indicator; no official indicator of returnees' skill use exists.
* Recognition of skills: recognition of prior learning (RPL) assesses and certifies skills acquired
  outside formal education, for example at work abroad (ILO 2018, *Recognition of prior learning (RPL):
  Learning package*); ILO Recommendation No. 195 (2004), para. 11, asks for the recognition of skills
  "irrespective of the countries where they were acquired". See the shares ``skills_certified`` and
  ``qualification_recognised`` of :func:`mlalib.reintegration.indicators`.
* Portability of social security rights: ILO Conventions No. 118 (1962, equality of treatment,
  benefits paid abroad) and No. 157 (1982, maintenance of social security rights: rights in course of
  acquisition, by adding up periods in several countries, and acquired rights, paid abroad); bilateral
  and multilateral social security agreements do this between two or more countries (ILO Recommendation
  No. 167, 1983). The shares ``contributed_abroad`` and ``pension_rights_kept`` (of those who
  contributed) of :func:`mlalib.reintegration.indicators` measure it.
* Returnee profiles (:func:`returnee_profile`): the course's coding, after the three groups the CRIS
  returnee surveys compared (Cassarino, ed., 2014, *Reintegration and development*, European University
  Institute): temporary labour migrants back at the end of their contract, long-term emigrants, and
  migrants removed by the authorities; the threshold of a long stay is a choice (``long_term``).
  IOM (2019, *Reintegration Handbook*) asks for assistance tailored to each returnee's needs, hence
  profiles compared with their uncertainty (:func:`share_gap`).

Example
-------
>>> from mlalib.data import load
>>> from mlalib.survey import Design
>>> design = Design(weight="weight", strata="stratum", psu="psu")
>>> table = overqualification_before_after(load("synthetic_returnees"), design=design)
>>> table["measure"].tolist()
['abroad', 'now', 'change']
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Sequence

import numpy as np
import pandas as pd

from mlalib._validate import numeric, numeric_column, require_columns, share
from mlalib.decent_work import qualification_match
from mlalib.errors import InputError, shown
from mlalib.reintegration import check_codes
from mlalib.survey import Design, estimate, require_design

#: The returnee profiles of :func:`returnee_profile`, in the order of the tables.
PROFILES = ("temporary labour migrant", "long-term emigrant", "removed by the authorities", "other returnee")
#: The measures of :func:`overqualification_before_after`.
MEASURES = ("abroad", "now", "change")


def returnee_profile(data: pd.DataFrame, *, reason: str = "reason_for_return",
                     duration: str = "duration_abroad_years", long_term: float = 10) -> pd.Series:
    """Each returnee's profile: the course's coding after the CRIS surveys (see the module's notes).

    ``"removed by the authorities"`` (reason ``"returned by authorities"``), ``"temporary labour migrant"``
    (back at the ``"end of contract"``), ``"long-term emigrant"`` (any other reason after ``long_term``
    years abroad or more) and ``"other returnee"`` (the rest: family reasons, a lost job, savings reached,
    other reasons after a shorter stay).

    Example
    -------
    >>> frame = pd.DataFrame({"reason_for_return": ["end of contract", "family reasons", "lost job"],
    ...                       "duration_abroad_years": [12, 12, 3]})
    >>> returnee_profile(frame).tolist()
    ['temporary labour migrant', 'long-term emigrant', 'other returnee']
    """
    require_columns(data, [reason, duration], "data")
    check_codes(data, [reason])
    threshold = float(numeric(long_term, "long_term", positive=True))
    years = numeric_column(data, duration, "duration", non_negative=True).to_numpy()
    why = data[reason].to_numpy()
    profile = np.select([why == "returned by authorities", why == "end of contract", years >= threshold],
                        [PROFILES[2], PROFILES[0], PROFILES[1]], PROFILES[3])
    return pd.Series(profile, index=data.index, name="profile", dtype="string")


def overqualification_before_after(
    data: pd.DataFrame, *, design: Design, by: str | Sequence[str] | None = None, education: str = "isced_level",
    before: str = "occupation_abroad",
    after: str = "occupation", status: str = "labour_status", level: float = 0.95, min_n: int = 30,
    max_cv: float = 20.0,
) -> pd.DataFrame:
    """Over-qualification of tertiary-educated returnees in their last job abroad and in their job now, in per cent.

    The population is the returnees with tertiary education (``education`` 5-8, ISCED 2011) who are
    employed now (``status``) and whose two occupations (ISCO-08 major groups 1-9 in ``before`` and
    ``after``) are known; a graduate is over-qualified in a job of major groups 4-9
    (:func:`mlalib.decent_work.qualification_match`). ``measure`` is ``"abroad"``, ``"now"`` and
    ``"change"`` (now minus abroad, percentage points: the mean of each person's difference, whose
    standard error accounts for the pairing), then the ``by`` columns and the columns of
    :func:`mlalib.survey.estimate` (``estimate, se, ci_low, ci_high, n, cv, unreliable``). The ``cv``
    of a change is not a reliability criterion (a change near 0 has a huge one): only ``n`` flags it.

    Example
    -------
    >>> df = pd.DataFrame({"isced_level": [6, 6, 6, 3], "occupation_abroad": [9, 9, 2, 9],
    ...                    "occupation": [2, 9, 2, 9], "labour_status": ["employed"] * 4, "weight": [1.0] * 4})
    >>> overqualification_before_after(df, design=Design(weight="weight"), min_n=1)["estimate"].round(1).tolist()
    [66.7, 33.3, -33.3]
    """
    design = require_design(design)
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    require_columns(data, [education, before, after, status, *design.columns, *by_cols], "data")
    level = share(level, "level", open_interval=True)
    employed = (data[status] == "employed").to_numpy()
    isced = numeric_column(data, education, "education", non_negative=True)
    groups = {}
    for column in (before, after):
        values = pd.to_numeric(data[column], errors="coerce").where(employed)
        bad = employed & ~values.isin(range(10)).to_numpy()
        if bad.any():
            first = data.index[bad][0]
            value = data.loc[first, column]
            raise InputError(f"column '{column}' has {shown(value.item() if isinstance(value, np.generic) else value)} "
                             f"at row {shown(first)} for an employed returnee; expected an ISCO-08 major group 0-9")
        groups[column] = values
    inside = (employed & (isced >= 5).to_numpy() & groups[before].between(1, 9).to_numpy()
              & groups[after].between(1, 9).to_numpy())
    over = {column: (qualification_match(isced.where(inside), groups[column].where(inside)) == "over-qualified")
            .to_numpy(dtype="float64") for column in (before, after)}
    work = data[list(dict.fromkeys([*design.columns, *by_cols]))].copy()
    work["_inside"] = inside
    work = work.assign(abroad=100 * over[before], now=100 * over[after], change=100 * (over[after] - over[before]))
    tables = []
    for measure in MEASURES:
        table = estimate(work, measure, design=design, by=["_inside", *by_cols], level=level, min_n=min_n,
                         max_cv=np.inf if measure == "change" else max_cv)
        tables.append(table[table["_inside"]].drop(columns="_inside").assign(measure=measure))
    out = pd.concat(tables, ignore_index=True)
    return out[["measure", *[c for c in out.columns if c != "measure"]]]


def share_gap(
    data: pd.DataFrame, counted: pd.Series, group: str, first: object, second: object, *, design: Design,
    domain: pd.Series | None = None, level: float = 0.95,
) -> pd.DataFrame:
    """The difference of a weighted share between two groups of one sample (``first`` minus ``second``).

    ``counted`` (True/False) is counted among the rows of ``domain`` (default: every row) in each group
    of column ``group``. Both groups come from the same sample and the same PSUs, so the difference is
    estimated as one statistic: its linearised variable is ``(y - p_1) / N_1`` for a member of the first
    group, ``-(y - p_2) / N_2`` for a member of the second and 0 for everyone else, whose design-based
    variance :func:`mlalib.survey.estimate` gives (the covariance of the two shares included, not two
    standard errors combined as if independent). One row: ``first, second, estimate_first,
    estimate_second, gap, se, ci_low, ci_high, n_first, n_second`` (shares from 0 to 1).

    Example
    -------
    >>> df = pd.DataFrame({"y": [True, False, True, True], "g": ["a", "a", "b", "b"], "w": [1.0, 3.0, 1.0, 1.0]})
    >>> share_gap(df, df["y"], "g", "b", "a", design=Design(weight="w"))["gap"].item()
    0.75
    """
    design = require_design(design)
    require_columns(data, [group, *design.columns], "data")
    level = share(level, "level", open_interval=True)
    for name, flags in (("counted", counted), ("domain", domain)):
        if flags is not None and (not isinstance(flags, pd.Series) or not flags.index.equals(data.index)
                                  or not flags.isin([True, False]).all()):
            raise InputError(f"argument '{name}' must be a Series of True/False with the index of 'data'")
    inside = np.ones(len(data), dtype=bool) if domain is None else domain.to_numpy(dtype=bool)
    y = counted.to_numpy(dtype="float64")
    w = numeric_column(data, design.weight, "weight", positive=True).to_numpy()
    members, points, sizes, counts = [], [], [], []
    for value in (first, second):
        member = inside & (data[group] == value).to_numpy()
        if not member.any():
            present = sorted(pd.unique(data.loc[inside, group]).tolist(), key=str)
            raise InputError(f"no respondent of the domain has {shown(value)} in column '{group}'; values there: "
                             f"{present}")
        size = w[member].sum()
        members.append(member)
        points.append(float((w * y)[member].sum() / size))
        sizes.append(size)
        counts.append(int(member.sum()))
    u = (np.where(members[0], (y - points[0]) / sizes[0], 0.0) - np.where(members[1], (y - points[1]) / sizes[1], 0.0))
    se = float(estimate(data[design.columns].assign(_u=u), "_u", design=design, statistic="total", min_n=0,
                        max_cv=np.inf)["se"].iloc[0])
    gap = points[0] - points[1]
    z = NormalDist().inv_cdf(0.5 + level / 2)
    return pd.DataFrame([{"first": first, "second": second, "estimate_first": points[0],
                          "estimate_second": points[1], "gap": gap, "se": se, "ci_low": gap - z * se,
                          "ci_high": gap + z * se, "n_first": counts[0], "n_second": counts[1]}])


__all__ = ["MEASURES", "PROFILES", "overqualification_before_after", "returnee_profile", "share_gap"]
