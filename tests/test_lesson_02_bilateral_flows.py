"""Lesson 02_bilateral_flows: flows estimated from two stock tables (Abel & Cohen 2019's worked example), the places
of birth behind them, the migration effectiveness index (Bell et al. 2002), closed and open systems (Abel 2013).

The data are the papers' worked examples, the same for every cohort: each exercise is checked in the three course
languages (the reference is correct, the typical wrong reading "not yet", a unit slip "close" and named), and the
numbers each judgement rests on are checked against the estimates.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from mlalib import flows
from mlalib.context import Context
from mlalib.data import stock_example
from mlalib.exercises import assess, exercises, reference_answer
from mlalib.i18n import catalog, text
from tests.conftest import PROJECT

NAME = "02_bilateral_flows"
MASTER = PROJECT / "notebooks" / f"{NAME}.ipynb"
LANGUAGES = ["en", "fr", "es"]
COHORTS = [Context(language, seed, ("SEN", "MEX"), "2020") for language, seed in (("en", 2026), ("fr", 1), ("es", 7))]

WRONG = {
    "flows-total-movers": [lambda a: a + 700],                    # the people who stayed counted too
    "flows-returns": [lambda a: "a", lambda a: "c"],              # read as emigration; places of birth overlooked
    "flows-minimum": [lambda a: "b", lambda a: "c"],
    "flows-effectiveness": [lambda a: a * 2],                     # divided by the outflows only
    "flows-redistribution": [lambda a: "a", lambda a: "c"],       # the largest gain read as most of the moving
    "flows-open-system": [lambda a: "b", lambda a: "c"],          # the assumption read as changing sizes only
}
SLIPS = {"flows-effectiveness": [(lambda a: a / 100, "check.unit.share_for_percent")]}


def _estimates() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.flows_from_stocks(example.stock_start, example.stock_end, example.births, example.deaths)


def _markdown() -> str:
    return "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "markdown")


def test_every_exercise_of_the_lesson_has_its_typical_wrong_reading():
    assert {e.id for e in exercises().values() if e.master == NAME} == set(WRONG)


@pytest.mark.parametrize("cohort", COHORTS, ids=lambda c: c.language)
@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_solution_correct_wrong_readings_not_yet_slips_close(cohort, exercise_id):
    answer = reference_answer(exercise_id, cohort)
    assert assess(exercise_id, answer, cohort).status == "correct"
    for wrong in WRONG[exercise_id]:
        assert assess(exercise_id, wrong(answer), cohort).status == "not_yet", (exercise_id, wrong(answer))
    for slip, key in SLIPS.get(exercise_id, []):
        result = assess(exercise_id, slip(answer), cohort)
        assert (result.status, result.message) == ("close", text(key, cohort.language))


def test_most_moves_take_people_back_to_their_place_of_birth():
    moves = _estimates().query("origin != destination")
    returns = moves.loc[moves["destination"] == moves["birthplace"], "flow"].sum()
    leaving = moves.loc[moves["origin"] == moves["birthplace"], "flow"].sum()
    assert returns / moves["flow"].sum() == pytest.approx(0.625) and leaving < moves["flow"].sum() / 2
    # every move from D to B is a person born in B going home
    d_to_b = moves.query("origin == 'D' and destination == 'B'")
    assert set(d_to_b.loc[d_to_b["flow"] > 0, "birthplace"]) == {"B"}
    assert reference_answer("flows-returns") == "b"


def test_the_largest_gainer_receives_fewer_than_half_of_the_moves_and_most_moves_are_offset():
    summary = flows.region_summary(flows.od_matrix(_estimates()))
    assert summary["net"].idxmax() == "D"
    assert summary.loc["D", "inflow"] / summary["inflow"].sum() == pytest.approx(70 / 160)
    assert 100 * summary["net"].abs().sum() / summary["turnover"].sum() == pytest.approx(21.875)
    assert reference_answer("flows-redistribution") == "b"


def test_the_open_system_turns_region_b_from_a_loss_into_a_gain():
    demo = stock_example("abel2013_demography")
    net = {method: flows.region_summary(flows.od_matrix(flows.flows_from_stocks(
        *demo, match_birthplace_tot_method=method))).loc["B", "net"] for method in ("rescale", "open")}
    assert net["rescale"] < 0 < net["open"]
    assert reference_answer("flows-open-system") == "a"


def test_the_lesson_refers_only_to_lesson_01_and_leaves_time_and_next_lines_to_the_build():
    markdown = _markdown()
    assert "**Time:**" not in markdown and not re.search(r"^\s*Next:", markdown, re.MULTILINE)
    assert set(re.findall(r"\b[Nn]otebooks?\s+(\d\d)|\b[Ll]essons?\s+(\d\d)", markdown)) <= {("01", "")}


def test_the_lesson_states_the_limits_and_the_revision_of_the_stocks_behind_the_flows():
    markdown = _markdown()
    assert "**Data vintage.**" in markdown and "one revision" in markdown
    assert "refugees and asylum seekers" in markdown and "**estimates**" in markdown and "*minimum*" in markdown
    # the formula is written in words that translate
    assert "migration effectiveness index = 100 × sum over regions of the absolute value of net migration" in markdown


@pytest.mark.parametrize("key", ["column.birthplace", "column.origin", "column.region", "column.outflow",
                                 "column.inflow", "column.net", "column.turnover", "column.migration_index",
                                 "label.connectivity", "label.gini_total"])
def test_every_column_and_index_the_lesson_shows_has_its_words_in_every_language(key):
    assert all(key in catalog(language) for language in LANGUAGES)
