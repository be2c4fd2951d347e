"""Figures of the origin-country view: built from the library's tables, in the course language, synthetic data marked."""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib import emigration as em
from mlalib.views import emigration_figures as pe
from mlalib.data import load
from mlalib.data.synthetic_census import education_census
from mlalib.errors import InputError


@pytest.fixture(scope="module")
def od():
    return load("undesa_migrant_stock_2019_by_origin")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_figures_in_each_language(od, language):
    trend = pe.emigrants_trend_figure(od, ["SEN", "XKX"], language)  # Kosovo: no series, left out
    assert len(trend.data) == 1 and list(trend.data[0].x) == [1990, 1995, 2000, 2005, 2010, 2015, 2019]
    assert trend.data[0].y[-1] == pytest.approx(650.5)
    top = em.top_destinations(od, "SEN", 2019, 5)
    bars = pe.destinations_figure(top, "SEN", 2019, language)
    assert list(bars.data[0].x)[-1] == pytest.approx(132.5)  # the largest (Gambia) on top
    sankey = pe.corridors_sankey_figure(em.largest_corridors(od, ["SEN", "PHL"], 2019, 3), 2019, language)
    assert len(sankey.data[0].node.label) == 2 + len({*top.destination_iso3[:3], "USA", "SAU", "CAN"})
    titles = {"en": "Emigrants", "fr": "Émigrés", "es": "Emigrantes"}
    assert trend.layout.title.text.startswith(titles[language])


@pytest.mark.parametrize("language, mark", [("en", "SYNTHETIC"), ("fr", "SYNTHÉTIQUES"), ("es", "SINTÉTICOS")])
def test_brain_drain_figure_says_synthetic(language, mark):
    table = pd.DataFrame({c: em.brain_drain_indicators(education_census(3, c)) for c in ["SEN", "PHL"]}).T
    fig = pe.brain_drain_figure(table, language)
    assert mark in fig.layout.title.text
    assert any(mark.lower()[:6] in a.text.lower() for a in fig.layout.annotations)


def test_bad_input():
    with pytest.raises(InputError, match="no rows"):
        pe.corridors_sankey_figure(pd.DataFrame(columns=["origin_iso3", "destination_iso3", "stock"]), 2019)
