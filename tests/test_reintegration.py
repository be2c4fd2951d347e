"""Economic reintegration indicators: hand-computed cases, SEs against independent computations, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib import reintegration as ri
from mlalib.data import load, reintegration_indices
from mlalib.data.synthetic_surveys import labour_force_survey
from mlalib.errors import InputError, MissingColumnError
from mlalib.labour import icls_categories
from mlalib.survey import Design


@pytest.fixture(scope="module")
def returnees() -> pd.DataFrame:
    return load("synthetic_returnees")


@pytest.fixture(scope="module")
def lfs() -> pd.DataFrame:
    return icls_categories(labour_force_survey(seed=3, n=8_000), country="PHL")


def _linearised_se(y: np.ndarray, inside: np.ndarray, w: np.ndarray, stratum: np.ndarray, psu: np.ndarray) -> float:
    """SE of a domain share by the textbook formula, written with loops (Lumley 2010, 2.2 and 3.4)."""
    total = (w * inside).sum()
    p = (w * y * inside).sum() / total
    variance = 0.0
    for h in np.unique(stratum):
        z = [sum(w[i] * inside[i] * (y[i] - p) / total for i in np.flatnonzero((stratum == h) & (psu == j)))
             for j in np.unique(psu[stratum == h])]
        variance += len(z) / (len(z) - 1) * sum((v - np.mean(z)) ** 2 for v in z)
    return float(np.sqrt(variance))


def test_shares_by_hand_and_their_se(returnees, survey_design):
    table = ri.indicators(returnees, design=survey_design).set_index("indicator")
    w = returnees["weight"].to_numpy()
    savings = returnees["savings_at_return"].to_numpy()
    business = (returnees["use_of_savings"] == "business investment").to_numpy()
    assert table.loc["savings_invested_in_business", "estimate"] == pytest.approx((w * business * savings).sum()
                                                                                   / (w * savings).sum())
    assert table.loc["savings_invested_in_business", "n"] == savings.sum()
    expected = _linearised_se(business.astype(float), savings, w, returnees["stratum"].to_numpy(),
                              returnees["psu"].to_numpy())
    assert table.loc["savings_invested_in_business", "se"] == pytest.approx(expected, rel=1e-9)
    recognised = returnees[returnees["qualification_abroad"]]
    assert table.loc["qualification_recognised", "estimate"] == pytest.approx(
        np.average(recognised["qualification_recognised"], weights=recognised["weight"]))
    assert set(table.columns) >= {"se", "ci_low", "ci_high", "cv", "unreliable", "reason"}


def test_tiny_case_by_hand():
    df = pd.DataFrame({"started_business": [True, False, False, True], "sex": ["female", "female", "male", "male"],
                       "w": [1.0, 3.0, 2.0, 2.0]})
    table = ri.indicators(df, design=Design("w"), by="sex", which=["started_business"], min_n=1)
    assert table["estimate"].tolist() == [0.25, 0.5]


def test_empty_domain_is_a_flagged_row_with_its_reason(returnees, survey_design):
    data = returnees.assign(qualification_abroad=returnees["qualification_abroad"] & (returnees["sex"] == "male"),
                            qualification_recognised=returnees["qualification_recognised"]
                            & (returnees["sex"] == "male"))
    table = ri.indicators(data, design=survey_design, by="sex", which=["qualification_recognised"]).set_index("sex")
    assert np.isnan(table.loc["female", "estimate"]) and table.loc["female", "unreliable"]
    assert table.loc["female", "reason"] == "no respondents in the domain" and table.loc["female", "n"] == 0
    assert not table.loc["male", "unreliable"] and table.loc["male", "reason"] == ""
    small = ri.indicators(returnees.head(40), design=Design("weight"), which=["started_business"], by="sex")
    assert small["reason"].eq("few respondents").all() and small["unreliable"].all()


def test_crosstab_of_reemigration_by_factor(returnees, survey_design):
    data = returnees.assign(preparedness=ri.preparedness(returnees))
    table = ri.crosstab(data, "intends_to_reemigrate", ["preparedness", "return_was_voluntary"], design=survey_design)
    rows = table[table.factor == "preparedness"].set_index("level")
    high = data[data.preparedness == "high"]
    assert rows.loc["high", "estimate"] == pytest.approx(np.average(high["intends_to_reemigrate"],
                                                                    weights=high["weight"]))
    assert rows.loc["none", "estimate"] > rows.loc["high", "estimate"]  # as the survey was generated
    assert set(table.loc[table.factor == "return_was_voluntary", "level"]) == {"True", "False"}


def test_preparedness_coding():
    df = pd.DataFrame({"reason_for_return": ["saved enough", "family reasons", "end of contract", "lost job"],
                       "planned_return": [True, True, True, False], "savings_at_return": [True, False, True, False],
                       "skills_acquired_abroad": [False, False, True, True]})
    # freely decided and ready; freely decided, not ready; not freely decided but ready; neither
    assert ri.preparedness(df).tolist() == ["high", "low", "low", "none"]
    assert ri.preparedness(df, min_resources=1).tolist() == ["high", "high", "low", "low"]
    with pytest.raises(InputError, match=r"column 'planned_return' must hold True/False \(or 1/0\); row 1 has 'yes'"):
        ri.preparedness(df.assign(planned_return=[True, "yes", True, False]))
    with pytest.raises(InputError, match="column 'reason_for_return' has 'bored' at row 0"):
        ri.preparedness(df.assign(reason_for_return=["bored", "lost job", "lost job", "lost job"]))
    with pytest.raises(InputError, match="'min_resources'"):
        ri.preparedness(df, min_resources=4)


def _gap_point(lfs: pd.DataFrame, w: np.ndarray, y: np.ndarray, used: np.ndarray) -> float:
    cell = lfs["sex"] + "/" + lfs["age_group"]
    ret = lfs["return_migrant_worker"].to_numpy() & used
    non = (lfs["migrant_status"] == "non-migrant").to_numpy() & ~lfs["return_migrant_worker"].to_numpy() & used
    frame = pd.DataFrame({"cell": cell, "w": w, "wy": w * y})
    r = frame[ret].groupby("cell")[["w", "wy"]].sum()
    n = frame[non].groupby("cell")[["w", "wy"]].sum()
    shares = r["w"] / r["w"].sum()
    return float(r["wy"].sum() / r["w"].sum() - (shares * (n["wy"] / n["w"]).reindex(shares.index)).sum())


@pytest.mark.parametrize("indicator", ["employment", "earnings"])
def test_labour_gap_point_by_hand_and_se_against_a_jackknife(lfs, indicator, survey_design):
    table = ri.labour_gap(lfs, indicator, design=survey_design).set_index("group")
    if indicator == "employment":
        y, used = (lfs["labour_status"] == "employed").to_numpy(float), np.ones(len(lfs), bool)
    else:
        used = lfs["monthly_earnings"].notna().to_numpy()
        y = lfs["monthly_earnings"].fillna(0).to_numpy()
    w = lfs["weight"].to_numpy()
    assert table.loc["gap", "estimate"] == pytest.approx(_gap_point(lfs, w, y, used), rel=1e-9)
    assert table.loc["gap", "estimate"] == pytest.approx(
        table.loc["return migrant workers", "estimate"] - table.loc["non-migrants (same age and sex)", "estimate"])
    variance = 0.0  # JKn: drop one PSU at a time, reweight the rest of its stratum
    for h, stratum in lfs.groupby("stratum"):
        psus = stratum["psu"].unique()
        replicates = []
        for j in psus:
            wj = np.where(lfs["stratum"] == h, w * len(psus) / (len(psus) - 1), w)
            wj = np.where(lfs["psu"] == j, 0.0, wj)
            replicates.append(_gap_point(lfs, wj, y, used))
        replicates = np.array(replicates)
        variance += (len(psus) - 1) / len(psus) * ((replicates - replicates.mean()) ** 2).sum()
    assert table.loc["gap", "se"] == pytest.approx(np.sqrt(variance), rel=0.10)


def test_labour_gap_without_comparison_group_is_flagged(lfs, survey_design):
    # no non-migrant women aged 55+: the returnees' cell has nobody to compare with
    drop = (lfs["migrant_status"] == "non-migrant") & ~lfs["return_migrant_worker"] & (lfs["sex"] == "female") \
        & (lfs["age_group"] == "55+")
    table = ri.labour_gap(lfs[~drop], design=survey_design).set_index("group")
    assert not table.loc["return migrant workers", "unreliable"]
    assert table.loc["gap", "unreliable"] and table.loc["gap", "reason"] == "no comparison group"
    assert np.isnan(table.loc["gap", "estimate"])


def test_bad_input_is_named(returnees, lfs, survey_design):
    with pytest.raises(MissingColumnError, match="savings_at_return"):
        ri.indicators(returnees.drop(columns="savings_at_return"), design=survey_design)
    with pytest.raises(InputError, match="column 'use_of_savings' has 'cattle' at row 5, outside its documented codes"):
        ri.indicators(returnees.assign(use_of_savings=returnees["use_of_savings"].where(returnees.index != 5,
                                                                                        "cattle")),
                      design=survey_design)
    with pytest.raises(InputError, match="column 'started_business' must hold True/False"):
        ri.indicators(returnees.assign(started_business="yes"), design=survey_design)
    with pytest.raises(InputError, match="unknown indicator"):
        ri.indicators(returnees, design=survey_design, which=["happiness"])
    with pytest.raises(InputError, match="column 'labour_status' has 'retired'"):
        ri.labour_gap(lfs.assign(labour_status="retired"), design=survey_design)
    with pytest.raises(MissingColumnError, match="return_migrant_worker"):
        ri.labour_gap(lfs.drop(columns="return_migrant_worker"), design=survey_design)
    with pytest.raises(InputError, match="'employment' or 'earnings'"):
        ri.labour_gap(lfs, "wages", design=survey_design)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_figures_in_every_language(returnees, language, survey_design):
    from mlalib import returns
    from mlalib.i18n import label, text
    from mlalib.views.reintegration_figures import shares_figure, weights_figure

    table = ri.indicators(returnees, design=survey_design)
    fig = shares_figure(table, language)
    assert fig.layout.title.text == text("figures.economic_reintegration_title", language)
    assert label("started_business", language) in fig.data[0].y
    assert fig.data[0].x[list(fig.data[0].y).index(label("started_business", language))] == pytest.approx(12.1, abs=0.1)
    comparison = returns.reintegration_weight_comparison(returnees, reintegration_indices(), design=survey_design)
    fig = weights_figure(comparison, language)
    assert len(fig.data) == 3 and fig.data[0].name.startswith(label("current", language))
    with pytest.raises(MissingColumnError, match="weight_set"):
        weights_figure(table, language)


def test_share_refuses_flags_it_cannot_read():
    df = pd.DataFrame({"w": [1.0, 2.0, 1.0]})
    with pytest.raises(InputError, match="argument 'counted' must hold True/False .* row 1 has None"):
        ri.share(df, pd.Series([True, None, False], dtype=object), design=Design("w"))
    with pytest.raises(InputError, match="argument 'domain' must be a Series .* index of 'data'"):
        ri.share(df, pd.Series([True, False, True]), design=Design("w"), domain=pd.Series([True, True], index=[5, 6]))


def test_every_indicator_equals_the_survey_engine_on_its_domain(returnees, survey_design):
    from mlalib.survey import estimate

    table = ri.indicators(returnees, design=survey_design, by="sex").set_index(["indicator", "sex"])
    for name, (counted, domain) in ri.INDICATORS.items():
        inside = True if domain is None else domain(returnees)
        work = returnees.assign(_y=counted(returnees).astype(bool), _in=inside)
        engine = estimate(work, "_y", statistic="proportion", by=["sex", "_in"], design=survey_design)
        engine = engine[engine["_in"]].set_index("sex")
        for sex in ("female", "male"):
            row = table.loc[(name, sex)]
            for column in ("estimate", "se", "ci_low", "ci_high", "n", "cv", "unreliable"):
                assert row[column] == pytest.approx(engine.loc[sex, column], rel=1e-9), (name, sex, column)


def test_labour_gap_by_sex_is_a_subpopulation(lfs, survey_design):
    table = ri.labour_gap(lfs, "employment", design=survey_design, by="sex").set_index(["sex", "group"])
    assert list(table.index.get_level_values("sex").unique()) == ["female", "male"]
    y = (lfs["labour_status"] == "employed").to_numpy(float)
    w = lfs["weight"].to_numpy()
    women = (lfs["sex"] == "female").to_numpy()
    assert table.loc[("female", "gap"), "estimate"] == pytest.approx(_gap_point(lfs, w, y, women), rel=1e-9)
    variance = 0.0  # JKn with the whole design: PSUs without women still count in their stratum
    for h, stratum in lfs.groupby("stratum"):
        psus = stratum["psu"].unique()
        replicates = []
        for j in psus:
            wj = np.where(lfs["stratum"] == h, w * len(psus) / (len(psus) - 1), w)
            replicates.append(_gap_point(lfs, np.where(lfs["psu"] == j, 0.0, wj), y, women))
        replicates = np.array(replicates)
        variance += (len(psus) - 1) / len(psus) * ((replicates - replicates.mean()) ** 2).sum()
    assert table.loc[("female", "gap"), "se"] == pytest.approx(np.sqrt(variance), rel=0.10)
    with pytest.raises(MissingColumnError, match="region"):
        ri.labour_gap(lfs, design=survey_design, by="region")


@pytest.mark.parametrize("options,message", [
    (dict(max_cv=-1), "argument 'max_cv' must be a non-negative number of per cent \\(inf: no limit\\), got -1"),
    (dict(min_n=1.5), "argument 'min_n' must be a whole number, got 1.5"),
    (dict(min_n=-5), "argument 'min_n' must be at least 0, got -5"),
])
def test_share_and_crosstab_refuse_impossible_limits(returnees, survey_design, options, message):
    with pytest.raises(InputError, match=message):
        ri.share(returnees, returnees["started_business"], design=survey_design, **options)
    with pytest.raises(InputError, match=message):
        ri.crosstab(returnees, "intends_to_reemigrate", ["sex"], design=survey_design, **options)
    with pytest.raises(InputError, match=message):
        ri.labour_gap(returnees, design=survey_design, **options)


def test_labour_gap_of_an_empty_domain_is_flagged_with_its_reason(lfs, survey_design):
    data = lfs.assign(return_migrant_worker=lfs["return_migrant_worker"] & (lfs["sex"] == "male"))
    table = ri.labour_gap(data, design=survey_design, by="sex").set_index(["sex", "group"])
    women = table.loc["female"]
    assert women["estimate"].isna().all() and women["unreliable"].all()
    assert (women["reason"] == "no respondents in the domain").all()
    assert women["n"].tolist() == [0, int(((lfs.sex == "female") & (lfs.migrant_status == "non-migrant")).sum()),
                                   int(((lfs.sex == "female") & (lfs.migrant_status == "non-migrant")).sum())]
    assert not table.loc["male", "unreliable"].any()


def test_labour_gap_without_cells_is_the_crude_comparison(lfs, survey_design):
    table = ri.labour_gap(lfs, design=survey_design, cells=[]).set_index("group")
    employed = (lfs["labour_status"] == "employed").to_numpy(float)
    w = lfs["weight"].to_numpy()
    returnee = lfs["return_migrant_worker"].to_numpy()
    non_migrant = (lfs["migrant_status"] == "non-migrant").to_numpy() & ~returnee
    crude = np.average(employed[non_migrant], weights=w[non_migrant])
    assert table.loc["non-migrants (same age and sex)", "estimate"] == pytest.approx(crude, rel=1e-12)
    assert table.loc["gap", "estimate"] == pytest.approx(np.average(employed[returnee], weights=w[returnee]) - crude)


def test_check_codes_names_a_missing_column():
    with pytest.raises(MissingColumnError, match=r"argument 'data' lacks the column\(s\) \['labour_status'\]"):
        ri.check_codes(pd.DataFrame({"sex": ["female"]}), ["sex", "labour_status"])
