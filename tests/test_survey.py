"""Survey estimates against samplics (an independent implementation) and the textbook formulas."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlalib.errors import InputError, MissingColumnError
from mlalib.survey import estimate

REFERENCE = Path(__file__).resolve().parent / "reference"
DESIGN = dict(weight="weight", strata="stratum", psu="psu_id")


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
def test_matches_samplics_to_1e_8(sample, figures, name, kwargs, domain):
    result = estimate(sample, **kwargs, **DESIGN, by=domain)
    expected = figures[f"{name}|{domain or ''}"]
    for key, (point, se) in expected.items():
        row = result if domain is None else result[result[domain] == key]
        assert row["estimate"].item() == pytest.approx(point, rel=1e-8)
        assert row["se"].item() == pytest.approx(se, rel=1e-8)


def test_domains_use_the_whole_design_not_a_subset(sample):
    by_domain = estimate(sample, "income", **DESIGN, by="migrant").set_index("migrant")
    subset = sample[sample.migrant == "migrant"]
    alone = estimate(subset, "income", **DESIGN, lonely_psu="certainty")
    assert by_domain.loc["migrant", "estimate"] == pytest.approx(alone["estimate"].item())
    assert by_domain.loc["migrant", "se"] != pytest.approx(alone["se"].item(), rel=1e-6)


def test_output_columns_ci_and_flags(sample):
    out = estimate(sample, "employed", statistic="proportion", **DESIGN, by=["sex", "migrant"], min_n=60)
    assert list(out.columns) == ["sex", "migrant", "estimate", "se", "ci_low", "ci_high", "n", "cv", "unreliable"]
    assert len(out) == 4
    np.testing.assert_allclose(out["ci_high"] - out["estimate"], 1.959963984540054 * out["se"])
    assert out["n"].sum() == len(sample)
    assert (out["unreliable"] == ((out["n"] < 60) | (out["cv"] > 20))).all()
    narrow = estimate(sample, "income", **DESIGN, level=0.5)
    wide = estimate(sample, "income", **DESIGN, level=0.99)
    assert (narrow.ci_high - narrow.ci_low).item() < (wide.ci_high - wide.ci_low).item()


def test_category_shares_sum_to_one(sample):
    shares = estimate(sample, "migrant", statistic="proportion", **DESIGN, by="sex")
    assert list(shares.columns[:2]) == ["sex", "category"]
    assert shares.groupby("sex")["estimate"].sum().tolist() == pytest.approx([1.0, 1.0])
    direct = estimate(sample.assign(m=sample.migrant == "migrant"), "m", statistic="proportion", **DESIGN, by="sex")
    mine = shares[shares.category == "migrant"].reset_index(drop=True)
    np.testing.assert_allclose(mine["se"], direct["se"])


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1000))
def test_scaling_weights_leaves_means_unchanged(factor):
    frame = pd.read_csv(REFERENCE / "survey_sample.csv")
    base = estimate(frame, "income", **DESIGN, by="sex")
    scaled = estimate(frame.assign(weight=frame.weight * factor), "income", **DESIGN, by="sex")
    np.testing.assert_allclose(scaled["estimate"], base["estimate"], rtol=1e-9)
    np.testing.assert_allclose(scaled["se"], base["se"], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.5, 10)), min_size=3, max_size=40))
def test_one_psu_per_row_is_the_textbook_with_replacement_formula(rows):
    frame = pd.DataFrame(rows, columns=["y", "w"])
    out = estimate(frame, "y", weight="w")
    y, w = frame.y.to_numpy(), frame.w.to_numpy()
    n, total = len(y), w.sum()
    mean = (w * y).sum() / total
    variance = n / (n - 1) * np.sum((w * (y - mean) / total - np.mean(w * (y - mean) / total)) ** 2)
    assert out["estimate"].item() == pytest.approx(mean, rel=1e-9)
    assert out["se"].item() == pytest.approx(np.sqrt(variance), rel=1e-7, abs=1e-12)
    tot = estimate(frame, "y", weight="w", statistic="total")
    zs = w * y
    assert tot["se"].item() == pytest.approx(np.sqrt(n / (n - 1) * np.sum((zs - zs.mean()) ** 2)), rel=1e-7, abs=1e-9)


def test_lonely_psu_is_an_error_by_default(sample):
    lonely = sample[(sample.stratum != "S0") | (sample.psu == 0)]
    with pytest.raises(InputError, match=r"strata \['S0'\] have a single PSU"):
        estimate(lonely, "income", **DESIGN)
    certain = estimate(lonely, "income", **DESIGN, lonely_psu="certainty")
    adjusted = estimate(lonely, "income", **DESIGN, lonely_psu="adjust")
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
    (lambda f: f.assign(income=f.income.astype(str)), {}, InputError, "variable column 'income' must be numeric"),
    (lambda f: f.assign(sex=np.where(f.index == 0, None, f.sex)), {"by": "sex"}, InputError,
     "domain column 'sex' has missing values"),
    (lambda f: f, {"statistic": "proportion"}, InputError, "must be boolean or 0/1"),
])
def test_bad_input_is_named(sample, change, kwargs, error, message):
    frame = change(sample.copy())
    with pytest.raises(error, match=message):
        estimate(frame, "income", **{**DESIGN, **kwargs})
