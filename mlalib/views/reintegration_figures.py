"""Figures of return and reintegration: the reintegration scores by group (notebook 05), and the economic
reintegration indicator shares and weight sets (notebook 10).

They take the tables of :func:`mlalib.returns.reintegration_summary`, :mod:`mlalib.reintegration` and
:func:`mlalib.returns.reintegration_weight_comparison` and write every word in the cohort's language
(mlalib/locale catalogs).

Example
-------
>>> from mlalib import reintegration
>>> from mlalib.data import load
>>> table = reintegration.indicators(load("synthetic_returnees"), weight="weight")
>>> shares_figure(table, language="fr").layout.xaxis.title.text
'Pour cent'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError, MissingColumnError
from mlalib.i18n import format_percent, label, text
from mlalib.views.figures import add_source_note, course_template, describe, number_text


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
    fig = go.Figure(go.Bar(
        y=[label(v, language) for v in rows["indicator"]], x=(100 * rows["estimate"]).round(1).tolist(),
        orientation="h", marker_color="#1f5aa6",
        marker_pattern_shape=["/" if flag else "" for flag in rows["unreliable"]],
        error_x={"type": "data", "symmetric": False, "array": (100 * (rows["ci_high"] - rows["estimate"])).round(1)
                 .tolist(), "arrayminus": (100 * (rows["estimate"] - rows["ci_low"])).round(1).tolist()},
    ))
    fig.update_layout(title=text("figures.economic_reintegration_title", language),
                      xaxis_title=text("figures.percent", language), xaxis_range=[0, 100], template=course_template(),
                      height=max(380, 36 * len(rows) + 160), margin={"l": 260})
    return add_source_note(fig, text("figures.synthetic_returnees", language), language)


def weights_figure(comparison: pd.DataFrame, language: str = "en") -> go.Figure:
    """Mean scores (0-1) of the dimensions and the composite under each weight set, with 95% confidence intervals;
    the legend gives each set's shares of the three dimensions."""
    _require(comparison, ["weight_set", "score", "share", "estimate", "se"], "comparison")
    fig = go.Figure()
    for name, group in comparison.groupby("weight_set", sort=False):
        shares = " / ".join(format_percent(v, language) for v in group.loc[group["score"] != "composite", "share"])
        fig.add_trace(go.Bar(x=[label(s, language) for s in group["score"]], y=group["estimate"].round(3).tolist(),
                             name=f"{label(name, language)}: {shares}",
                             error_y={"type": "data", "array": (1.96 * group["se"]).round(3).tolist()}))
    fig.update_layout(title=text("figures.weights_title", language), barmode="group",
                      yaxis_title=text("figures.score", language), yaxis_range=[0, 1], template=course_template(),
                      height=440, legend={"orientation": "h", "y": -0.15})
    fig = add_source_note(fig, text("figures.synthetic_returnees", language), language)
    fig.update_layout(margin={"b": 170})
    return fig


def reintegration_figure(summary: pd.DataFrame, by: str, language: str = "en") -> go.Figure:
    """Mean reintegration scores (0-1) by dimension and group, with 95% confidence intervals."""
    if summary.empty:
        raise InputError("argument 'summary' has no rows")
    fig = go.Figure()
    group_name = text(f"figures.by.{by}", language)
    for name, group in summary.groupby(by, sort=True):
        fig.add_trace(go.Bar(x=[label(s, language) for s in group["score"]], y=group["estimate"].round(3).tolist(),
                             name=text("figures.group_value", language, group=group_name,
                                       value=label(name, language)),
                             error_y={"type": "data", "array": (1.96 * group["se"]).round(3).tolist()}))
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
