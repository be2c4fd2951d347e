"""Figures of return and reintegration: the reintegration scores by group (notebook 05), and the economic
reintegration indicator shares and weight sets (notebook 10).

They take the tables of :func:`mlalib.returns.reintegration_summary`, :mod:`mlalib.reintegration` and
:func:`mlalib.returns.reintegration_weight_comparison` and write every word in the cohort's language
(mlalib/locale catalogs).

Example
-------
>>> from mlalib import reintegration
>>> from mlalib.data import load
>>> from mlalib.survey import Design
>>> table = reintegration.indicators(load("synthetic_returnees"), design=Design("weight"))
>>> shares_figure(table, language="fr").layout.xaxis.title.text
'Pour cent'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError, MissingColumnError
from mlalib.i18n import format_percent, label, text
from mlalib.views.figures import (
    OKABE_ITO, add_hatching_legend, add_source_note, course_template, describe, hatching, series_style,
)
from mlalib.views.numbers import number_text, rounded


def _require(table: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise MissingColumnError(f"argument '{name}' lacks the column(s) {missing}")
    if table.empty:
        raise InputError(f"argument '{name}' has no rows")


def shares_figure(table: pd.DataFrame, language: str = "en") -> go.Figure:
    """Horizontal bars of the indicator shares (per cent) with 95% confidence intervals; unreliable rows hatched,
    empty domains left out (they have no estimate)."""
    _require(table, ["indicator", "estimate", "ci_low", "ci_high", "unreliable"], "table")
    rows = table.dropna(subset=["estimate"]).iloc[::-1]
    if rows.empty:
        raise InputError("argument 'table' has no estimate to draw (every domain is empty)")
    fig = go.Figure(go.Bar(
        y=[label(v, language) for v in rows["indicator"]], x=rounded(100 * rows["estimate"], 1),
        orientation="h", marker_color=OKABE_ITO["blue"], marker_pattern_shape=hatching(rows["unreliable"]),
        error_x={"type": "data", "symmetric": False, "array": rounded(100 * (rows["ci_high"] - rows["estimate"]), 1),
                 "arrayminus": rounded(100 * (rows["estimate"] - rows["ci_low"]), 1)},
        showlegend=False,
    ))
    add_hatching_legend(fig, text("figures.hatched_unreliable", language), orientation="h")
    fig.update_layout(title=text("figures.economic_reintegration_title", language),
                      xaxis_title=text("figures.percent", language), xaxis_range=[0, 100], template=course_template(),
                      height=max(380, 36 * len(rows) + 160), margin={"l": 260})
    low, high = rows.loc[rows["estimate"].idxmin()], rows.loc[rows["estimate"].idxmax()]
    describe(fig, text("figures.describe.shares", language, n=len(rows),
                       low=number_text(100 * low["estimate"], language), low_name=label(low["indicator"], language),
                       high=number_text(100 * high["estimate"], language),
                       high_name=label(high["indicator"], language), n_unreliable=int(rows["unreliable"].sum())))
    return add_source_note(fig, text("figures.synthetic_returnees", language), language)


def weights_figure(comparison: pd.DataFrame, language: str = "en") -> go.Figure:
    """Mean scores (0-1) of the dimensions and the composite under each weight set, with 95% confidence intervals;
    the legend gives each set's shares of the three dimensions."""
    _require(comparison, ["weight_set", "score", "share", "estimate", "se"], "comparison")
    fig = go.Figure()
    for index, (name, group) in enumerate(comparison.groupby("weight_set", sort=False)):
        shares = " / ".join(format_percent(v, language) for v in group.loc[group["score"] != "composite", "share"])
        fig.add_trace(go.Bar(x=[label(s, language) for s in group["score"]], y=rounded(group["estimate"], 3),
                             name=f"{label(name, language)}: {shares}",
                             error_y={"type": "data", "array": rounded(1.96 * group["se"], 3)},
                             **series_style(index, lines=False)))
    fig.update_layout(title=text("figures.weights_title", language), barmode="group",
                      yaxis_title=text("figures.score", language), yaxis_range=[0, 1], template=course_template(),
                      height=440, legend={"orientation": "h", "y": -0.15})
    composite = comparison[comparison["score"] == "composite"].dropna(subset=["estimate"])
    if not composite.empty:
        low, high = composite.loc[composite["estimate"].idxmin()], composite.loc[composite["estimate"].idxmax()]
        describe(fig, text("figures.describe.weights", language, n=comparison["weight_set"].nunique(),
                           low=number_text(low["estimate"], language, 2), low_set=label(low["weight_set"], language),
                           high=number_text(high["estimate"], language, 2),
                           high_set=label(high["weight_set"], language)))
    fig = add_source_note(fig, text("figures.synthetic_returnees", language), language)
    fig.update_layout(margin={"b": 170})
    return fig


def reintegration_figure(summary: pd.DataFrame, by: str, language: str = "en") -> go.Figure:
    """Mean reintegration scores (0-1) by dimension and group, with 95% confidence intervals."""
    if summary.empty:
        raise InputError("argument 'summary' has no rows")
    fig = go.Figure()
    group_name = text(f"figures.by.{by}", language)
    for index, (name, group) in enumerate(summary.groupby(by, sort=True)):
        fig.add_trace(go.Bar(x=[label(s, language) for s in group["score"]], y=rounded(group["estimate"], 3),
                             **series_style(index, lines=False),
                             name=text("figures.group_value", language, group=group_name,
                                       value=label(name, language)),
                             error_y={"type": "data", "array": rounded(1.96 * group["se"], 3)}))
    fig.update_layout(title=text("figures.reintegration_title", language), barmode="group",
                      yaxis_title=text("figures.score", language), yaxis_range=[0, 1], template=course_template(),
                      height=420)
    low, high = summary.loc[summary["estimate"].idxmin()], summary.loc[summary["estimate"].idxmax()]

    def where(row: pd.Series) -> str:
        return f"{label(row['score'], language)}, {label(row[by], language)}"

    describe(fig, text("figures.describe.reintegration", language, group=group_name.lower(),
                       low=number_text(low["estimate"], language, 2), low_group=where(low),
                       high=number_text(high["estimate"], language, 2), high_group=where(high)))
    return add_source_note(fig, text("figures.synthetic_returnees", language), language)
