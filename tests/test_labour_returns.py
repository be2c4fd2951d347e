"""ICLS categories, labour indicators, SDG 10.7.1, and return and reintegration indicators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib.data import load
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey
from mlalib.errors import InputError, MissingColumnError
from mlalib import labour, returns
from mlalib.survey import estimate

DESIGN = dict(weight="weight", strata="stratum", psu="psu")


@pytest.fixture(scope="module")
def lfs() -> pd.DataFrame:
    return labour.icls_categories(load("synthetic_lfs"), country="PHL")


def test_icls_categories_follow_the_definitions(lfs):
    raw = load("synthetic_lfs")
    assert (lfs["foreign_born"] == (raw.country_of_birth != "PHL")).all()
    assert (lfs["international_migrant"] == (raw.country_of_birth != "PHL")).all()  # default: place of birth
    workers = lfs["international_migrant_worker"]
    assert (workers == lfs["international_migrant"] & raw.labour_status.isin(["employed", "unemployed"])).all()
    assert (lfs.loc[lfs.for_work_migrant, "reason_for_migration"] == "work").all()
    assert (lfs.loc[lfs.for_work_migrant, "years_since_arrival"] <= 5).all()
    assert (lfs["return_migrant_worker"] == raw.worked_abroad).all()
    assert lfs.loc[lfs.return_migrant_worker, "time_since_return"].notna().all()
    pd.testing.assert_frame_equal(load("synthetic_lfs"), raw)  # the data given are not changed
    either = labour.icls_categories(raw, country="PHL", criterion="birth-or-citizenship")
    assert either["international_migrant"].sum() > lfs["international_migrant"].sum()


def test_labour_indicators_are_consistent_and_follow_the_ilo_pattern(lfs):
    table = labour.labour_indicators(lfs, by="migrant_status", **DESIGN).set_index(["indicator", "migrant_status"])
    for group in ("migrant", "non-migrant"):
        lfpr = table.loc[("participation_rate", group), "estimate"]
        epr = table.loc[("employment_to_population", group), "estimate"]
        ur = table.loc[("unemployment_rate", group), "estimate"]
        assert epr == pytest.approx(lfpr * (1 - ur / 100), rel=1e-9)  # E/WAP = LF/WAP x E/LF
    assert table.loc[("participation_rate", "migrant"), "estimate"] > table.loc[("participation_rate", "non-migrant"),
                                                                                "estimate"]
    # the unemployment rate is a domain of the labour force, estimated on the whole design
    lf = lfs.assign(unemployed=lfs.labour_status == "unemployed")
    direct = estimate(lf, "unemployed", statistic="proportion", **DESIGN, by=["migrant_status", "in_labour_force"])
    direct = direct[direct.in_labour_force].set_index("migrant_status")
    assert table.loc[("unemployment_rate", "migrant"), "se"] == pytest.approx(100 * direct.loc["migrant", "se"])


def test_full_icls_table_by_status_sex_and_age(lfs):
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex", "age_group"], **DESIGN)
    assert len(table) == 3 * 2 * 2 * 5
    assert table["unreliable"].any() and not table["unreliable"].all()


def test_shares_distributions_and_earnings(lfs):
    population = labour.share_of_migrants(lfs, among="population", **DESIGN)["estimate"].item()
    employed = labour.share_of_migrants(lfs, among="employed", **DESIGN)["estimate"].item()
    assert employed > population  # migrants participate more (ILO 2021: 4.3% of population, 4.9% of workers)
    status = labour.distribution(lfs.assign(employed=lfs.labour_status == "employed"), "status_in_employment",
                                 by="migrant_status", among="employed", **DESIGN)
    assert status.groupby("migrant_status")["estimate"].sum().tolist() == pytest.approx([100.0, 100.0])
    gap = labour.median_earnings_gap(lfs, "monthly_earnings", group="migrant_status", reference="non-migrant",
                                     weight="weight").set_index("migrant_status")
    assert gap.loc["non-migrant", "gap_pct"] == 0 and gap.loc["migrant", "gap_pct"] > 0
    with pytest.raises(InputError, match="reference group 'natives' is not a value"):
        labour.median_earnings_gap(lfs, "monthly_earnings", group="migrant_status", reference="natives",
                                   weight="weight")


def test_recruitment_cost_indicator(lfs):
    out = labour.recruitment_cost_indicator(lfs, **DESIGN, by="sex").set_index("sex")
    workers = lfs[lfs.worked_abroad]
    rci = workers.recruitment_cost / workers.first_month_earnings_abroad
    for sex in ("female", "male"):
        chosen = workers.sex == sex
        mean = np.average(rci[chosen], weights=workers.weight[chosen])
        assert out.loc[sex, "mean"] == pytest.approx(mean, rel=1e-9)
        assert out.loc[sex, "median_ci_low"] <= out.loc[sex, "median"] <= out.loc[sex, "median_ci_high"]
        assert out.loc[sex, "mean"] > out.loc[sex, "median"]  # skewed
    assert out.loc["female", "share_paying_nothing_pct"] > 5
    bad = lfs.copy()
    bad.loc[bad.worked_abroad.idxmax(), "first_month_earnings_abroad"] = 0.0
    with pytest.raises(InputError, match="must be positive for the workers"):
        labour.recruitment_cost_indicator(bad, **DESIGN)


def test_weighted_median_and_woodruff_interval():
    assert labour.weighted_quantile(np.array([3.0, 1.0, 2.0]), np.ones(3), 0.5) == 2.0
    frame = pd.DataFrame({"y": np.arange(1.0, 101.0), "w": 1.0})
    out = labour.median_with_ci(frame, "y", weight="w")
    assert out["median"].item() == 50.0
    assert 39 < out["ci_low"].item() < 50 < out["ci_high"].item() < 61  # about +/- 1.96 * 5 values


def test_labour_bad_input(lfs):
    with pytest.raises(InputError, match=r"column 'labour_status' has values \['retired'\] outside"):
        labour.icls_categories(lfs.assign(labour_status="retired"), country="PHL")
    with pytest.raises(MissingColumnError, match=r"lacks the column\(s\) \['citizenship'\]"):
        labour.icls_categories(lfs.drop(columns="citizenship"), country="PHL")
    with pytest.raises(InputError, match="column 'years_since_return' has negative values"):
        labour.icls_categories(lfs.assign(years_since_return=-1), country="PHL")


def test_reintegration_scores_follow_the_item_table():
    data = load("synthetic_returnees")
    items = load("reintegration_items")
    scores = returns.reintegration_scores(data, items)
    first = data.iloc[0]
    economic = np.mean([first.income_sufficiency / 4, 1 - first.debt_burden / 4, first.employment_quality / 4])
    assert scores.loc[0, "economic"] == pytest.approx(economic)
    assert scores.min().min() >= 0 and scores.max().max() <= 1
    heavier = items.assign(composite_weight=np.where(items.dimension == "economic", 3.0, 1.0))
    composite = returns.reintegration_scores(data, heavier)["composite"]
    assert not np.allclose(composite, scores["composite"])
    with pytest.raises(InputError, match=r"item 'housing' has 7 at row 2, outside its scale 0-4"):
        returns.reintegration_scores(data.assign(housing=np.where(data.index == 2, 7, data.housing)))
    with pytest.raises(MissingColumnError, match=r"lacks the item column\(s\) \['wellbeing'\]"):
        returns.reintegration_scores(data.drop(columns="wellbeing"))
    with pytest.raises(InputError, match="dimensions \\['spiritual'\\]"):
        returns.reintegration_scores(data, items.assign(dimension="spiritual"))


def test_reintegration_summary_and_typology():
    data = load("synthetic_returnees")
    summary = returns.reintegration_summary(data, weight="weight", strata="stratum", psu="psu",
                                            by="return_was_voluntary", threshold=0.6)
    assert set(summary["score"]) == {"economic", "social", "psychosocial", "composite", "share_at_threshold"}
    composite = summary[summary.score == "composite"].set_index("return_was_voluntary")["estimate"]
    assert composite[True] > composite[False]
    types = returns.returnee_typology(data)
    assert set(types) == {"own decision, long stay", "own decision, short stay", "compelled, long stay",
                          "compelled, short stay"}
    assert returns.duration_group(pd.Series([0, 1, 2.5, 9, 12])).tolist() == [
        "less than 1 year", "1-2 years", "1-2 years", "5-9 years", "10 years or more"]
    with pytest.raises(InputError, match="durations must not be negative"):
        returns.duration_group(pd.Series([1, -2]))
    assert returns.return_rate(5, 100) == 5.0


def test_synthetic_surveys_are_deterministic_and_bundled():
    pd.testing.assert_frame_equal(load("synthetic_lfs"), labour_force_survey(seed=0))
    pd.testing.assert_frame_equal(load("synthetic_returnees"), returnee_survey(seed=0))
    pd.testing.assert_frame_equal(labour_force_survey(seed=9, n=3000), labour_force_survey(seed=9, n=3000))
    assert not labour_force_survey(seed=9, n=3000).equals(labour_force_survey(seed=10, n=3000))
    other = labour.icls_categories(labour_force_survey(seed=4, n=20_000, country="SEN"), country="SEN")
    table = labour.labour_indicators(other, by="migrant_status", **DESIGN).set_index(["indicator", "migrant_status"])
    assert table.loc[("participation_rate", "migrant"), "estimate"] > table.loc[("participation_rate",
                                                                                 "non-migrant"), "estimate"]
