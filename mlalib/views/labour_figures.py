"""Figures of the labour force by migrant status (notebook 03): one indicator by group with confidence intervals.

Example
-------
>>> from mlalib import labour
>>> from mlalib.data import load
>>> lfs = labour.icls_categories(load("synthetic_lfs"), "PHL")
>>> from mlalib.survey import Design
>>> table = labour.labour_indicators(lfs, by=["migrant_status", "sex"], design=Design("weight"))
>>> indicator_figure(table, "unemployment_rate", x="sex").layout.yaxis.title.text
'Per cent'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import label, text
from mlalib.views.figures import add_estimate_bars, add_source_note, course_template, describe
from mlalib.views.numbers import number_text


def indicator_figure(table: pd.DataFrame, indicator: str, x: str = "age_group", color: str = "migrant_status",
                     language: str = "en") -> go.Figure:
    """Bars of one labour indicator (per cent) with 95% confidence intervals; unreliable cells are hatched."""
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        raise InputError(f"no rows for indicator {indicator!r}; the table has {sorted(set(table['indicator']))}")
    fig = go.Figure()
    add_estimate_bars(fig, rows, x, color, language)
    name = text(f"figures.indicator.{indicator}", language)
    fig.update_layout(title=name, barmode="group",
                      yaxis_title=text("figures.percent", language), xaxis_title=text(f"figures.by.{x}", language),
                      template=course_template(), height=420)
    low, high = rows.loc[rows["estimate"].idxmin()], rows.loc[rows["estimate"].idxmax()]

    def where(row: pd.Series) -> str:
        return f"{label(row[color], language)}, {label(row[x], language)}"

    describe(fig, text("figures.describe.indicator", language, indicator=name,
                       x=text(f"figures.by.{x}", language).lower(), color=text(f"figures.by.{color}", language).lower(),
                       low=number_text(low["estimate"], language), low_group=where(low),
                       high=number_text(high["estimate"], language),
                       high_group=where(high), n_unreliable=int(rows["unreliable"].sum()), n=len(rows)))
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)
