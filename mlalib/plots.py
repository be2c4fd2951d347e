"""Plotly figures for the course notebooks, rendered without any network access.

Importing this module registers the ``mlalib`` plotly renderer and makes it the default:
each figure is displayed as plotly's JSON mimetype (drawn by the JupyterLab extension that
ships with plotly) plus an HTML fallback that needs only ``plotly.js``, which
:mod:`mlalib.course.build` embeds once in the HTML export. Nothing is fetched from a CDN, and
figure ids are numbered, not random, so a rebuilt notebook is byte-identical.

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
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer

from mlalib.data import dataset
from mlalib.errors import InputError
from mlalib.i18n import text

_figure_numbers = itertools.count(1)


def figure_html(fig: go.Figure | dict[str, Any]) -> str:
    """The figure as an HTML ``<div>`` with a numbered id, without ``plotly.js``."""
    return pio.to_html(
        fig, include_plotlyjs=False, full_html=False, div_id=f"mlalib-figure-{next(_figure_numbers)}",
        config={"displaylogo": False, "responsive": True},
    )


class OfflineRenderer(MimetypeRenderer):
    """Plotly JSON for JupyterLab plus an HTML fallback for static exports."""

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        spec = json.loads(pio.to_json(fig_dict, validate=False))
        spec["config"] = {"displaylogo": False, "responsive": True}
        return {"application/vnd.plotly.v1+json": spec, "text/html": figure_html(fig_dict)}


pio.renderers["mlalib"] = OfflineRenderer()
pio.renderers.default = "mlalib"


def add_source_note(fig: go.Figure, source: str, language: str = "en") -> go.Figure:
    """Write "Source: ..." under the plotting area (as statistical offices do)."""
    fig.add_annotation(
        text=f"{text('figures.source', language)}: {source}", xref="paper", yref="paper", x=0, y=-0.26,
        xanchor="left", yanchor="top", showarrow=False, font={"size": 10, "color": "#555"}, align="left",
    )
    fig.update_layout(margin={"b": 120})
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
