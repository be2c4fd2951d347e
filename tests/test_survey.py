"""Survey estimates against samplics (an independent implementation) and the textbook formulas."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlalib.errors import InputError, MissingColumnError
from mlalib.survey import Design, domain_codes, estimate, require_design

REFERENCE = Path(__file__).resolve().parent / "reference"
@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "survey_sample.csv")


@pytest.fixture(scope="module")
def figures() -> dict:
    return json.loads((REFERENCE / "survey_samplics.json").read_text())["figures"]


CASES = [("mean_income", dict(variable="income", statistic="mean")),
         ("total_income", dict(variable="income", statistic="total")),
         ("proportion_employed", dict(variable="employed", statistic="proportion")),
         ("ratio_income_hours", dict(variable="income", statistic="ratio", denominator="hours"))]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("domain", [None, "sex", "migrant"])
def test_matches_samplics_to_1e_8(sample, figures, survey_design, name, kwargs, domain):
    result = estimate(sample, **kwargs, design=survey_design, by=domain)
    expected = figures[f"{name}|{domain or ''}"]
    for key, (point, se) in expected.items():
        row = result if domain is None else result[result[domain] == key]
        assert row["estimate"].item() == pytest.approx(point, rel=1e-8)
        assert row["se"].item() == pytest.approx(se, rel=1e-8)


def test_domains_use_the_whole_design_not_a_subset(sample, survey_design):
    by_domain = estimate(sample, "income", design=survey_design, by="migrant").set_index("migrant")
    subset = sample[sample.migrant == "migrant"]
    alone = estimate(subset, "income", design=replace(survey_design, lonely_psu="certainty"))
    assert by_domain.loc["migrant", "estimate"] == pytest.approx(alone["estimate"].item())
    assert by_domain.loc["migrant", "se"] != pytest.approx(alone["se"].item(), rel=1e-6)


def test_output_columns_ci_and_flags(sample, survey_design):
    out = estimate(sample, "employed", statistic="proportion", design=survey_design, by=["sex", "migrant"], min_n=60)
    assert list(out.columns) == ["sex", "migrant", "estimate", "se", "ci_low", "ci_high", "n", "cv", "unreliable"]
    assert len(out) == 4
    np.testing.assert_allclose(out["ci_high"] - out["estimate"], 1.959963984540054 * out["se"])
    assert out["n"].sum() == len(sample)
    assert (out["unreliable"] == ((out["n"] < 60) | (out["cv"] > 20))).all()
    narrow = estimate(sample, "income", design=survey_design, level=0.5)
    wide = estimate(sample, "income", design=survey_design, level=0.99)
    assert (narrow.ci_high - narrow.ci_low).item() < (wide.ci_high - wide.ci_low).item()


def test_category_shares_sum_to_one(sample, survey_design):
    shares = estimate(sample, "migrant", statistic="proportion", design=survey_design, by="sex")
    assert list(shares.columns[:2]) == ["sex", "category"]
    assert shares.groupby("sex")["estimate"].sum().tolist() == pytest.approx([1.0, 1.0])
    direct = estimate(sample.assign(m=sample.migrant == "migrant"), "m", statistic="proportion", design=survey_design,
                      by="sex")
    mine = shares[shares.category == "migrant"].reset_index(drop=True)
    np.testing.assert_allclose(mine["se"], direct["se"])


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1000))
def test_scaling_weights_leaves_means_unchanged(factor):
    frame = pd.read_csv(REFERENCE / "survey_sample.csv")
    design = Design("weight", strata="stratum", psu="psu")
    base = estimate(frame, "income", design=design, by="sex")
    scaled = estimate(frame.assign(weight=frame.weight * factor), "income", design=design, by="sex")
    np.testing.assert_allclose(scaled["estimate"], base["estimate"], rtol=1e-9)
    np.testing.assert_allclose(scaled["se"], base["se"], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.5, 10)), min_size=3, max_size=40))
def test_one_psu_per_row_is_the_textbook_with_replacement_formula(rows):
    frame = pd.DataFrame(rows, columns=["y", "w"])
    out = estimate(frame, "y", design=Design("w"))
    y, w = frame.y.to_numpy(), frame.w.to_numpy()
    n, total = len(y), w.sum()
    mean = (w * y).sum() / total
    variance = n / (n - 1) * np.sum((w * (y - mean) / total - np.mean(w * (y - mean) / total)) ** 2)
    assert out["estimate"].item() == pytest.approx(mean, rel=1e-9)
    assert out["se"].item() == pytest.approx(np.sqrt(variance), rel=1e-7, abs=1e-12)
    tot = estimate(frame, "y", design=Design("w"), statistic="total")
    zs = w * y
    assert tot["se"].item() == pytest.approx(np.sqrt(n / (n - 1) * np.sum((zs - zs.mean()) ** 2)), rel=1e-7, abs=1e-9)


def test_lonely_psu_is_an_error_by_default(sample, survey_design):
    lonely = sample[(sample.stratum != "S0") | (sample.psu == 0)]
    with pytest.raises(InputError, match=r"strata \['S0'\] of column 'stratum' have a single PSU"):
        estimate(lonely, "income", design=survey_design)
    certain = estimate(lonely, "income", design=replace(survey_design, lonely_psu="certainty"))
    adjusted = estimate(lonely, "income", design=replace(survey_design, lonely_psu="adjust"))
    assert adjusted["se"].item() >= certain["se"].item() > 0


@pytest.mark.parametrize("change,kwargs,error,message", [
    (lambda f: f.assign(weight=np.where(f.index == 3, np.nan, f.weight)), {}, InputError,
     "weight column 'weight' has 1 missing value"),
    (lambda f: f.assign(weight=np.where(f.index == 3, 0.0, f.weight)), {}, InputError,
     "weight column 'weight' must be positive; row 3 has 0"),
    (lambda f: f.drop(columns="weight"), {}, MissingColumnError, r"lacks the column\(s\) \['weight'\]"),
    (lambda f: f, {"statistic": "median"}, InputError, "argument 'statistic' must be"),
    (lambda f: f, {"statistic": "ratio"}, InputError, "needs 'denominator'"),
    (lambda f: f.assign(hours=0.0), {"statistic": "ratio", "denominator": "hours"}, InputError,
     "the denominator sums to zero"),
    (lambda f: f.assign(income=f.income.astype(str)), {}, InputError, "variable column 'income' must hold numbers; row 0 has the text '"),
    (lambda f: f.assign(sex=np.where(f.index == 0, None, f.sex)), {"by": "sex"}, InputError,
     "domain column 'sex' has 1 missing value\\(s\\), first at row 0"),
    (lambda f: f, {"statistic": "proportion"}, InputError, "must be True/False or 0/1 for a proportion; row 0 has"),
])
def test_bad_input_is_named(sample, survey_design, change, kwargs, error, message):
    frame = change(sample.copy())
    with pytest.raises(error, match=message):
        estimate(frame, "income", design=survey_design, **kwargs)


@pytest.mark.parametrize("kwargs,message", [
    (dict(weight="w", lonely_psu="bogus"), "argument 'lonely_psu' of Design must be 'error', 'certainty' or 'adjust', "
                                           "got 'bogus'"),
    (dict(weight=None), "argument 'weight' of Design must name the weight column"),
    (dict(weight="w", strata=3), "argument 'strata' of Design must name a column"),
    (dict(weight="w", strata="w"), "Design names the column 'w' twice"),
])
def test_a_design_is_checked_when_it_is_made(kwargs, message):
    with pytest.raises(InputError, match=message):
        Design(**kwargs)


def test_a_design_is_immutable_and_names_its_columns(survey_design):
    assert survey_design.columns == ["weight", "stratum", "psu"]
    assert Design("w").columns == ["w"]
    with pytest.raises(AttributeError):
        survey_design.weight = "other"  # type: ignore[misc]
    assert replace(survey_design, lonely_psu="adjust") != survey_design


def test_a_design_is_checked_against_the_table_it_is_used_on(sample, survey_design):
    with pytest.raises(MissingColumnError, match=r"lacks the column\(s\) \['stratum'\]"):
        estimate(sample.drop(columns="stratum"), "income", design=survey_design)
    with pytest.raises(InputError, match="stratum column 'stratum' has 1 missing value\\(s\\), first at row 5"):
        estimate(sample.assign(stratum=sample.stratum.where(sample.index != 5)), "income", design=survey_design)
    with pytest.raises(InputError, match="argument 'design' must be a survey design, e.g. survey.Design"):
        estimate(sample, "income", design={"weight": "weight"})
    with pytest.raises(InputError, match="argument 'design' must be a survey design"):
        require_design("weight")


def test_booleans_are_flags_not_numbers(sample, survey_design):
    flagged = sample.assign(employed=sample.employed == 1)
    as_flag = estimate(flagged, "employed", design=survey_design, statistic="proportion")
    as_number = estimate(sample, "employed", design=survey_design, statistic="proportion")
    assert as_flag["estimate"].item() == pytest.approx(as_number["estimate"].item(), rel=1e-12)
    with pytest.raises(InputError, match="variable column 'employed' holds True/False values; booleans are not numbers"):
        estimate(flagged, "employed", design=survey_design, statistic="mean")
    with pytest.raises(InputError, match="weight column 'weight' holds True/False values; booleans are not numbers"):
        estimate(sample.assign(weight=True), "income", design=survey_design)
    with pytest.raises(InputError, match="weight column 'weight' must hold numbers; row 0 has the text '1.5' "
                                         "\\(numbers written as text are never converted"):
        estimate(sample.assign(weight="1.5"), "income", design=survey_design)


def test_domain_codes_cover_every_combination_of_given_levels():
    frame = pd.DataFrame({"sex": ["male", "female", "male"], "status": ["a", "a", "b"]})
    codes, keys = domain_codes(frame, ["sex", "status"], levels={"sex": ["female", "male"], "status": ["a", "b"]})
    assert keys.to_numpy().tolist() == [["female", "a"], ["female", "b"], ["male", "a"], ["male", "b"]]
    assert codes.tolist() == [2, 0, 3]
    with pytest.raises(InputError, match="column 'status' has the value 'b' at row 2, outside its documented codes"):
        domain_codes(frame, ["status"], levels={"status": ["a"]})


def test_the_engine_estimates_many_variables_and_domains_in_one_pass(sample, survey_design):
    bound = survey_design.bind(sample)
    codes, keys = domain_codes(sample, ["sex"])
    together = bound.ratios([sample["income"].to_numpy(), sample["employed"].to_numpy()], None, codes, len(keys))
    for k, (column, statistic) in enumerate([("income", "mean"), ("employed", "proportion")]):
        alone = estimate(sample, column, design=survey_design, by="sex", statistic=statistic)
        np.testing.assert_allclose(together.estimate[k], alone["estimate"], rtol=1e-12)
        np.testing.assert_allclose(together.se[k], alone["se"], rtol=1e-12)
    values = np.column_stack([sample["income"], sample["hours"]])
    totals = bound.totals(values)
    np.testing.assert_allclose(np.sqrt(np.diag(bound.covariance(values))), totals.se[:, 0], rtol=1e-12)
    np.testing.assert_allclose(bound.standard_errors(bound.psu_totals(values)), totals.se[:, 0], rtol=1e-12)


def test_the_engine_refuses_what_it_cannot_estimate(sample, survey_design):
    bound = survey_design.bind(sample)
    income = sample["income"].to_numpy()
    with pytest.raises(InputError, match="the values must be finite numbers; column 0 has nan at position 2"):
        bound.totals(np.where(np.arange(len(income)) == 2, np.nan, income))
    with pytest.raises(InputError, match=r"the values must have one row per row of the table \(361\), got shape \(3,\)"):
        bound.ratios(income[:3])
    with pytest.raises(InputError, match="domain codes must be from 0 to n_domains - 1 = 0, got 0 to 1"):
        bound.ratios(income, None, domain_codes(sample, ["sex"])[0], 1)
