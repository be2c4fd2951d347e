"""Figures for every reader: visible target lines, a colour-blind-safe palette, and a text description
computed from the data in the course language, displayed under each figure (JupyterLab and HTML)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from mlalib import emigration, labour, remittances, returns
from mlalib.context import Context
from mlalib.data import load, reintegration_index
from mlalib.data.lessons import lesson_data
from mlalib.data.synthetic import remittance_prices
from mlalib.data.synthetic_census import education_census
from mlalib.views import (
    distribution_figures, emigration_figures, explorers, figures, flow_figures, labour_figures, reintegration_figures,
    remittance_figures, stock_figures,
)

ALLOWED = {c.upper() for c in figures.OKABE_ITO.values()} | {c.upper() for c in figures.GREYS}
FIGURE_WORDS = {"en": r"^(Bar chart|Line chart|Flow diagram|Histogram)",
                "fr": r"^(Diagramme|Graphique|Histogramme)", "es": r"^(Gráfico|Diagrama|Histograma)"}


def _figures(language: str) -> dict[str, object]:
    prices = remittance_prices(seed=2026)
    stock = load("undesa_migrant_stock_2020")
    lfs = lesson_data("lfs", Context("en", 2026, ("PHL",), "2020"))
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex"], weight="weight")
    od = pd.DataFrame([[0, 5.0], [2.5, 0]], index=["A", "B"], columns=["A", "B"])
    summary = returns.reintegration_summary(load("synthetic_returnees"), reintegration_index("current"), weight="weight", by="sex")
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
    assert "application/vnd.plotly.v1+json" in captured.outputs[0].data
    assert figures.description(fig) in captured.outputs[1].data["text/plain"]
    assert 'class="mlalib-figure-description"' in captured.outputs[1].data["text/html"]
    explorer = explorers.corridor_explorer(remittance_prices(seed=2026), language="fr")
    static = explorer._repr_mimebundle_()["text/html"]
    assert "mlalib-figure-description" in static and "Diagramme en barres" in static
