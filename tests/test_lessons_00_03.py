"""Notebooks 00-03 (issue 12): for every exercise and 20 cohort seeds, the trainer solution is correct,
typical wrong answers are "not yet", and unit slips are "close" with the unit named."""

from __future__ import annotations

import math
from typing import Any, Callable

import pytest

from mlalib import labour
from mlalib.data.lessons import balancing_example, lesson_data
from mlalib.exercises import assess, reference_answer
from mlalib.context import Context
from mlalib.i18n import text
from tests.conftest import SURVEY_DESIGN

SEEDS = [*range(18), 2026, 4711]
FOCUS = [("PHL", "MEX", "SEN"), ("SEN", "MAR"), ("MEX", "PHL", "SEN"), ("XKX", "SEN", "PHL"), ("MAR", "MEX")]
LANGUAGES = ["en", "fr", "es"]
COHORTS = [Context(LANGUAGES[i % 3], seed, FOCUS[i % len(FOCUS)], "2020") for i, seed in enumerate(SEEDS)]

def _population_change(ctx: Context) -> float:
    accounts = balancing_example(ctx.seed)
    return float(accounts["pop_end"] - accounts["pop_start"])


def _weighted_share(ctx: Context) -> float:
    return float(labour.share_of_migrants(lesson_data("lfs", ctx), among="population", design=SURVEY_DESIGN)["estimate"].item())


def _non_migrant_lfpr(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="migrant_status", design=SURVEY_DESIGN)
    rows = table.query("indicator == 'participation_rate' and migrant_status == 'non-migrant'")
    return float(rows["estimate"].item())


#: typical wrong answers: functions of (reference answer, cohort)
WRONG: dict[str, list[Callable[[Any, Context], Any]]] = {
    "start-rate-of-change": [lambda a, c: 100 * (math.exp(a * 30 / 100) - 1) / 30,  # simple growth
                             lambda a, c: a * 30],                                    # not divided by the years
    "start-refugees-included": [lambda a, c: "no"],
    "stocks-net-migration": [lambda a, c: -a if a else 1_000,           # sign reversed
                             lambda a, c: _population_change(c)],         # births and deaths left in
    "stocks-stock-or-flow": [lambda a, c: "stock"],
    "stocks-largest-focus": [lambda a, c: next((f for f in c.focus_countries if f not in (a, "XKX")), "ZZZ"),
                             lambda a, c: "ZZZ"],
    "stocks-data-type": [lambda a, c: "b", lambda a, c: "c"],
    "stocks-rate-of-change": [lambda a, c: a * 5],                        # not divided by the years
    "flows-total-movers": [lambda a, c: a + 700],                         # stayers included
    "flows-d-to-b": [lambda a, c: 40.714285714285715],                   # read B -> D
    "flows-minimum": [lambda a, c: "b", lambda a, c: "c"],
    "flows-effectiveness": [lambda a, c: a * 2],                          # divided by the outflows only
    "lfs-unweighted-share": [lambda a, c: _weighted_share(c)],            # the weighted share
    "lfs-why-weights": [lambda a, c: "b", lambda a, c: "c"],
    "lfs-lfpr-migrants": [lambda a, c: _non_migrant_lfpr(c),              # the non-migrants' rate
                          lambda a, c: a * 0.93],                         # the employment-to-population ratio
    "lfs-gap-significant": [lambda a, c: "no"],
    "lfs-ur-migrant-women": [lambda a, c: a * 0.6],                       # per cent of the population
    "lfs-unreliable-cells": [lambda a, c: 60 if a != 60 else 0],          # every cell counted
}

#: unit slips: (answer given, message key) from the reference answer
SLIPS: dict[str, list[tuple[Callable[[float], float], str]]] = {
    "start-rate-of-change": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "stocks-net-migration": [(lambda a: a / 1_000, "check.unit.thousands_for_persons")],
    "stocks-rate-of-change": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "flows-effectiveness": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "lfs-unweighted-share": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "lfs-lfpr-migrants": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "lfs-ur-migrant-women": [(lambda a: a / 100, "check.unit.share_for_percent")],
}


@pytest.fixture(scope="module", params=COHORTS, ids=[f"seed-{c.seed}" for c in COHORTS])
def cohort(request) -> Context:
    return request.param


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_solution_correct_mistakes_not_yet_slips_close(cohort, exercise_id):
    answer = reference_answer(exercise_id, cohort)
    assert assess(exercise_id, answer, cohort).status == "correct"  # the trainer solution's value
    for wrong in WRONG[exercise_id]:
        given = wrong(answer, cohort)
        assert assess(exercise_id, given, cohort, expected=answer).status == "not_yet", (exercise_id, answer, given)
    for slip, key in SLIPS.get(exercise_id, []):
        if answer == 0:
            continue
        result = assess(exercise_id, slip(answer), cohort, expected=answer)
        assert (result.status, result.message) == ("close", text(key, cohort.language)), (exercise_id, answer)


def test_the_participation_gap_is_never_borderline(cohort, survey_design):
    """lfs-gap-significant has one defensible answer for every seed: the gap is far from 1.96 SE."""
    table = labour.labour_indicators(lesson_data("lfs", cohort), by="migrant_status", design=survey_design)
    gap = labour.gap_between(table, "participation_rate").iloc[0]
    assert abs(gap["gap"]) / gap["se"] > 3


def test_the_weighting_lesson_shows_a_bias_beyond_two_standard_errors(cohort, survey_design):
    lfs = lesson_data("lfs", cohort)
    weighted = labour.share_of_migrants(lfs, among="population", design=survey_design).iloc[0]
    assert 100 * lfs["international_migrant"].mean() - weighted["estimate"] > 2 * weighted["se"]
