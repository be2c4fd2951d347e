"""Plotly figures for the course notebooks, rendered without any network access.

Importing this module in a notebook makes IPython display every plotly figure as
:func:`figure_bundle`: plotly's JSON mimetype (drawn by the JupyterLab extension that ships with
plotly) plus an HTML fallback that needs only ``plotly.js``, which :mod:`mlalib.course.build`
embeds once in the HTML export. Nothing is fetched from a CDN, and figure ids are numbered, not
random, so a rebuilt notebook is byte-identical. The display goes through IPython's own formatter
rather than plotly's renderer registry: importing ``plotly.io._renderers`` imports nbformat and
with it jsonschema's format grammars, about two seconds at every kernel start.

Figures compute nothing of their own beyond reshaping for display.

Example
-------
>>> from mlalib.data import load
>>> fig = world_stock_figure(load("undesa_world_migrant_stock_2020"), sex="female")
>>> fig.layout.yaxis.title.text
'Persons (millions)'
"""

from __future__ import annotations

import itertools
import json
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython import get_ipython
from plotly.basedatatypes import BaseFigure
from plotly.offline import get_plotlyjs

from mlalib.data import dataset
from mlalib.errors import InputError
from mlalib.i18n import country_name, format_percent, label, plotly_separators, text

_figure_numbers = itertools.count(1)


def figure_html(fig: go.Figure | dict[str, Any]) -> str:
    """The figure as an HTML ``<div>`` with a numbered id, without ``plotly.js``."""
    return pio.to_html(
        fig, include_plotlyjs=False, full_html=False, div_id=f"mlalib-figure-{next(_figure_numbers)}",
        config={"displaylogo": False, "responsive": True},
    )


@lru_cache(maxsize=1)
def plotly_script() -> str:
    """``plotly.js`` (from the installed plotly) as ``<script>`` tags for a page that must draw offline."""
    # require.js (which nbconvert's template loads when online) would capture plotly.js as an
    # anonymous AMD module; hide ``define`` while plotly.js registers its global.
    return (
        "<script>window.__mlalib_define = window.define; window.define = undefined;</script>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        "<script>window.define = window.__mlalib_define;</script>"
    )


def figure_bundle(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """Plotly JSON for JupyterLab plus an HTML fallback for static exports (a display mimebundle)."""
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = {"displaylogo": False, "responsive": True}
    return {"application/vnd.plotly.v1+json": spec, "text/html": figure_html(fig)}


def _display_figure(fig: BaseFigure) -> None:
    from IPython.display import display

    display(figure_bundle(fig), raw=True)


def use_offline_display() -> bool:
    """Display plotly figures with :func:`figure_bundle` in the running IPython; False outside IPython."""
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.ipython_display_formatter.for_type(BaseFigure, _display_figure)
    return True


use_offline_display()


def add_source_note(fig: go.Figure, source: str, language: str = "en") -> go.Figure:
    """Write "Source: ..." under the plotting area (as statistical offices do), in ``language``, whose
    decimal and thousands separators the figure then uses (plotly ``layout.separators``)."""
    fig.add_annotation(
        text=text("figures.source_note", language, source=source), xref="paper", yref="paper", x=0, y=-0.26,
        xanchor="left", yanchor="top", showarrow=False, font={"size": 10, "color": "#555"}, align="left",
    )
    fig.update_layout(margin={"b": 120}, separators=plotly_separators(language))
    return fig


def world_stock_figure(world: pd.DataFrame, sex: str = "total", language: str = "en") -> go.Figure:
    """Bar chart of the world's international migrant stock, 1990-2020, for one sex.

    Parameters
    ----------
    world : DataFrame
        The bundled data set ``undesa_world_migrant_stock_2020`` (columns year, sex, stock).
    sex : {"total", "male", "female"}
    language : course language of the labels.
    """
    if sex not in {"total", "male", "female"}:
        raise InputError(f"argument 'sex' must be 'total', 'male' or 'female', got {sex!r}")
    missing = {"year", "sex", "stock"} - set(world.columns)
    if missing:
        raise InputError(f"argument 'world' lacks the column(s) {sorted(missing)}")
    rows = world[world["sex"] == sex].sort_values("year")
    fig = go.Figure(go.Bar(
        x=rows["year"].astype(int).tolist(), y=(rows["stock"] / 1e6).round(2).tolist(),
        marker_color="#1f5aa6", hovertemplate="%{x}: %{y:.1f} M<extra></extra>",
    ))
    fig.update_layout(
        title=text("figures.world_stock_title", language, sex=text(f"sex.{sex}", language)),
        xaxis_title=text("figures.year", language), yaxis_title=text("figures.persons_millions", language),
        template="simple_white", height=420,
    )
    return add_source_note(fig, dataset("undesa_world_migrant_stock_2020").citation, language)


def _citation(name: str) -> str:
    return dataset(name).citation


def stock_trend_figure(stock: pd.DataFrame, countries: list[str], sex: str = "total", language: str = "en") -> go.Figure:
    """Lines of the international migrant stock (thousands), 1990-2020, of some countries (UN DESA 2020)."""
    rows = stock[stock["iso3"].isin(countries) & (stock["sex"] == sex)].sort_values("year")
    if rows.empty:
        raise InputError(f"no migrant stock for the countries {countries}")
    fig = go.Figure()
    for code, group in rows.groupby("iso3", sort=False):
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=(group["stock"].astype(float) / 1e3).round(1).tolist(),
                                 mode="lines+markers", name=f"{country_name(code, language)} ({code})"))
    fig.update_layout(title=text("figures.stock_trend_title", language, sex=text(f"sex.{sex}", language)),
                      xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template="simple_white", height=420)
    return add_source_note(fig, _citation("undesa_migrant_stock_2020"), language)


def stock_by_sex_figure(stock: pd.DataFrame, code: str, language: str = "en") -> go.Figure:
    """Lines of one country's international migrant stock (thousands) by sex, 1990-2020 (UN DESA 2020)."""
    rows = stock[stock["iso3"] == code].sort_values("year")
    if rows.empty:
        raise InputError(f"no migrant stock for {code!r}")
    fig = go.Figure()
    for sex in ("total", "female", "male"):
        group = rows[rows["sex"] == sex]
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=(group["stock"].astype(float) / 1e3).round(1).tolist(),
                                 mode="lines+markers", name=text(f"sex.{sex}", language)))
    title = text("figures.stock_trend_title", language, sex=country_name(code, language))
    fig.update_layout(title=title, xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template="simple_white", height=420)
    return add_source_note(fig, _citation("undesa_migrant_stock_2020"), language)


def od_sankey_figure(od: pd.DataFrame, title: str, source: str, language: str = "en") -> go.Figure:
    """A Sankey diagram of an origin-destination table: origins on the left, destinations on the right."""
    labels = [str(v) for v in od.index]
    n = len(labels)
    values = od.to_numpy(dtype=float)
    src, dst, val = [], [], []
    for i in range(n):
        for j in range(n):
            if i != j and values[i, j] > 0:
                src.append(i)
                dst.append(n + j)
                val.append(round(float(values[i, j]), 2))
    fig = go.Figure(go.Sankey(
        node={"label": [f"{label} →" for label in labels] + [f"→ {label}" for label in labels], "pad": 18},
        link={"source": src, "target": dst, "value": val},
    ))
    fig.update_layout(title=title, height=420)
    return add_source_note(fig, source, language)


def indicator_figure(table: pd.DataFrame, indicator: str, x: str = "age_group", color: str = "migrant_status",
                     language: str = "en") -> go.Figure:
    """Bars of one labour indicator (per cent) with 95% confidence intervals; unreliable cells are hatched."""
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        raise InputError(f"no rows for indicator {indicator!r}; the table has {sorted(set(table['indicator']))}")
    fig = go.Figure()
    for name, group in rows.groupby(color, sort=True):
        fig.add_trace(go.Bar(
            x=[label(v, language) for v in group[x]], y=group["estimate"].round(2).tolist(), name=label(name, language),
            error_y={"type": "data", "symmetric": False,
                     "array": (group["ci_high"] - group["estimate"]).round(2).tolist(),
                     "arrayminus": (group["estimate"] - group["ci_low"]).round(2).tolist()},
            marker_pattern_shape=["/" if flag else "" for flag in group["unreliable"]],
        ))
    fig.update_layout(title=text(f"figures.indicator.{indicator}", language), barmode="group",
                      yaxis_title=text("figures.percent", language), xaxis_title=text(f"figures.by.{x}", language),
                      template="simple_white", height=420)
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)


def corridor_cost_figure(corridors: pd.DataFrame, period: str, language: str = "en") -> go.Figure:
    """Average cost of sending USD 200 per corridor in one period, with the SDG 10.c lines at 3% and 5%."""
    rows = corridors[corridors["period"] == period].sort_values("total_cost_pct")
    if rows.empty:
        raise InputError(f"no corridor averages for period {period!r}")
    labels = (rows["sending"] + " → " + rows["receiving"]).tolist()
    fig = go.Figure(go.Bar(x=rows["total_cost_pct"].round(2).tolist(), y=labels, orientation="h",
                           marker_color=["#b3261e" if v > 5 else "#1f5aa6" for v in rows["total_cost_pct"]]))
    for level, dash in ((3, "dot"), (5, "dash")):
        fig.add_vline(x=level, line_dash=dash, line_color="#333", annotation_text=format_percent(level / 100, language))
    fig.update_layout(title=text("figures.corridor_cost_title", language, period=period),
                      xaxis_title=text("figures.cost_pct", language), template="simple_white",
                      height=max(420, 18 * len(labels) + 140))
    return add_source_note(fig, text("figures.synthetic_prices", language), language)


def remittances_trend_figure(wdi: pd.DataFrame, countries: list[str], language: str = "en") -> go.Figure:
    """Personal remittances received (US$ billion, current prices) of some countries, WDI."""
    rows = wdi[wdi["iso3"].isin(countries)].dropna(subset=["value"]).sort_values("year")
    fig = go.Figure()
    for code, group in rows.groupby("iso3", sort=False):
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=(group["value"].astype(float) / 1e9).round(3).tolist(),
                                 mode="lines+markers", name=f"{country_name(code, language)} ({code})"))
    fig.update_layout(title=text("figures.remittances_title", language), xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.usd_billion", language), template="simple_white", height=420)
    return add_source_note(fig, _citation("wdi_remittances_received_2025"), language)


def reintegration_figure(summary: pd.DataFrame, by: str, language: str = "en") -> go.Figure:
    """Mean reintegration scores (0-1) by dimension and group, with 95% confidence intervals."""
    fig = go.Figure()
    for name, group in summary.groupby(by, sort=True):
        fig.add_trace(go.Bar(x=[label(s, language) for s in group["score"]], y=group["estimate"].round(3).tolist(),
                             name=text("figures.group_value", language, group=text(f"figures.by.{by}", language),
                                       value=label(name, language)),
                             error_y={"type": "data", "array": (1.96 * group["se"]).round(3).tolist()}))
    fig.update_layout(title=text("figures.reintegration_title", language), barmode="group",
                      yaxis_title=text("figures.score", language), yaxis_range=[0, 1], template="simple_white",
                      height=420)
    return add_source_note(fig, text("figures.synthetic_returnees", language), language)


def histogram_figure(values: pd.Series, title: str, axis: str, source: str, language: str = "en") -> go.Figure:
    """A histogram of one variable (e.g. recruitment costs in months of earnings)."""
    fig = go.Figure(go.Histogram(x=values.astype(float).round(3).tolist(), nbinsx=40, marker_color="#1f5aa6"))
    fig.update_layout(title=title, xaxis_title=axis, yaxis_title=text("figures.respondents", language),
                      template="simple_white", height=400)
    return add_source_note(fig, source, language)
