"""Figures of the residual estimate of irregular migration (notebook 11): estimates with their intervals.

They take the table of :func:`mlalib.irregular.residual_estimate` as it is and compute nothing of their own.

Example
-------
>>> from mlalib.data.synthetic_residual import census_and_permits
>>> from mlalib.irregular import residual_estimate
>>> table = residual_estimate(census_and_permits(seed=1), regular=["residence_permits", "naturalised"],
...                           undercount=0.15, labels="region_of_birth")
>>> residual_figure(table, language="fr").layout.xaxis.title.text
'Migrants en situation irrégulière (personnes)'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import label, text
from mlalib.views.figures import add_source_note, course_template, describe, series_style
from mlalib.views.numbers import number_text, rounded


def residual_figure(table: pd.DataFrame, by: str = "region_of_birth", language: str = "en") -> go.Figure:
    """Each group's estimate of migrants in an irregular situation (a dot) and its 95% interval (a bar), with a
    line at 0: a bar that crosses it is a group for which the data cannot tell whether there are any."""
    missing = [c for c in (by, "estimate", "ci_low", "ci_high") if c not in table.columns]
    if missing:
        raise InputError(f"argument 'table' lacks the columns {missing}; compute it with "
                         "mlalib.irregular.residual_estimate(..., labels=...)")
    if table.empty:
        raise InputError("argument 'table' has no rows")
    rows = table.sort_values("estimate")
    names = [label(v, language) for v in rows[by]]
    style = series_style(0, lines=False)
    style["marker"]["size"] = 10
    fig = go.Figure(go.Scatter(
        x=rounded(rows["estimate"], 0), y=names, mode="markers",
        error_x={"type": "data", "symmetric": False, "array": rounded(rows["ci_high"] - rows["estimate"], 0),
                 "arrayminus": rounded(rows["estimate"] - rows["ci_low"], 0)},
        name=text("figures.residual.estimate", language), showlegend=False, **style,
    ))
    fig.add_vline(x=0, line_color="#555", line_width=1)
    fig.update_layout(title=text("figures.residual.title", language),
                      xaxis_title=text("figures.residual.axis", language), template=course_template(), height=420)
    low, high = rows.iloc[0], rows.iloc[-1]
    describe(fig, text("figures.describe.residual", language, n=len(rows),
                       low=number_text(low["estimate"], language, 0), low_group=label(low[by], language),
                       high=number_text(high["estimate"], language, 0), high_group=label(high[by], language)))
    return add_source_note(fig, text("figures.synthetic_census_and_permits", language), language)


__all__ = ["residual_figure"]
