"""Figures of the decent-work lesson (notebook 09): rates by group and pay gaps, with confidence intervals.

They take the tables of :mod:`mlalib.decent_work` as they are and compute nothing of their own;
unreliable cells are hatched (:func:`mlalib.views.figures.add_estimate_bars`), empty domains are left out.

Example
-------
>>> from mlalib.data.synthetic_surveys import labour_force_survey
>>> from mlalib.decent_work import informality_rate
>>> from mlalib.labour import icls_categories
>>> lfs = icls_categories(labour_force_survey(seed=1, n=3_000), country="PHL")
>>> from mlalib.survey import Design
>>> fig = rate_figure(informality_rate(lfs, design=Design("weight")), "informality_rate", language="fr")
>>> fig.layout.yaxis.title.text
'Pour cent'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import label, text
from mlalib.views.figures import GREYS, add_estimate_bars, add_source_note, course_template, describe
from mlalib.views.numbers import number_text

#: Indicators counted per 100,000 workers (SDG 8.8.1); the others are per cent.
PER_100000 = ("fatal_injury_rate", "nonfatal_injury_rate")


def _groups(columns: list[str], language: str) -> str:
    """The grouping of the bars in words: "by sex and migrant status"."""
    names = [text(f"figures.by.{column}", language).lower() for column in columns]
    words = names[0] if len(names) == 1 else text("figures.groups_two", language, first=names[0], second=names[1])
    return text("figures.by_groups", language, groups=words)


def _extremes(rows: pd.DataFrame, columns: list[str], language: str) -> dict[str, str]:
    """The lowest and the highest estimate, and where they are (the groups of their bar)."""
    shown = rows.dropna(subset=["estimate"])
    shown = shown[shown["n"] > 0] if "n" in shown else shown
    low, high = shown.loc[shown["estimate"].idxmin()], shown.loc[shown["estimate"].idxmax()]

    def where(row: pd.Series) -> str:
        return ", ".join(label(row[column], language) for column in columns)

    return {"low": number_text(low["estimate"], language), "low_group": where(low),
            "high": number_text(high["estimate"], language), "high_group": where(high),
            "n_unreliable": str(int(shown["unreliable"].sum())), "n": str(len(shown))}


def rate_figure(table: pd.DataFrame, indicator: str, x: str = "sex", color: str | None = "migrant_status",
                language: str = "en") -> go.Figure:
    """Bars of one decent-work rate (per cent, or per 100,000 workers for injuries) with 95% intervals."""
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        raise InputError(f"no rows for indicator {indicator!r}; the table has {sorted(set(table['indicator']))}")
    fig = go.Figure()
    add_estimate_bars(fig, rows, x, color, language)
    unit = "figures.per_100000_workers" if indicator in PER_100000 else "figures.percent"
    name = text(f"figures.indicator.{indicator}", language)
    fig.update_layout(title=name, barmode="group",
                      yaxis_title=text(unit, language), xaxis_title=text(f"figures.by.{x}", language),
                      template=course_template(), height=420)
    columns = [x] + ([color] if color else [])
    describe(fig, text("figures.describe.rate", language, indicator=name, unit=text(unit, language).lower(),
                       groups=_groups(columns, language), **_extremes(rows, columns, language)))
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)


def pay_gap_figure(gaps: pd.DataFrame, color: str | None = None, language: str = "en") -> go.Figure:
    """The mean and the median pay gap (per cent) with 95% intervals, by ``color`` groups if given."""
    if gaps.empty:
        raise InputError("argument 'gaps' has no rows; compute them with mlalib.decent_work.pay_gap")
    fig = go.Figure()
    add_estimate_bars(fig, gaps, "indicator", color, language)
    name = text("figures.indicator.pay_gap", language)
    fig.update_layout(title=name, barmode="group", yaxis={"zeroline": True, "zerolinecolor": GREYS[0]},
                      yaxis_title=text("figures.gap_percent", language), template=course_template(), height=420)
    columns = ["indicator"] + ([color] if color else [])
    if color:
        sentence = text("figures.describe.pay_gap_by", language, indicator=name, groups=_groups([color], language),
                        **_extremes(gaps, columns, language))
    else:
        sentence = text("figures.describe.pay_gap", language, indicator=name, **_extremes(gaps, columns, language))
    describe(fig, sentence)
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)
