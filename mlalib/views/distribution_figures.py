"""Figures of one variable's distribution (notebook 06): a histogram, e.g. of recruitment costs.

Example
-------
>>> import pandas as pd
>>> fig = histogram_figure(pd.Series([1.0, 2.0, 2.5]), "Costs", "per cent", "Invented")
>>> fig.layout.yaxis.title.text
'Respondents'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import text
from mlalib.views.figures import OKABE_ITO, add_source_note, course_template, describe
from mlalib.views.numbers import number_text, rounded


def histogram_figure(values: pd.Series, title: str, axis: str, source: str, language: str = "en") -> go.Figure:
    """A histogram of one variable (e.g. recruitment costs in per cent of monthly earnings)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if numbers.empty:
        raise InputError("argument 'values' has no number to draw")
    fig = go.Figure(go.Histogram(x=rounded(numbers, 3), nbinsx=40, marker_color=OKABE_ITO["blue"]))
    fig.update_layout(title=title, xaxis_title=axis, yaxis_title=text("figures.respondents", language),
                      template=course_template(), height=400)
    describe(fig, text("figures.describe.histogram", language, title=title, axis=axis,
                       n=number_text(len(numbers), language, 0), median=number_text(numbers.median(), language),
                       low=number_text(numbers.min(), language), high=number_text(numbers.max(), language)))
    return add_source_note(fig, source, language)
