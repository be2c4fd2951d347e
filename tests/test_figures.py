"""Figures for every reader: visible target lines, one colour-blind-safe palette, lines told apart by markers and
dashes, hatching explained in the legend, a toolbar with no online action, and a text description computed from
the data in the course language, displayed under each figure and linked to it (JupyterLab and HTML)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd
import pytest

from mlalib import decent_work, emigration, labour, reintegration, remittances, returns
from mlalib.context import Context
from mlalib.data import load, reintegration_index, reintegration_indices
from mlalib.data.lessons import lesson_data
from mlalib.data.synthetic import remittance_prices
from mlalib.data.synthetic_census import education_census
from mlalib.survey import Design
from mlalib.views import (
    decent_work_figures, distribution_figures, emigration_figures, explorers, figures, flow_figures, labour_figures,
    reintegration_figures, remittance_figures, stock_figures,
)
from tests.conftest import SURVEY_DESIGN

ALLOWED = {c.upper() for c in figures.OKABE_ITO.values()} | {c.upper() for c in figures.GREYS}
FIGURE_WORDS = {"en": r"^(Bar chart|Line chart|Flow diagram|Histogram)",
                "fr": r"^(Diagramme|Graphique|Histogramme)", "es": r"^(Gráfico|Diagrama|Histograma)"}


@lru_cache(maxsize=None)
def _figures(language: str) -> dict[str, object]:
    """Every figure function over the lesson data (drawn once per language: the tests only read them)."""
    prices = remittance_prices(seed=2026)
    stock = load("undesa_migrant_stock_2020")
    lfs = lesson_data("lfs", Context("en", 2026, ("PHL",), "2020"))
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex"], design=Design("weight"))
    od = pd.DataFrame([[0, 5.0], [2.5, 0]], index=["A", "B"], columns=["A", "B"])
    summary = returns.reintegration_summary(load("synthetic_returnees"), reintegration_index("current"),
                                            design=Design("weight"), by="sex")
    return {
        "world": stock_figures.world_stock_figure(load("undesa_world_migrant_stock_2020"), language=language),
        "trend": stock_figures.stock_trend_figure(stock, ["PHL", "MEX"], language=language),
        "by_sex": stock_figures.stock_by_sex_figure(stock, "MEX", language=language),
        "sankey": flow_figures.od_sankey_figure(od, "Moves", "source", language=language),
        "indicator": labour_figures.indicator_figure(table, "participation_rate", x="sex", language=language),
        "corridors": remittance_figures.corridor_cost_figure(remittances.corridor_compliance(prices), "2024Q4",
                                                             language=language),
        "services": explorers.corridor_explorer(prices, language=language).figure_for(("USA", "MEX")),
        "remittances": remittance_figures.remittances_trend_figure(load("wdi_remittances_received_2025"), ["PHL"],
                                                                   language=language),
        "reintegration": reintegration_figures.reintegration_figure(summary, "sex", language=language),
        "histogram": distribution_figures.histogram_figure(pd.Series([0.0, 100.0, 250.0]), "Costs", "per cent",
                                                           "source", language=language),
        **_emigration_figures(language),
        **_decent_work_and_reintegration_figures(language),
    }


def _emigration_figures(language: str) -> dict[str, object]:
    od = load("undesa_migrant_stock_2019_by_origin")
    census = pd.DataFrame({c: emigration.brain_drain_indicators(education_census(3, c)) for c in ["SEN", "PHL"]}).T
    return {
        "emigrants": emigration_figures.emigrants_trend_figure(od, ["SEN", "PHL"], language),
        "destinations": emigration_figures.destinations_figure(emigration.top_destinations(od, "SEN", 2019, 5), "SEN",
                                                             2019, language),
        "corridors_od": emigration_figures.corridors_sankey_figure(
            emigration.largest_corridors(od, ["SEN", "PHL"], 2019, 3), 2019, language),
        "brain_drain": emigration_figures.brain_drain_figure(census, language),
    }


def _decent_work_and_reintegration_figures(language: str) -> dict[str, object]:
    lfs = lesson_data("lfs", Context("en", 2026, ("PHL",), "2020"))
    occupations = decent_work.occupation_group_shares(lfs, design=SURVEY_DESIGN)
    returnees = load("synthetic_returnees")
    return {
        "rate": decent_work_figures.rate_figure(occupations, "domestic_work", language=language),
        "rate_one_group": decent_work_figures.rate_figure(decent_work.occupational_injury_rates(
            lfs, by="migrant_status", design=SURVEY_DESIGN), "nonfatal_injury_rate", x="migrant_status", color=None,
            language=language),
        "pay_gap": decent_work_figures.pay_gap_figure(decent_work.pay_gap(lfs, by="sex", design=SURVEY_DESIGN),
                                                      color="sex",
                                                      language=language),
        "shares": reintegration_figures.shares_figure(reintegration.indicators(returnees, design=Design("weight")),
                                                      language),
        "weights": reintegration_figures.weights_figure(returns.reintegration_weight_comparison(
            returnees, reintegration_indices(), design=Design("weight")), language),
    }


def _colours(value: object) -> list[str]:
    """Every '#rrggbb' colour in a plotly JSON value."""
    return [c.upper() for c in re.findall(r"#[0-9a-fA-F]{6}\b", str(value))]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_figure_has_a_description_in_the_course_language(language):
    for name, fig in _figures(language).items():
        sentence = figures.description(fig)
        assert re.match(FIGURE_WORDS[language], sentence), (name, sentence)
        assert sentence.endswith(".") and "{" not in sentence, (name, sentence)


def test_descriptions_are_computed_from_the_data():
    drawn = _figures("en")
    corridors = figures.description(drawn["corridors"])
    assert "above 5% in 2 of 29 corridors with a SmaRT average" in corridors  # seed 2026, SmaRT
    assert "fewer than three SmaRT services in 1" in corridors
    assert "above 5% in 10 of 30 corridors" in corridors  # the simple averages, shown as diamonds
    assert "from 153.0 million in 1990 to 280.6 million in 2020" in figures.description(drawn["world"])
    assert "3 respondents, median 100.0, from 0.0 to 250.0" in figures.description(drawn["histogram"])
    french = figures.description(_figures("fr")["corridors"])
    assert "5 %" in french and "2 des 29 corridors" in french


def test_target_lines_are_visible_and_colours_are_colour_blind_safe():
    for name, fig in _figures("en").items():
        spec = fig.to_plotly_json()
        for shape in spec["layout"].get("shapes", []):
            assert shape["line"]["width"] >= 2, name  # simple_white alone draws them 0 px wide
        assert fig.layout.template.layout.shapedefaults.line.width >= 2
        assert [c.upper() for c in fig.layout.template.layout.colorway][:4] == [
            figures.OKABE_ITO[k].upper() for k in ("blue", "orange", "bluish_green", "vermillion")]
        assert set(_colours(spec["data"])) <= ALLOWED, (name, set(_colours(spec["data"])) - ALLOWED)
    lines = _figures("en")["corridors"].layout.shapes
    assert sorted(shape.x0 for shape in lines) == [3, 5]


def test_the_corridor_figure_colours_corridors_by_smart():
    fig = _figures("en")["corridors"]
    bars = {trace.name: trace for trace in fig.data if trace.type == "bar"}
    above = bars["above the target (SmaRT above 5%)"]
    assert sorted(above.y) == ["AUS → FJI", "JPN → PHL"]  # not the 10 corridors above 5% on simple averages
    assert above.marker.color == figures.OKABE_ITO["vermillion"]
    assert list(bars["too few SmaRT services (fewer than 3)"].y) == ["DEU → TUR"]
    with pytest.raises(Exception, match="pass remittances.corridor_compliance"):
        remittance_figures.corridor_cost_figure(remittances.corridor_average(remittance_prices(seed=2026)), "2024Q4")


def test_the_description_is_displayed_under_the_figure_and_in_the_static_fallback():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        assert figures.use_offline_display()
        fig = _figures("en")["world"]
        with capture_output() as captured:
            shell.display_formatter.ipython_display_formatter(fig)
    finally:
        InteractiveShell.clear_instance()  # no shell left for the other tests of the session
    assert len(captured.outputs) == 2
    figure, words = captured.outputs[0].data, captured.outputs[1].data
    assert "application/vnd.plotly.v1+json" in figure
    assert figure["application/vnd.plotly.v1+json"]["config"] == figures.PLOTLY_CONFIG
    assert figures.description(fig) == words["text/plain"]
    # the HTML copy points at the paragraph of the next output; JupyterLab's drawing is linked by its script
    linked = re.search(r'aria-describedby="([^"]+)"', figure["text/html"]).group(1)
    assert f'<p id="{linked}" class="mlalib-figure-description"' in words["text/html"]
    assert f'data-figure-name="{html.escape(figures.accessible_name(fig))}"' in words["text/html"]
    assert "<script>" in words["text/html"] and "aria-describedby" in words["text/html"]
    explorer = explorers.corridor_explorer(remittance_prices(seed=2026), language="fr")
    static = explorer._repr_mimebundle_()["text/html"]
    assert "mlalib-figure-description" in static and "Diagramme en barres" in static
    assert re.search(r'aria-describedby="([^"]+)"', static).group(1) == re.search(r'<p id="([^"]+)"', static).group(1)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_figure_is_named_and_linked_to_its_description(language):
    for name, fig in _figures(language).items():
        page = figures.figure_html(fig)
        div = re.search(r'<div id="(mlalib-figure-\d+)" role="figure" aria-label="([^"]*)" aria-describedby="([^"]+)"',
                        page)
        assert div, name
        assert html.unescape(div.group(2)) == figures.accessible_name(fig) == _title(fig), name
        paragraph = re.search(rf'<p id="{div.group(3)}"[^>]*>([^<]+)</p>', page)
        assert paragraph and html.unescape(paragraph.group(1)) == figures.description(fig), name


def _title(fig) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fig.layout.title.text).split())


def test_a_figure_without_description_is_named_and_points_at_nothing():
    page = figures.figure_html(figures.go.Figure(layout={"title": {"text": "Stock"}}))
    assert 'aria-label="Stock"' in page and "aria-describedby" not in page and "<p " not in page


def test_the_toolbar_has_no_online_action_and_one_button():
    config = figures.PLOTLY_CONFIG
    assert config["displaylogo"] is False and config["showSendToCloud"] is False
    assert config["modeBarButtons"] == [["toImage"]]  # one Tab stop per figure; nothing that needs the internet
    bundle = figures.figure_bundle(_figures("en")["world"], "mlalib-figure-test")
    assert bundle["application/vnd.plotly.v1+json"]["config"] == config
    page = bundle["text/html"]
    assert '"modeBarButtons": [["toImage"]]' in page and '"showSendToCloud": false' in page


def test_lines_that_are_compared_differ_by_marker_and_dash_not_by_colour_alone():
    compared = 0
    for name, fig in _figures("en").items():
        lines = [t for t in fig.data if t.type == "scatter" and "lines" in (t.mode or "")]
        if len(lines) > 1:
            compared += 1
            assert len({t.marker.symbol for t in lines}) == len(lines), name
            assert len({t.line.dash for t in lines}) == len(lines), name
            assert len({t.line.color for t in lines}) == len(lines), name
    assert compared >= 3  # migrant stock of several countries, by sex, emigrants of several countries


def _patterns(trace) -> list[str]:
    shape = trace.marker.pattern.shape
    return list(shape) if isinstance(shape, (list, tuple)) else [shape or ""]


def _hatched_figures(language: str) -> dict[str, object]:
    """Figures with unreliable estimates (hatched bars), and the services of a corridor outside SmaRT."""
    cells = pd.DataFrame({"indicator": "domestic_work", "sex": ["female", "female", "male", "male"],
                          "migrant_status": ["migrant", "non-migrant"] * 2, "estimate": [12.0, 3.0, 1.5, 0.5],
                          "ci_low": [9.0, 2.5, 0.5, 0.2], "ci_high": [15.0, 3.5, 2.5, 0.8], "n": [80, 900, 25, 700],
                          "unreliable": [False, False, True, False]})
    shares = pd.DataFrame({"indicator": ["business", "savings"], "estimate": [0.12, 0.4], "ci_low": [0.02, 0.35],
                           "ci_high": [0.22, 0.45], "unreliable": [True, False]})
    prices = remittance_prices(seed=2026)
    last = prices[prices["period"] == prices["period"].max()]
    mixed = next(c for c, rows in last.groupby(["sending", "receiving"]) if 0 < rows["smart"].sum() < len(rows))
    return {"labour": labour_figures.indicator_figure(cells.assign(indicator="participation_rate"),
                                                      "participation_rate", x="sex", language=language),
            "decent_work": decent_work_figures.rate_figure(cells, "domestic_work", language=language),
            "shares": reintegration_figures.shares_figure(shares, language),
            "services": remittance_figures.services_figure(prices, mixed, last["period"].iloc[0], language)}


@pytest.mark.parametrize("language, word", [("en", "hatched"), ("fr", "hachur"), ("es", "rayad")])
def test_hatched_bars_are_explained_in_the_legend(language, word):
    drawn = {**_figures(language), **_hatched_figures(language)}
    hatched = 0
    for name, fig in drawn.items():
        bars = [t for t in fig.data if t.type == "bar"]
        if not any(figures.HATCH in _patterns(t) for t in bars if any(v is not None for v in (t.x or ()))):
            continue
        hatched += 1
        keys = [t for t in bars if _patterns(t) == [figures.HATCH] and t.showlegend is not False
                and word in (t.name or "").lower()]
        assert keys, name
    assert hatched >= len(_hatched_figures(language))


def test_the_legend_entry_of_hatching_keeps_the_bars_in_their_places():
    fig = _hatched_figures("en")["labour"]
    bars = [t for t in fig.data if t.type == "bar"]
    key = next(t for t in bars if t.name == "hatched: unreliable estimate")
    assert list(key.y) == [None] and key.offsetgroup == bars[0].offsetgroup  # no slot of its own in each group
    assert len({t.offsetgroup for t in bars}) == 2  # migrants and non-migrants side by side
    plain = labour_figures.indicator_figure(pd.DataFrame({
        "indicator": "participation_rate", "sex": ["female"], "migrant_status": ["migrant"], "estimate": [50.0],
        "ci_low": [45.0], "ci_high": [55.0], "unreliable": [False]}), "participation_rate", x="sex")
    assert [t.name for t in plain.data] == ["migrant"]  # nothing hatched: nothing to explain


def test_every_colour_is_from_the_palette_whatever_the_module():
    for name, fig in _figures("en").items():
        assert fig.layout.template.layout.colorway == figures.course_template().layout.colorway, name
        assert set(_colours(fig.to_plotly_json()["data"])) <= ALLOWED, name


def test_a_cited_data_set_is_cited_in_the_cohorts_language_and_in_english_as_the_registry_cites_it():
    from mlalib.data import dataset
    from mlalib.i18n import catalog
    from mlalib.views.figures import citation

    cited = [key.removeprefix("citation.") for key in catalog("en") if key.startswith("citation.")]
    assert cited and all(citation(name, "en") == dataset(name).citation for name in cited)
    assert citation("wdi_remittances_received_2025", "fr").startswith("Banque mondiale (2025)")
