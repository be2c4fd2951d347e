"""Lesson 03, the labour force by migrant status: for 20 cohort seeds every key is right, the typical mistakes and
wrong readings are "not yet", unit slips are "close" and named, "cannot be told apart" is accepted where the
interval says so; and what the master teaches (the two ICLS groups, the criterion, weights, gaps of two groups of
one survey with their covariance), executed as the trainer edition runs it."""

from __future__ import annotations

import re
from functools import lru_cache

import nbformat
import pandas as pd
import pytest

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, profile_country
from mlalib.exercises import assess, exercises, reference_answer
from mlalib.i18n import text
from tests.conftest import PROJECT, SURVEY_DESIGN as DESIGN
from tests.lesson_runs import SEEDS

MASTER = "03_labour_force_by_migrant_status"
NOTEBOOK = PROJECT / "notebooks" / f"{MASTER}.ipynb"
FOCUS = [("PHL", "MEX", "SEN"), ("SEN", "MAR"), ("MEX", "PHL", "SEN"), ("XKX", "SEN", "PHL"), ("MAR", "MEX")]
LANGUAGES = ["en", "fr", "es"]
COHORTS = [Context(LANGUAGES[i % 3], seed, FOCUS[i % len(FOCUS)], "2020") for i, seed in enumerate(SEEDS)]


@lru_cache(maxsize=None)
def _numbers(ctx: Context) -> dict[str, pd.Series | pd.DataFrame | float]:
    lfs = lesson_data("lfs", ctx)
    by_status = labour.labour_indicators(lfs, by="migrant_status", design=DESIGN)
    reclassified = labour.icls_categories(lfs, profile_country(ctx.focus_countries), criterion="citizenship")
    return {"by_status": by_status,
            "weighted_share": float(labour.share_of_migrants(lfs, among="population", design=DESIGN)["estimate"]
                                    .item()),
            "gap": labour.indicator_gap(lfs, "participation_rate", design=DESIGN).iloc[0],
            "by_citizenship": labour.indicator_gap(reclassified, "participation_rate", design=DESIGN).iloc[0]}


def _rate(ctx: Context, indicator: str, status: str) -> float:
    table = _numbers(ctx)["by_status"]
    return float(table.query("indicator == @indicator and migrant_status == @status")["estimate"].item())


def _reading(row: pd.Series, value: float) -> str:
    return "supported" if row["ci_low"] > value else "contradicted" if row["ci_high"] < value else "cannot_tell"


#: typical wrong answers: functions of (reference answer, cohort)
WRONG = {
    "lfs-unweighted-share": [lambda a, c: _numbers(c)["weighted_share"]],           # the weighted share
    "lfs-why-weights": [lambda a, c: "b", lambda a, c: "c"],
    "lfs-lfpr-migrants": [lambda a, c: _rate(c, "participation_rate", "non-migrant"),  # the non-migrants' rate
                          lambda a, c: _rate(c, "employment_to_population", "migrant")],
    "lfs-gap-claim": [lambda a, c: "supported" if _numbers(c)["gap"]["gap"] > 13 else "contradicted"],  # estimate
    "lfs-criterion-vary": [lambda a, c: "c", lambda a, c: "d"],
    "lfs-ur-migrant-women": [lambda a, c: a * 0.6],                                    # per cent of the population
    "lfs-unreliable-cells": [lambda a, c: 60 if a != 60 else 0],                       # every cell counted
}
SLIPS = {"lfs-unweighted-share", "lfs-lfpr-migrants", "lfs-ur-migrant-women"}  # a share given for the per cent


def test_the_exercises_of_03_have_two_judgements_and_one_variation():
    mine = {i: e for i, e in exercises().items() if e.master == MASTER}
    assert set(mine) == set(WRONG)
    assert "lfs-gap-significant" not in exercises()  # the yes/no that a significance column answered
    assert mine["lfs-gap-claim"].options == ("supported", "contradicted", "cannot_tell")
    assert mine["lfs-why-weights"].kind == mine["lfs-criterion-vary"].kind == "choice"


@pytest.mark.slow
@pytest.mark.parametrize("ctx", COHORTS, ids=[f"seed-{c.seed}" for c in COHORTS])
def test_keys_are_right_mistakes_not_yet_slips_close(ctx):
    for exercise_id, mistakes in WRONG.items():
        answer = reference_answer(exercise_id, ctx)
        accepted = answer if isinstance(answer, tuple) else (answer,)
        for given in accepted:
            assert assess(exercise_id, given, ctx, expected=answer).correct, (exercise_id, given)
        for mistake in mistakes:
            given = mistake(answer, ctx)
            if given in accepted:
                continue  # this cohort's numbers make the mistaken reading right
            assert assess(exercise_id, given, ctx, expected=answer).status == "not_yet", (exercise_id, given)
        if exercise_id in SLIPS and answer:
            result = assess(exercise_id, answer / 100, ctx, expected=answer)
            assert (result.status, result.message) == ("close", text("check.unit.share_for_percent", ctx.language))
    numbers = _numbers(ctx)
    assert _reading(numbers["gap"], 13) in _as_tuple(reference_answer("lfs-gap-claim", ctx))
    moved = abs(numbers["by_citizenship"]["gap"] - numbers["gap"]["gap"]) > 2 * numbers["gap"]["se"]
    assert ("b" if moved else "a") in _as_tuple(reference_answer("lfs-criterion-vary", ctx))


def _as_tuple(answer: str | tuple[str, ...]) -> tuple[str, ...]:
    return answer if isinstance(answer, tuple) else (answer,)


@pytest.mark.slow
def test_the_judgements_depend_on_the_cohorts_numbers_and_cannot_tell_is_accepted_in_every_language():
    claims = {reference_answer("lfs-gap-claim", c) for c in COHORTS}
    varied = {reference_answer("lfs-criterion-vary", c) for c in COHORTS}
    assert {"supported", "cannot_tell"} <= claims and {"a", "b"} <= varied
    undecided = next(c for c in COHORTS if reference_answer("lfs-gap-claim", c) == "cannot_tell")
    for language in LANGUAGES:
        ctx = Context(language, undecided.seed, undecided.focus_countries, undecided.data_vintage)
        assert assess("lfs-gap-claim", text("option.cannot_tell", language), ctx).correct
        assert not assess("lfs-gap-claim", text("option.supported", language), ctx).correct


@pytest.mark.parametrize("ctx", COHORTS[:4], ids=[f"seed-{c.seed}" for c in COHORTS[:4]])
def test_the_weighting_lesson_shows_a_bias_beyond_two_standard_errors(ctx):
    lfs = lesson_data("lfs", ctx)
    weighted = labour.share_of_migrants(lfs, among="population", design=DESIGN).iloc[0]
    assert 100 * lfs["international_migrant"].mean() - weighted["estimate"] > 2 * weighted["se"]


def test_by_citizenship_fewer_respondents_are_migrants_as_options_a_and_b_state():
    for ctx in COHORTS:
        lfs = lesson_data("lfs", ctx)
        counts = labour.migrants_by_criterion(lfs, profile_country(ctx.focus_countries), design=DESIGN)
        counts = counts.set_index("criterion")["respondents"]
        assert counts["citizenship"] < counts["birth"]


def _cells() -> list[nbformat.NotebookNode]:
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _markdown() -> str:
    return "\n".join(c.source for c in _cells() if c.cell_type == "markdown")


def _code() -> str:
    return "\n".join(c.source for c in _cells() if c.cell_type == "code")


def test_the_master_is_a_complete_lesson_that_refers_to_no_later_lesson():
    prose = _markdown()
    for part in ("You will learn to", "## To remember", "**Exercise `"):
        assert part in prose, part
    assert "**Time:**" not in prose and "Next:" not in prose
    assert not re.search(r"\b[Nn]otebooks? (0[1-9]|1\d)\b", prose)  # 03 needs only 00


def test_the_master_states_the_two_icls_groups_and_that_an_lfs_covers_group_a_only():
    concepts = next(c.source for c in _cells()
                    if c.cell_type == "markdown" and "Who is an international migrant" in c.source)
    assert "**(a) usual residents**" in concepts and "**(b) non-resident foreign workers**" in concepts
    assert "measures **group (a) only**" in concepts
    assert "20th International Conference of Labour Statisticians" in concepts
    assert "**for-work international migrants**" in concepts


def test_the_master_states_the_criterion_and_shows_every_table_with_it():
    prose, code = _markdown(), _code()
    assert "alternative* criteria" in prose and "**place of birth**" in prose
    assert "tables.readable(by_status" in code and "tables.readable(unemployment" in code
    assert "tables.readable(detailed" in code  # the table of lfs-unreliable-cells is shown
    assert not re.search(r"^\w+(\.round\(\d\))?$", code, re.MULTILINE)  # no raw frame, Series or tuple left bare


def test_the_gap_of_two_groups_of_one_survey_uses_their_covariance():
    prose, code = _markdown(), _code()
    assert "labour.gap_between" not in code and "labour.indicator_gap(lfs" in code
    assert "treats the two estimates as independent" not in prose and "covariance" in prose
    assert "Lumley, 2010" in prose and 'drop(columns="significant")' in code


def test_the_master_states_sdg_disaggregations_and_the_data_vintage():
    prose = _markdown()
    assert "is SDG indicator 8.5.2" not in prose and "(SDG 8.5.2)" not in prose
    assert "*by sex, age and persons with disabilities*" in prose and "17.18" in prose
    assert "8.8.1" in prose and "8.8.2" in prose and "10.7" in prose
    assert "reference year **2019**" in prose and "69.0%" in prose
    assert "4th edition (published in 2024, reference year **2022**)" in prose and "167.7 million" in prose
    assert "100 × (employed + unemployed) ÷ working-age population" in prose  # formulas in words


@pytest.mark.slow
def test_run_every_table_of_migrants_states_the_criterion_and_every_solution_is_correct(tmp_path):
    """Executed as the trainer edition runs it (course keys installed): the tables that show migrant status
    say how migrants were identified, the table of lfs-unreliable-cells is displayed, and every check of
    the solutions says "Correct!"."""
    from nbclient import NotebookClient

    from mlalib.course.kernels import IPCKernelManager

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   kernel_manager_class=IPCKernelManager).execute()
    outputs = {c.id: "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in c.outputs)
               for c in nb.cells if c.cell_type == "code"}
    criterion = "Migrant status by place of birth: migrants are the foreign-born"
    tables = [text_ for text_ in outputs.values() if "Migrant status" in text_ or "Participation gap" in text_]
    assert len(tables) >= 6 and all("Migrant status by" in text_ for text_ in tables)
    assert sum(criterion in text_ for text_ in tables) >= 5
    assert "Migrant status by citizenship" in outputs["lf-37"]  # the varied criterion is stated too
    checks = [text_ for text_ in outputs.values() if text_.startswith("[lfs-")]
    assert len(checks) == 7 and all("Correct!" in text_ for text_ in checks)
    detailed = next(text_ for text_ in outputs.values() if "Detailed table" in text_)
    assert detailed.count("\n") >= 60 and "Unreliable" in detailed
