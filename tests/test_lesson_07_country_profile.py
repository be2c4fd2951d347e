"""Lesson 07, the migration profile: the trainer's solution in the master is correct for cohorts of every kind (seeds,
focus countries, languages) and the typical wrong readings are "not yet"; the synthetic exercise is right for 20 seeds;
no exercise repeats one of lesson 08, which comes before it in its course; the written exercises carry a translated
rubric and a model answer about the country profiled, with its own figures; one data vintage per comparison, each named
in the report; a focus country without data is left out with a note. The master runs under nbval with the others."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nbformat
import pytest

from mlalib import emigration
from mlalib.context import Context
from mlalib.course.courses import course
from mlalib.data.lessons import lesson_data, origin_tables, profiled_country
from mlalib.exercises import assess, configure, country_profile as ex, exercises, reference_answer
from mlalib.exercises.catalogue import rubric
from mlalib.i18n import country_name, format_number
from mlalib.errors import MlalibWarning
from tests.conftest import PROJECT

MASTER = PROJECT / "notebooks" / "07_country_profile.ipynb"
#: Cohorts of every kind of focus countries (real data) in the three languages; Kosovo has no UN DESA series.
COHORTS = [Context("en", 2026, ("PHL", "MEX", "SEN")), Context("fr", 4711, ("SEN", "MAR", "CIV")),
           Context("es", 7, ("MEX", "GTM", "COL")), Context("fr", 11, ("XKX", "SEN")), Context("en", 3, ("MAR", "PHL")),
           Context("en", 5, ("CIV",)), Context("es", 8, ("IND",)), Context("fr", 9, ("UKR",))]
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
    try:
        for cell in nbformat.read(MASTER, as_version=4).cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []) \
                    or cell.get("id") == REPORT_CELL or (cells and cell.get("id") not in cells):
                continue
            exec(compile(cell.source, f"07:{cell.get('id')}", "exec"), namespace)  # noqa: S102 (the project's master)
            namespace["check"] = lambda exercise_id, answer: answers.__setitem__(exercise_id, answer)
    finally:
        configure(language="en")
    return answers, namespace


def _mistakes(ctx: Context, answers: dict[str, Any], ns: dict[str, Any]) -> dict[str, list[Any]]:
    """The typical wrong readings, computed from what the participant sees."""
    country = ns["country"]
    summary, top = ns["summary"].loc[country], ns["destinations"]
    rates = ns["labour_table"].query("indicator == 'unemployment_rate'").set_index("migrant_status")["estimate"]
    per_emigrant = {year: emigration.remittance_summary(ns["wdi"], ns["od"], ns["totals"], [country], year).loc[
        country, "remittances_usd"] for year in (2010, 2019)}
    return {
        ex.FEMALE_SHARE.id: [100 - answers[ex.FEMALE_SHARE.id]],  # men
        # the emigration rate (the country's people abroad) compared with the world's share of immigrants
        ex.IMMIGRANT_SHARE.id: ["above" if summary["emigration_rate_pct"] > 3.5 else "below"],
        # the first destination alone read as "most of the emigrants"
        ex.MAIN_DESTINATIONS.id: ["yes" if top["share_pct"].iloc[0] > 50 else "no"],
        # the total received read as the amount per emigrant
        ex.REMITTANCES_TREND.id: ["a" if per_emigrant[2019] > per_emigrant[2010] else "b"],
        ex.UNEMPLOYMENT_GAP.id: [rates["non-migrant"] - rates["migrant"]] if abs(rates.diff().iloc[-1]) >= 0.05 else [],
    }


def test_no_exercise_repeats_one_of_lesson_08_and_the_lesson_asks_for_judgement():
    mine = {e.id: e for e in exercises().values() if e.master == ex.MASTER}
    assert "08_emigrants_and_diasporas" in course("mainstreaming-migration").notebooks
    path = course("mainstreaming-migration").notebooks
    assert path.index("08_emigrants_and_diasporas") < path.index(ex.MASTER)
    asked_in_08 = {"emigrants", "emigration-rate", "net-position", "remittances-per-emigrant"}
    assert not {i.split("-", 1)[1] for i in mine} & asked_in_08
    choices = {i for i, e in mine.items() if e.kind == "choice"}
    assert choices == {ex.IMMIGRANT_SHARE.id, ex.MAIN_DESTINATIONS.id, ex.REMITTANCES_TREND.id}


def test_the_notebook_checks_every_exercise_of_its_module():
    answers, _ = solution_run(COHORTS[0])
    assert set(answers) == {e.id for e in exercises().values() if e.master == ex.MASTER}


@pytest.mark.slow
@pytest.mark.parametrize("ctx", COHORTS, ids=[f"{c.language}-{'-'.join(c.focus_countries)}" for c in COHORTS])
def test_the_trainer_solution_is_correct_and_typical_mistakes_are_not(ctx):
    answers, ns = solution_run(ctx)
    for exercise_id, answer in answers.items():
        verdict = assess(exercise_id, answer, ctx)
        expected = "recorded" if exercises()[exercise_id].kind == "written" else "correct"
        assert verdict.status == expected, (exercise_id, answer, verdict)
    for exercise_id, wrong in _mistakes(ctx, answers, ns).items():
        for mistake in wrong:
            if mistake == answers[exercise_id]:
                continue  # the wrong reading gives the right answer for this cohort
            assert assess(exercise_id, mistake, ctx).status in {"not_yet", "close"}, (exercise_id, mistake)


def test_the_judgements_follow_the_data():
    answers = {code: {exercise_id: reference_answer(exercise_id, Context("en", 1, (code,), "2020"))
                      for exercise_id in (ex.IMMIGRANT_SHARE.id, ex.MAIN_DESTINATIONS.id, ex.REMITTANCES_TREND.id)}
               for code in ("PHL", "CIV", "IND", "MAR")}
    # the Philippines: 0.2% immigrants; Côte d'Ivoire: 9.9% (world 3.5%)
    assert answers["PHL"][ex.IMMIGRANT_SHARE.id] == "below" and answers["CIV"][ex.IMMIGRANT_SHARE.id] == "above"
    # India: its three main destinations hold 48.7% of its emigrants; the Philippines 55.1% (34.1% in the first)
    assert answers["IND"][ex.MAIN_DESTINATIONS.id] == "no" and answers["PHL"][ex.MAIN_DESTINATIONS.id] == "yes"
    # Morocco: US$2,243 per emigrant in 2010, 2,220 in 2019, although the remittances received grew
    assert answers["MAR"][ex.REMITTANCES_TREND.id] == "b" and answers["PHL"][ex.REMITTANCES_TREND.id] == "a"


@pytest.mark.slow
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
    assert answers[ex.IMMIGRANT_SHARE.id] == reference_answer(ex.IMMIGRANT_SHARE.id, ctx) == "below"


def test_the_written_exercises_carry_a_rubric_in_every_language():
    for exercise in (ex.GOVERNANCE, ex.FINDINGS):
        assert sum(points for _, points in exercise.rubric) == exercise.points == 4
        english = rubric(exercise.id, "en")
        for language in ("fr", "es"):
            translated = rubric(exercise.id, language)
            assert [p for _, p in translated] == [p for _, p in english]
            assert all(t != e for (t, _), (e, _) in zip(translated, english)), (exercise.id, language)
    assert rubric(ex.FINDINGS.id, "fr")[1][0].startswith("Distingue les chiffres officiels")


@pytest.mark.parametrize("ctx", [COHORTS[1], COHORTS[2], COHORTS[5], Context("en", 1, ("PHL",))],
                         ids=["fr-SEN", "es-MEX", "en-CIV", "en-PHL"])
def test_the_model_answers_are_about_the_country_profiled_with_its_own_figures(ctx):
    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    row = emigration.origin_summary(od, totals, [code]).loc[code]
    findings = reference_answer(ex.FINDINGS.id, ctx)
    governance = reference_answer(ex.GOVERNANCE.id, ctx)
    name = country_name(code, ctx.language)
    assert name in findings and format_number(row["emigrants"], ctx.language, 0) in findings
    assert format_number(row["emigration_rate_pct"], ctx.language, 1) in findings
    assert f"{format_number(row['net_position'], ctx.language, 0)}," in findings
    if code != "PHL":
        assert "Philippine" not in findings + governance and "Filipin" not in findings + governance
        assert name in governance
    else:
        assert "Republic Act No. 8042" in governance
    side = {"en": ("emigration", "immigration"), "fr": ("d'émigration", "d'immigration"),
            "es": ("emigración", "inmigración")}[ctx.language][int(row["net_position"] >= 0)]
    assert f"country of {side}" in findings or f"pays {side}" in findings or f"país de {side}" in findings
    assert "synthetic" in findings or "synthétique" in findings or "sintético" in findings
    assert 150 <= len(findings.split()) <= 300  # the length the exercise asks of participants


def test_the_master_keeps_one_vintage_per_comparison_and_names_each_edition():
    text = "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells)
    prose = "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "markdown")
    assert "**Data vintage.**" in prose and "275 million" in prose and "304 million" in prose
    assert "167.7 million" in prose and "4.7%" in prose  # ILO Global Estimates, 4th edition (2024)
    # the immigrant stock of the 2020 edition is never compared with the 2019 edition's emigrants
    assert "migrant_stock(ctx, country, 2019" not in text and "stock.year.max()" not in text
    assert "type of data R" not in prose and "only where" not in prose  # refugees are in UN DESA's stock
    assert "Notebook 05" not in text and "notebook 05" not in text and "notebook 03" not in text
    assert "`100 ×" not in prose
    assert "key findings, policy implications and recommendations" in prose


def test_the_notebook_s_report_marks_the_synthetic_table_only_and_names_the_vintages(tmp_path, monkeypatch):
    ctx = COHORTS[1]  # French, Senegal
    _, ns = solution_run(ctx)
    monkeypatch.setenv("MLALIB_REPORTS_DIR", str(tmp_path))
    cell = next(c for c in nbformat.read(MASTER, as_version=4).cells if c.get("id") == REPORT_CELL)
    namespace = dict(ns)
    try:
        exec(compile(cell.source, "07:report", "exec"), namespace)  # noqa: S102 (the project's own master)
    finally:
        configure(language="en")
    page = html.unescape(namespace["path"].read_text(encoding="utf-8"))
    assert namespace["path"].name == "migration_profile_SEN.html" and '<html lang="fr">' in page
    parts = ["A. Tendances et caractéristiques", "B. Effets de la migration", "C. Gouvernance des migrations",
             "D. Principales conclusions, incidences sur les politiques et recommandations",
             "Ce que les données peuvent dire", "Millésime des données", "Sources"]
    positions = [page.index(f"<h2>{p}") for p in parts]
    assert positions == sorted(positions)
    exhibits = page.split("<h3>")[1:]
    marked = [e.split("</h3>")[0] for e in exhibits if '<p class="synthetic">' in e]
    # the master's own texts are English here (the build translates them: tests/test_built_courses.py)
    assert marked == ["Labour indicators by migrant status"]
    vintages = page.split("<h2>Millésime des données</h2>")[1].split("</ul>")[0]
    assert len(re.findall("<li>", vintages)) == 4 and "International Migrant Stock 2019" in vintages
    assert "World Bank, World Development Indicators (BX.TRF.PWKR.CD.DT), July 2025" in page
    assert "OIM (2011), Migration Profiles: Making the Most of the Process" in page
    assert "Réponse modèle (Sénégal" in page  # the trainer's model answer, in the cohort's language


def test_a_focus_country_without_remittances_gets_a_clear_error_not_a_silent_answer(monkeypatch):
    import importlib.util

    path = PROJECT / "notebooks" / "keys" / "country_profile.py"
    spec = importlib.util.spec_from_file_location("key07", path)
    key = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(key)
    wdi = lesson_data("remittances", Context("en", 1, ("PHL",)))
    wdi.loc[wdi["year"] == 2010, "value"] = float("nan")
    monkeypatch.setattr(key, "lesson_data", lambda name, ctx: wdi if name == "remittances" else lesson_data(name, ctx))
    with pytest.raises(ValueError, match="no remittances received by PHL in 2010"), \
            pytest.warns(MlalibWarning, match="has no remittances received by 'PHL' in 2010"):
        key._remittances_trend(Context("en", 1, ("PHL",)))
