"""Returnees' skills and social security rights: hand-computed cases, standard errors against independent
formulas, the synthetic survey's skills and protection module, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib import portability
from mlalib import reintegration as ri
from mlalib.data import load
from mlalib.data.synthetic_surveys import AGREEMENT_DESTINATIONS, returnee_survey
from mlalib.errors import InputError, MissingColumnError
from mlalib.survey import Design, estimate
from tests.lesson_runs import textbook_mean

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
WEIGHT_ONLY = Design(weight="weight")


@pytest.fixture(scope="module")
def returnees() -> pd.DataFrame:
    return load("synthetic_returnees")


def small() -> pd.DataFrame:
    return pd.DataFrame({
        "isced_level": [6, 6, 7, 5, 6, 3, 6],
        "occupation_abroad": [9, 9, 2, 4, 5, 9, 9],
        "occupation": [2, 9, 2, 4, None, 9, 3],
        "labour_status": ["employed", "employed", "employed", "employed", "unemployed", "employed", "employed"],
        "weight": [1.0, 2.0, 1.0, 1.0, 5.0, 3.0, 1.0],
    })


# --- over-qualification before and after return ----------------------------------------------------------------------

def test_over_qualification_before_and_after_by_hand():
    table = portability.overqualification_before_after(small(), design=WEIGHT_ONLY, min_n=1).set_index("measure")
    # the population: tertiary graduates employed now (rows 0, 1, 2, 3, 6; not the unemployed nor ISCED 3)
    # abroad: over-qualified in groups 4-9 -> rows 0, 1, 3, 6 (weights 1 + 2 + 1 + 1 of 6)
    # now: rows 1, 3 (weights 2 + 1 of 6); change: (3 - 5) / 6
    assert table.loc["abroad", "estimate"] == pytest.approx(100 * 5 / 6)
    assert table.loc["now", "estimate"] == pytest.approx(100 * 3 / 6)
    assert table.loc["change", "estimate"] == pytest.approx(100 * (3 - 5) / 6)
    assert (table["n"] == 5).all()


def test_the_change_se_is_that_of_each_persons_difference(returnees):
    """An independent computation: the textbook SE of the mean of now-minus-abroad over the same population,
    smaller than the SE two independent samples would give, because the two shares are positively correlated."""
    table = portability.overqualification_before_after(returnees, design=DESIGN).set_index("measure")
    inside = ((returnees.labour_status == "employed") & (returnees.isced_level >= 5)).to_numpy()
    abroad = (returnees.occupation_abroad >= 4).to_numpy(float)
    now = (returnees.occupation.fillna(0) >= 4).to_numpy(float)
    mean, se, _, _ = textbook_mean(returnees, 100 * (now - abroad), inside)
    assert table.loc["change", "estimate"] == pytest.approx(mean)
    assert table.loc["change", "se"] == pytest.approx(se, rel=1e-9)
    independent = np.hypot(table.loc["abroad", "se"], table.loc["now", "se"])
    assert table.loc["change", "se"] < independent


def test_over_qualification_by_group_is_a_domain_of_the_whole_design(returnees):
    both = portability.overqualification_before_after(returnees, design=DESIGN, by="sex")
    women = both[(both.measure == "now") & (both.sex == "female")].iloc[0]
    member = ((returnees.labour_status == "employed") & (returnees.isced_level >= 5)
              & (returnees.sex == "female")).to_numpy()
    mean, se, _, _ = textbook_mean(returnees, 100 * (returnees.occupation.fillna(0) >= 4).to_numpy(float), member)
    assert women["estimate"] == pytest.approx(mean) and women["se"] == pytest.approx(se, rel=1e-9)


def test_an_employed_returnee_without_a_major_group_is_an_error_naming_the_row():
    data = small()
    data.loc[2, "occupation"] = 12
    with pytest.raises(InputError, match=r"column 'occupation' has 12(\.0)? at row 2"):
        portability.overqualification_before_after(data, design=WEIGHT_ONLY, min_n=1)
    with pytest.raises(MissingColumnError, match="occupation_abroad"):
        portability.overqualification_before_after(small().drop(columns="occupation_abroad"), design=WEIGHT_ONLY)


# --- returnee profiles and their differences -------------------------------------------------------------------------

def test_profiles_follow_the_reason_and_the_threshold():
    data = pd.DataFrame({"reason_for_return": ["end of contract", "returned by authorities", "family reasons",
                                               "saved enough", "lost job"],
                         "duration_abroad_years": [12, 15, 10, 6, 11]})
    assert portability.returnee_profile(data).tolist() == [
        "temporary labour migrant", "removed by the authorities", "long-term emigrant", "other returnee",
        "long-term emigrant"]
    assert portability.returnee_profile(data, long_term=5).tolist()[3] == "long-term emigrant"
    with pytest.raises(InputError, match="long_term"):
        portability.returnee_profile(data, long_term=0)
    with pytest.raises(InputError, match="outside its documented codes"):
        portability.returnee_profile(data.assign(reason_for_return="holiday"))


def test_share_gap_by_hand_and_its_se():
    data = pd.DataFrame({"y": [True, False, True, True, False, True], "g": ["a", "a", "b", "b", "b", "c"],
                         "w": [1.0, 3.0, 1.0, 1.0, 2.0, 1.0], "s": [1, 1, 1, 2, 2, 2], "p": [1, 2, 3, 4, 5, 6]})
    gap = portability.share_gap(data, data["y"], "g", "b", "a", design=Design(weight="w", strata="s", psu="p")).iloc[0]
    assert gap["estimate_first"] == pytest.approx(0.5) and gap["estimate_second"] == pytest.approx(0.25)
    assert gap["gap"] == pytest.approx(0.25) and (gap["n_first"], gap["n_second"]) == (3, 2)
    # the linearised variable, written out: (y - p1) / N1 for group b, -(y - p2) / N2 for group a, 0 for c
    u = np.array([-(1 - 0.25) / 4, -(0 - 0.25) / 4, (1 - 0.5) / 4, (1 - 0.5) / 4, (0 - 0.5) / 4, 0.0])
    variance = 0.0
    for h in (1, 2):
        z = (data.w * u)[data.s == h].to_numpy()  # one respondent per PSU
        variance += len(z) / (len(z) - 1) * ((z - z.mean()) ** 2).sum()
    assert gap["se"] == pytest.approx(np.sqrt(variance))


def test_share_gap_of_groups_without_common_psus_combines_their_ses(returnees):
    """When two groups share no PSU their shares are independent: the SE of the difference is the root of the sum
    of the squared SEs of the domain estimates (an independent check of the one-statistic estimate)."""
    data = returnees.assign(group=np.where(returnees.psu % 2 == 0, "even", "odd"))
    gap = portability.share_gap(data, data["pension_rights_kept"], "group", "even", "odd",
                                domain=data["contributed_abroad"], design=DESIGN).iloc[0]
    separate = estimate(data.assign(kept=data.pension_rights_kept.astype(float)), "kept",
                        by=["contributed_abroad", "group"], design=DESIGN)
    separate = separate[separate.contributed_abroad].set_index("group")
    assert gap["gap"] == pytest.approx(separate.loc["even", "estimate"] - separate.loc["odd", "estimate"])
    assert gap["se"] == pytest.approx(np.hypot(separate.loc["even", "se"], separate.loc["odd", "se"]), rel=1e-6)


def test_share_gap_bad_input(returnees):
    with pytest.raises(InputError, match="no respondent of the domain has 'nobody'"):
        portability.share_gap(returnees, returnees["pension_rights_kept"], "sex", "nobody", "male", design=DESIGN)
    with pytest.raises(InputError, match="argument 'counted'"):
        portability.share_gap(returnees, returnees["age"], "sex", "female", "male", design=DESIGN)


# --- the indicators of skills and protection -------------------------------------------------------------------------

def test_the_protection_shares_count_their_own_domains(returnees):
    table = ri.indicators(returnees, which=["contributed_abroad", "pension_rights_kept", "skills_certified"],
                          design=DESIGN).set_index("indicator")
    w = returnees.weight
    contributed = returnees.contributed_abroad
    assert table.loc["contributed_abroad", "estimate"] == pytest.approx(np.average(contributed, weights=w))
    assert table.loc["pension_rights_kept", "estimate"] == pytest.approx(
        np.average(returnees.pension_rights_kept[contributed], weights=w[contributed]))
    assert table.loc["pension_rights_kept", "n"] == contributed.sum()
    skills = returnees.skills_acquired_abroad
    assert table.loc["skills_certified", "estimate"] == pytest.approx(
        np.average(returnees.skills_certified[skills], weights=w[skills]))


# --- the synthetic survey's skills and social protection module -----------------------------------------------------

def test_the_skills_and_protection_columns_are_consistent(returnees):
    employed = returnees.labour_status == "employed"
    assert returnees.loc[employed, "occupation"].between(1, 9).all() and returnees.loc[~employed, "occupation"].isna().all()
    assert returnees.occupation_abroad.between(1, 9).all() and returnees.isced_level.between(0, 8).all()
    assert not (returnees.skills_certified & ~returnees.skills_acquired_abroad).any()
    assert not (returnees.pension_rights_kept & ~returnees.contributed_abroad).any()
    assert (returnees.social_security_agreement == returnees.country_returned_from.isin(AGREEMENT_DESTINATIONS)).all()


@pytest.mark.parametrize("seed", [0, 7, 2026])
def test_the_skills_and_protection_module_has_the_documented_magnitudes(seed):
    data = returnee_survey(seed=seed)
    w = data.weight
    before_after = portability.overqualification_before_after(data, design=DESIGN).set_index("measure")["estimate"]
    assert 45 < before_after["abroad"] < 70 and 35 < before_after["now"] < 60 and before_after["change"] < 0
    assert 0.25 < np.average(data.contributed_abroad, weights=w) < 0.50
    kept = ri.indicators(data, which=["pension_rights_kept"], by="social_security_agreement", design=DESIGN).set_index(
        "social_security_agreement")["estimate"]
    assert kept[True] > 0.7 and kept[False] < 0.4
    assert 0.10 < np.average(data.skills_certified[data.skills_acquired_abroad],
                             weights=w[data.skills_acquired_abroad]) < 0.25


def test_the_module_is_seeded():
    a, b = returnee_survey(seed=4, n=500), returnee_survey(seed=4, n=500)
    pd.testing.assert_frame_equal(a, b)
    assert not a["isced_level"].equals(returnee_survey(seed=5, n=500)["isced_level"])
