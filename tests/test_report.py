"""The migration profile report: IOM's four parts, synthetic data marked wherever they appear, the cohort's
language, sources, data vintage and date; a view that does not import the course layer."""

from __future__ import annotations

import ast
import datetime as dt
import html
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import mlalib.views.report
from mlalib.errors import InputError
from mlalib.views.report import Exhibit, mark_synthetic, migration_profile

REAL = Exhibit("Immigrants", pd.DataFrame({"year": [2015, 2020], "immigrants": [212_000, 274_000.5],
                                           "migrant_status": ["migrant", "non-migrant"]}), "UN DESA (2020)")
INVENTED = Exhibit("Employment", go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "Employment"}}),
                   "mlalib synthetic survey", synthetic=True)


def _page(tmp_path, language="en", **changes) -> str:
    arguments = {"trends": [REAL], "impacts": [INVENTED], "governance": "A <national> policy.\n\nSecond paragraph.",
                 "findings": "", "notes": ["Place of birth, not citizenship."], "data_vintage": "2020",
                 "language": language, "prepared_on": dt.date(2026, 3, 9), "folder": tmp_path} | changes
    return migration_profile("SEN", **arguments).read_text(encoding="utf-8")


@pytest.mark.parametrize("language, parts, synthetic, date", [
    ("en", ["A. Migration trends", "B. Impacts of migration", "C. Migration governance", "D. Key findings"],
     "Synthetic data, invented for the exercise", "March 9, 2026"),
    ("fr", ["A. Tendances et caractéristiques", "B. Effets de la migration", "C. Gouvernance des migrations",
            "D. Principales conclusions"], "Données synthétiques, inventées", "9 mars 2026"),
    ("es", ["A. Tendencias y características", "B. Efectos de la migración", "C. Gobernanza de la migración",
            "D. Principales conclusiones"], "Datos sintéticos, inventados", "9 de marzo de 2026"),
])
def test_the_profile_has_iom_s_four_parts_in_the_cohort_language(tmp_path, language, parts, synthetic, date):
    raw = _page(tmp_path, language)
    page = html.unescape(raw)
    assert f'<html lang="{language}">' in raw
    positions = [page.index(part) for part in parts]
    assert positions == sorted(positions)
    # the banner of the exhibit, and the annotation in the figure itself (plotly's JSON escapes accents)
    escaped = json.dumps(synthetic)[1:-1]
    assert page.count(synthetic) + (page.count(escaped) if escaped != synthetic else 0) == 2
    assert date in page and "2020" in page and "IOM (2011)" in page or "OIM (2011)" in page
    assert "UN DESA (2020)" in page and "mlalib synthetic survey" in page


def test_only_the_synthetic_exhibit_is_marked_and_numbers_follow_the_locale(tmp_path):
    page = html.unescape(_page(tmp_path, "fr"))
    immigrants = page[page.index("<h3>Immigrants</h3>"):page.index("<h3>Employment</h3>")]
    assert "synthétiques" not in immigrants
    assert "212\u202f000" in immigrants and "274\u202f000,5" in immigrants
    assert '<th scope="col">année</th><th scope="col">immigrants</th><th scope="col">statut migratoire</th>' \
        in immigrants  # labels in the language, marked as column headers
    assert '<td class="num">2015</td>' in immigrants  # a year is not a quantity
    employment = page[page.index("<h3>Employment</h3>"):]
    assert '<p class="synthetic">' in employment and json.dumps("(données synthétiques)")[1:-1] in employment


def test_the_participant_s_text_is_escaped_and_an_empty_part_says_so(tmp_path):
    raw = _page(tmp_path, "es")
    assert "A &lt;national&gt; policy.</p><p>Second paragraph.</p>" in raw
    assert "Todavía no redactado." in html.unescape(raw)  # part D left empty
    assert "Place of birth, not citizenship." in raw


def test_numbers_are_rounded_by_their_size(tmp_path):
    summary = pd.DataFrame({"emigrants": [5_996_161.0], "immigrants_per_emigrant": [0.036445],
                            "emigration_rate_pct": [5.254592]}, index=pd.Index(["PHL"], name="country"))
    page = html.unescape(_page(tmp_path, "fr", trends=[Exhibit("Summary", summary, "UN DESA (2019)")]))
    cells = re.findall(r'<td class="num">([^<]*)</td>', page[page.index("<h3>Summary</h3>"):])
    assert cells == ["5\u202f996\u202f161", "0,036", "5,3"]  # not "0" immigrants per emigrant


def test_every_figure_has_its_description_linked_in_the_page(tmp_path):
    from mlalib.data import load
    from mlalib.views.stock_figures import stock_by_sex_figure

    figure = stock_by_sex_figure(load("undesa_migrant_stock_2020"), "SEN", language="es")
    page = _page(tmp_path, "es", trends=[Exhibit("Stock", figure, "UN DESA (2020)")])
    linked = re.findall(r'<div id="[^"]+" role="figure" aria-label="[^"]+" aria-describedby="([^"]+)"', page)
    assert len(linked) == 1 and page.count('role="figure"') == 2  # the invented figure has no description to link
    described = re.search(rf'<p id="{linked[0]}"[^>]*>([^<]+)</p>', page).group(1)
    assert html.unescape(described).startswith("Gráfico de líneas: stock de migrantes internacionales de: Senegal")


def test_marked_tables_and_figures_keep_their_data():
    table = pd.DataFrame({"rate": [5.0]})
    styled = mark_synthetic(table, "en")
    assert styled.data.equals(table) and "Synthetic data" in styled._repr_html_()
    assert repr(styled).startswith("Synthetic data") and "0x" not in repr(styled)  # the same bytes on every build
    fig = mark_synthetic(INVENTED.content, "es")
    assert list(fig.data[0].y) == [1] and INVENTED.content.layout.title.text == "Employment"


@pytest.mark.parametrize("changes, words", [
    ({"trends": [("Immigrants", REAL.content)]}, "argument 'trends' must hold Exhibit"),
    ({"governance": None}, "argument 'governance' must be text"),
    ({"language": "de"}, "argument 'language' must be a course language"),
    ({"impacts": [Exhibit("x", "not a table", "s")]}, "exhibit 'x': content must be a plotly Figure"),
])
def test_bad_input_is_named(tmp_path, changes, words):
    with pytest.raises(InputError, match=words):
        _page(tmp_path, **changes)
    with pytest.raises(InputError, match="three-letter country code"):
        migration_profile("Senegal", data_vintage="2020", folder=tmp_path)


def test_the_report_is_a_view_that_does_not_import_the_course_layer():
    tree = ast.parse(open(mlalib.views.report.__file__, encoding="utf-8").read())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(name.startswith("mlalib.course") for name in imported), imported


def test_a_part_left_as_the_placeholder_is_not_written_yet(tmp_path):
    page = html.unescape(_page(tmp_path, "fr", governance=..., findings=...))
    assert page.count("Pas encore rédigé.") == 2


def test_reports_written_by_the_tests_go_to_a_temporary_folder_outside_the_project():
    from mlalib.views.report import reports_dir
    from tests.conftest import PROJECT

    folder = reports_dir().resolve()
    assert folder.is_absolute() and PROJECT.resolve() not in folder.parents  # set by the root conftest.py


def test_the_date_follows_source_date_epoch_for_reproducible_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    page = migration_profile("SEN", data_vintage="2020", language="es", folder=tmp_path).read_text(encoding="utf-8")
    assert "1 de enero de 2026" in page


def test_the_figures_load_the_one_plotly_file_next_to_the_report_unless_it_is_self_contained(tmp_path):
    from mlalib.views.page import PLOTLY_FILE, plotly_source

    page = _page(tmp_path / "shared")
    assert f'<script defer src="{PLOTLY_FILE}"></script>' in page and plotly_source()[:1000] not in page
    assert (tmp_path / "shared" / PLOTLY_FILE).read_text(encoding="utf-8") == plotly_source()
    alone = _page(tmp_path / "alone", self_contained=True)
    assert plotly_source() in alone and f'src="{PLOTLY_FILE}"' not in alone  # (plotly's own text names the file)
    assert not (tmp_path / "alone" / PLOTLY_FILE).exists()
    assert PLOTLY_FILE not in _page(tmp_path / "tables", impacts=[])  # a report without figures needs no plotly
    assert not (tmp_path / "tables" / PLOTLY_FILE).exists()
