"""The figures of a built French cohort: every plotly figure in the trainer editions' outputs (the explorers'
live figures included), in the HTML pages and in the migration-profile report carries an accessible name and is
linked (``aria-describedby``) to its description, written in French; the toolbar has one button and no online
action. The lessons built hold every kind of figure: bars with confidence intervals and hatching (09, 10), lines
(04, 07), target lines and the services explorer (04), the report's figures (07)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from mlalib.course.build import build_cohort
from tests.conftest import PROJECT, write_cohort

pytestmark = pytest.mark.slow

LESSONS = ["04_remittances", "07_country_profile", "09_decent_work", "10_economic_reintegration"]
FRENCH = re.compile(r"^(Diagramme|Graphique|Histogramme)\b.* [:;] ")
PLOTLY = "application/vnd.plotly.v1+json"
FIGURE_DIV = re.compile(r'<div [^>]*class="plotly-graph-div"[^>]*>')  # attributes in any order (HTML export)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("french")
    cohort = write_cohort(folder / "cohort.yaml", language="fr", notebooks=LESSONS,
                          focus_countries=["PHL", "SEN"])  # profile of the Philippines: 0.036 immigrants per emigrant
    report = build_cohort(cohort, notebooks_dir=PROJECT / "notebooks", output=folder / "out", progress=False, jobs=2)
    assert report.ok, report.table()
    return folder


def _attribute(tag: str, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else ""


def _description(page: str, paragraph_id: str) -> str:
    found = re.search(rf'<p [^>]*id="{re.escape(paragraph_id)}"[^>]*>([^<]+)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def _output_lists(nb: nbformat.NotebookNode) -> list[list[dict]]:
    """The outputs of every cell and of every explorer's output widget (saved in the widget state)."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    widgets = [model.get("state", {}).get("outputs") for model in state.values()]
    return [cell.get("outputs", []) for cell in nb.cells] + [outputs for outputs in widgets if outputs]


def test_every_figure_of_the_trainer_editions_is_named_and_linked_to_its_french_description(built):
    counted = {}
    for lesson in LESSONS:
        nb = _trainer_edition(built, lesson)
        counted[lesson] = 0
        for outputs in _output_lists(nb):
            for index, output in enumerate(outputs):
                if PLOTLY not in output.get("data", {}):
                    continue
                counted[lesson] += 1
                div = FIGURE_DIV.search(output["data"]["text/html"]).group(0)
                described = _attribute(div, "aria-describedby")
                assert 'role="figure"' in div and _attribute(div, "aria-label") and described, (lesson, div)
                assert output["data"][PLOTLY]["config"]["modeBarButtons"] == [["toImage"]]
                words = outputs[index + 1]["data"]["text/html"]  # the description follows its figure
                assert FRENCH.match(_description(words, described)), (lesson, words[:300])
                assert "<script>" in words  # links the figure that JupyterLab draws from the JSON
    assert counted["09_decent_work"] == 7 and all(counted.values()), counted


def _trainer_edition(built: Path, lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(next((built / "out").glob(f"*/trainer/{lesson}.ipynb")), as_version=4)


def _report(built: Path) -> Path:
    """The migration profile written by lesson 07 (its last output names the file)."""
    lesson = _trainer_edition(built, "07_country_profile")
    shown = [output.get("data", {}).get("text/plain", "")
             for cell in lesson.cells for output in cell.get("outputs", [])]
    path = next(re.search(r"Path\('(.+\.html)'\)", text).group(1) for text in shown if "migration_profile_" in text)
    return Path(path)


def _pages(built: Path) -> list[Path]:
    pages = [page for lesson in LESSONS for page in sorted((built / "out").glob(f"*/*-html/{lesson}.html"))]
    assert len(pages) == 2 * len(LESSONS), pages  # the participant and the trainer page of every lesson
    return pages + [_report(built)]


def test_every_figure_of_the_pages_and_the_report_is_linked_to_its_french_description(built):
    for page_path in _pages(built):
        page = page_path.read_text(encoding="utf-8")
        divs = [match.group(0) for match in FIGURE_DIV.finditer(page)]
        assert divs, page_path.name
        ids = re.findall(r'\bid="(mlalib-figure-[^"]+)"', page)
        assert len(ids) == len(set(ids)), page_path.name  # each description found by its id alone
        for div in divs:
            described = _attribute(div, "aria-describedby")
            assert 'role="figure"' in div and _attribute(div, "aria-label"), (page_path.name, div)
            assert FRENCH.match(_description(page, described)), (page_path.name, div)
        calls = page.count("Plotly.newPlot(")
        assert calls == len(divs) == page.count('"modeBarButtons": [["toImage"]]'), page_path.name
        assert '"showSendToCloud": true' not in page and '"displaylogo": true' not in page


def test_the_report_shows_small_ratios_rounded_by_their_size(built):
    report = html.unescape(_report(built).read_text(encoding="utf-8"))
    cells = re.findall(r'<td class="num">([^<]*)</td>', report)
    assert cells and not [cell for cell in cells if re.fullmatch(r"-?0", cell)], cells  # no ratio of 0.036 shown as 0
    assert "0,036" in cells, cells  # immigrants per emigrant of the Philippines (0.03644), in French
