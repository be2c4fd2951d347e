"""Figures of the origin-country view: emigrants over time, where they live, the largest corridors, brain drain.

Like :mod:`mlalib.plots` (whose offline display and source notes they use), the figures compute
nothing beyond reshaping for display: the numbers come from :mod:`mlalib.emigration`. Titles,
axes and source notes are in the course language; figures of synthetic data say so in their
title and their source note.

Example
-------
>>> from mlalib.data import load
>>> fig = emigrants_trend_figure(load("undesa_migrant_stock_2019_by_origin"), ["SEN"], language="fr")
>>> fig.data[0].name
'Sénégal (SEN)'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib import emigration
from mlalib._validate import require_columns
from mlalib.data import dataset
from mlalib.errors import InputError
from mlalib.i18n import country_name, label, text
from mlalib.plots import add_source_note

_OD_SOURCE = "undesa_migrant_stock_2019_by_origin"


def _name(code: str, language: str) -> str:
    return f"{country_name(code, language)} ({code})"


def emigrants_trend_figure(od: pd.DataFrame, countries: list[str], language: str = "en") -> go.Figure:
    """Lines of the emigrant stock (thousands) of ``countries``, every year of ``od`` (UN DESA 2019: 1990-2019)."""
    fig = go.Figure()
    years = sorted(int(y) for y in od["year"].unique()) if "year" in od else []
    present, _ = emigration.available_origins(od, countries)
    if not present:
        raise InputError(f"no emigrants of {countries} in 'od'")
    table = pd.DataFrame({year: emigration.emigrants(od, year).reindex(present) for year in years})
    for code, row in table.iterrows():
        fig.add_trace(go.Scatter(x=years, y=(row.astype(float) / 1e3).round(1).tolist(), mode="lines+markers",
                                 name=_name(code, language)))
    fig.update_layout(title=text("figures.emigrants_trend_title", language), xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template="simple_white", height=420)
    return add_source_note(fig, dataset(_OD_SOURCE).citation, language)


def destinations_figure(top: pd.DataFrame, country: str, year: int, language: str = "en") -> go.Figure:
    """Horizontal bars of the largest destinations of one country's emigrants (thousands), largest on top.

    ``top`` is :func:`mlalib.emigration.top_destinations` (``destination_iso3, stock, share_pct``).
    """
    require_columns(top, ["destination_iso3", "stock", "share_pct"], "top")
    rows = top.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=(rows["stock"] / 1e3).round(1).tolist(), y=[country_name(c, language) for c in rows["destination_iso3"]],
        orientation="h", marker_color="#1f5aa6", customdata=rows["share_pct"].round(1).tolist(),
        hovertemplate="%{y}: %{x:,.1f} k (%{customdata} %)<extra></extra>",
    ))
    fig.update_layout(title=text("figures.destinations_title", language, country=country_name(country, language),
                                 year=year, n=len(top)),
                      xaxis_title=text("figures.persons_thousands", language), template="simple_white",
                      height=max(320, 40 * len(top) + 160))
    return add_source_note(fig, dataset(_OD_SOURCE).citation, language)


def corridors_sankey_figure(corridors: pd.DataFrame, year: int, language: str = "en") -> go.Figure:
    """A Sankey diagram of the largest corridors: countries of origin on the left, destinations on the right.

    ``corridors`` is :func:`mlalib.emigration.largest_corridors` (``origin_iso3, destination_iso3, stock``).
    """
    require_columns(corridors, ["origin_iso3", "destination_iso3", "stock"], "corridors")
    if corridors.empty:
        raise InputError("argument 'corridors' has no rows")
    origins = list(dict.fromkeys(corridors["origin_iso3"]))
    destinations = list(dict.fromkeys(corridors["destination_iso3"]))
    nodes = [country_name(c, language) for c in origins] + [country_name(c, language) for c in destinations]
    fig = go.Figure(go.Sankey(
        node={"label": nodes, "pad": 14},
        link={"source": [origins.index(c) for c in corridors["origin_iso3"]],
              "target": [len(origins) + destinations.index(c) for c in corridors["destination_iso3"]],
              "value": (corridors["stock"] / 1e3).round(1).tolist()},
    ))
    fig.update_layout(title=text("figures.corridors_title", language, year=year), height=480)
    return add_source_note(fig, dataset(_OD_SOURCE).citation, language)


def brain_drain_figure(indicators: pd.DataFrame, language: str = "en") -> go.Figure:
    """Bars of the share of the tertiary-educated among residents and among emigrants, by country.

    ``indicators`` holds one row per country (index: ISO3) with ``tertiary_share_residents_pct`` and
    ``tertiary_share_emigrants_pct`` (:func:`mlalib.emigration.brain_drain_indicators`). The data are
    synthetic: the title and the source note say so.
    """
    require_columns(indicators, ["tertiary_share_residents_pct", "tertiary_share_emigrants_pct"], "indicators")
    names = [country_name(str(c), language) for c in indicators.index]
    fig = go.Figure()
    for column, who in (("tertiary_share_residents_pct", "residents"), ("tertiary_share_emigrants_pct", "emigrants")):
        fig.add_trace(go.Bar(x=names, y=indicators[column].round(1).tolist(), name=label(who, language)))
    fig.update_layout(title=text("figures.brain_drain_title", language), barmode="group",
                      yaxis_title=text("figures.percent", language), template="simple_white", height=420)
    return add_source_note(fig, text("figures.synthetic_census", language), language)
