"""Notebook 08's exercises: the key's answers are correct for 20 seeds and several focus-country lists,
typical wrong answers are rejected, and the key agrees with the notebook's own solutions."""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib import emigration
from mlalib.context import Context
from mlalib.data.lessons import emigration_country, lesson_data
from mlalib.exercises import check, configure, reference_answer
from mlalib.exercises import emigrants_and_diasporas as ex

FOCUS = [("PHL", "MEX", "SEN"), ("SEN", "MAR"), ("XKX", "CIV"), ("MEX",), ()]


def _wrong_answers(exercise, ctx: Context, answer):
    """Typical mistakes, computed from the data as a participant would make them."""
    country = emigration_country(ctx)
    summary = emigration.origin_summary(lesson_data("emigrants", ctx), lesson_data("population", ctx), [country])
    row = summary.loc[country]
    if exercise is ex.EMIGRANTS_2019:
        return [answer / 1000, float(row["immigrants"]), round(answer, -4)]  # thousands; immigrants; rounded too far
    if exercise is ex.EMIGRATION_RATE:
        return [100 * row["emigrants"] / row["residents"], answer / 100,
                100 * row["emigrants"] / (row["residents"] + row["emigrants"] + row["immigrants"])]
    if exercise is ex.NET_POSITION:
        return ["immigration" if answer == "emigration" else "emigration"]
    if exercise is ex.BRAIN_DRAIN:
        return ["smaller" if answer == "larger" else "larger"]
    if exercise is ex.TERTIARY_RATE:
        got = emigration.brain_drain_indicators(lesson_data("census", ctx))
        return [100 * got["tertiary_emigrants"] / got["tertiary_residents"], got["tertiary_share_emigrants_pct"],
                got["emigration_rate_pct"]]
    money = emigration.remittance_summary(lesson_data("remittances", ctx), lesson_data("emigrants", ctx),
                                          lesson_data("population", ctx), [country]).loc[country]
    return [money["usd_per_resident"], answer / 1e6]


EXERCISES = [ex.EMIGRANTS_2019, ex.EMIGRATION_RATE, ex.NET_POSITION, ex.TERTIARY_RATE, ex.BRAIN_DRAIN,
             ex.REMITTANCES_PER_EMIGRANT]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_key_correct_and_mistakes_rejected_for_20_seeds(exercise):
    for seed in range(20):
        ctx = Context("en", seed, FOCUS[seed % len(FOCUS)], "2020")
        configure(ctx)
        answer = reference_answer(exercise.id, ctx)
        assert check(exercise.id, answer).correct, (seed, answer)
        for wrong in _wrong_answers(exercise, ctx, answer):
            assert not check(exercise.id, wrong).correct, (seed, answer, wrong)
    configure(language="en")


def test_answers_follow_the_cohort():
    first, second = Context("en", 1, ("PHL",), "2020"), Context("en", 2, ("PHL",), "2020")
    assert reference_answer(ex.TERTIARY_RATE.id, first) != reference_answer(ex.TERTIARY_RATE.id, second)
    assert reference_answer(ex.EMIGRANTS_2019.id, first) == reference_answer(ex.EMIGRANTS_2019.id, second) == 5_996_161
    assert reference_answer(ex.EMIGRANTS_2019.id, Context("en", 1, ("XKX", "SEN"), "2020")) == 650_482
    assert reference_answer(ex.NET_POSITION.id, Context("en", 1, ("CIV",), "2020")) == "immigration"


@pytest.mark.parametrize("language, emigration_option, larger", [
    ("fr", "émigration", "plus grande"), ("es", "emigración", "mayor"), ("en", "emigration", "larger")])
def test_choice_options_in_every_language(language, emigration_option, larger):
    ctx = Context(language, 3, ("SEN",), "2020")
    configure(ctx)
    assert check(ex.NET_POSITION.id, emigration_option).correct
    assert reference_answer(ex.BRAIN_DRAIN.id, ctx) == "larger" and check(ex.BRAIN_DRAIN.id, larger).correct
    configure(language="en")


def test_the_brain_drain_answer_follows_the_seed():
    answers = {reference_answer(ex.BRAIN_DRAIN.id, Context("en", seed, ("MEX",), "2020")) for seed in range(60)}
    assert answers == {"larger", "smaller"}


def test_synthetic_lesson_data_are_labelled_and_absent_countries_noted():
    ctx = Context("en", 5, ("XKX", "SEN"), "2020")
    assert set(lesson_data("census", ctx)["data"]) == {"synthetic"}
    assert list(lesson_data("brain_drain", ctx).index) == ["SEN"]
    present, absent = emigration.available_origins(lesson_data("emigrants", ctx), ctx.focus_countries)
    assert (present, absent) == (["SEN"], ["XKX"])
    assert isinstance(lesson_data("knomad", ctx), pd.DataFrame)
