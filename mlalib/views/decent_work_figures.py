"""Figures of the decent-work lesson (notebook 09): rates by group and pay gaps, with confidence intervals.

They take the tables of :mod:`mlalib.decent_work` as they are and compute nothing of their own;
unreliable cells are hatched (as in :func:`mlalib.views.labour_figures.indicator_figure`), empty domains are left out.

Example
-------
>>> from mlalib.data.synthetic_surveys import labour_force_survey
>>> from mlalib.decent_work import informality_rate
>>> from mlalib.labour import icls_categories
>>> lfs = icls_categories(labour_force_survey(seed=1, n=3_000), country="PHL")
>>> fig = rate_figure(informality_rate(lfs, weight="weight"), "informality_rate", language="fr")
>>> fig.layout.yaxis.title.text
'Pour cent'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import label, text
from mlalib.views.figures import add_source_note, course_template

#: Indicators counted per 100,000 workers (SDG 8.8.1); the others are per cent.
PER_100000 = ("fatal_injury_rate", "nonfatal_injury_rate")


def _bars(fig: go.Figure, rows: pd.DataFrame, x: str, color: str | None, language: str) -> None:
    rows = rows[rows["n"] > 0] if "n" in rows else rows
    groups = rows.groupby(color, sort=True) if color else [(None, rows)]
    for name, group in groups:
        fig.add_trace(go.Bar(
            x=[label(v, language) for v in group[x]], y=group["estimate"].round(2).tolist(),
            name=label(name, language) if name is not None else None, showlegend=name is not None,
            error_y={"type": "data", "symmetric": False,
                     "array": (group["ci_high"] - group["estimate"]).round(2).tolist(),
                     "arrayminus": (group["estimate"] - group["ci_low"]).round(2).tolist()},
            marker_pattern_shape=["/" if flag else "" for flag in group["unreliable"]],
        ))


def rate_figure(table: pd.DataFrame, indicator: str, x: str = "sex", color: str = "migrant_status",
                language: str = "en") -> go.Figure:
    """Bars of one decent-work rate (per cent, or per 100,000 workers for injuries) with 95% intervals."""
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        raise InputError(f"no rows for indicator {indicator!r}; the table has {sorted(set(table['indicator']))}")
    fig = go.Figure()
    _bars(fig, rows, x, color, language)
    unit = "figures.per_100000_workers" if indicator in PER_100000 else "figures.percent"
    fig.update_layout(title=text(f"figures.indicator.{indicator}", language), barmode="group",
                      yaxis_title=text(unit, language), xaxis_title=text(f"figures.by.{x}", language),
                      template=course_template(), height=420)
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)


def pay_gap_figure(gaps: pd.DataFrame, color: str | None = None, language: str = "en") -> go.Figure:
    """The mean and the median pay gap (per cent) with 95% intervals, by ``color`` groups if given."""
    if gaps.empty:
        raise InputError("argument 'gaps' has no rows; compute them with mlalib.decent_work.pay_gap")
    fig = go.Figure()
    _bars(fig, gaps, "indicator", color, language)
    fig.add_hline(y=0, line_color="#555", line_width=1)
    fig.update_layout(title=text("figures.indicator.pay_gap", language), barmode="group",
                      yaxis_title=text("figures.gap_percent", language), template=course_template(), height=420)
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)
