"""Weighted logistic regression: coefficients and design-based SEs against independent computations."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from mlalib import survey
from mlalib.survey import Design
from mlalib.errors import ConvergenceError, InputError, MissingColumnError
from mlalib.models import logistic_regression


def _sample(seed: int = 1, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 40, size=n)
    x = rng.normal(size=n)
    group = rng.choice(["a", "b", "c"], size=n)
    eta = -0.3 + 0.8 * x + np.where(group == "b", 0.7, 0.0) - np.where(group == "c", 0.5, 0.0) \
        + rng.normal(0, 0.5, size=40)[psu]
    return pd.DataFrame({"y": rng.random(n) < 1 / (1 + np.exp(-eta)), "x": x, "group": group,
                         "weight": rng.uniform(0.5, 3.0, size=n), "psu": psu, "stratum": psu % 5})


def _irls(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Textbook IRLS: weighted least squares on the working response, repeated (McCullagh & Nelder 1989, 2.5)."""
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        eta = x @ beta
        p = 1 / (1 + np.exp(-eta))
        working = eta + (y - p) / (p * (1 - p))
        root = np.sqrt(w * p * (1 - p))
        new, *_ = np.linalg.lstsq(x * root[:, None], working * root, rcond=None)
        if np.max(np.abs(new - beta)) < 1e-12:
            return new
        beta = new
    return beta


def _matrix(df: pd.DataFrame) -> np.ndarray:
    return np.column_stack([np.ones(len(df)), df["x"], df["group"] == "b", df["group"] == "c"]).astype(float)


def test_coefficients_equal_an_independent_irls(survey_design):
    df = _sample()
    fit = logistic_regression(df, "y", ["x", "group"], design=survey_design)
    expected = _irls(_matrix(df), df["y"].to_numpy(float), df["weight"].to_numpy())
    assert list(fit.table["term"]) == ["(intercept)", "x", "group: b", "group: c"]
    np.testing.assert_allclose(fit.table["coefficient"], expected, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(fit.table["odds_ratio"], np.exp(expected), rtol=1e-9)


def test_hand_computed_two_by_two_table():
    # weighted 2x2: group a: 3 of weight 4 succeed (weighted 3/4), group b: 1 of 4 -> odds 3 and 1/3
    df = pd.DataFrame({"y": [1, 1, 1, 0, 1, 0, 0, 0], "g": list("aaaabbbb"), "weight": [1.0] * 8})
    table = logistic_regression(df, "y", ["g"], design=Design("weight")).table
    assert table["coefficient"].tolist() == pytest.approx([np.log(3), np.log(1 / 9)])
    weighted = df.assign(weight=[2.0, 1, 1, 1, 1, 1, 1, 3])  # a: 4/5 -> odds 4; b: 1/6 -> odds 1/5
    table = logistic_regression(weighted, "y", ["g"], design=Design("weight")).table
    assert table["odds_ratio"].tolist() == pytest.approx([4.0, 1 / 20])


def test_reference_category_can_be_chosen():
    df = _sample()
    fit = logistic_regression(df, "y", ["group"], design=Design("weight"), reference={"group": "b"})
    assert list(fit.table["term"]) == ["(intercept)", "group: a", "group: c"]


def test_reference_group_intercept_and_its_se_equal_the_survey_engine(survey_design):
    # with one categorical predictor, the intercept is the logit of the reference group's share, and its
    # linearised variance is that of the domain share divided by (p (1 - p))^2 (delta method)
    df = _sample()
    fit = logistic_regression(df, "y", ["group"], design=survey_design)
    domain = survey.estimate(df, "y", design=survey_design, statistic="proportion",
                             by="group").set_index("group").loc["a"]
    p = domain["estimate"]
    assert fit.table.loc[0, "coefficient"] == pytest.approx(np.log(p / (1 - p)), rel=1e-9)
    assert fit.table.loc[0, "se"] == pytest.approx(domain["se"] / (p * (1 - p)), rel=1e-9)


def _direct_sandwich(df: pd.DataFrame, beta: np.ndarray) -> np.ndarray:
    """H^-1 V H^-1 with V summed stratum by stratum, PSU by PSU (plain loops)."""
    x, y, w = _matrix(df), df["y"].to_numpy(float), df["weight"].to_numpy()
    p = 1 / (1 + np.exp(-(x @ beta)))
    hessian = sum(w[i] * p[i] * (1 - p[i]) * np.outer(x[i], x[i]) for i in range(len(df)))
    v = np.zeros((4, 4))
    for _, stratum in df.groupby("stratum"):
        totals = []
        for _, cluster in stratum.groupby("psu"):
            rows = [df.index.get_loc(i) for i in cluster.index]
            totals.append(sum(w[i] * (y[i] - p[i]) * x[i] for i in rows))
        totals = np.array(totals)
        centred = totals - totals.mean(axis=0)
        v += len(totals) / (len(totals) - 1) * centred.T @ centred
    bread = np.linalg.inv(hessian)
    return bread @ v @ bread


def test_standard_errors_equal_a_direct_sandwich_computation(survey_design):
    df = _sample()
    fit = logistic_regression(df, "y", ["x", "group"], design=survey_design)
    expected = _direct_sandwich(df, fit.table["coefficient"].to_numpy())
    np.testing.assert_allclose(fit.covariance.to_numpy(), expected, rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(fit.table["se"], np.sqrt(np.diag(expected)), rtol=1e-8)


def test_standard_errors_close_to_a_jackknife_by_psu(survey_design):
    df = _sample(seed=4, n=2_000)
    fit = logistic_regression(df, "y", ["x", "group"], design=survey_design)
    # JKn: drop one PSU, reweight the rest of its stratum by n_h / (n_h - 1)
    variance = np.zeros(4)
    for h, stratum in df.groupby("stratum"):
        psus = stratum["psu"].unique()
        n_h = len(psus)
        replicates = []
        for j in psus:
            w = df["weight"].where(df["stratum"] != h, df["weight"] * n_h / (n_h - 1)).where(df["psu"] != j, 1e-12)
            replicates.append(_irls(_matrix(df), df["y"].to_numpy(float), w.to_numpy()))
        replicates = np.array(replicates)
        variance += (n_h - 1) / n_h * ((replicates - replicates.mean(axis=0)) ** 2).sum(axis=0)
    np.testing.assert_allclose(fit.table["se"], np.sqrt(variance), rtol=0.08)


def test_weights_matter_and_their_scale_does_not():
    df = _sample()
    one = logistic_regression(df, "y", ["x"], design=Design("weight")).table
    scaled = logistic_regression(df.assign(weight=df["weight"] * 1_000), "y", ["x"], design=Design("weight")).table
    unweighted = logistic_regression(df.assign(weight=1.0), "y", ["x"], design=Design("weight")).table
    np.testing.assert_allclose(one[["coefficient", "se"]], scaled[["coefficient", "se"]], rtol=1e-8)
    assert abs(one.loc[1, "coefficient"] - unweighted.loc[1, "coefficient"]) > 1e-3


def test_separation_names_the_variables():
    df = pd.DataFrame({"y": [1, 1, 1, 0, 0, 0, 1, 0], "g": list("aaabbbcc"), "x": [0.1, 0.3, 0.2, 0.5, 0.4, 0.6,
                                                                                   0.2, 0.3], "weight": [1.0] * 8})
    with pytest.raises(ConvergenceError, match="'y'.*'g'"):
        logistic_regression(df, "y", ["g", "x"], design=Design("weight"))


def test_bad_input_is_named():
    df = _sample()
    with pytest.raises(MissingColumnError, match="'age'"):
        logistic_regression(df, "y", ["age"], design=Design("weight"))
    with pytest.raises(InputError, match="outcome column 'x'"):
        logistic_regression(df, "x", ["group"], design=Design("weight"))
    with pytest.raises(InputError, match="predictor column 'x' has 1 missing"):
        logistic_regression(df.assign(x=df["x"].where(df.index != 3)), "y", ["x"], design=Design("weight"))
    with pytest.raises(InputError, match="single category"):
        logistic_regression(df.assign(g="a"), "y", ["g"], design=Design("weight"))
    with pytest.raises(InputError, match="linear combination"):
        logistic_regression(df.assign(x2=2 * df["x"]), "y", ["x", "x2"], design=Design("weight"))
    with pytest.raises(InputError, match="weight column 'weight' must be positive; row 0 has 0"):
        logistic_regression(df.assign(weight=0.0), "y", ["x"], design=Design("weight"))
    with pytest.raises(InputError, match="reference category 'z'"):
        logistic_regression(df, "y", ["group"], design=Design("weight"), reference={"group": "z"})


def test_no_convergence_within_max_iter_names_outcome_and_predictors():
    df = _sample()
    with pytest.raises(ConvergenceError, match=r"model of 'y' on 'x', 'group' did not converge in 1 steps"):
        logistic_regression(df, "y", ["x", "group"], design=Design("weight"), max_iter=1)


def test_numbers_written_as_text_are_refused_at_once():
    df = _sample().assign(code=lambda d: (d.index * 7 % 600).astype(str))
    with pytest.raises(InputError, match=r"predictor column 'code' holds numbers written as text \(row 0 has '0'\)"):
        logistic_regression(df, "y", ["code"], design=Design("weight"))
    coded = df.assign(code=(df.index % 3).astype(str)).astype({"code": "category"})
    assert len(logistic_regression(coded, "y", ["code"], design=Design("weight")).table) == 3


def test_a_predictor_with_too_many_categories_is_refused():
    df = _sample().assign(name=lambda d: [f"person {i}" for i in d.index])
    with pytest.raises(InputError, match="predictor column 'name' has 600 categories; .* at most 50"):
        logistic_regression(df, "y", ["name"], design=Design("weight"))


def test_reference_of_a_numeric_predictor_is_refused():
    with pytest.raises(InputError, match="argument 'reference' gives a reference category for 'x', a numeric predictor"):
        logistic_regression(_sample(), "y", ["x", "group"], design=Design("weight"), reference={"x": 0})


def test_lonely_psu_treatment_comes_from_the_design(survey_design):
    df = _sample()
    lonely = df[(df["stratum"] != 0) | (df["psu"] == 0)]
    with pytest.raises(InputError, match=r"strata \[0\] of column 'stratum' have a single PSU"):
        logistic_regression(lonely, "y", ["x"], design=survey_design)
    certain = logistic_regression(lonely, "y", ["x"], design=replace(survey_design, lonely_psu="certainty")).table
    adjusted = logistic_regression(lonely, "y", ["x"], design=replace(survey_design, lonely_psu="adjust")).table
    assert (adjusted["se"] >= certain["se"]).all()
    with pytest.raises(InputError, match="must be 'error', 'certainty' or 'adjust', got 'bogus'"):
        replace(survey_design, lonely_psu="bogus")
