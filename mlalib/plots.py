"""Plotly figures for the course notebooks, rendered without any network access.

Importing this module in a notebook makes IPython display every plotly figure as
:func:`figure_bundle`: plotly's JSON mimetype (drawn by the JupyterLab extension that ships with
plotly) plus an HTML fallback that needs only ``plotly.js``, which :mod:`mlalib.course.build`
embeds once in the HTML export. Nothing is fetched from a CDN, and figure ids are numbered, not
random, so a rebuilt notebook is byte-identical. The display goes through IPython's own formatter
rather than plotly's renderer registry: importing ``plotly.io._renderers`` imports nbformat and
with it jsonschema's format grammars, about two seconds at every kernel start.

Figures compute nothing of their own beyond reshaping for display. Every figure uses the
colour-blind-safe palette of Okabe and Ito (2008, "Color Universal Design", :data:`OKABE_ITO`),
draws its target lines with a visible width (the ``simple_white`` template of plotly draws shapes
with zero-width lines), and carries a one-sentence description of what it shows, computed from its
data in the course language (:func:`description`), which is displayed as text under the figure
for readers who cannot see it (JupyterLab and HTML alike).

Example
-------
>>> from mlalib.data import load
>>> fig = world_stock_figure(load("undesa_world_migrant_stock_2020"), sex="female")
>>> fig.layout.yaxis.title.text
'Persons (millions)'
"""

from __future__ import annotations

import html
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
from mlalib.i18n import country_name, format_number, format_percent, label, plotly_separators, text

_figure_numbers = itertools.count(1)

#: The Okabe-Ito palette (Okabe & Ito 2008), distinguishable with every common colour-vision deficiency.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "bluish_green": "#009E73", "vermillion": "#D55E00",
             "sky_blue": "#56B4E9", "reddish_purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000"}
#: Neutral greys used beside the palette (text, "not applicable" bars).
GREYS = ("#555555", "#999999", "#BBBBBB")
#: Width (px) of reference lines such as the SDG 10.c targets.
TARGET_LINE_WIDTH = 2


def _template() -> go.layout.Template:
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.colorway = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion",
                                                             "sky_blue", "reddish_purple", "black", "yellow")]
    template.layout.shapedefaults.line.width = TARGET_LINE_WIDTH  # simple_white's default is 0: invisible lines
    return template


#: The plotly template of every course figure: plotly's ``simple_white`` with the Okabe-Ito colours.
TEMPLATE = _template()


def describe(fig: go.Figure, sentence: str) -> go.Figure:
    """Attach a one-sentence text description to ``fig`` (kept in ``layout.meta``), shown under it."""
    fig.update_layout(meta={"mlalib_description": sentence})
    return fig


def description(fig: BaseFigure | dict[str, Any]) -> str:
    """The text description attached by :func:`describe` ("" when the figure has none).

    Example
    -------
    >>> description(describe(go.Figure(), "Bar chart: nothing to show."))
    'Bar chart: nothing to show.'
    """
    layout = fig.get("layout", {}) if isinstance(fig, dict) else fig.layout.to_plotly_json()
    meta = layout.get("meta") if isinstance(layout, dict) else None
    return str(meta.get("mlalib_description", "")) if isinstance(meta, dict) else ""


def description_bundle(sentence: str) -> dict[str, str]:
    """The description as a display mimebundle: a paragraph in HTML, the sentence as plain text."""
    return {"text/plain": sentence,
            "text/html": f'<p class="mlalib-figure-description" style="font-size:90%;color:#333">'
                         f"{html.escape(sentence)}</p>"}


def add_target_line(fig: go.Figure, level: float, language: str = "en", *, axis: str = "x",
                    dash: str = "dash") -> go.Figure:
    """A visible reference line at ``level`` per cent (e.g. the SDG 10.c targets, 3% and 5%), labelled."""
    if axis not in ("x", "y"):
        raise InputError(f"argument 'axis' must be 'x' or 'y', got {axis!r}")
    line = {"dash": dash, "color": OKABE_ITO["black"], "width": TARGET_LINE_WIDTH}
    note = format_percent(level / 100, language)
    if axis == "x":
        fig.add_vline(x=level, line=line, annotation_text=note)
    else:
        fig.add_hline(y=level, line=line, annotation_text=note)
    return fig


def number_text(value: float, language: str, decimals: int = 1) -> str:
    """A number for a figure description, rounded and written as in ``language``.

    >>> number_text(1197.64, "fr")
    '1\u202f197,6'
    """
    return format_number(round(float(value), decimals), language, decimals)


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
    sentence = description(fig)
    if sentence:
        display(description_bundle(sentence), raw=True)


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
        xanchor="left", yanchor="top", showarrow=False, font={"size": 12, "color": GREYS[0]}, align="left",
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
    if rows.empty:
        raise InputError(f"argument 'world' has no row for sex {sex!r}")
    millions = (rows["stock"] / 1e6).round(2)
    fig = go.Figure(go.Bar(
        x=rows["year"].astype(int).tolist(), y=millions.tolist(),
        marker_color=OKABE_ITO["blue"], hovertemplate="%{x}: %{y:.1f} M<extra></extra>",
    ))
    sex_name = text(f"sex.{sex}", language)
    fig.update_layout(
        title=text("figures.world_stock_title", language, sex=sex_name),
        xaxis_title=text("figures.year", language), yaxis_title=text("figures.persons_millions", language),
        template=TEMPLATE, height=420,
    )
    first, last = int(rows["year"].iloc[0]), int(rows["year"].iloc[-1])
    describe(fig, text("figures.describe.world_stock", language, sex=sex_name, first=first, last=last,
                       start=number_text(millions.iloc[0], language), end=number_text(millions.iloc[-1], language)))
    return add_source_note(fig, dataset("undesa_world_migrant_stock_2020").citation, language)


def _citation(name: str) -> str:
    return dataset(name).citation


def _country_list(codes: list[str], language: str) -> str:
    return ", ".join(country_name(code, language) for code in codes)


def stock_trend_figure(stock: pd.DataFrame, countries: list[str], sex: str = "total", language: str = "en") -> go.Figure:
    """Lines of the international migrant stock (thousands), 1990-2020, of some countries (UN DESA 2020)."""
    rows = stock[stock["iso3"].isin(countries) & (stock["sex"] == sex)].sort_values("year")
    rows = rows.dropna(subset=["stock"])
    if rows.empty:
        raise InputError(f"no migrant stock for the countries {countries}")
    fig = go.Figure()
    for code, group in rows.groupby("iso3", sort=False):
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=(group["stock"].astype(float) / 1e3).round(1).tolist(),
                                 mode="lines+markers", name=f"{country_name(code, language)} ({code})"))
    sex_name = text(f"sex.{sex}", language)
    fig.update_layout(title=text("figures.stock_trend_title", language, sex=sex_name),
                      xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template=TEMPLATE, height=420)
    last_year = int(rows["year"].max())
    latest = rows[rows["year"] == last_year].sort_values("stock", ascending=False).iloc[0]
    describe(fig, text("figures.describe.stock_trend", language, sex=sex_name,
                       countries=_country_list([c for c in countries if c in set(rows["iso3"])], language),
                       first=int(rows["year"].min()), last=last_year, top=country_name(latest["iso3"], language),
                       value=number_text(float(latest["stock"]) / 1e3, language)))
    return add_source_note(fig, _citation("undesa_migrant_stock_2020"), language)


def stock_by_sex_figure(stock: pd.DataFrame, code: str, language: str = "en") -> go.Figure:
    """Lines of one country's international migrant stock (thousands) by sex, 1990-2020 (UN DESA 2020)."""
    rows = stock[(stock["iso3"] == code)].dropna(subset=["stock"]).sort_values("year")
    if rows.empty:
        raise InputError(f"no migrant stock for {code!r}")
    fig = go.Figure()
    for sex in ("total", "female", "male"):
        group = rows[rows["sex"] == sex]
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=(group["stock"].astype(float) / 1e3).round(1).tolist(),
                                 mode="lines+markers", name=text(f"sex.{sex}", language)))
    title = text("figures.stock_trend_title", language, sex=country_name(code, language))
    fig.update_layout(title=title, xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.persons_thousands", language), template=TEMPLATE, height=420)
    last_year = int(rows["year"].max())
    latest = rows[rows["year"] == last_year].set_index("sex")["stock"].astype(float)
    describe(fig, text("figures.describe.stock_by_sex", language, country=country_name(code, language),
                       first=int(rows["year"].min()), last=last_year,
                       total=number_text(latest.get("total", float("nan")) / 1e3, language),
                       female=number_text(latest.get("female", float("nan")) / 1e3, language)))
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
        node={"label": [f"{label} →" for label in labels] + [f"→ {label}" for label in labels], "pad": 18,
              "color": [OKABE_ITO["blue"]] * n + [OKABE_ITO["orange"]] * n},
        link={"source": src, "target": dst, "value": val},
    ))
    fig.update_layout(title=title, height=420, template=TEMPLATE)
    if val:
        k = max(range(len(val)), key=val.__getitem__)
        sentence = text("figures.describe.sankey", language, title=title, n=len(val), origin=labels[src[k]],
                        destination=labels[dst[k] - n], value=number_text(val[k], language, 2))
    else:
        sentence = text("figures.describe.sankey_empty", language, title=title)
    describe(fig, sentence)
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
    name = text(f"figures.indicator.{indicator}", language)
    fig.update_layout(title=name, barmode="group",
                      yaxis_title=text("figures.percent", language), xaxis_title=text(f"figures.by.{x}", language),
                      template=TEMPLATE, height=420)
    low, high = rows.loc[rows["estimate"].idxmin()], rows.loc[rows["estimate"].idxmax()]

    def where(row: pd.Series) -> str:
        return f"{label(row[color], language)}, {label(row[x], language)}"

    describe(fig, text("figures.describe.indicator", language, indicator=name,
                       x=text(f"figures.by.{x}", language).lower(), color=text(f"figures.by.{color}", language).lower(),
                       low=number_text(low["estimate"], language), low_group=where(low),
                       high=number_text(high["estimate"], language),
                       high_group=where(high), n_unreliable=int(rows["unreliable"].sum()), n=len(rows)))
    return add_source_note(fig, text("figures.synthetic_lfs", language), language)


def corridor_cost_figure(compliance: pd.DataFrame, period: str, language: str = "en") -> go.Figure:
    """Each corridor against the SDG 10.c target in one period: SmaRT cost (bars coloured by status) and the
    simple average of all services (diamonds), with the 3% and 5% lines.

    ``compliance`` is :func:`mlalib.remittances.corridor_compliance` (the target "no corridor above
    5%" is measured with SmaRT, SDG 10.c.1 metadata); corridors with fewer than three SmaRT
    services have no bar.
    """
    needed = {"sending", "receiving", "period", "smart_cost_pct", "average_cost_pct", "status"}
    if not needed <= set(compliance.columns):
        raise InputError(f"argument 'compliance' lacks the column(s) {sorted(needed - set(compliance.columns))}; "
                         "pass remittances.corridor_compliance(prices)")
    rows = compliance[compliance["period"] == period]
    if rows.empty:
        raise InputError(f"no corridors for period {period!r}")
    rows = rows.assign(_order=rows["smart_cost_pct"].fillna(rows["average_cost_pct"] + 1e6)).sort_values("_order")
    rows = rows.assign(_label=rows["sending"] + " → " + rows["receiving"])
    colours = {"meets the target": OKABE_ITO["blue"], "above the target": OKABE_ITO["vermillion"],
               "too few SmaRT services": GREYS[1]}
    fig = go.Figure()
    for status, colour in colours.items():
        chosen = rows[rows["status"] == status]
        fig.add_trace(go.Bar(x=[None if pd.isna(v) else round(float(v), 2) for v in chosen["smart_cost_pct"]],
                             y=chosen["_label"].tolist(), orientation="h", marker_color=colour,
                             name=label(status, language)))
    fig.add_trace(go.Scatter(x=rows["average_cost_pct"].round(2).tolist(), y=rows["_label"].tolist(), mode="markers",
                             marker={"symbol": "diamond", "color": OKABE_ITO["black"], "size": 8},
                             name=text("figures.all_services_average", language)))
    add_target_line(fig, 3, language, dash="dot")
    add_target_line(fig, 5, language, dash="dash")
    fig.update_layout(title=text("figures.corridor_cost_title", language, period=period),
                      xaxis_title=text("figures.cost_pct", language), template=TEMPLATE, barmode="overlay",
                      yaxis={"categoryorder": "array", "categoryarray": rows["_label"].tolist()},
                      height=max(420, 18 * len(rows) + 160))
    smart = rows["smart_cost_pct"].notna()
    describe(fig, text("figures.describe.corridor_cost", language, period=period,
                       n_above=int((rows["status"] == "above the target").sum()), n_smart=int(smart.sum()),
                       n_few=int((~smart).sum()), n_simple_above=int((rows["average_cost_pct"] > 5).sum()),
                       n=len(rows)))
    return add_source_note(fig, text("figures.synthetic_prices", language), language)


def remittances_trend_figure(wdi: pd.DataFrame, countries: list[str], language: str = "en") -> go.Figure:
    """Personal remittances received (US$ billion, current prices) of some countries, WDI."""
    rows = wdi[wdi["iso3"].isin(countries)].dropna(subset=["value"]).sort_values("year")
    if rows.empty:
        raise InputError(f"no remittances received for the countries {countries}")
    fig = go.Figure()
    latest = []
    for code, group in rows.groupby("iso3", sort=False):
        billions = (group["value"].astype(float) / 1e9).round(3)
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=billions.tolist(),
                                 mode="lines+markers", name=f"{country_name(code, language)} ({code})"))
        latest.append(f"{country_name(code, language)} {number_text(billions.iloc[-1], language)} "
                      f"({int(group['year'].iloc[-1])})")
    fig.update_layout(title=text("figures.remittances_title", language), xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.usd_billion", language), template=TEMPLATE, height=420)
    describe(fig, text("figures.describe.remittances", language, first=int(rows["year"].min()),
                       last=int(rows["year"].max()), latest=", ".join(latest)))
    return add_source_note(fig, _citation("wdi_remittances_received_2025"), language)


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
                      yaxis_title=text("figures.score", language), yaxis_range=[0, 1], template=TEMPLATE,
                      height=420)
    low, high = summary.loc[summary["estimate"].idxmin()], summary.loc[summary["estimate"].idxmax()]

    def where(row: pd.Series) -> str:
        return f"{label(row['score'], language)}, {label(row[by], language)}"

    describe(fig, text("figures.describe.reintegration", language, group=group_name.lower(),
                       low=number_text(low["estimate"], language, 2), low_group=where(low),
                       high=number_text(high["estimate"], language, 2), high_group=where(high)))
    return add_source_note(fig, text("figures.synthetic_returnees", language), language)


def histogram_figure(values: pd.Series, title: str, axis: str, source: str, language: str = "en") -> go.Figure:
    """A histogram of one variable (e.g. recruitment costs in per cent of monthly earnings)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if numbers.empty:
        raise InputError("argument 'values' has no number to draw")
    fig = go.Figure(go.Histogram(x=numbers.round(3).tolist(), nbinsx=40, marker_color=OKABE_ITO["blue"]))
    fig.update_layout(title=title, xaxis_title=axis, yaxis_title=text("figures.respondents", language),
                      template=TEMPLATE, height=400)
    describe(fig, text("figures.describe.histogram", language, title=title, axis=axis,
                       n=format_number(len(numbers), language), median=number_text(numbers.median(), language),
                       low=number_text(numbers.min(), language), high=number_text(numbers.max(), language)))
    return add_source_note(fig, source, language)
