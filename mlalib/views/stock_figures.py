"""Figures of the international migrant stock (notebooks 00, 01 and 07): the world's stock over time, some
countries' stock, one country's stock by sex (UN DESA, International Migrant Stock 2020).

Example
-------
>>> from mlalib.data import load
>>> fig = world_stock_figure(load("undesa_world_migrant_stock_2020"), sex="female")
>>> fig.layout.yaxis.title.text
'Persons (millions)'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import country_name, text
from mlalib.views.figures import OKABE_ITO, add_source_note, citation, course_template, describe, series_style
from mlalib.views.numbers import number_text, rounded


def _countries(codes: list[str], language: str) -> str:
    return ", ".join(country_name(code, language) for code in codes)


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
    if rows.empty:
        raise InputError(f"argument 'world' has no row for sex {sex!r}")
    millions = pd.Series(rounded(rows["stock"] / 1e6, 2))
    fig = go.Figure(go.Bar(
        x=rows["year"].astype(int).tolist(), y=millions.tolist(),
        marker_color=OKABE_ITO["blue"], hovertemplate="%{x}: %{y:.1f} M<extra></extra>",
    ))
    sex_name = text(f"sex.{sex}", language)
    fig.update_layout(
        title=text("figures.world_stock_title", language, sex=sex_name),
        xaxis_title=text("figures.year", language), yaxis_title=text("figures.persons_millions", language),
        template=course_template(), height=420,
    )
    first, last = int(rows["year"].iloc[0]), int(rows["year"].iloc[-1])
    describe(fig, text("figures.describe.world_stock", language, sex=sex_name, first=first, last=last,
                       start=number_text(millions.iloc[0], language), end=number_text(millions.iloc[-1], language)))
    return add_source_note(fig, citation("undesa_world_migrant_stock_2020", language), language)


def stock_trend_figure(stock: pd.DataFrame, countries: list[str], sex: str = "total",
                       language: str = "en") -> go.Figure:
    """Lines of the international migrant stock (thousands), 1990-2020, of some countries (UN DESA 2020)."""
    rows = stock[stock["iso3"].isin(countries) & (stock["sex"] == sex)].sort_values("year")
    rows = rows.dropna(subset=["stock"])
    if rows.empty:
        raise InputError(f"no migrant stock for the countries {countries}")
    fig = go.Figure()
    for index, (code, group) in enumerate(rows.groupby("iso3", sort=False)):
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=rounded(group["stock"].astype(float) / 1e3, 1),
                                 mode="lines+markers", name=f"{country_name(code, language)} ({code})",
                                 **series_style(index)))
    sex_name = text(f"sex.{sex}", language)
    fig.update_layout(title=text("figures.stock_trend_title", language, sex=sex_name),
                      xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template=course_template(), height=420)
    last_year = int(rows["year"].max())
    latest = rows[rows["year"] == last_year].sort_values("stock", ascending=False).iloc[0]
    describe(fig, text("figures.describe.stock_trend", language, sex=sex_name,
                       countries=_countries([c for c in countries if c in set(rows["iso3"])], language),
                       first=int(rows["year"].min()), last=last_year, top=country_name(latest["iso3"], language),
                       value=number_text(float(latest["stock"]) / 1e3, language)))
    return add_source_note(fig, citation("undesa_migrant_stock_2020", language), language)


def stock_by_sex_figure(stock: pd.DataFrame, code: str, language: str = "en") -> go.Figure:
    """Lines of one country's international migrant stock (thousands) by sex, 1990-2020 (UN DESA 2020)."""
    rows = stock[(stock["iso3"] == code)].dropna(subset=["stock"]).sort_values("year")
    if rows.empty:
        raise InputError(f"no migrant stock for {code!r}")
    fig = go.Figure()
    for index, sex in enumerate(("total", "female", "male")):
        group = rows[rows["sex"] == sex]
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=rounded(group["stock"].astype(float) / 1e3, 1),
                                 mode="lines+markers", name=text(f"sex.{sex}", language), **series_style(index)))
    title = text("figures.stock_trend_title", language, sex=country_name(code, language))
    fig.update_layout(title=title, xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template=course_template(), height=420)
    last_year = int(rows["year"].max())
    latest = rows[rows["year"] == last_year].set_index("sex")["stock"].astype(float)
    describe(fig, text("figures.describe.stock_by_sex", language, country=country_name(code, language),
                       first=int(rows["year"].min()), last=last_year,
                       total=number_text(latest.get("total", float("nan")) / 1e3, language),
                       female=number_text(latest.get("female", float("nan")) / 1e3, language)))
    return add_source_note(fig, citation("undesa_migrant_stock_2020", language), language)
