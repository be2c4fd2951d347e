"""Lesson 12 (returnees' skills and social protection): the trainer's solutions and the key are right for 20
cohort seeds, with the numbers computed here independently (weighted means by hand, textbook standard errors of a
stratified two-stage design); typical wrong readings are "not yet", a share for a percentage is "close" and
named, and "cannot tell" is right exactly where the interval of the difference includes 0."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import assess, reference_answer
from mlalib.exercises import returnee_skills_and_protection as ex
from tests.lesson_runs import (
    MASTERS, SEEDS, assert_mistakes_not_correct, assert_solutions_correct, code_cells, textbook_mean,
)

MASTER = "12_returnee_skills_and_protection"
Z = 1.959963984540054


def _ctx(seed: int, language: str = "en") -> Context:
    return Context(language, seed, ("PHL", "MEX", "SEN"), "2020")


def _long_term_vs_temporary(data: pd.DataFrame, long_term: float) -> tuple[float, float, float, int]:
    """Pension rights kept, long-term emigrants minus temporary labour migrants, among contributors abroad: the
    profiles coded here from the reason and the duration, the SE of the difference from its linearised variable
    with the textbook formula. Returns (gap, ci_low, ci_high, number of long-term contributors)."""
    reason, years = data["reason_for_return"], data["duration_abroad_years"]
    contributed = data["contributed_abroad"].to_numpy(bool)
    temporary = contributed & (reason == "end of contract").to_numpy()
    long_stay = contributed & ~reason.isin(["end of contract", "returned by authorities"]).to_numpy() \
        & (years >= long_term).to_numpy()
    y, w = data["pension_rights_kept"].to_numpy(float), data["weight"].to_numpy()
    shares, sizes = [], []
    for member in (long_stay, temporary):
        sizes.append(w[member].sum())
        shares.append((w * y)[member].sum() / sizes[-1])
    u = np.where(long_stay, (y - shares[0]) / sizes[0], 0.0) - np.where(temporary, (y - shares[1]) / sizes[1], 0.0)
    totals = pd.DataFrame({"h": data["stratum"], "j": data["psu"], "wu": w * u}).groupby(["h", "j"])["wu"].sum()
    variance = sum(len(z) / (len(z) - 1) * ((z - z.mean()) ** 2).sum() for _, z in totals.groupby(level="h"))
    gap, se = shares[0] - shares[1], float(np.sqrt(variance))
    return gap, gap - Z * se, gap + Z * se, int(long_stay.sum())


@lru_cache(maxsize=None)
def _by_hand(seed: int) -> dict:
    data = lesson_data("returnees", _ctx(seed))
    w = data["weight"]
    employed = (data["labour_status"] == "employed").to_numpy()
    graduates = employed & (data["isced_level"] >= 5).to_numpy()
    over_now = (data["occupation"].fillna(0) >= 4).to_numpy(float)
    over_abroad = (data["occupation_abroad"] >= 4).to_numpy(float)
    now = textbook_mean(data, 100 * over_now, graduates)
    change = textbook_mean(data, 100 * (over_now - over_abroad), graduates)
    contributed = data["contributed_abroad"].to_numpy(bool)
    kept = data["pension_rights_kept"].to_numpy(float)
    ten, five = _long_term_vs_temporary(data, 10), _long_term_vs_temporary(data, 5)
    return {
        "now": now[0], "change": change,
        "now_all_employed": 100 * float(np.average(over_now[employed], weights=w[employed])),
        "abroad": 100 * float(np.average(over_abroad[graduates], weights=w[graduates])),
        "kept": 100 * float(np.average(kept[contributed], weights=w[contributed])),
        "kept_of_all": 100 * float(np.average(kept, weights=w)),
        "kept_unweighted": 100 * float(kept[contributed].mean()),
        "gap_10": ten, "gap_5": five,
    }


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_trainer_solutions_are_correct(seed):
    assert_solutions_correct(MASTER, seed)


def _judged(low: float, high: float, above: str, below: str) -> str:
    return above if low > 0 else below if high < 0 else "cannot_tell"


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_key_equals_the_independent_numbers_and_typical_readings_are_not_yet(seed):
    ctx, hand = _ctx(seed), _by_hand(seed)
    assert reference_answer(ex.OVERQUALIFIED_NOW.id, ctx) == pytest.approx(hand["now"])
    assert reference_answer(ex.RIGHTS_KEPT.id, ctx) == pytest.approx(hand["kept"])
    _, _, low, high = hand["change"]
    assert reference_answer(ex.SKILL_CHANGE.id, ctx) == _judged(low, high, "supported", "contradicted")
    gap, low, high, _ = hand["gap_10"]
    assert reference_answer(ex.PROFILE_GAP.id, ctx) == _judged(low, high, "long_term", "temporary")
    _, low_5, high_5, n_5 = hand["gap_5"]
    assert n_5 > hand["gap_10"][3] and high_5 - low_5 < high - low  # a larger group, a narrower interval
    assert reference_answer(ex.LONG_TERM_THRESHOLD.id, ctx) == ("a" if low_5 > 0 or high_5 < 0 else "b")
    mistakes = {
        ex.OVERQUALIFIED_NOW.id: [hand["now_all_employed"], hand["abroad"]],  # all employed; the job abroad
        ex.SKILL_CHANGE.id: ["supported", "cannot_tell", "contradicted"],
        ex.RIGHTS_KEPT.id: [hand["kept_of_all"], hand["kept"] / 100],  # among all returnees; a proportion
        ex.PROFILE_GAP.id: ["long_term" if gap > 0 else "temporary", "cannot_tell"],  # the point estimates read
        ex.LONG_TERM_THRESHOLD.id: ["a", "b", "c"],
    }
    assert_mistakes_not_correct(mistakes, ctx, seed)


@pytest.mark.slow
def test_cannot_tell_is_right_exactly_where_the_intervals_include_0():
    seen = set()
    for seed in SEEDS:
        ctx, hand = _ctx(seed), _by_hand(seed)
        _, low, high, _ = hand["gap_10"]
        includes = low <= 0 <= high
        expected = reference_answer(ex.PROFILE_GAP.id, ctx)
        assert assess(ex.PROFILE_GAP.id, "cannot tell", ctx, expected=expected).correct == includes, seed
        seen.add(includes)
        _, _, low, high = hand["change"]
        expected = reference_answer(ex.SKILL_CHANGE.id, ctx)
        assert assess(ex.SKILL_CHANGE.id, "cannot tell", ctx, expected=expected).correct == (low <= 0 <= high)
    assert seen == {True, False}
    thresholds = {reference_answer(ex.LONG_TERM_THRESHOLD.id, _ctx(seed)) for seed in SEEDS}
    assert thresholds == {"a", "b"}  # the varied definition tells the profiles apart for some cohorts only


@pytest.mark.parametrize("language, word", [("en", "share"), ("fr", "proportion"), ("es", "proporción")])
def test_a_share_for_a_percentage_is_close_and_named(language, word):
    ctx = _ctx(1, language)
    for exercise in (ex.OVERQUALIFIED_NOW, ex.RIGHTS_KEPT):
        answer = reference_answer(exercise.id, ctx)
        result = assess(exercise.id, answer / 100, ctx, expected=answer)
        assert result.status == "close" and word in result.message


@pytest.mark.parametrize("language, words", [
    ("en", ("long-term", "temporary", "cannot tell")), ("fr", ("longue durée", "temporaires", "impossible à dire")),
    ("es", ("larga duración", "temporales", "no se puede saber"))])
def test_the_options_are_answered_in_the_cohort_language(language, words):
    ctx = _ctx(1, language)
    expected = reference_answer(ex.PROFILE_GAP.id, ctx)
    verdicts = [assess(ex.PROFILE_GAP.id, word, ctx, expected=expected).correct for word in words]
    assert verdicts.count(True) == 1


def test_the_master_cites_its_sources_and_states_the_courses_choices():
    prose = (MASTERS / f"{MASTER}.ipynb").read_text(encoding="utf-8")
    for source in ("No. 195", "No. 102", "No. 118", "No. 157", "Recommendation No. 167", "objective 22",
                   "objective 18", "Reintegration Handbook", "CRIS", "20th ICLS (2018)", "Learning package"):
        assert source in prose, source
    assert "course's choices" in prose and "invented" in prose and "course's summary" in prose
    code = "\n".join(code_cells(MASTER))
    assert "portability.overqualification_before_after" in code and "portability.share_gap" in code
