"""Benchmark: the full ICLS table with standard errors on 1,000,000 respondents.

3 indicators (participation rate, employment-to-population ratio, unemployment rate) x migrant
status x sex x 5 age groups, stratified two-stage design (50 strata, 2,000 PSUs), computed by
:func:`mlalib.labour.labour_indicators`. The baseline, in the same run, computes the same table
the way a first implementation would: a Python loop over the 20 domains, each estimated with
``mlalib.survey.estimate`` on the whole sample (correct subpopulation estimates, but one pass over
a million rows per domain and indicator). Goal: under 2 s for the table.

Second case, the decent-work tables of notebook 09 (:mod:`mlalib.decent_work`) on a synthetic LFS of
1,000,000 respondents (``labour_force_survey``: 10 strata, 40,000 PSUs), computed by
:func:`mlalib.decent_work.decent_work_indicators` and :func:`mlalib.decent_work.pay_gap`: SDG 8.8.1 injury rates,
informality, pension coverage, NEET, over-qualification, domestic work and care occupations by sex x
migrant status (each with SEs), and the mean and median pay gap with SEs. The baseline, in the same
run, computes the same rates with a Python loop over the domains (one ``estimate`` on the whole
sample per domain and indicator), and the median gap without SEs (``labour.median_earnings_gap``).

Third case, :func:`reintegration_case`: the economic reintegration tables of notebook 10 on as many
returnees, against a loop over the domains in the same run.

Run: ``.venv/bin/python benchmarks/survey_bench.py [--rows 1000000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mlalib import decent_work, reintegration  # noqa: E402
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey  # noqa: E402
from mlalib.labour import icls_categories, labour_indicators, median_earnings_gap  # noqa: E402
from mlalib.survey import Design, estimate  # noqa: E402

DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def sample(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 2000, size=rows)
    psu[:2000] = np.arange(2000)
    migrant = rng.random(rows) < 0.1
    lf = rng.random(rows) < np.where(migrant, 0.7, 0.6)
    status = np.where(lf, np.where(rng.random(rows) < 0.06, "unemployed", "employed"), "outside labour force")
    return pd.DataFrame({
        "stratum": psu % 50, "psu": psu, "weight": rng.uniform(50, 500, size=rows),
        "migrant_status": np.where(migrant, "migrant", "non-migrant"),
        "sex": np.where(rng.random(rows) < 0.5, "female", "male"),
        "age_group": rng.choice(["15-24", "25-34", "35-44", "45-54", "55+"], size=rows),
        "labour_status": status,
    })


def baseline(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(lf=frame.labour_status != "outside labour force", employed=frame.labour_status == "employed",
                         unemployed=frame.labour_status == "unemployed")
    rows = []
    for key, _ in frame.groupby(["migrant_status", "sex", "age_group"]):
        member = ((frame.migrant_status == key[0]) & (frame.sex == key[1]) & (frame.age_group == key[2]))
        work = frame.assign(member=member)
        for name, variable, domain in [("participation_rate", "lf", "member"), ("employment_to_population", "employed",
                                        "member")]:
            out = estimate(work, variable, by=domain, design=DESIGN, statistic="proportion")
            rows.append((name, *key, float(out.loc[out.member, "estimate"].iloc[0])))
        work = work.assign(member_lf=member & work.lf)
        out = estimate(work, "unemployed", by="member_lf", design=DESIGN, statistic="proportion")
        rows.append(("unemployment_rate", *key, float(out.loc[out.member_lf, "estimate"].iloc[0])))
    return pd.DataFrame(rows, columns=["indicator", "migrant_status", "sex", "age_group", "estimate"])


def decent_work_tables(lfs: pd.DataFrame) -> pd.DataFrame:
    rates = decent_work.decent_work_indicators(lfs, by=["sex", "migrant_status"], design=DESIGN)
    return pd.concat([rates, decent_work.pay_gap(lfs, by="sex", design=DESIGN)], ignore_index=True)


def decent_work_baseline(lfs: pd.DataFrame) -> pd.DataFrame:
    """The same rates by a loop over the four domains, and the median gaps without SEs."""
    employed = lfs.labour_status == "employed"
    youth = lfs.age.between(15, 24)
    tertiary = employed & (lfs.isced_level >= 5)
    over = tertiary & (lfs.occupation >= 4)
    columns = {  # indicator: (variable, target population, scale)
        "fatal_injury_rate": (lfs.fatal_occupational_injury.fillna(False).astype(float), employed, 1e5),
        "nonfatal_injury_rate": (lfs.nonfatal_injury_cases.fillna(0).astype(float), employed, 1e5),
        "informality_rate": (lfs.informal.fillna(False).astype(float), employed, 100),
        "pension_coverage": (lfs.contributes_to_pension.fillna(False).astype(float), employed, 100),
        "neet_rate": ((~employed & ~lfs.in_education_or_training).astype(float), youth, 100),
        "overqualification_rate": (over.fillna(False).astype(float), tertiary, 100),
        "domestic_work": (lfs.domestic_worker.fillna(False).astype(float), employed, 100),
        "care_occupations": ((lfs.isco_unit.isin(decent_work.CARE_OCCUPATIONS) & ~lfs.domestic_worker.fillna(False))
                             .fillna(False).astype(float), employed, 100),
    }
    frame = lfs[["weight", "stratum", "psu"]].copy()
    rows = []
    for (sex, status), _ in lfs.groupby(["sex", "migrant_status"]):
        domain = (lfs.sex == sex) & (lfs.migrant_status == status)
        for name, (values, target, scale) in columns.items():
            work = frame.assign(y=values.to_numpy(), member=(domain & target).to_numpy())
            out = estimate(work, "y", design=DESIGN, by="member")
            rows.append((name, sex, status, scale * float(out.loc[out.member, "estimate"].iloc[0])))
    median_earnings_gap(lfs, "monthly_earnings", group="migrant_status", reference="non-migrant", design=DESIGN,
                        by="sex")
    return pd.DataFrame(rows, columns=["indicator", "sex", "migrant_status", "estimate"])


def decent_work_case(rows: int) -> None:
    lfs = icls_categories(labour_force_survey(seed=1, n=rows), country="PHL")
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        table = decent_work_tables(lfs)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    naive = decent_work_baseline(lfs)
    slow = time.perf_counter() - start
    merged = table.merge(naive, on=["indicator", "sex", "migrant_status"], suffixes=("", "_baseline"))
    same = len(merged) == len(naive) and np.allclose(merged["estimate"], merged["estimate_baseline"], rtol=1e-10)
    print(f"respondents: {rows:,}; strata: 10; PSUs: {lfs.psu.nunique():,}; decent-work table rows: {len(table)} "
          "(8 rates x sex x migrant status, 4 pay gaps; all with SEs)")
    print(f"decent_work tables (vectorised):         {best:7.2f} s")
    print(f"baseline (loop over domains; no gap SE): {slow:7.2f} s (same rates: {same})")
    print(f"speed-up:                                {slow / best:7.1f}x")


def reintegration_case(rows: int) -> None:
    """The economic reintegration tables (notebook 10) on ``rows`` returnees, against a loop baseline.

    Timed: the ten indicators of :func:`mlalib.reintegration.indicators` by sex, and the
    re-migration intention cross-tabulated by four factors (:func:`mlalib.reintegration.crosstab`).
    Baseline: each share estimated by :func:`mlalib.survey.estimate` with one membership column per
    (indicator or factor level) and domain, one pass over all rows each.
    """
    data = returnee_survey(seed=1, n=rows)
    factors = ["reason_for_return", "assistance_received", "return_was_voluntary", "sex"]
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        table = reintegration.indicators(data, by="sex", design=DESIGN)
        cross = reintegration.crosstab(data, "intends_to_reemigrate", factors, design=DESIGN)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    naive = []
    for name, (counted, domain) in reintegration.INDICATORS.items():
        inside = np.ones(len(data), bool) if domain is None else domain(data).to_numpy(bool)
        for sex in ("female", "male"):
            work = data.assign(_y=counted(data).to_numpy(bool), _in=inside & (data["sex"] == sex).to_numpy())
            out = estimate(work, "_y", by="_in", statistic="proportion", design=DESIGN)
            naive.append(float(out.loc[out["_in"], "estimate"].iloc[0]))
    for factor in factors:
        for level in data[factor].unique():
            work = data.assign(_in=data[factor] == level)
            out = estimate(work, "intends_to_reemigrate", by="_in", statistic="proportion", design=DESIGN)
            naive.append(float(out.loc[out["_in"], "estimate"].iloc[0]))
    slow = time.perf_counter() - start
    same = np.allclose(table["estimate"].to_numpy(), naive[: len(table)], rtol=1e-10)
    print(f"returnees: {rows:,}; reintegration indicators by sex ({len(table)} rows) and re-migration by "
          f"{len(factors)} factors ({len(cross)} rows)")
    print(f"reintegration tables (vectorised):       {best:7.2f} s")
    print(f"baseline (loop over domains):            {slow:7.2f} s (same estimates: {same})")
    print(f"speed-up:                                {slow / best:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    frame = sample(args.rows)
    by = ["migrant_status", "sex", "age_group"]
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        table = labour_indicators(frame, by=by, design=DESIGN)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    naive = baseline(frame)
    slow = time.perf_counter() - start
    merged = table.merge(naive, on=["indicator", *by], suffixes=("", "_baseline"))
    same = np.allclose(merged["estimate"] / 100, merged["estimate_baseline"], rtol=1e-10)
    print(f"respondents: {args.rows:,}; strata: 50; PSUs: 2,000; table rows: {len(table)} (with SEs and CIs)")
    print(f"labour_indicators (vectorised):          {best:7.2f} s")
    print(f"baseline (loop over domains):            {slow:7.2f} s (same estimates: {same})")
    print(f"speed-up:                                {slow / best:7.1f}x")
    print()
    decent_work_case(args.rows)
    print()
    reintegration_case(args.rows)


if __name__ == "__main__":
    main()
