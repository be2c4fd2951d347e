"""Notebook 09's exercises: the trainer's key is right for 20 cohort seeds, and typical mistakes,
computed from the same data, are rejected."""

from __future__ import annotations

import numpy as np
import pytest

from mlalib import decent_work
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import check, configure, reference_answer
from mlalib.exercises import decent_work as ex
from tests.conftest import SURVEY_DESIGN

SEEDS = range(20)
TOLERANCE = {e.id: e.abs_tol for e in (ex.INFORMALITY_MIGRANT_WOMEN, ex.NONFATAL_INJURY_MIGRANTS, ex.MEDIAN_GAP_WOMEN)}


def mistakes(ctx: Context) -> dict[str, list]:
    """What participants typically answer instead, for this cohort's data."""
    lfs = lesson_data("lfs", ctx)
    employed_women = lfs[(lfs.labour_status == "employed") & (lfs.sex == "female") & (lfs.migrant_status == "migrant")]
    informal = decent_work.informality_rate(lfs, by=["sex", "migrant_status"], design=SURVEY_DESIGN).set_index(
        ["sex", "migrant_status"])["estimate"]
    injuries = decent_work.occupational_injury_rates(lfs, by="migrant_status", design=SURVEY_DESIGN)
    migrant_workers = lfs[(lfs.labour_status == "employed") & (lfs.migrant_status == "migrant")]
    injured_persons = 1e5 * np.average(migrant_workers.nonfatal_injury_cases > 0, weights=migrant_workers.weight)
    nonfatal = injuries.query("indicator == 'nonfatal_injury_rate' and migrant_status == 'migrant'")["estimate"].item()
    gaps = decent_work.pay_gap(lfs, by="sex", design=SURVEY_DESIGN).set_index(["indicator", "sex"])["estimate"]
    return {
        ex.INFORMALITY_MIGRANT_WOMEN.id: [100 * employed_women.informal.astype(bool).mean(),  # unweighted
                                          informal[("male", "migrant")], informal[("female", "non-migrant")]],
        ex.NONFATAL_INJURY_MIGRANTS.id: [nonfatal / 1000, injured_persons],  # per cent; persons, not cases
        ex.MEDIAN_GAP_WOMEN.id: [gaps[("mean_pay_gap", "female")], gaps[("median_pay_gap", "male")]],
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_key_is_correct_and_typical_mistakes_are_rejected(seed):
    ctx = configure({"language": "en", "seed": seed, "focus_countries": ["PHL"], "data_vintage": "2020"})
    try:
        answers = {exercise.id: reference_answer(exercise.id, ctx) for exercise in (
            ex.INFORMALITY_MIGRANT_WOMEN, ex.NONFATAL_INJURY_MIGRANTS, ex.FATAL_PUBLISHABLE, ex.MEDIAN_GAP_WOMEN,
            ex.GAP_SIGNIFICANT)}
        for exercise_id, answer in answers.items():
            assert check(exercise_id, answer).correct, (seed, exercise_id, answer)
        assert check(ex.INFORMALITY_MIGRANT_WOMEN.id, round(answers[ex.INFORMALITY_MIGRANT_WOMEN.id], 1)).correct
        assert check(ex.NONFATAL_INJURY_MIGRANTS.id, round(answers[ex.NONFATAL_INJURY_MIGRANTS.id])).correct
        for exercise_id, wrong_answers in mistakes(ctx).items():
            # a mistake that happens to give the right number (to the stated precision) cannot be told apart
            distinct = [w for w in wrong_answers if abs(w - answers[exercise_id]) > 2 * TOLERANCE[exercise_id]]
            assert distinct, (seed, exercise_id)
            for wrong in distinct:
                assert not check(exercise_id, wrong).correct, (seed, exercise_id, wrong, answers[exercise_id])
        for exercise in (ex.FATAL_PUBLISHABLE, ex.GAP_SIGNIFICANT):
            other = "yes" if answers[exercise.id] == "no" else "no"
            assert not check(exercise.id, other).correct
    finally:
        configure(language="en")


def test_choice_answers_in_the_cohort_language():
    ctx = configure({"language": "fr", "seed": 3, "focus_countries": ["SEN"], "data_vintage": "2020"})
    try:
        answer = reference_answer(ex.FATAL_PUBLISHABLE.id, ctx)
        assert check(ex.FATAL_PUBLISHABLE.id, {"no": "non", "yes": "oui"}[answer]).correct
        assert "100 000" in check(ex.NONFATAL_INJURY_MIGRANTS.id, 1.0).hint
    finally:
        configure(language="en")


def test_a_share_for_a_percentage_is_close_and_named():
    ctx = configure({"language": "en", "seed": 2, "focus_countries": ["PHL"], "data_vintage": "2020"})
    try:
        answer = reference_answer(ex.INFORMALITY_MIGRANT_WOMEN.id, ctx)
        slip = check(ex.INFORMALITY_MIGRANT_WOMEN.id, answer / 100)
        assert slip.status == "close" and not slip.correct
    finally:
        configure(language="en")
