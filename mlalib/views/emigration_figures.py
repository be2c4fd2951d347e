"""Figures of the origin-country view: emigrants over time, where they live, the largest corridors, brain drain.

Like every figure of :mod:`mlalib.views` (with the template, text descriptions and source notes of
:mod:`mlalib.views.figures`), they compute nothing beyond reshaping for display: the numbers come from
:mod:`mlalib.emigration`. Titles, axes and source notes are in the course language; figures of synthetic
data say so in their title and their source note.

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
from mlalib.errors import InputError
from mlalib.i18n import country_name, label, text
from mlalib.views.figures import OKABE_ITO, add_source_note, citation, course_template, describe, series_style
from mlalib.views.numbers import number_text, rounded

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
    for index, (code, row) in enumerate(table.iterrows()):
        fig.add_trace(go.Scatter(x=years, y=rounded(row.astype(float) / 1e3, 1), mode="lines+markers",
                                 name=_name(code, language), **series_style(index)))
    fig.update_layout(title=text("figures.emigrants_trend_title", language), xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template=course_template(), height=420)
    latest = table[years[-1]].astype(float)
    top = latest.idxmax()
    describe(fig, text("figures.describe.emigrants_trend", language,
                       countries=", ".join(country_name(c, language) for c in present), first=years[0],
                       last=years[-1], top=country_name(top, language), value=number_text(latest[top] / 1e3, language)))
    return add_source_note(fig, citation(_OD_SOURCE, language), language)


def destinations_figure(top: pd.DataFrame, country: str, year: int, language: str = "en") -> go.Figure:
    """Horizontal bars of the largest destinations of one country's emigrants (thousands), largest on top.

    ``top`` is :func:`mlalib.emigration.top_destinations` (``destination_iso3, stock, share_pct``).
    """
    require_columns(top, ["destination_iso3", "stock", "share_pct"], "top")
    rows = top.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=rounded(rows["stock"] / 1e3, 1), y=[country_name(c, language) for c in rows["destination_iso3"]],
        orientation="h", marker_color=OKABE_ITO["blue"], customdata=rounded(rows["share_pct"], 1),
        hovertemplate="%{y}: %{x:,.1f} k (%{customdata} %)<extra></extra>",
    ))
    fig.update_layout(title=text("figures.destinations_title", language, country=country_name(country, language),
                                 year=year, n=len(top)),
                      xaxis_title=text("figures.persons_thousands", language), template=course_template(),
                      height=max(320, 40 * len(top) + 160))
    if len(top):
        first = top.iloc[0]
        describe(fig, text("figures.describe.destinations", language, n=len(top),
                           country=country_name(country, language),
                           year=year, top=country_name(first["destination_iso3"], language),
                           value=number_text(first["stock"] / 1e3, language),
                           share=number_text(first["share_pct"], language)))
    return add_source_note(fig, citation(_OD_SOURCE, language), language)


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
        node={"label": nodes, "pad": 14,
              "color": [OKABE_ITO["blue"]] * len(origins) + [OKABE_ITO["orange"]] * len(destinations)},
        link={"source": [origins.index(c) for c in corridors["origin_iso3"]],
              "target": [len(origins) + destinations.index(c) for c in corridors["destination_iso3"]],
              "value": rounded(corridors["stock"] / 1e3, 1)},
    ))
    fig.update_layout(title=text("figures.corridors_title", language, year=year), height=480,
                      template=course_template())
    largest = corridors.loc[corridors["stock"].astype(float).idxmax()]
    describe(fig, text("figures.describe.corridors", language, n=len(corridors), year=year,
                       origin=country_name(largest["origin_iso3"], language),
                       destination=country_name(largest["destination_iso3"], language),
                       value=number_text(float(largest["stock"]) / 1e3, language)))
    return add_source_note(fig, citation(_OD_SOURCE, language), language)


def brain_drain_figure(indicators: pd.DataFrame, language: str = "en") -> go.Figure:
    """Bars of the share of the tertiary-educated among residents and among emigrants, by country.

    ``indicators`` holds one row per country (index: ISO3) with ``tertiary_share_residents_pct`` and
    ``tertiary_share_emigrants_pct`` (:func:`mlalib.emigration.brain_drain_indicators`). The data are
    synthetic: the title and the source note say so.
    """
    require_columns(indicators, ["tertiary_share_residents_pct", "tertiary_share_emigrants_pct"], "indicators")
    names = [country_name(str(c), language) for c in indicators.index]
    fig = go.Figure()
    for index, (column, who) in enumerate((("tertiary_share_residents_pct", "residents"),
                                           ("tertiary_share_emigrants_pct", "emigrants"))):
        fig.add_trace(go.Bar(x=names, y=rounded(indicators[column], 1), name=label(who, language),
                             **series_style(index, lines=False)))
    fig.update_layout(title=text("figures.brain_drain_title", language), barmode="group",
                      yaxis_title=text("figures.percent", language), template=course_template(), height=420)
    if len(indicators):
        gaps = (indicators["tertiary_share_emigrants_pct"] - indicators["tertiary_share_residents_pct"]).astype(float)
        where = gaps.abs().idxmax()
        describe(fig, text("figures.describe.brain_drain", language, n=len(indicators),
                           country=country_name(str(where), language),
                           residents=number_text(indicators.loc[where, "tertiary_share_residents_pct"], language),
                           emigrants=number_text(indicators.loc[where, "tertiary_share_emigrants_pct"], language)))
    return add_source_note(fig, text("figures.synthetic_census", language), language)
