"""Figures of remittances (notebooks 04 and 07): the cost of sending money against the SDG 10.c target,
corridor by corridor and service by service, and the remittances a country receives (World Bank).

Example
-------
>>> from mlalib import remittances
>>> from mlalib.data.synthetic import remittance_prices
>>> compliance = remittances.corridor_compliance(remittance_prices(seed=2026))
>>> corridor_cost_figure(compliance, "2024Q4").layout.xaxis.title.text
'Cost, % of USD 200'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.errors import InputError
from mlalib.i18n import country_name, label, text
from mlalib.views.figures import (
    GREYS, HATCH, OKABE_ITO, add_source_note, add_target_line, citation, course_template, describe, series_style,
)
from mlalib.views.numbers import number_text, rounded

#: Bars of corridors above the target are dotted as well as red: the status is not told by colour alone.
ABOVE_PATTERN = "."


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
        fig.add_trace(go.Bar(x=[None if pd.isna(v) else v for v in rounded(chosen["smart_cost_pct"], 2)],
                             y=chosen["_label"].tolist(), orientation="h", marker_color=colour,
                             marker_pattern_shape=ABOVE_PATTERN if status == "above the target" else "",
                             name=label(status, language)))
    fig.add_trace(go.Scatter(x=rounded(rows["average_cost_pct"], 2), y=rows["_label"].tolist(), mode="markers",
                             marker={"symbol": "diamond", "color": OKABE_ITO["black"], "size": 8},
                             name=text("figures.all_services_average", language)))
    add_target_line(fig, 3, language, dash="dot")
    add_target_line(fig, 5, language, dash="dash")
    fig.update_layout(title=text("figures.corridor_cost_title", language, period=period),
                      xaxis_title=text("figures.cost_pct", language), template=course_template(), barmode="overlay",
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
    for index, (code, group) in enumerate(rows.groupby("iso3", sort=False)):
        billions = pd.Series(rounded(group["value"].astype(float) / 1e9, 2))
        fig.add_trace(go.Scatter(x=group["year"].tolist(), y=billions.tolist(), mode="lines+markers",
                                 name=f"{country_name(code, language)} ({code})", **series_style(index)))
        latest.append(f"{country_name(code, language)} {number_text(billions.iloc[-1], language)} "
                      f"({int(group['year'].iloc[-1])})")
    fig.update_layout(title=text("figures.remittances_title", language), xaxis_title=text("figures.year", language),
                      yaxis_title=text("figures.usd_billion", language), template=course_template(), height=420)
    describe(fig, text("figures.describe.remittances", language, first=int(rows["year"].min()),
                       last=int(rows["year"].max()), latest=", ".join(latest)))
    return add_source_note(fig, citation("wdi_remittances_received_2025", language), language)


def services_figure(prices: pd.DataFrame, corridor: tuple[str, str], period: str, language: str = "en") -> go.Figure:
    """The total cost of each service of one corridor in one period, cheapest first (bars: services that meet the
    SmaRT criteria in green, the others grey and hatched, as the legend says), with the 5% and 3% lines of SDG 10.c.

    ``prices`` holds one row per service and period (``sending, receiving, period, provider, provider_type,
    total_cost_pct, smart``), as :func:`mlalib.data.synthetic.remittance_prices` gives them.
    """
    rows = prices[(prices["period"] == period) & (prices["sending"] == corridor[0])
                  & (prices["receiving"] == corridor[1])].sort_values("total_cost_pct")
    if rows.empty:
        raise InputError(f"no services for the corridor {corridor!r} in period {period!r}")
    smart = rows["smart"].astype(bool)
    fig = go.Figure()
    for chosen, name, colour, pattern in ((rows[smart], "figures.smart_services", OKABE_ITO["bluish_green"], ""),
                                          (rows[~smart], "figures.other_services", GREYS[1], HATCH)):
        if chosen.empty:
            continue
        fig.add_trace(go.Bar(x=chosen["provider"].tolist(), y=rounded(chosen["total_cost_pct"], 2),
                             name=text(name, language), marker_color=colour, marker_pattern_shape=pattern,
                             hovertext=[label(t, language) for t in chosen["provider_type"]]))
    add_target_line(fig, 5, language, axis="y", dash="dash")
    add_target_line(fig, 3, language, axis="y", dash="dot")
    name = " → ".join(corridor)
    fig.update_layout(title=text("figures.services_title", language, corridor=name, period=period),
                      yaxis_title=text("figures.cost_pct", language), template=course_template(), height=420,
                      barmode="overlay", showlegend=True,
                      xaxis={"categoryorder": "array", "categoryarray": rows["provider"].tolist()})
    costs = rows["total_cost_pct"].astype(float)
    describe(fig, text("figures.describe.services", language, n=len(rows), corridor=name, period=period,
                       n_smart=int(smart.sum()), low=number_text(costs.min(), language),
                       high=number_text(costs.max(), language)))
    return add_source_note(fig, text("figures.synthetic_prices", language), language)
