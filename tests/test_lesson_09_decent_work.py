"""Lesson 09 (decent work): the trainer's solutions and the key are right for 20 cohort seeds, typical mistakes
computed from the same data are "not yet", unit slips are "close" and named, and "cannot tell" is right exactly
where the interval of the hourly pay gap includes the ILO's 13%."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from mlalib import decent_work
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import assess, exercises, reference_answer
from mlalib.exercises import decent_work as ex
from mlalib.survey import Design
from tests.lesson_runs import MASTERS, SEEDS, assert_solutions_correct

MASTER = "09_decent_work"
DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def _ctx(seed: int, language: str = "en") -> Context:
    return Context(language, seed, ("PHL", "MEX", "SEN"), "2020")


def _mean_gap(data, earnings: str) -> float:
    """The mean pay gap of migrants, per cent, by hand (weighted means of the employees with earnings)."""
    rows = data[data[earnings].notna()]
    means = {g: np.average(rows.loc[rows.migrant_status == g, earnings], weights=rows.loc[rows.migrant_status == g,
                                                                                            "weight"])
             for g in ("migrant", "non-migrant")}
    return float(100 * (means["non-migrant"] - means["migrant"]) / means["non-migrant"])


@lru_cache(maxsize=None)
def _by_hand(seed: int) -> dict:
    lfs = lesson_data("lfs", _ctx(seed))
    employed = lfs.labour_status == "employed"
    migrant_workers = lfs[employed & (lfs.migrant_status == "migrant")]
    women = lfs[employed & (lfs.sex == "female") & (lfs.migrant_status == "migrant")]
    hourly = lfs.assign(hourly=lfs.monthly_earnings / (lfs.usual_hours.astype(float) * 52 / 12))
    informal = decent_work.informality_rate(lfs, by=["sex", "migrant_status"], design=DESIGN).set_index(
        ["sex", "migrant_status"])["estimate"]
    injuries = decent_work.occupational_injury_rates(lfs, by="migrant_status", design=DESIGN).set_index(
        ["indicator", "migrant_status"])["estimate"]
    lfs["hourly_earnings"] = decent_work.hourly_earnings(lfs)
    ci = decent_work.pay_gap(lfs, "hourly_earnings", by=None, design=DESIGN).set_index("indicator").loc["mean_pay_gap"]
    return {
        "informality_women": 100 * float(np.average(women.informal.astype(bool), weights=women.weight)),
        "informality_unweighted": 100 * float(women.informal.astype(bool).mean()),
        "informality_others": [informal[("male", "migrant")], informal[("female", "non-migrant")]],
        "nonfatal": 1e5 * float(np.average(migrant_workers.nonfatal_injury_cases.astype(float),
                                           weights=migrant_workers.weight)),
        "injured_persons": 1e5 * float(np.average(migrant_workers.nonfatal_injury_cases > 0,
                                                  weights=migrant_workers.weight)),
        "nonfatal_table": injuries[("nonfatal_injury_rate", "migrant")],
        "deaths": len(migrant_workers) * 10 / 1e5, "weighted_workers": float(migrant_workers.weight.sum()),
        "all_respondents": len(lfs) * 10 / 1e5,
        "monthly_gap": _mean_gap(lfs, "monthly_earnings"), "hourly_gap": _mean_gap(hourly, "hourly"),
        "hourly_interval": (float(ci["ci_low"]), float(ci["ci_high"])),
    }


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_trainer_solutions_are_correct(seed):
    assert_solutions_correct(MASTER, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_key_follows_the_numbers_and_typical_mistakes_are_not_yet(seed):
    ctx, hand = _ctx(seed), _by_hand(seed)
    assert reference_answer(ex.INFORMALITY_MIGRANT_WOMEN.id, ctx) == pytest.approx(hand["informality_women"])
    assert reference_answer(ex.NONFATAL_INJURY_MIGRANTS.id, ctx) == pytest.approx(hand["nonfatal"])
    assert reference_answer(ex.EXPECTED_DEATHS.id, ctx) == pytest.approx(hand["deaths"])
    change = hand["hourly_gap"] - hand["monthly_gap"]
    assert reference_answer(ex.HOURLY_GAP.id, ctx) == ("c" if abs(change) <= 1 else "a" if change > 0 else "b")
    low, high = hand["hourly_interval"]
    assert low < hand["hourly_gap"] < high
    assert reference_answer(ex.GAP_VS_ILO.id, ctx) == ("larger" if low > 13 else "smaller" if high < 13
                                                       else "cannot_tell")
    mistakes = {
        ex.INFORMALITY_MIGRANT_WOMEN.id: [hand["informality_unweighted"], *hand["informality_others"]],
        ex.NONFATAL_INJURY_MIGRANTS.id: [hand["nonfatal_table"] / 1000, hand["injured_persons"]],
        ex.EXPECTED_DEATHS.id: [hand["weighted_workers"] * 10 / 1e5, hand["deaths"] * 1000, hand["all_respondents"]],
        ex.HOURLY_GAP.id: ["b", "c"],
        ex.GAP_VS_ILO.id: ["smaller", "larger" if low <= 13 else "cannot_tell"],  # the point estimate read alone
    }
    for exercise_id, answers in mistakes.items():
        expected = reference_answer(exercise_id, ctx)
        tolerance = exercises()[exercise_id].abs_tol
        for answer in answers:
            if isinstance(answer, str) and answer == expected:
                continue
            if not isinstance(answer, str) and abs(answer - expected) <= max(2 * tolerance, 0.05 * abs(expected)):
                continue  # the mistake gives the right number for this cohort
            result = assess(exercise_id, answer, ctx, expected=expected)
            assert not result.correct and result.status in {"not_yet", "close"}, (seed, exercise_id, answer, result)


@pytest.mark.slow
def test_cannot_tell_is_right_exactly_where_the_interval_includes_13():
    seen = set()
    for seed in SEEDS:
        ctx, (low, high) = _ctx(seed), _by_hand(seed)["hourly_interval"]
        expected = reference_answer(ex.GAP_VS_ILO.id, ctx)
        includes = low <= 13 <= high
        assert assess(ex.GAP_VS_ILO.id, "cannot tell", ctx, expected=expected).correct == includes, seed
        seen.add(includes)
    assert True in seen  # the case occurs among the 20 seeds


@pytest.mark.parametrize("language, word", [("en", "share"), ("fr", "proportion")])
def test_a_share_for_a_percentage_is_close_and_named(language, word):
    ctx = _ctx(2, language)
    answer = reference_answer(ex.INFORMALITY_MIGRANT_WOMEN.id, ctx)
    result = assess(ex.INFORMALITY_MIGRANT_WOMEN.id, answer / 100, ctx, expected=answer)
    assert result.status == "close" and word in result.message


def test_choice_answers_in_the_cohort_language():
    ctx = _ctx(3, "fr")
    expected = reference_answer(ex.GAP_VS_ILO.id, ctx)
    word = {"larger": "plus grande", "smaller": "plus petite", "cannot_tell": "impossible à dire"}[expected]
    assert assess(ex.GAP_VS_ILO.id, word, ctx, expected=expected).correct
    assert "100 000" in assess(ex.NONFATAL_INJURY_MIGRANTS.id, 1.0, ctx).hint


def test_the_master_states_the_official_texts():
    prose = (MASTERS / f"{MASTER}.ipynb").read_text(encoding="utf-8")
    assert "work performed in or for a household or households" in prose and "agency" in prose
    assert "ISIC Rev.4 division 97" in prose and "in **2013**" in prose
    assert "ISCED 2 to 4" in prose and "primary education (ISCED 1)" in prose
    assert "notification" in prose and "insurance" in prose and "SDG indicator 1.3.1" in prose
    assert "SDG indicator 8.5.1" in prose and "hourly" in prose
    assert "Time:" not in prose and "Next:" not in prose
