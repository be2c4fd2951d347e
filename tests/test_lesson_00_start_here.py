"""Lesson 00_start_here: how notebooks, tables, figures, explorers and checked exercises work, what UN DESA's migrant
stock counts from one revision to the next, and rates of change compared by period and sex.

Its exercises are practice (no points) with instant feedback: the reference answers are in the package. Each is
checked in the three course languages: the reference is correct, the typical wrong reading is "not yet", a unit
slip is "close" and named.
"""

from __future__ import annotations

import json
import math
import re
from importlib import util
from pathlib import Path

import nbformat
import pytest

from mlalib.context import Context
from mlalib.data import load
from mlalib.exercises import assess, exercises, reference_answer, start_here
from mlalib.flows import annual_rate_of_change
from mlalib.i18n import text
from tests.conftest import PROJECT

NAME = "00_start_here"
MASTER = PROJECT / "notebooks" / f"{NAME}.ipynb"
COHORTS = [Context(language, seed, ("PHL", "MEX", "SEN"), "2020") for language, seed in
           (("en", 2026), ("fr", 4711), ("es", 7))]

#: typical wrong readings, as functions of the reference answer
WRONG = {
    "start-rate-of-change": [lambda a: 100 * (math.exp(a * 30 / 100) - 1) / 30,  # simple growth
                             lambda a: a * 30],                                    # not divided by the years
    "start-steady-growth": [lambda a: "a", lambda a: "c"],                        # the 30-year average read as steady
    "start-rate-by-sex": [lambda a: "a", lambda a: "c"],                          # more women, so a larger share
    "start-revised-growth": [lambda a: 304 - 281,                                 # two revisions mixed
                             lambda a: 281 - 275],                                 # the revision, not growth
}
#: unit slips: (answer given, message key)
SLIPS = {
    "start-rate-of-change": [(lambda a: a / 100, "check.unit.share_for_percent")],
    "start-revised-growth": [(lambda a: a * 1_000_000, "check.unit.persons_for_millions")],
}


def _markdown() -> str:
    return "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "markdown")


def _code() -> str:
    return "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "code")


def _world(sex: str):
    world = load("undesa_world_migrant_stock_2020")
    return world[world["sex"] == sex].set_index("year")["stock"]


def test_every_exercise_of_the_lesson_is_practice_with_instant_feedback():
    asked = {e.id for e in exercises().values() if e.master == NAME}
    assert asked == set(WRONG)
    for exercise_id in asked:
        exercise = exercises()[exercise_id]
        assert exercise.points == 0 and not exercise.graded_only and exercise.reference is not None, exercise_id


@pytest.mark.parametrize("cohort", COHORTS, ids=lambda c: c.language)
@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_reference_correct_wrong_readings_not_yet_slips_close(cohort, exercise_id):
    answer = reference_answer(exercise_id, cohort)
    assert assess(exercise_id, answer, cohort).status == "correct"
    for wrong in WRONG[exercise_id]:
        given = wrong(answer)
        assert assess(exercise_id, given, cohort).status == "not_yet", (exercise_id, given)
    for slip, key in SLIPS.get(exercise_id, []):
        result = assess(exercise_id, slip(answer), cohort)
        assert (result.status, result.message) == ("close", text(key, cohort.language)), exercise_id


def test_the_world_grew_faster_in_2015_2020_than_in_1990_1995_so_the_steady_reading_is_wrong():
    total = _world("total")
    first = annual_rate_of_change(total[1990], total[1995], years=5)
    last = annual_rate_of_change(total[2015], total[2020], years=5)
    average = annual_rate_of_change(total[1990], total[2020], years=30)
    assert last - first > start_here.SAME_RATE and first < average < last
    assert reference_answer("start-steady-growth") == "b"


def test_the_stock_of_men_grew_faster_so_the_share_of_women_fell_while_their_number_rose():
    women, men, total = _world("female"), _world("male"), _world("total")
    assert annual_rate_of_change(men[1990], men[2020], 30) > annual_rate_of_change(women[1990], women[2020], 30)
    assert women[2020] > women[1990] and women[2020] / total[2020] < women[1990] / total[1990]
    assert reference_answer("start-rate-by-sex") == "b"


def test_the_revised_growth_compares_two_years_of_one_revision():
    # the 2020 revision's figure for 2020 (the bundled data) is the 281 million the newspaper quotes
    assert round(_world("total")[2020] / 1e6) == 281
    assert reference_answer("start-revised-growth") == 304 - 275


def test_the_lesson_teaches_notebooks_the_course_map_and_the_decimal_point():
    markdown = _markdown()
    assert "**Time:**" not in markdown and not re.search(r"^\s*Next:", markdown, re.MULTILINE)  # the build writes them
    assert "**course map**" in markdown and "previous and the next lesson" in markdown
    assert "`answer = 2,02`" in markdown and "`answer = 2.02`" in markdown and '`answer = "2,02"`' in markdown
    for word in ("**Correct!**", "**Close**", "**Not yet**", "*Answer recorded*", "explorer", "Shift + Enter",
                 "Restart Kernel and Run All Cells"):
        assert word in markdown, word


def test_the_lesson_states_which_revision_each_world_figure_comes_from():
    markdown = _markdown()
    for fact in ("*International Migrant Stock 2020*", "*International Migrant Stock 2024*", "281", "304 million",
                 "from 281 to 275 million", "167.7 million", "4.7 per cent", "4th edition, 2024"):
        assert fact in markdown, fact
    assert "refugees and asylum seekers" in markdown and "UNHCR and UNRWA" in markdown and "**estimates**" in markdown


def test_every_table_the_lesson_shows_goes_through_readable():
    code = _code()
    assert "tables.readable(environment_report(ctx.language), ctx.language)" in code
    assert code.count("tables.readable(") == 3


#: The language pack of JupyterLab for each course language (the [lab] extra installs them).
LANGUAGE_PACKS = {"fr": "jupyterlab_language_pack_fr_FR", "es": "jupyterlab_language_pack_es_ES"}


@pytest.mark.parametrize("language, command", [("fr", "Redémarrer le noyau et exécuter toutes les cellules…"),
                                               ("es", "Reiniciar intérprete y ejecutar todas las celdas")])
def test_the_translations_name_the_menu_command_as_the_jupyterlab_language_pack_does(language, command):
    from babel.messages.pofile import read_po

    with open(PROJECT / "notebooks" / "locale" / language / f"{NAME}.po", "rb") as handle:
        catalog = read_po(handle)
    assert any(command in str(m.string) for m in catalog if m.id)
    spec = util.find_spec(LANGUAGE_PACKS[language])
    if spec is None:
        pytest.skip(f"the JupyterLab language pack {LANGUAGE_PACKS[language]} is not installed (the [lab] extra)")
    [folder] = spec.submodule_search_locations
    messages = json.loads(next(Path(folder).rglob("jupyterlab.json")).read_text(encoding="utf-8"))
    assert [command] in messages.values()
