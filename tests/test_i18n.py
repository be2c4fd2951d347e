"""Translation catalogs: extraction and merge, coverage, bad catalogs, translated editions, numbers."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from mlalib.cli import main
from mlalib.course.translation import (
    catalog_path, catalog_stats, load_notebook_catalog, markdown_pieces, notebook_segments, require_complete,
    translate_notebook, update_catalogs,
)
from mlalib.errors import CatalogError, ConfigError
from mlalib.exercises import check, configure
from mlalib.exercises.comparison import parse_number
from mlalib.i18n import (
    LANGUAGES, catalog, format_date, format_number, format_percent, label, plotly_separators, read_catalog, text,
    translated,
)


def _master(paragraph: str = "A paragraph that explains\nthe balancing equation.") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell(f"# A lesson\n\n{paragraph}\n\n```python\nx = 1\n```"),
        nbformat.v4.new_code_cell('# Parameters: do not edit.\ncohort = {"language": "en"}'),
        nbformat.v4.new_code_cell('from mlalib.i18n import tr\ntitle = tr("Persons by sex")\n'
                                  '### BEGIN SOLUTION\n# the key: never extracted\nanswer = tr("secret")\n'
                                  '### END SOLUTION'),
    ]
    for number, cell in enumerate(cells):
        cell["id"] = f"c{number}"
    cells[1].metadata["tags"] = ["parameters"]
    nb.cells = cells
    return nb


@pytest.fixture
def notebooks(tmp_path):
    nbformat.write(_master(), tmp_path / "01_lesson.ipynb")
    return tmp_path


def _fill(path, translations: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    """Write translations into a catalog the way a translator's editor does."""
    import io

    from babel.messages.pofile import write_po

    catalog = read_catalog(path)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            if message.id in fuzzy:
                message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


FRENCH = {
    "# A lesson": "# Une leçon",
    "A paragraph that explains\nthe balancing equation.": "Un paragraphe qui explique l'équation démographique de base.",
    "Parameters: do not edit.": "Paramètres : ne pas modifier.",
    "Persons by sex": "Personnes par sexe",
}


def test_markdown_is_cut_into_blocks_that_join_back_exactly():
    source = "# Title\n\nFirst line\nsecond line\n\n- a\n- b\n\n```\ncode\n\nmore code\n```\n\n$$\nx^2\n$$"
    pieces = markdown_pieces(source)
    assert "\n".join(piece for piece, _ in pieces) == source
    assert [p for p, keep in pieces if keep] == ["# Title", "First line\nsecond line", "- a\n- b"]


def test_segments_leave_out_solutions_hidden_checks_and_code():
    texts = [(s.text, s.kind, s.cell_id, s.number) for s in notebook_segments(_master())]
    assert texts == [
        ("# A lesson", "markdown", "c0", 1),
        ("A paragraph that explains\nthe balancing equation.", "markdown", "c0", 2),
        ("Parameters: do not edit.", "comment", "c1", 1),
        ("Persons by sex", "string", "c2", 1),
    ]


def test_update_creates_catalogs_and_stats_count_them(notebooks, capsys):
    written = update_catalogs(notebooks, ["fr"], library=False)
    path = catalog_path(notebooks, "fr", "01_lesson")
    assert path in written and update_catalogs(notebooks, ["fr"], library=False) == []  # a second run changes nothing
    assert "#: c0:1" in path.read_text(encoding="utf-8")
    _fill(path, {k: v for k, v in FRENCH.items() if k != "Persons by sex"})
    stats = catalog_stats(notebooks, ["fr"])
    lesson = [s for s in stats if s.path == path][0]
    assert (lesson.total, lesson.translated, lesson.percent) == (4, 3, 75.0)
    assert main(["i18n", "stats", "--language", "fr", "--missing", "--notebooks-dir", str(notebooks)]) == 0
    out = capsys.readouterr().out
    assert "75.0%" in out and "untranslated: " in out and "'Persons by sex'" in out


def test_changed_text_becomes_fuzzy_with_its_old_translation_and_is_reported(notebooks, capsys):
    update_catalogs(notebooks, ["fr"], library=False)
    path = catalog_path(notebooks, "fr", "01_lesson")
    _fill(path, FRENCH)
    nbformat.write(_master("A paragraph that explains\nthe balancing equation of demography."),
                   notebooks / "01_lesson.ipynb")
    update_catalogs(notebooks, ["fr"], library=False)
    catalog = read_catalog(path)
    changed = catalog.get("A paragraph that explains\nthe balancing equation of demography.")
    assert changed.fuzzy and changed.string == FRENCH["A paragraph that explains\nthe balancing equation."]
    lesson = [s for s in catalog_stats(notebooks, ["fr"]) if s.path == path][0]
    assert lesson.fuzzy and lesson.percent == 75.0
    master = nbformat.read(notebooks / "01_lesson.ipynb", as_version=4)
    translated, gaps = translate_notebook(master, load_notebook_catalog(notebooks, "fr", "01_lesson"))
    assert gaps.fuzzy == ["A paragraph that explains\nthe balancing equation of demography."]
    assert "of demography" in translated.cells[0].source and "# Une leçon" in translated.cells[0].source
    assert "1 stale/fuzzy" in gaps.summary()
    main(["i18n", "stats", "--language", "fr", "--notebooks-dir", str(notebooks)])
    assert "fuzzy (stale, shown in English)" in capsys.readouterr().out


def test_removed_text_becomes_obsolete(notebooks):
    update_catalogs(notebooks, ["fr"], library=False)
    path = catalog_path(notebooks, "fr", "01_lesson")
    _fill(path, FRENCH)
    master = _master()
    master.cells[2].source = master.cells[2].source.replace('title = tr("Persons by sex")\n', "")
    nbformat.write(master, notebooks / "01_lesson.ipynb")
    update_catalogs(notebooks, ["fr"], library=False)
    po = path.read_text(encoding="utf-8")
    assert '#~ msgid "Persons by sex"' in po and '#~ msgstr "Personnes par sexe"' in po


def test_translated_edition_replaces_markdown_comments_and_marked_strings(notebooks):
    update_catalogs(notebooks, ["fr"], library=False)
    _fill(catalog_path(notebooks, "fr", "01_lesson"), FRENCH)
    master = nbformat.read(notebooks / "01_lesson.ipynb", as_version=4)
    translated, gaps = translate_notebook(master, load_notebook_catalog(notebooks, "fr", "01_lesson"))
    assert not gaps
    assert translated.cells[0].source.startswith("# Une leçon\n\nUn paragraphe")
    assert translated.cells[0].source.endswith("```python\nx = 1\n```")
    assert translated.cells[1].source == '# Paramètres : ne pas modifier.\ncohort = {"language": "en"}'
    assert 'tr("Personnes par sexe")' in translated.cells[2].source
    assert "# the key: never extracted" in translated.cells[2].source  # solutions untouched
    assert master.cells[0].source.startswith("# A lesson")  # the master is not modified


def test_incomplete_language_is_refused_with_coverage_and_command(notebooks):
    update_catalogs(notebooks, ["fr"], library=False)
    require_complete("en", notebooks)
    with pytest.raises(ConfigError) as err:
        require_complete("fr", notebooks)
    message = str(err.value)
    assert "% complete" in message and "01_lesson.po 0%" in message
    assert "mlalib i18n stats --missing --language fr" in message
    _fill(catalog_path(notebooks, "fr", "01_lesson"), FRENCH)
    require_complete("fr", notebooks)


def test_build_check_refuses_an_incomplete_language_at_the_command_line(notebooks, tmp_path, capsys):
    from tests.conftest import write_cohort

    update_catalogs(notebooks, ["fr"], library=False)
    cohort = write_cohort(tmp_path / "fr.yaml", language="fr", notebooks=["01_lesson"])
    code = main(["build", "--check", str(cohort), "--notebooks-dir", str(notebooks)])
    err = capsys.readouterr().err
    assert code == 2 and f"{cohort}: 1 problem(s)" in err and "01_lesson.po 0%" in err
    assert "mlalib i18n stats --missing --language fr" in err and "Traceback" not in err
    _fill(catalog_path(notebooks, "fr", "01_lesson"), FRENCH)
    assert main(["build", "--check", str(cohort), "--notebooks-dir", str(notebooks)]) == 0


def test_a_po_file_with_a_syntax_error_is_named_with_its_line(tmp_path):
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr "Bonjour\n', encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        read_catalog(path)
    message = str(err.value)
    assert message.startswith(f"{path}:") and "\n" not in message and "not a valid .po file" in message


def test_a_broken_placeholder_is_named_with_file_line_and_string(tmp_path):
    path = tmp_path / "mlalib.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "check.close"\nmsgid "Within {tolerance}."\n'
                    'msgstr "À moins de {tolerence}."\n', encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        read_catalog(path)
    assert str(err.value).startswith(f"{path}:5: the translation of msgid 'Within {{tolerance}}.'")
    assert "{tolerence}" in str(err.value)


def test_the_cli_prints_a_broken_catalog_on_one_line(notebooks, capsys):
    update_catalogs(notebooks, ["fr"], library=False)
    path = catalog_path(notebooks, "fr", "01_lesson")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    assert main(["i18n", "stats", "--language", "fr", "--notebooks-dir", str(notebooks)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("mlalib: error: ") and str(path) in err and len(err.splitlines()) == 1


def test_library_messages_are_complete_in_every_language():
    english = catalog("en")
    for language in LANGUAGES:
        stats = [s for s in catalog_stats("notebooks", [language]) if s.path.name == "mlalib.po"]
        assert all(s.complete for s in stats), [(s.path, s.untranslated, s.fuzzy) for s in stats]
        assert set(catalog(language)) == set(english)
    assert text("check.correct", "fr") == "Correct !"


# numbers as people write them ------------------------------------------------------------------


@pytest.mark.parametrize("written, language, value", [
    ("74,21", "fr", 74.21), ("74.21", "fr", 74.21), ("74,21", "en", 74.21), ("1 234,5", "fr", 1234.5),
    ("1\u202f234,5", "fr", 1234.5), ("1.234,5", "es", 1234.5), ("1,234.5", "en", 1234.5), ("1,250", "en", 1250.0),
    ("1,250", "es", 1.25), ("-0,5", "es", -0.5), ("2,5 %", "fr", 2.5), ("abc", "fr", None), ("1,2,3", "en", None),
    ("", "en", None), ("1.2.3", "fr", None),
])
def test_numbers_written_as_text_are_understood(written, language, value):
    assert parse_number(written, language) == value


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_decimal_commas_and_numbers_as_text_are_checked(language):
    configure(language=language)
    try:
        assert check("start-rate-of-change", "2,02").correct
        assert check("start-rate-of-change", "2.02").correct
        result = check("start-rate-of-change", (2, 2))  # what `answer = 2,02` would give if Python allowed it
        assert result.status == "not_yet" and "tuple" not in result.message and "2.2" in result.message
        assert "tuple" not in check("start-rate-of-change", (1, 2, 3)).message
        assert "str" not in check("start-rate-of-change", "deux").message
    finally:
        configure(language="en")


def test_the_decimal_comma_is_explained_in_plain_words():
    configure(language="fr")
    try:
        message = check("start-rate-of-change", (74, 21)).message
        assert message == ("Pas encore : Python lit 74,21 comme deux nombres (74 et 21), car la virgule sépare "
                           "des valeurs. Écrivez 74.21, avec un point avant les décimales.")
    finally:
        configure(language="en")


@pytest.mark.parametrize("language, flow", [("en", "flow"), ("fr", "flux"), ("es", "flujo")])
def test_choice_options_are_accepted_in_the_cohort_language_and_in_english(language, flow):
    configure(language=language)
    try:
        assert check("stocks-stock-or-flow", flow).correct
        assert check("stocks-stock-or-flow", "Flow").correct
        assert check("stocks-stock-or-flow", "stock").status == "not_yet"
        unknown = check("stocks-stock-or-flow", "neither").message
        assert flow in unknown
    finally:
        configure(language="en")


def test_choice_options_of_the_reintegration_dimensions_are_translated():
    configure(language="es")
    try:
        words = ("económica", "social", "psicosocial", "no se puede determinar")
        answers = {check("ret-lowest-dimension", word).status for word in words}
        assert "correct" in answers and answers <= {"correct", "not_yet"}
    finally:
        configure(language="en")


# nothing English in French and Spanish views ---------------------------------------------------


@pytest.mark.parametrize("code, language, name", [
    ("MEX", "en", "Mexico"), ("MEX", "fr", "Mexique"), ("MEX", "es", "México"), ("USA", "fr", "États-Unis"),
    ("PHL", "es", "Filipinas"), ("SEN", "fr", "Sénégal"), ("CIV", "es", "Côte d'Ivoire"), ("XKX", "fr", "Kosovo"),
    ("BOL", "es", "Bolivia"), ("CHI", "es", "Islas del Canal"), ("phl", "fr", "Philippines"),
])
def test_country_names_per_language(code, language, name):
    from mlalib.i18n import country_name

    assert country_name(code, language) == name


@pytest.mark.parametrize("code, words", [
    ("WLD", "argument 'code': 'WLD' is not an ISO 3166-1 alpha-3 country code"),
    ("ZZZ", "argument 'code': ZZZ is a user-assigned code"),
    (float("nan"), "argument 'code': nan is not a country code"),
    (608, "argument 'code': 608 is not a country code"),
])
def test_country_names_of_what_is_not_a_country_code_are_refused(code, words):
    from mlalib.errors import InputError
    from mlalib.i18n import country_name

    with pytest.raises(InputError) as caught:
        country_name(code, "fr")
    assert words in str(caught.value)


def test_figures_use_the_language_for_names_labels_and_separators():
    from mlalib.data import load
    from mlalib.views import labour_figures, stock_figures

    stock = load("undesa_migrant_stock_2020")
    fig = stock_figures.stock_trend_figure(stock, ["MEX", "SEN"], language="fr")
    assert sorted(trace.name for trace in fig.data) == ["Mexique (MEX)", "Sénégal (SEN)"]
    assert fig.layout.separators == ",\u202f" and fig.layout.xaxis.title.text == "Année"
    assert stock_figures.stock_by_sex_figure(stock, "MEX", language="es").layout.separators == ",."
    table = pd.DataFrame({"indicator": "unemployment_rate", "age_group": ["15-24", "15-24"],
                          "migrant_status": ["migrant", "non-migrant"], "estimate": [5.0, 4.0], "ci_low": [4.0, 3.0],
                          "ci_high": [6.0, 5.0], "unreliable": [False, True]})
    assert [t.name for t in labour_figures.indicator_figure(table, "unemployment_rate", language="es").data] == \
        ["migrante", "no migrante", "rayado: estimación poco fiable"]  # the hatched bar's meaning, in the legend


def test_the_migration_profile_report_is_in_the_cohort_language(tmp_path):
    from mlalib.views.report import migration_profile

    page = migration_profile("SEN", findings="Résumé.", data_vintage="2020", folder=tmp_path,
                             language="fr").read_text(encoding="utf-8")
    assert "<title>Profil migratoire : Sénégal (SEN)</title>" in page and "réalisé avec mlalib" in page
    assert "Migration profile" not in page and "made with" not in page


def test_certificate_reasons_and_build_summary_follow_the_language():
    from mlalib.course.build import BuildReport, Step
    from mlalib.course.certificates import evaluate, load_rules
    from mlalib.course.cohort import parse_cohort

    record = pd.DataFrame([{"participant": "a", "assessments_completed": 2, "assessments_total": 3,
                            "final_score": 40}])
    reason = evaluate(record, load_rules("single-course"), "es")["reason"].item()
    assert "2 de 3 evaluaciones completadas" in reason and "calificación final de 40, inferior a 60" in reason
    assert reason.startswith("certificado de aprovechamiento: ")
    cohort = parse_cohort({"id": "x", "title": "T", "course": "reintegration", "start": "2026-01-05", "end": "2026-02-05",
                           "language": "fr", "focus_countries": ["SEN"], "data_vintage": "2020", "seed": 1})
    table = BuildReport(cohort, Path("."), [Step("00_start_here", "trainer", 12.5, "built")]).table()
    assert "édition" in table and "formateur" in table and "12,5" in table and "généré" in table


def test_the_glossary_has_every_term_defined_with_a_source_in_every_language():
    from mlalib.views.glossary import GlossaryTable, glossary

    english = glossary("en")
    assert len(english) >= 30 and english["id"].is_unique
    for language in LANGUAGES:
        table = glossary(language)
        assert (table[["term", "definition", "source"]] != "").all().all()
        assert set(table["id"]) == set(english["id"])
    french = glossary("fr").set_index("id")
    assert french.loc["migrant-worker", "term"] == "travailleur migrant international"
    assert glossary("es").set_index("id").loc["personal-remittances", "term"] == "remesas personales"
    assert "ODD" in french.loc["sdg", "term"] and "ODS" in glossary("es").set_index("id").loc["sdg", "term"]
    page = GlossaryTable("fr")._repr_html_()
    assert "Glossaire du cours" in page and '<th scope="col">Définition</th>' in page and ">Definition<" not in page
    # each term in another language says which, so a screen reader reads it in that language
    assert 'espagnol : <span lang="es">remesas personales</span>' in page


def test_tables_show_numbers_as_the_cohort_writes_them():
    frame = pd.DataFrame({"rate": [1234.5, 0.25]})
    configure(language="fr")
    try:
        assert "1\u202f234,5" in frame.to_string() and "0,25" in frame.to_string()
        assert "5\u00a0%" in check("start-rate-of-change", 2.1).message  # close: within 5 %
    finally:
        configure(language="en")
    assert "1234.5" in frame.to_string()


def test_the_notebook_catalogs_are_up_to_date_with_the_masters():
    """A master changed without `mlalib i18n update` leaves its catalogs with other texts than it has."""
    from mlalib.course.masters import master_notebooks
    from mlalib.course.translation import notebook_template
    from tests.conftest import PROJECT

    folder = PROJECT / "notebooks"
    for name, path in master_notebooks(folder).items():
        english = {str(m.id) for m in notebook_template(nbformat.read(path, as_version=4), name) if m.id}
        for language in ("fr", "es"):
            catalog = read_catalog(catalog_path(folder, language, name))
            assert {str(m.id) for m in catalog if m.id} == english, f"{name} ({language}): run mlalib i18n update"


def test_the_library_catalogs_are_as_mlalib_i18n_update_writes_them():
    """The committed template holds every hint of the exercise modules, and the catalogs are in the tool's order."""
    import io

    from babel.messages.pofile import write_po

    from mlalib.course.translation import _GENERATED_BY, library_template
    from mlalib.i18n import TEMPLATE

    buffer = io.BytesIO()
    write_po(buffer, library_template(), include_previous=True)
    expected = _GENERATED_BY.sub("", buffer.getvalue().decode("utf-8"))
    assert _GENERATED_BY.sub("", TEMPLATE.read_text(encoding="utf-8")) == expected, "run: mlalib i18n update"


@pytest.mark.parametrize("call, words", [
    (lambda: text("check.close", "en"), "message 'check.close' needs the value(s) tolerance; got none"),
    (lambda: text("check.close", "fr", tol="5%"), "message 'check.close' needs the value(s) tolerance; got tol"),
    (lambda: text(["check.close"], "en"), "no message ['check.close'] in the English catalog"),
    (lambda: text("check.correct", ["en"]), "argument 'language' must be a course language (en, fr, es), got ['en']"),
    (lambda: format_number(float("nan"), "fr"), "argument 'value' is missing (NaN): a missing value has no number "
                                                 "format"),
    (lambda: format_number("12", "en"), "argument 'value' must be a number, got '12'"),
    (lambda: format_number(True, "en"), "argument 'value' must be a number, got True"),
    (lambda: format_number(None, "en"), "argument 'value' must be a number, got None"),
    (lambda: format_number(1.5, "en", -1), "argument 'decimals' must be a whole number from 0 to 340, got -1"),
    (lambda: format_number(1.5, "en", 2.5), "argument 'decimals' must be a whole number from 0 to 340, got 2.5"),
    (lambda: format_number(1.5, "en", 10**9), "argument 'decimals' must be a whole number from 0 to 340"),
    (lambda: format_percent(float("nan"), "en"), "argument 'share' is missing (NaN)"),
    (lambda: format_percent(0.5, "en", "1"), "argument 'decimals' must be a whole number from 0 to 340, got '1'"),
    (lambda: label(None, "fr"), "argument 'value' is missing (None): a category to show needs a value"),
    (lambda: label(float("nan"), "fr"), "argument 'value' is missing (nan)"),
    (lambda: label(["migrant"], "fr"), "argument 'value' must be one category (a text, a number or True/False), got "
                                       "['migrant']"),
    (lambda: label("migrant", "de"), "argument 'language' must be a course language (en, fr, es), got 'de'"),
    (lambda: translated(None, "fr"), "argument 'message' must be a text, got None"),
    (lambda: plotly_separators(None), "argument 'language' must be a course language (en, fr, es), got None"),
    (lambda: format_date(None, "fr"), "argument 'day' must be a date (datetime.date), got None"),
    (lambda: format_date("2026-03-02", "fr"), "argument 'day' must be a date (datetime.date), got '2026-03-02'"),
])
def test_bad_input_of_the_language_helpers_is_named(call, words):
    from mlalib.errors import InputError

    with pytest.raises(InputError) as caught:
        call()
    assert words in str(caught.value), str(caught.value)


def test_infinite_and_huge_numbers_are_written_out():
    assert format_number(float("inf"), "fr") == "∞" and format_percent(float("-inf"), "en") == "-∞%"
    assert format_number(1e300, "en", 1).endswith(",000.0") and len(format_number(1e300, "en", 1)) == 403
    assert format_number(5e-324, "en", 325).endswith("50") and format_number(1e-30, "fr", 31) == "0," + "0" * 29 + "10"
    assert format_number(np.int64(1234), "es") == "1.234" and format_number(np.float32(2.5), "fr", 1) == "2,5"
