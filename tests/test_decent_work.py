"""Decent work indicators: hand-computed cases, SEs against independent computations, bad input."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from mlalib import decent_work as dw
from mlalib.data.synthetic_surveys import EDUCATION, labour_force_survey
from mlalib.errors import InputError, MissingColumnError
from mlalib.labour import icls_categories, median_with_ci
from mlalib.survey import Design, estimate

Z = NormalDist().inv_cdf(0.975)


@pytest.fixture(scope="module")
def lfs() -> pd.DataFrame:
    return icls_categories(labour_force_survey(seed=5, n=6_000), country="PHL")


def textbook_se(data: pd.DataFrame, values: np.ndarray, member: np.ndarray) -> float:
    """SE of a domain mean by the with-replacement formula, written with loops over strata and PSUs."""
    w = data["weight"].to_numpy()
    total = w[member].sum()
    ratio = (w * values)[member].sum() / total
    u = np.where(member, w * (values - ratio) / total, 0.0)
    variance = 0.0
    for _, stratum in data.assign(u=u).groupby("stratum"):
        z = stratum.groupby("psu")["u"].sum().to_numpy()
        variance += len(z) / (len(z) - 1) * ((z - z.mean()) ** 2).sum()
    return float(np.sqrt(variance))


def row(table: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= (table[column] == value).to_numpy()
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


# --- hand-computed cases -------------------------------------------------------------------------------------------

def small() -> pd.DataFrame:
    return pd.DataFrame({
        "sex": ["female", "female", "male", "male", "male", "female"],
        "migrant_status": ["migrant", "migrant", "migrant", "non-migrant", "non-migrant", "non-migrant"],
        "age": [19, 30, 22, 23, 50, 17],
        "labour_status": ["employed", "employed", "unemployed", "employed", "employed", "outside labour force"],
        "weight": [2.0, 1.0, 1.0, 3.0, 1.0, 2.0],
        "informal": [True, False, None, True, False, None],
        "contributes_to_pension": [False, True, None, False, True, None],
        "nonfatal_injury_cases": [1, 0, None, 2, 0, None],
        "fatal_occupational_injury": [False, True, None, False, False, None],
        "in_education_or_training": [True, False, False, False, False, False],
        "isced_level": [6, 6, 3, 5, 2, 1],
        "occupation": [9, 2, None, 3, 7, None],
        "domestic_worker": [True, False, None, False, False, None],
        "isco_unit": [9111, 2221, None, 3221, 7112, None],
        "monthly_earnings": [100.0, 300.0, np.nan, 200.0, 400.0, np.nan],
    })


def test_hand_computed_rates_by_migrant_status():
    data = small()
    args = dict(by="migrant_status", design=Design("weight"), min_n=1)
    informal = dw.informality_rate(data, **args).set_index("migrant_status")["estimate"]
    assert informal["migrant"] == pytest.approx(100 * 2 / 3)   # weights 2 (informal) and 1
    assert informal["non-migrant"] == pytest.approx(100 * 3 / 4)
    pension = dw.pension_coverage(data, **args).set_index("migrant_status")["estimate"]
    assert pension["migrant"] == pytest.approx(100 / 3) and pension["non-migrant"] == pytest.approx(25.0)
    pension_lf = dw.pension_coverage(data, among="labour_force", **args).set_index("migrant_status")["estimate"]
    assert pension_lf["migrant"] == pytest.approx(100 * 1 / 4)  # the unemployed man counts, not contributing
    injuries = dw.occupational_injury_rates(data, **args)
    assert row(injuries, indicator="nonfatal_injury_rate", migrant_status="migrant")["estimate"] == \
        pytest.approx(1e5 * 2 / 3)
    assert row(injuries, indicator="nonfatal_injury_rate", migrant_status="non-migrant")["estimate"] == \
        pytest.approx(1e5 * 6 / 4)  # cases, not persons: 3 x 2 injuries
    assert row(injuries, indicator="fatal_injury_rate", migrant_status="migrant")["estimate"] == \
        pytest.approx(1e5 / 3)
    # youth 15-24: rows 0 (studying), 2 (unemployed, not studying: NEET), 3 (employed), 5 (17, not studying: NEET)
    neet = dw.neet_rate(data, **args).set_index("migrant_status")["estimate"]
    assert neet["migrant"] == pytest.approx(100 * 1 / 3) and neet["non-migrant"] == pytest.approx(100 * 2 / 5)
    # tertiary employed: row 0 (ISCED 6, group 9: over), row 1 (6, group 2: matched), row 3 (5, group 3: matched)
    over = dw.overqualification_rate(data, **args).set_index("migrant_status")["estimate"]
    assert over["migrant"] == pytest.approx(100 * 2 / 3) and over["non-migrant"] == 0.0
    shares = dw.occupation_group_shares(data, **args)
    assert row(shares, indicator="domestic_work", migrant_status="migrant")["estimate"] == pytest.approx(100 * 2 / 3)
    assert row(shares, indicator="care_occupations", migrant_status="migrant")["estimate"] == pytest.approx(100 / 3)
    assert row(shares, indicator="care_occupations", migrant_status="non-migrant")["estimate"] == pytest.approx(75.0)


def test_hand_computed_pay_gap():
    gap = dw.pay_gap(small(), design=Design("weight"), min_n=1)
    # migrants: mean (2*100 + 300) / 3; non-migrants: (3*200 + 400) / 4 = 250; medians 100 and 200
    assert row(gap, indicator="mean_pay_gap")["estimate"] == pytest.approx(100 * (250 - 500 / 3) / 250)
    assert row(gap, indicator="median_pay_gap")["estimate"] == pytest.approx(50.0)
    assert row(gap, indicator="median_pay_gap")["group_value"] == 100.0


def test_qualification_match_follows_the_skill_levels_of_isco_08():
    """ISCO-08 vol. 1, table 1: group 9 is skill level 1 (ISCED 1), groups 4-8 skill level 2 (ISCED 2-4), groups
    1-3 skill levels 3-4 (tertiary, ISCED 5-8); group 0 spans several levels and is not classified."""
    isced = pd.Series([1, 2, 3, 4, 2, 5, 5, 6, 8, 4, 0, 3, 7, 1])
    group = pd.Series([9, 9, 9, 8, 8, 3, 2, 3, 1, 1, 9, 0, 4, 4])
    assert dw.qualification_match(isced, group).tolist() == [
        "matched", "over-qualified", "over-qualified", "matched", "matched", "matched", "matched", "matched",
        "matched", "under-qualified", "under-qualified", None, "over-qualified", "under-qualified"]


def test_hourly_earnings_divide_by_the_monthly_hours():
    data = pd.DataFrame({"monthly_earnings": [2_600.0, np.nan, 520.0], "usual_hours": [40, 40, 10]})
    hourly = dw.hourly_earnings(data)
    assert hourly.iloc[0] == pytest.approx(2_600 / (40 * 52 / 12)) and hourly.iloc[0] == pytest.approx(15.0)
    assert np.isnan(hourly.iloc[1]) and hourly.iloc[2] == pytest.approx(12.0)


def test_hourly_pay_gap_by_hand():
    """Migrants earn the same per month for more hours: no monthly gap, a positive hourly gap."""
    data = pd.DataFrame({"monthly_earnings": [1_300.0, 1_300.0, 1_300.0, 1_300.0], "weight": [1.0] * 4,
                         "usual_hours": [50, 50, 40, 40], "migrant_status": ["migrant"] * 2 + ["non-migrant"] * 2})
    data["hourly_earnings"] = dw.hourly_earnings(data)
    monthly = row(dw.pay_gap(data, design=Design(weight="weight"), min_n=1), indicator="mean_pay_gap")["estimate"]
    hourly = row(dw.pay_gap(data, "hourly_earnings", design=Design(weight="weight"), min_n=1),
                 indicator="mean_pay_gap")["estimate"]
    assert monthly == pytest.approx(0.0) and hourly == pytest.approx(100 * (1 - 40 / 50))


@pytest.mark.parametrize("hours, message", [(0, "above 0"), (None, "above 0"), ("many", "hours")])
def test_hourly_earnings_need_hours_where_earnings_are_given(hours, message):
    data = pd.DataFrame({"monthly_earnings": [1_000.0, 800.0], "usual_hours": [40, hours]})
    with pytest.raises(InputError, match=message):
        dw.hourly_earnings(data)


def test_qualification_match_pairs_by_label_and_refuses_other_labels():
    isced = pd.Series([6, 1], index=["a", "b"])
    group = pd.Series([9, 9], index=["b", "a"])  # the same people in another order (group 9: ISCED 1)
    assert dw.qualification_match(isced, group).tolist() == ["over-qualified", "matched"]
    with pytest.raises(InputError, match=r"arguments 'isced' and 'occupation' must be Series with the same labels "
                                         r"\(only in 'isced': 'b'; only in 'occupation': 'c'\)"):
        dw.qualification_match(isced, pd.Series([9, 9], index=["a", "c"]))


@pytest.mark.parametrize("isced,occupation,message", [
    ([6, 99], [9, 9], "argument 'isced' has the value 99 at row 1, outside the ISCED 2011 levels 0-8"),
    ([-1, 6], [9, 9], "argument 'isced' has the value -1 at row 0, outside the ISCED 2011 levels 0-8"),
    ([6, 5.5], [9, 9], "argument 'isced' has the value 5.5 at row 1, outside the ISCED 2011 levels 0-8"),
    ([6, 6], [9, 10], "argument 'occupation' has the value 10 at row 1, outside the ISCO-08 major groups 0-9"),
    ([6, "6"], [9, 9], "argument 'isced' must hold numbers; row 1 has the text '6' \\(numbers written as text"),
    ([6, 6], [9], "arguments 'isced' and 'occupation' must have the same length, got 2 and 1"),
    (6, [9], "argument 'isced' must be a Series \\(or a list\\) of ISCED 2011 levels 0-8, got 6"),
])
def test_qualification_match_refuses_codes_outside_the_classifications(isced, occupation, message):
    with pytest.raises(InputError, match=message):
        dw.qualification_match(isced, occupation)


def test_qualification_match_takes_lists_and_arrays():
    assert dw.qualification_match([6, 1, None], np.array([9, 9, 9])).tolist() == ["over-qualified", "matched", None]


# --- standard errors against independent computations ---------------------------------------------------------------

@pytest.mark.parametrize("function,column,member", [
    (dw.informality_rate, "informal", "employed"),
    (dw.pension_coverage, "contributes_to_pension", "employed"),
])
def test_rate_se_matches_the_textbook_formula(lfs, function, column, member, survey_design):
    table = function(lfs, by=["sex", "migrant_status"], design=survey_design)
    for sex in ("female", "male"):
        for status in ("migrant", "non-migrant"):
            inside = ((lfs.labour_status == "employed") & (lfs.sex == sex) & (lfs.migrant_status == status)).to_numpy()
            values = lfs[column].fillna(False).to_numpy(dtype=float)
            got = row(table, sex=sex, migrant_status=status)
            assert got["estimate"] == pytest.approx(100 * np.average(values[inside], weights=lfs.weight[inside]))
            assert got["se"] == pytest.approx(100 * textbook_se(lfs, values, inside), rel=1e-9)
            assert got["ci_high"] - got["estimate"] == pytest.approx(Z * got["se"])


def test_injury_occupation_neet_overqualification_se_match_the_textbook_formula(lfs, survey_design):
    employed = (lfs.labour_status == "employed").to_numpy()
    cases = lfs.nonfatal_injury_cases.fillna(0).to_numpy(dtype=float)
    injuries = dw.occupational_injury_rates(lfs, by="migrant_status", design=survey_design)
    fatal = lfs.fatal_occupational_injury.fillna(False).to_numpy(dtype=float)
    domestic = lfs.domestic_worker.fillna(False).to_numpy(dtype=float)
    care = (lfs.isco_unit.isin(dw.CARE_OCCUPATIONS).fillna(False).to_numpy(dtype=bool) & (domestic == 0)).astype(float)
    shares = dw.occupation_group_shares(lfs, by="migrant_status", design=survey_design)
    for status in ("migrant", "non-migrant"):
        inside = employed & (lfs.migrant_status == status).to_numpy()
        for table, indicator, values, scale in [(injuries, "nonfatal_injury_rate", cases, 1e5),
                                                (injuries, "fatal_injury_rate", fatal, 1e5),
                                                (shares, "domestic_work", domestic, 100),
                                                (shares, "care_occupations", care, 100)]:
            got = row(table, indicator=indicator, migrant_status=status)
            assert got["estimate"] == pytest.approx(scale * np.average(values[inside], weights=lfs.weight[inside]))
            assert got["se"] == pytest.approx(scale * textbook_se(lfs, values, inside), rel=1e-9, abs=1e-12)
    youth = ((lfs.age >= 15) & (lfs.age <= 24)).to_numpy()
    neet_values = (~employed & ~lfs.in_education_or_training.to_numpy(dtype=bool)).astype(float)
    neet = dw.neet_rate(lfs, by=None, design=survey_design)
    assert neet["estimate"].item() == pytest.approx(100 * np.average(neet_values[youth], weights=lfs.weight[youth]))
    assert neet["se"].item() == pytest.approx(100 * textbook_se(lfs, neet_values, youth), rel=1e-9)
    tertiary = employed & (lfs.isced_level >= 5).to_numpy()
    over_values = (tertiary & (lfs.occupation >= 4).fillna(False).to_numpy(dtype=bool)).astype(float)
    over = dw.overqualification_rate(lfs, by=None, design=survey_design)
    assert over["se"].item() == pytest.approx(100 * textbook_se(lfs, over_values, tertiary), rel=1e-9)


def disjoint_sample(seed: int = 3, n: int = 1_600) -> pd.DataFrame:
    """One stratum; migrants and non-migrants live in different PSUs (so the two means are uncorrelated)."""
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 80, size=n)
    psu[:80] = np.arange(80)
    migrant = psu < 30
    return pd.DataFrame({"stratum": 1, "psu": psu, "weight": rng.uniform(50, 150, size=n),
                         "migrant_status": np.where(migrant, "migrant", "non-migrant"),
                         "monthly_earnings": np.round(np.exp(rng.normal(np.where(migrant, 9.8, 10.0), 0.5)), -1)})


def test_mean_gap_se_is_the_delta_method_of_the_engine_ses_when_groups_share_no_psu(survey_design):
    data = disjoint_sample()
    gap = row(dw.pay_gap(data, design=survey_design), indicator="mean_pay_gap")
    means = estimate(data, "monthly_earnings", by="migrant_status", design=survey_design).set_index("migrant_status")
    m, r = means.loc["migrant"], means.loc["non-migrant"]
    expected = 100 * np.hypot(m["se"] / r["estimate"], m["estimate"] * r["se"] / r["estimate"] ** 2)
    assert gap["estimate"] == pytest.approx(100 * (1 - m["estimate"] / r["estimate"]))
    assert gap["se"] == pytest.approx(expected, rel=1e-9)


def test_median_gap_se_uses_the_woodruff_se_of_each_median(survey_design):
    data = disjoint_sample(seed=8)
    gap = row(dw.pay_gap(data, design=survey_design), indicator="median_pay_gap")
    medians = median_with_ci(data, "monthly_earnings", by="migrant_status", design=survey_design)
    medians = medians.set_index("migrant_status")
    se = (medians["ci_high"] - medians["ci_low"]) / (2 * Z)  # svyquantile's SE
    m, r = medians.loc["migrant", "median"], medians.loc["non-migrant", "median"]
    expected = 100 * np.hypot(se["migrant"] / r, m * se["non-migrant"] / r**2)
    assert gap["estimate"] == pytest.approx(100 * (1 - m / r))
    assert gap["se"] == pytest.approx(expected, rel=1e-9)


def test_mean_gap_se_agrees_with_a_psu_jackknife(lfs, survey_design):
    """Delete-one-PSU jackknife (JKn, Wolter 2007 ch. 4), a different variance method: agreement within 10%."""
    gap = row(dw.pay_gap(lfs, design=survey_design), indicator="mean_pay_gap")
    paid = lfs[lfs.monthly_earnings.notna()]

    def statistic(frame: pd.DataFrame) -> float:
        means = frame.groupby("migrant_status").apply(
            lambda g: np.average(g.monthly_earnings, weights=g.weight), include_groups=False)
        return 100 * (1 - means["migrant"] / means["non-migrant"])

    variance = 0.0
    for _, stratum in lfs.groupby("stratum"):
        psus = stratum.psu.unique()
        n_h = len(psus)
        for dropped in psus:
            kept = paid[paid.psu != dropped].copy()
            inside = kept.stratum == stratum.stratum.iloc[0]
            kept.loc[inside, "weight"] *= n_h / (n_h - 1)
            variance += (n_h - 1) / n_h * (statistic(kept) - gap["estimate"]) ** 2
    assert gap["se"] == pytest.approx(np.sqrt(variance), rel=0.10)


# --- empty domains, reliability, bad input ---------------------------------------------------------------------------

def test_an_empty_domain_is_an_unreliable_row_with_its_reason():
    data = small()
    data = data[~((data.sex == "male") & (data.migrant_status == "migrant"))]
    table = dw.informality_rate(data, by=["sex", "migrant_status"], design=Design("weight"), min_n=1)
    assert len(table) == 4  # every documented combination
    empty = row(table, sex="male", migrant_status="migrant")
    assert empty["n"] == 0 and empty["unreliable"] and empty["reason"] == "no respondents"
    assert np.isnan(empty["estimate"])
    nobody = dw.informality_rate(small().assign(labour_status="unemployed"), by=None, design=Design("weight"))
    assert nobody["reason"].item() == "no respondents" and nobody["unreliable"].item()
    gap = dw.pay_gap(data, by="sex", design=Design("weight"), min_n=1)  # no male migrant, no female non-migrant earns
    assert set(gap["reason"]) == {"no respondents"} and gap["estimate"].isna().all() and gap["unreliable"].all()


def test_reasons_for_small_and_imprecise_cells(lfs, survey_design):
    table = dw.occupational_injury_rates(lfs, by=["sex", "migrant_status"], design=survey_design)
    assert set(table["reason"]) <= set(dw.REASONS) | {""}
    assert (table["reason"] != "").eq(table["unreliable"]).all()
    few = dw.neet_rate(lfs, by=["sex", "migrant_status"], design=survey_design, min_n=10_000)
    assert set(few["reason"]) == {"too few respondents"}


@pytest.mark.parametrize("change,function,message", [
    (lambda d: d.drop(columns="informal"), dw.informality_rate, "informal"),
    (lambda d: d.assign(migrant_status=d.migrant_status.replace("migrant", "foreign")), dw.informality_rate,
     "'migrant_status' has the value 'foreign'"),
    (lambda d: d.assign(labour_status=d.labour_status.replace("employed", "working")), dw.pension_coverage,
     "'working'"),
    (lambda d: d.assign(informal=d.informal.where(d.index != 1, None)), dw.informality_rate, "row 1"),
    (lambda d: d.assign(informal=d.informal.where(d.index != 0, "yes")), dw.informality_rate, "'yes'"),
    (lambda d: d.assign(occupation=d.occupation.replace(9, 12)), dw.overqualification_rate, "12"),
    (lambda d: d.assign(isced_level=d.isced_level.replace(6, 9)), dw.overqualification_rate, "'isced_level'"),
    (lambda d: d.assign(nonfatal_injury_cases=d.nonfatal_injury_cases.replace(2, 1.5)),
     dw.occupational_injury_rates, "1.5"),
    (lambda d: d.assign(isco_unit=d.isco_unit.replace(9111, 91)), dw.occupation_group_shares, "91"),
    (lambda d: d.assign(in_education_or_training=d.in_education_or_training.astype(object).where(d.index != 3)),
     dw.neet_rate, "row 3"),
])
def test_bad_input_names_the_column_and_value(change, function, message):
    with pytest.raises((InputError, MissingColumnError), match=message.replace("(", r"\(")):
        function(change(small()), by="migrant_status", design=Design("weight"), min_n=1)


def test_pay_gap_bad_input():
    with pytest.raises(InputError, match="reference group 'natives'"):
        dw.pay_gap(small(), reference="natives", design=Design("weight"))
    with pytest.raises(MissingColumnError, match="wage"):
        dw.pay_gap(small(), "wage", design=Design("weight"))
    with pytest.raises(InputError, match="'migrant_status' has the value 'foreign'"):
        dw.pay_gap(small().assign(migrant_status="foreign"), design=Design("weight"))
    with pytest.raises(InputError, match="only the reference group 'native'"):
        dw.pay_gap(small().assign(origin="native"), group="origin", reference="native", design=Design("weight"))


# --- the synthetic survey's new questions ----------------------------------------------------------------------------

def test_synthetic_decent_work_columns_are_consistent(lfs, survey_design):
    employed = lfs.labour_status == "employed"
    for column in ("domestic_worker", "isco_unit", "contributes_to_pension", "nonfatal_injury_cases",
                   "fatal_occupational_injury", "occupation", "usual_hours"):
        assert lfs.loc[employed, column].notna().all() and lfs.loc[~employed, column].isna().all(), column
    levels = {"basic or less": {0, 1, 2}, "intermediate": {3, 4}, "advanced": {5, 6, 7, 8}}
    for education in EDUCATION:
        assert set(lfs.loc[lfs.education == education, "isced_level"]) <= levels[education]
    assert (lfs.loc[employed, "isco_unit"] // 1000 == lfs.loc[employed, "occupation"]).all()
    women_migrants = row(dw.occupation_group_shares(lfs, design=survey_design), indicator="domestic_work", sex="female",
                         migrant_status="migrant")
    men = row(dw.occupation_group_shares(lfs, design=survey_design), indicator="domestic_work", sex="male",
              migrant_status="non-migrant")
    assert 6 < women_migrants["estimate"] < 25 and men["estimate"] < 3
    injuries = dw.occupational_injury_rates(lfs, by=None, design=survey_design).set_index("indicator")["estimate"]
    assert 1_000 < injuries["nonfatal_injury_rate"] < 6_000 and injuries["fatal_injury_rate"] < 200
    hours = lfs["usual_hours"]
    assert hours[employed].notna().all() and hours[~employed].isna().all() and hours[employed].between(10, 84).all()
    employees = lfs[lfs.monthly_earnings.notna()]
    mean_hours = employees.groupby("migrant_status")["usual_hours"].mean()
    assert 38 < mean_hours["non-migrant"] < 42 and 2 < mean_hours["migrant"] - mean_hours["non-migrant"] < 7


def test_decent_work_columns_are_seeded():
    a, b = labour_force_survey(seed=2, n=2_000), labour_force_survey(seed=2, n=2_000)
    pd.testing.assert_frame_equal(a, b)
    assert not a["in_education_or_training"].equals(labour_force_survey(seed=3, n=2_000)["in_education_or_training"])


def test_decent_work_indicators_equal_the_separate_functions(lfs, survey_design):
    together = dw.decent_work_indicators(lfs, design=survey_design)
    separate = pd.concat([f(lfs, design=survey_design) for f in (
        dw.occupational_injury_rates, dw.informality_rate, dw.pension_coverage, dw.neet_rate,
        dw.overqualification_rate, dw.occupation_group_shares)], ignore_index=True)
    pd.testing.assert_frame_equal(together, separate)


def test_figures_show_intervals_units_and_hatch_unreliable_cells(lfs, survey_design):
    from mlalib.views import decent_work_figures as figures

    injuries = dw.occupational_injury_rates(lfs, design=survey_design)
    fig = figures.rate_figure(injuries, "nonfatal_injury_rate", language="es")
    assert fig.layout.yaxis.title.text == "Por cada 100.000 trabajadores"
    bars = {trace.name: trace for trace in fig.data}
    table = injuries[injuries.indicator == "nonfatal_injury_rate"]
    migrant = table[table.migrant_status == "migrant"]
    assert list(bars["migrante"].y) == migrant["estimate"].round(2).tolist()
    assert list(bars["migrante"].marker.pattern.shape) == ["/" if u else "" for u in migrant["unreliable"]]
    gap_fig = figures.pay_gap_figure(dw.pay_gap(lfs, by="sex", design=survey_design), color="sex", language="fr")
    assert gap_fig.layout.yaxis.title.text == "Écart (pour cent)" and len(gap_fig.data) == 2
    empty = dw.informality_rate(small()[lambda d: d.migrant_status == "migrant"], by="migrant_status",
                                design=Design("weight"), min_n=1)
    assert len(figures.rate_figure(empty, "informality_rate", x="migrant_status", color=None).data[0].x) == 1
    with pytest.raises(InputError, match="no rows for indicator 'neet_rate'"):
        figures.rate_figure(injuries, "neet_rate")


def test_the_bundled_lfs_is_what_the_bundle_tool_writes(tmp_path):
    from mlalib.data.synthetic_bundles import write_bundles

    digests = write_bundles(tmp_path, ["synthetic_lfs"])
    bundled = Path(__file__).resolve().parents[1] / "data" / "synthetic_lfs.csv.gz"
    assert (tmp_path / "synthetic_lfs.csv.gz").read_bytes() == bundled.read_bytes()
    assert digests["synthetic_lfs"] in bundled.with_name("registry.yaml").read_text()
    with pytest.raises(InputError, match="synthetic_lsf"):
        write_bundles(tmp_path, ["synthetic_lsf"])


def test_a_single_psu_stratum_is_named_by_its_label(lfs, survey_design):
    data = lfs.assign(stratum=np.where(lfs.psu == lfs.psu.iloc[0], "lonely", lfs.stratum))
    with pytest.raises(InputError, match=r"strata \['lonely'\] of column 'stratum' have a single PSU"):
        dw.informality_rate(data, design=survey_design)
    with pytest.raises(InputError, match="'lonely'"):
        dw.pay_gap(data, design=survey_design)
    assert len(dw.informality_rate(data, design=replace(survey_design, lonely_psu="certainty"))) == 4
