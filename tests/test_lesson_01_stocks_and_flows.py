"""Lesson 01_stocks_and_flows: stocks and flows, the balancing equation (how a count error moves its residual, and
whether stated errors leave its sign in doubt), UN DESA's stocks with their type of data, the annual rate of change.

Over 20 cohort seeds: the trainer's solution is correct, the typical wrong reading is "not yet", unit slips are
"close" and named, and "cannot tell" is the answer exactly where the stated errors could make the sign.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import nbformat
import pytest

from mlalib import flows
from mlalib.context import Context
from mlalib.data.lessons import balancing_example
from mlalib.exercises import assess, exercises, reference_answer
from mlalib.exercises import stocks_and_flows as ex
from mlalib.i18n import catalog, text
from tests.conftest import PROJECT
from tests.lesson_runs import SEEDS

NAME = "01_stocks_and_flows"
MASTER = PROJECT / "notebooks" / f"{NAME}.ipynb"
FOCUS = [("PHL", "MEX", "SEN"), ("SEN", "MAR"), ("MEX", "PHL", "SEN"), ("XKX", "SEN", "PHL"), ("MAR", "MEX")]
LANGUAGES = ["en", "fr", "es"]
COHORTS = [Context(LANGUAGES[i % 3], seed, FOCUS[i % len(FOCUS)], "2020") for i, seed in enumerate(SEEDS)]


def _net(ctx: Context) -> float:
    return float(flows.net_migration_residual(**balancing_example(ctx.seed)))


def _population_change(ctx: Context) -> float:
    accounts = balancing_example(ctx.seed)
    return float(accounts["pop_end"] - accounts["pop_start"])


def _sign(ctx: Context) -> str:
    return "emigration" if _net(ctx) < 0 else "immigration"


def _one_count_error_only(ctx: Context) -> str:
    """The reading that allows for the error of the end-of-year population only."""
    accounts = balancing_example(ctx.seed)
    return "cannot_tell" if abs(_net(ctx)) <= ex.POPULATION_ERROR * accounts["pop_end"] else _sign(ctx)


#: typical wrong readings: functions of (reference answer, cohort); a reading that happens to be right for a cohort
#: is skipped for it
WRONG: dict[str, list[Callable[[Any, Context], Any]]] = {
    "stocks-net-migration": [lambda a, c: -a if a else 1_000,         # sign reversed
                             lambda a, c: _population_change(c)],       # births and deaths left in
    "stocks-count-error": [lambda a, c: "a", lambda a, c: "c"],         # in proportion; not at all
    "stocks-net-sign": [lambda a, c: _sign(c),                          # the point estimate's sign, errors ignored
                        lambda a, c: "cannot_tell",                     # doubt where the errors cannot make the sign
                        lambda a, c: _one_count_error_only(c)],         # one population's error only
    "stocks-stock-or-flow": [lambda a, c: "stock"],
    "stocks-largest-focus": [lambda a, c: next((f for f in c.focus_countries if f not in (a, "XKX")), "ZZZ"),
                             lambda a, c: "ZZZ"],
    "stocks-data-type": [lambda a, c: "b", lambda a, c: "c"],
    "stocks-rate-of-change": [lambda a, c: a * 5],                      # not divided by the years
}
SLIPS: dict[str, list[tuple[Callable[[float], float], str]]] = {
    "stocks-net-migration": [(lambda a: a / 1_000, "check.unit.thousands_for_persons")],
    "stocks-rate-of-change": [(lambda a: a / 100, "check.unit.share_for_percent")],
}


def _markdown() -> str:
    return "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "markdown")


def _code() -> str:
    return "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "code")


def test_every_exercise_of_the_lesson_has_its_typical_wrong_reading():
    assert {e.id for e in exercises().values() if e.master == NAME} == set(WRONG)


@pytest.mark.slow
@pytest.mark.parametrize("cohort", COHORTS, ids=[f"seed-{c.seed}" for c in COHORTS])
@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_solution_correct_wrong_readings_not_yet_slips_close(cohort, exercise_id):
    answer = reference_answer(exercise_id, cohort)
    assert assess(exercise_id, answer, cohort).status == "correct"
    for wrong in WRONG[exercise_id]:
        given = wrong(answer, cohort)
        if given == answer:
            continue
        assert assess(exercise_id, given, cohort, expected=answer).status == "not_yet", (exercise_id, answer, given)
    for slip, key in SLIPS.get(exercise_id, []):
        if answer == 0:
            continue
        result = assess(exercise_id, slip(answer), cohort, expected=answer)
        assert (result.status, result.message) == ("close", text(key, cohort.language)), (exercise_id, answer)


@pytest.mark.slow
def test_cannot_tell_is_the_answer_exactly_where_the_stated_errors_could_make_the_sign():
    answers = {}
    for cohort in COHORTS:
        accounts = balancing_example(cohort.seed)
        largest_error = 0.001 * (accounts["pop_start"] + accounts["pop_end"])
        answer = reference_answer("stocks-net-sign", cohort)
        assert (answer == "cannot_tell") == (abs(_net(cohort)) <= largest_error), cohort.seed
        assert assess("stocks-net-sign", "cannot tell", cohort).correct == (answer == "cannot_tell")
        answers[cohort.seed] = answer
    # the sweep has cohorts of each kind, and cohorts whose point estimate alone would mislead
    assert {"cannot_tell", "emigration", "immigration"} <= set(answers.values())
    assert sum(answer == "cannot_tell" for answer in answers.values()) >= 3


@pytest.mark.parametrize("seed", [0, 5, 2026])
@pytest.mark.parametrize("error", [0.2, 0.5, -0.2])
def test_a_count_error_moves_net_migration_by_the_whole_error_as_the_lesson_answers(seed, error):
    accounts = balancing_example(seed)
    net = flows.net_migration_residual(**accounts)
    corrected = flows.net_migration_residual(**dict(accounts, pop_end=accounts["pop_end"] * (1 - error / 100)))
    whole = error / 100 * accounts["pop_end"]
    assert net - corrected == pytest.approx(whole)
    assert abs(net - corrected) > 10 * abs(error / 100 * net)  # not in proportion to net migration: reading (a)
    assert reference_answer("stocks-count-error", Context(seed=seed)) == "b"


def test_the_lesson_refers_to_no_later_lesson_and_leaves_time_and_next_lines_to_the_build():
    markdown = _markdown()
    assert "**Time:**" not in markdown and not re.search(r"^\s*Next:", markdown, re.MULTILINE)
    assert not re.search(r"\b[Nn]otebooks?\s+0[2-9]|\b[Ll]essons?\s+0[2-9]", markdown)


def test_the_lesson_states_the_definitions_as_the_official_texts_do():
    markdown = _markdown()
    assert '"any person who changes his or her country of usual residence"' in markdown and "para. 32" in markdown
    assert "2021" in markdown and "temporary mobility" in markdown and "UN Statistical Commission" in markdown
    # the stock includes refugees; R marks where UNHCR's and UNRWA's figures were added to the estimate
    assert "refugees and asylum seekers included" in markdown
    assert "of UNHCR and UNRWA were **added** because the censuses and surveys did not count them" in markdown
    assert "**C**" in markdown and "Philippines" in markdown and "46 of 232" in markdown and "**estimates**" in markdown
    assert "**Data vintage.**" in markdown and "*International Migrant Stock 2020*" in markdown and "2024" in markdown


def test_the_lesson_shows_data_types_where_stocks_are_compared_and_states_the_rate_period():
    code, markdown = _code(), _markdown()
    assert code.count("with_data_type(") >= 2 and code.count("country_name(code, ctx.language)") >= 2
    assert "years=1" in code and "**one calendar year**" in markdown


@pytest.mark.parametrize("column", ["pop_start", "pop_end", "births", "deaths", "net_migration",
                                    "rate_per_1000_per_year", "error_pct", "net_migration_corrected", "country",
                                    "iso3", "type_of_data", "data_type", "stock", "year"])
def test_every_column_the_lesson_shows_has_its_header_in_every_language(column):
    assert all(f"column.{column}" in catalog(language) for language in LANGUAGES)
