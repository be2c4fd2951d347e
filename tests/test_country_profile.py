"""Notebook 07, the migration profile: the trainer's solution in the master is correct for 20 cohorts (seeds and focus
countries), typical wrong answers are rejected, the written exercises are acknowledged and carry a translated rubric,
and a focus country without data is left out with a note. The master runs under nbval with the other masters."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import nbformat
import pytest

from mlalib.context import Context
from mlalib.data.lessons import profiled_country
from mlalib.exercises import assess, configure, country_profile as ex, exercises, reference_answer
from mlalib.exercises.catalogue import rubric
from tests.conftest import PROJECT

MASTER = PROJECT / "notebooks" / "07_country_profile.ipynb"
#: Cohorts of every kind of focus countries (real data) in the three languages; Kosovo has no UN DESA series.
COHORTS = [Context("en", 2026, ("PHL", "MEX", "SEN")), Context("fr", 4711, ("SEN", "MAR", "CIV")),
           Context("es", 7, ("MEX", "GTM", "COL")), Context("fr", 11, ("XKX", "SEN")), Context("en", 3, ("MAR", "PHL"))]
#: 20 seeds: the synthetic survey (part B.2) changes with the seed, the real data do not.
SEEDS = [Context("en", seed, ("PHL", "MEX", "SEN")) for seed in range(20)]
#: The report cell writes a page of 4 MB (plotly.js embedded): run under nbval and in tests/test_report.py, not here.
REPORT_CELL = "cp-47"
#: The cells the synthetic exercise needs: setup, the country, the labour table and its exercise.
SYNTHETIC_CELLS = ("cp-02", "cp-21", "cp-39", "cp-41")


@lru_cache(maxsize=None)
def solution_run(ctx: Context, cells: tuple[str, ...] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the master's code (the trainer's solution) for ``ctx`` in this process (``cells``: only those cells);
    the answers given to check() and the notebook's variables."""
    answers: dict[str, Any] = {}
    namespace: dict[str, Any] = {"cohort": ctx.parameters()}
    for cell in nbformat.read(MASTER, as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []) or cell.get("id") == REPORT_CELL \
                or (cells and cell.get("id") not in cells):
            continue
        exec(compile(cell.source, f"07:{cell.get('id')}", "exec"), namespace)  # noqa: S102 (the project's own master)
        namespace["check"] = lambda exercise_id, answer: answers.__setitem__(exercise_id, answer)
    configure(language="en")
    return answers, namespace


def test_the_notebook_checks_every_exercise_of_its_module():
    answers, _ = solution_run(COHORTS[0])
    assert set(answers) == {e.id for e in exercises().values() if e.master == ex.MASTER}
    checked = [e for e in exercises().values() if e.master == ex.MASTER and e.kind != "written"]
    assert len(checked) >= 3 and any(e.kind == "choice" for e in checked)  # one asks for an interpretation


@pytest.mark.parametrize("ctx", COHORTS, ids=[f"{c.language}-{'-'.join(c.focus_countries)}" for c in COHORTS])
def test_the_trainer_solution_is_correct_and_typical_mistakes_are_not(ctx):
    answers, ns = solution_run(ctx)
    country = ns["country"]
    for exercise_id, answer in answers.items():
        verdict = assess(exercise_id, answer, ctx)
        expected = "recorded" if exercises()[exercise_id].kind == "written" else "correct"
        assert verdict.status == expected, (exercise_id, answer, verdict)
    summary, per_emigrant = ns["summary"].loc[country], ns["per_emigrant"].loc[country]
    rates = ns["labour_table"].query("indicator == 'unemployment_rate'").set_index("migrant_status")["estimate"]
    mistakes = {
        ex.FEMALE_SHARE: 100 - answers[ex.FEMALE_SHARE.id],                              # men
        ex.EMIGRATION_RATE: 100 * summary["emigrants"] / summary["residents"],          # natives abroad left out
        ex.NET_POSITION: {"emigration": "immigration", "immigration": "emigration"}[answers[ex.NET_POSITION.id]],
        ex.REMITTANCES_PER_EMIGRANT: per_emigrant["usd_per_resident"],                  # per resident
        ex.UNEMPLOYMENT_GAP: rates["non-migrant"] - rates["migrant"],                   # the wrong way round
    }
    for exercise, wrong in mistakes.items():
        if exercise is ex.UNEMPLOYMENT_GAP and abs(wrong) < 0.05:
            continue  # no gap to get the wrong way round
        assert assess(exercise.id, wrong, ctx).status in {"not_yet", "close"}, (exercise.id, wrong)


@pytest.mark.parametrize("ctx", SEEDS, ids=[f"seed{c.seed}" for c in SEEDS])
def test_the_synthetic_exercise_is_right_for_20_seeds_and_its_mistake_is_not(ctx):
    answers, ns = solution_run(ctx, SYNTHETIC_CELLS)
    gap = answers[ex.UNEMPLOYMENT_GAP.id]
    assert assess(ex.UNEMPLOYMENT_GAP.id, gap, ctx).correct
    rates = ns["labour_table"].query("indicator == 'unemployment_rate'").set_index("migrant_status")["estimate"]
    wrong = {"reversed": -gap, "participation": float(ns["labour_table"].query(
        "indicator == 'participation_rate'").set_index("migrant_status")["estimate"].diff().iloc[-1]),
             "ratio": 100 * (rates["migrant"] / rates["non-migrant"] - 1)}
    for what, value in wrong.items():
        if abs(value - gap) > 0.1:
            assert not assess(ex.UNEMPLOYMENT_GAP.id, value, ctx).correct, what


def test_the_key_and_the_notebook_agree_on_the_country_and_the_data():
    ctx = COHORTS[3]  # Kosovo first: left out, Senegal profiled
    answers, ns = solution_run(ctx)
    assert (ns["country"], ns["left_out"]) == ("SEN", ["XKX"]) == profiled_country(ctx)
    assert answers[ex.NET_POSITION.id] == reference_answer(ex.NET_POSITION.id, ctx) == "emigration"
    assert reference_answer(ex.EMIGRATION_RATE.id, COHORTS[0]) == pytest.approx(5.3, abs=0.05)  # the Philippines


def test_the_written_exercises_carry_a_rubric_in_every_language():
    for exercise in (ex.GOVERNANCE, ex.FINDINGS):
        assert sum(points for _, points in exercise.rubric) == exercise.points == 4
        english = rubric(exercise.id, "en")
        for language in ("fr", "es"):
            translated = rubric(exercise.id, language)
            assert [p for _, p in translated] == [p for _, p in english]
            assert all(t != e for (t, _), (e, _) in zip(translated, english)), (exercise.id, language)
    assert rubric(ex.FINDINGS.id, "fr")[1][0].startswith("Distingue les chiffres officiels")


def test_the_notebook_s_report_marks_the_synthetic_table_only_and_cites_its_sources(tmp_path, monkeypatch):
    ctx = COHORTS[1]  # French, Senegal
    _, ns = solution_run(ctx)
    monkeypatch.setenv("MLALIB_REPORTS_DIR", str(tmp_path))
    cell = next(c for c in nbformat.read(MASTER, as_version=4).cells if c.get("id") == REPORT_CELL)
    namespace = dict(ns)
    exec(compile(cell.source, "07:report", "exec"), namespace)  # noqa: S102 (the project's own master)
    configure(language="en")
    page = html.unescape(namespace["path"].read_text(encoding="utf-8"))
    assert namespace["path"].name == "migration_profile_SEN.html" and '<html lang="fr">' in page
    parts = ["A. Tendances et caractéristiques", "B. Effets de la migration", "C. Gouvernance des migrations",
             "D. Principales conclusions et recommandations", "Ce que les données peuvent dire", "Sources"]
    positions = [page.index(f"<h2>{p}") for p in parts]
    assert positions == sorted(positions)
    exhibits = page.split("<h3>")[1:]
    marked = [e.split("</h3>")[0] for e in exhibits if '<p class="synthetic">' in e]
    # the master's own texts are English here (the build translates them: tests/test_translated_editions.py)
    assert marked == ["Labour indicators by migrant status"]
    assert "World Bank, World Development Indicators (BX.TRF.PWKR.CD.DT)" in page
    assert "OIM (2011), Migration Profiles: Making the Most of the Process" in page
    assert "Réponse modèle, pour les Philippines" in page  # the trainer's model answer, in the cohort's language
