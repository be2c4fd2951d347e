"""Lesson 99_glossary and its data (mlalib/locale/glossary.csv): every definition with its source, each term in the
cohort's language with the two others, the statements reviewed against the official texts.

The term base itself (statuses, forms to avoid, every catalog held to it) is tested in tests/test_term_base.py.
"""

from __future__ import annotations

import nbformat
import pytest

from mlalib.i18n import LANGUAGES
from mlalib.views.glossary import GlossaryTable, _rows, glossary
from tests.conftest import PROJECT

MASTER = PROJECT / "notebooks" / "99_glossary.ipynb"


def _row(term_id: str):
    rows = _rows()
    return rows[rows["id"] == term_id].iloc[0]


def _definitions(term_id: str) -> dict[str, str]:
    return {language: _row(term_id)[f"definition_{language}"] for language in LANGUAGES}


def test_sdg_8_5_2_is_by_sex_age_and_disability_and_migrant_status_is_asked_by_target_17_18():
    unemployment = _definitions("unemployment-rate")
    assert "By migrant status it is SDG indicator 8.5.2" not in unemployment["en"]
    assert "8.5.2 is the unemployment rate by sex, age and persons with disabilities" in unemployment["en"]
    assert all("17.18" in definition and "8.5.2" in definition for definition in unemployment.values())
    assert "17.18" in _row("unemployment-rate")["source"]


def test_the_sdg_entry_lists_the_indicators_where_migration_appears():
    for definition in _definitions("sdg").values():
        for indicator in ("8.8.1", "8.8.2", "10.7.1", "10.7.4", "10.c.1", "17.3.2", "17.18"):
            assert indicator in definition, indicator
        assert "8.5.2" not in definition


def test_the_emigration_rate_divides_by_the_total_resident_population_immigrants_included():
    definitions = _definitions("emigration-rate")
    assert "total resident population, immigrants included" in definitions["en"]
    assert "aged 25 and over" in definitions["en"] and "DIOC" in definitions["en"]
    assert "immigrants compris" in definitions["fr"] and "inmigrantes incluidos" in definitions["es"]
    assert all("100 × E / (R + E)" in definition and "25" in definition for definition in definitions.values())
    assert "native population at home" not in definitions["en"]


def test_the_migrant_stock_includes_refugees_and_r_marks_where_their_figures_were_added():
    definitions = _definitions("migrant-stock")
    assert "estimates include refugees and asylum seekers" in definitions["en"]
    assert "code R" in definitions["en"] and "were added to the estimate" in definitions["en"]
    assert all("UNHCR" in d or "HCR" in d or "ACNUR" in d for d in definitions.values())
    assert _definitions("type-of-data")["en"].count("R, refugees and asylum seekers (UNHCR, UNRWA) added") == 1


def test_international_migrant_workers_are_the_two_groups_of_the_20th_icls_and_group_b_are_not_migrants():
    definitions = _definitions("migrant-worker")
    assert "(a) usual residents" in definitions["en"] and "(b) not usual residents, or non-resident foreign workers" \
        in definitions["en"]
    assert "Group (b) are not international migrants" in definitions["en"]
    assert all("a)" in d and "b)" in d for d in definitions.values())
    assert "(traduction du cours)" in definitions["fr"] and "(traducción del curso)" in definitions["es"]
    assert "20th ICLS (2018)" in _row("migrant-worker")["source"]


def test_the_short_term_migrant_carries_the_note_of_the_2021_conceptual_framework():
    definitions = _definitions("short-term-migrant")
    assert "2021 conceptual framework" in definitions["en"] and "temporary (short-term) mobility" in definitions["en"]
    assert "2021" in definitions["fr"] and "mobilité temporaire" in definitions["fr"]
    assert "2021" in definitions["es"] and "movilidad temporal" in definitions["es"]
    assert "UN Statistical Commission" in _row("short-term-migrant")["source"]


def test_a_revision_example_gives_the_2020_figure_of_both_revisions():
    assert all("281" in d and "275" in d for d in _definitions("data-revision").values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_definition_states_its_source_in_every_language(language):
    table = glossary(language)
    assert table["definition"].str.strip().ne("").all() and table["source"].str.strip().ne("").all()
    assert table["id"].is_unique and len(table) == len(_rows())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_shows_each_term_in_the_cohorts_language_with_the_two_others(language):
    page = GlossaryTable(language)._repr_html_()
    rows = glossary(language)
    others = [other for other in LANGUAGES if other != language]
    for row in rows.itertuples():
        assert row.term.replace("'", "&#x27;") in page
        assert all(getattr(row, f"term_{other}").replace("'", "&#x27;") in page for other in others)
    # the terms in the two other languages and the sources (English editions) are marked with their language
    assert page.count('<td lang="en">') == len(rows)
    assert all(page.count(f'<span lang="{other}">') == len(rows) for other in others)


def test_the_notebook_explains_the_statuses_and_the_sources():
    text = "\n".join(c.source for c in nbformat.read(MASTER, as_version=4).cells if c.cell_type == "markdown")
    assert "*Official term*" in text and "*The course's choice*" in text and "could not be read" in text
    assert "source of the definition" in text and "each marked with its language" in text
