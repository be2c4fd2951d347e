"""ICLS categories, labour indicators, SDG 10.7.1, and return and reintegration indicators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib.data import load, reintegration_index
from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey
from mlalib.errors import InputError, MissingColumnError
from mlalib import labour, returns
from mlalib.survey import estimate
from mlalib.survey import Design


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


def test_return_migrant_worker_does_not_depend_on_birthplace():
    """20th ICLS: return migrant workers are residents who previously were migrant workers abroad,
    "irrespective of citizenship or place of birth" (a rule requiring native birth would leave out returning immigrants)."""
    raw = load("synthetic_lfs").head(3).copy()
    raw["country_of_birth"] = ["PHL", "IDN", "IDN"]
    raw["worked_abroad"] = [True, True, False]
    raw["years_since_return"] = pd.array([2, 3, pd.NA], dtype="Int64")
    out = labour.icls_categories(raw, country="PHL")
    assert out["return_migrant_worker"].tolist() == [True, True, False]
    assert out["time_since_return"].tolist()[:2] == ["1-4 years", "1-4 years"]


def test_labour_indicators_are_consistent_and_follow_the_ilo_pattern(lfs, survey_design):
    table = labour.labour_indicators(lfs, by="migrant_status", design=survey_design)
    table = table.set_index(["indicator", "migrant_status"])
    for group in ("migrant", "non-migrant"):
        lfpr = table.loc[("participation_rate", group), "estimate"]
        epr = table.loc[("employment_to_population", group), "estimate"]
        ur = table.loc[("unemployment_rate", group), "estimate"]
        assert epr == pytest.approx(lfpr * (1 - ur / 100), rel=1e-9)  # E/WAP = LF/WAP x E/LF
    assert table.loc[("participation_rate", "migrant"), "estimate"] > table.loc[("participation_rate", "non-migrant"),
                                                                                "estimate"]
    # the unemployment rate is a domain of the labour force, estimated on the whole design
    lf = lfs.assign(unemployed=lfs.labour_status == "unemployed")
    direct = estimate(lf, "unemployed", statistic="proportion", design=survey_design,
                      by=["migrant_status", "in_labour_force"])
    direct = direct[direct.in_labour_force].set_index("migrant_status")
    assert table.loc[("unemployment_rate", "migrant"), "se"] == pytest.approx(100 * direct.loc["migrant", "se"])


def test_full_icls_table_by_status_sex_and_age(lfs, survey_design):
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex", "age_group"], design=survey_design)
    assert len(table) == 3 * 2 * 2 * 5
    assert table["unreliable"].any() and not table["unreliable"].all()


def test_shares_distributions_and_earnings(lfs, survey_design):
    population = labour.share_of_migrants(lfs, among="population", design=survey_design)["estimate"].item()
    employed = labour.share_of_migrants(lfs, among="employed", design=survey_design)["estimate"].item()
    assert employed > population  # migrants participate more (ILO 2021: 4.3% of population, 4.9% of workers)
    status = labour.distribution(lfs.assign(employed=lfs.labour_status == "employed"), "status_in_employment",
                                 by="migrant_status", among="employed", design=survey_design)
    assert status.groupby("migrant_status")["estimate"].sum().tolist() == pytest.approx([100.0, 100.0])
    gap = labour.median_earnings_gap(lfs, "monthly_earnings", group="migrant_status", reference="non-migrant",
                                     design=Design("weight")).set_index("migrant_status")
    assert gap.loc["non-migrant", "gap_pct"] == 0 and gap.loc["migrant", "gap_pct"] > 0
    with pytest.raises(InputError, match="reference group 'natives' is not a value"):
        labour.median_earnings_gap(lfs, "monthly_earnings", group="migrant_status", reference="natives",
                                   design=Design("weight"))


def test_recruitment_cost_indicator(lfs, survey_design):
    """SDG 10.7.1: employees only, returned in the reference period (< 5 years), in per cent of monthly earnings."""
    out = labour.recruitment_cost_indicator(lfs, design=survey_design, by="sex").set_index("sex")
    workers = lfs[lfs.worked_abroad & lfs.employee_abroad.fillna(False) & (lfs.years_since_return < 5)]
    assert (~lfs.employee_abroad.fillna(True)).sum() > 50  # self-employed abroad exist and are left out
    assert out["n"].sum() == len(workers)
    rci = 100 * workers.recruitment_cost / workers.first_month_earnings_abroad
    for sex in ("female", "male"):
        chosen = workers.sex == sex
        mean = np.average(rci[chosen], weights=workers.weight[chosen])
        assert out.loc[sex, "mean"] == pytest.approx(mean, rel=1e-9)
        assert out.loc[sex, "median_ci_low"] <= out.loc[sex, "median"] <= out.loc[sex, "median_ci_high"]
        assert out.loc[sex, "mean"] > out.loc[sex, "median"]  # skewed
    assert out.loc["female", "share_paying_nothing_pct"] > 5
    assert 100 < out.loc["female", "mean"] < 300  # per cent: about two months of earnings, not 2
    everyone = labour.recruitment_cost_indicator(lfs, design=survey_design, employee=None, years_since_return=None)
    assert everyone["n"].item() == lfs.worked_abroad.sum() > out["n"].sum()  # every worker abroad, returned at any time, is a wider population
    with pytest.raises(InputError, match="no row is in the target population"):
        labour.recruitment_cost_indicator(lfs.assign(employee_abroad=False), design=survey_design)
    bad = lfs.copy()
    bad.loc[workers.index[0], "first_month_earnings_abroad"] = 0.0
    with pytest.raises(InputError, match="must be positive for the workers"):
        labour.recruitment_cost_indicator(bad, design=survey_design)


def test_weighted_median_and_woodruff_interval():
    assert labour.weighted_quantile(np.array([3.0, 1.0, 2.0]), np.ones(3), 0.5) == 2.0
    frame = pd.DataFrame({"y": np.arange(1.0, 101.0), "w": 1.0})
    out = labour.median_with_ci(frame, "y", design=Design("w"))
    assert out["median"].item() == 50.0
    assert 39 < out["ci_low"].item() < 50 < out["ci_high"].item() < 61  # about +/- 1.96 * 5 values


def test_woodruff_interval_is_r_survey_svyquantile_with_ties():
    # R 4.2, survey 4.1-1: svyquantile(~y, svydesign(ids = ~p, strata = ~s, weights = ~w, nest = TRUE, data = d),
    # quantiles = 0.5, ci = TRUE, se = TRUE, df = Inf) gives 40, [30, 70], se 10.2042691384931. The share at or
    # below the median is 0.6 (ties), and R centres the interval of the share there, not at 0.5 (that would give
    # [20, 60]).
    frame = pd.DataFrame({"y": [10, 20, 20, 20, 30, 40, 40, 50, 60, 60, 70, 80],
                          "w": [1, 2, 1, 3, 1, 2, 2, 1, 1, 2, 3, 1], "s": [1] * 6 + [2] * 6,
                          "p": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]})
    out = labour.median_with_ci(frame, "y", design=Design("w", strata="s", psu="p")).iloc[0]
    assert (out["median"], out["ci_low"], out["ci_high"]) == (40.0, 30.0, 70.0)


def test_labour_bad_input(lfs):
    with pytest.raises(InputError, match=r"column 'labour_status' has values \['retired'\] outside"):
        labour.icls_categories(lfs.assign(labour_status="retired"), country="PHL")
    with pytest.raises(MissingColumnError, match=r"lacks the column\(s\) \['citizenship'\]"):
        labour.icls_categories(lfs.drop(columns="citizenship"), country="PHL")
    with pytest.raises(InputError, match="column 'years_since_return' must not be negative; row 0 has -1"):
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
        returns.reintegration_scores(data.assign(housing=np.where(data.index == 2, 7, data.housing)), items)
    with pytest.raises(MissingColumnError, match=r"lacks the item column\(s\) \['wellbeing'\]"):
        returns.reintegration_scores(data.drop(columns="wellbeing"), items)
    with pytest.raises(InputError, match="dimensions \\['spiritual'\\]"):
        returns.reintegration_scores(data, items.assign(dimension="spiritual"))


def test_reintegration_summary_and_typology(survey_design):
    data = load("synthetic_returnees")
    summary = returns.reintegration_summary(data, reintegration_index("current"), design=survey_design,
                                            by="return_was_voluntary", threshold=0.6)
    assert set(summary["score"]) == {"economic", "social", "psychosocial", "composite", "share_at_threshold"}
    composite = summary[summary.score == "composite"].set_index("return_was_voluntary")["estimate"]
    assert composite[True] > composite[False]
    types = returns.returnee_typology(data)
    assert set(types) == {"freely decided, long stay", "freely decided, short stay", "not freely decided, long stay",
                          "not freely decided, short stay"}
    assert returns.duration_group(pd.Series([0, 1, 2.5, 9, 12])).tolist() == [
        "less than 1 year", "1-2 years", "1-2 years", "5-9 years", "10 years or more"]
    with pytest.raises(InputError, match="argument 'years' must not be negative; row 1 has -2"):
        returns.duration_group(pd.Series([1, -2]))
    assert returns.return_rate(5, 100) == 5.0


def test_willingness_follows_mirem_not_the_removal_flag():
    """Cassarino (2004) willingness: a return after the end of a contract or a job loss is not freely
    decided (MIREM), although the returnee was not removed (``return_was_voluntary`` is True)."""
    data = load("synthetic_returnees")
    free = returns.freely_decided(data)
    forced = data.reason_for_return.isin(["end of contract", "lost job", "returned by authorities"])
    assert (free == ~forced).all()
    assert (data.return_was_voluntary & ~free).sum() > 500  # a voluntary return is not always a freely decided one
    frame = pd.DataFrame({"reason_for_return": ["saved enough", "end of contract", "family reasons"],
                          "duration_abroad_years": [1, 8, 8], "savings": [True, True, False],
                          "skills": [True, True, False], "contacts": [False, True, False]})
    assert returns.returnee_typology(frame).tolist() == [
        "freely decided, short stay", "not freely decided, long stay", "freely decided, long stay"]
    by_resources = returns.returnee_typology(frame, resources=["savings", "skills", "contacts"])
    assert by_resources.tolist() == ["freely decided, resources mobilised", "not freely decided, resources mobilised",
                                     "freely decided, few resources mobilised"]  # a long stay is only a proxy
    with pytest.raises(InputError, match="column 'reason_for_return' has 1 missing"):
        returns.freely_decided(frame.assign(reason_for_return=["lost job", None, "other"]))
    with pytest.raises(MissingColumnError, match=r"resource column\(s\) \['assets'\]"):
        returns.returnee_typology(frame, resources=["assets"])


def test_synthetic_surveys_are_deterministic_and_bundled(survey_design):
    pd.testing.assert_frame_equal(load("synthetic_lfs"), labour_force_survey(seed=0))
    pd.testing.assert_frame_equal(load("synthetic_returnees"), returnee_survey(seed=0))
    pd.testing.assert_frame_equal(labour_force_survey(seed=9, n=3000), labour_force_survey(seed=9, n=3000))
    assert not labour_force_survey(seed=9, n=3000).equals(labour_force_survey(seed=10, n=3000))
    other = labour.icls_categories(labour_force_survey(seed=4, n=20_000, country="SEN"), country="SEN")
    table = labour.labour_indicators(other, by="migrant_status", design=survey_design)
    table = table.set_index(["indicator", "migrant_status"])
    assert table.loc[("participation_rate", "migrant"), "estimate"] > table.loc[("participation_rate",
                                                                                 "non-migrant"), "estimate"]


def test_recruitment_cost_gap_has_a_design_based_standard_error(lfs, survey_design):
    """Women minus men, percentage points; the linearised SE of the difference is close to the SE of two
    independent means (the domains share PSUs, so not equal) and the interval is gap +/- 1.96 SE."""
    gap = labour.recruitment_cost_gap(lfs, design=survey_design).iloc[0]
    table = labour.recruitment_cost_indicator(lfs, design=survey_design, by="sex").set_index("sex")
    assert gap.gap == pytest.approx(table.loc["female", "mean"] - table.loc["male", "mean"])
    independent = float(np.hypot(table.loc["female", "se"], table.loc["male", "se"]))
    assert gap.se == pytest.approx(independent, rel=0.15) and gap.se != pytest.approx(independent, rel=1e-9)
    assert gap.ci_low == pytest.approx(gap.gap - 1.959964 * gap.se, rel=1e-5)
    assert gap.significant == (gap.ci_low > 0 or gap.ci_high < 0)
    # a simple random sample of two groups: the SE is that of two independent means
    frame = pd.DataFrame({"recruitment_cost": [100.0, 200, 300, 400, 500, 600], "weight": 1.0,
                          "first_month_earnings_abroad": 100.0, "worked_abroad": True, "employee_abroad": True,
                          "years_since_return": 1, "sex": ["female"] * 3 + ["male"] * 3})
    simple = labour.recruitment_cost_gap(frame, design=Design("weight")).iloc[0]
    assert simple.gap == pytest.approx(-300.0)
    # each row its own PSU, one stratum of 6: var = 6/5 * sum_i u_i^2, u = (y - m_group) / 3 with the sign of the group
    assert simple.se == pytest.approx(np.sqrt(6 / 5 * 4 * (100 / 3) ** 2))
    with pytest.raises(InputError, match="argument 'value' 'women' is not a group of column 'sex'"):
        labour.recruitment_cost_gap(lfs, design=survey_design, value="women")
