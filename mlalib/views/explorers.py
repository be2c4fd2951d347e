"""ipywidgets explorers that degrade to a static figure where widgets cannot render.

An :class:`Explorer` shows a dropdown and the figure for the selected value. In JupyterLab
(with a running kernel) the control is live; in the HTML export, or wherever the widget
manager is missing, the same output carries an HTML fallback: the figure of the default
selection with its description (linked to it) and a note saying so. Nothing is loaded from the internet.

Example
-------
>>> from mlalib.data import load
>>> explorer = world_stock_explorer(load("undesa_world_migrant_stock_2020"))
>>> explorer.value
'total'
"""

from __future__ import annotations

import html
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go
from IPython import get_ipython
from IPython.display import display

from mlalib.flows import od_matrix
from mlalib.i18n import country_name, label, text
from mlalib.returns import reintegration_summary
from mlalib.survey import Design
from mlalib.views.distribution_figures import histogram_figure
from mlalib.views.figures import figure_html
from mlalib.views.flow_figures import od_sankey_figure
from mlalib.views.labour_figures import indicator_figure
from mlalib.views.reintegration_figures import reintegration_figure
from mlalib.views.remittance_figures import services_figure
from mlalib.views.stock_figures import stock_by_sex_figure, world_stock_figure


class Explorer:
    """A labelled dropdown driving one plotly figure."""

    def __init__(
        self,
        label: str,
        options: list[tuple[str, Any]],
        figure_for: Callable[[Any], go.Figure],
        language: str = "en",
    ):
        import ipywidgets as ipw  # here, not at import: a notebook's first cell need not wait for it

        self.figure_for = figure_for
        self.language = language
        self.dropdown = ipw.Dropdown(options=options, description=label, style={"description_width": "initial"})
        self.output = ipw.Output()
        self.box = ipw.VBox([self.dropdown, self.output])
        self.dropdown.observe(lambda change: self._draw(change["new"]), names="value")
        self._draw(self.dropdown.value)

    @property
    def value(self) -> Any:
        """The selected value."""
        return self.dropdown.value

    def _draw(self, value: Any) -> None:
        if get_ipython() is None:  # no kernel: nothing can show the live figure; the fallback serves
            return
        self.output.clear_output(wait=True)
        with self.output:
            display(self.figure_for(value))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.box._repr_mimebundle_()
        note = html.escape(text("widgets.static_note", self.language))
        bundle["text/html"] = f"<p><em>{note}</em></p>" + figure_html(self.figure_for(self.value))
        return bundle


def world_stock_explorer(world: pd.DataFrame, language: str = "en") -> Explorer:
    """Pick a sex and see the world's migrant stock 1990-2020 (data set ``undesa_world_migrant_stock_2020``)."""
    options = [(text(f"sex.{s}", language), s) for s in ("total", "male", "female")]
    return Explorer(
        text("widgets.sex", language), options, lambda sex: world_stock_figure(world, sex, language), language
    )


def country_stock_explorer(stock: pd.DataFrame, countries: list[str], language: str = "en") -> Explorer:
    """Pick one of the focus countries and see its migrant stock by sex, 1990-2020 (UN DESA 2020)."""
    available = set(stock["iso3"].dropna())
    options = [(f"{country_name(code, language)} ({code})", code) for code in countries if code in available]
    return Explorer(text("widgets.country", language), options,
                    lambda code: stock_by_sex_figure(stock, code, language), language)


def corridor_explorer(prices: pd.DataFrame, language: str = "en") -> Explorer:
    """Pick a corridor and see the total cost of each service in the last quarter, by provider type."""
    period = prices["period"].max()
    last = prices[prices["period"] == period]
    corridors = sorted(set(zip(last["sending"], last["receiving"])))

    def figure(corridor: tuple[str, str]) -> go.Figure:
        return services_figure(prices, corridor, period, language)

    return Explorer(text("widgets.corridor", language), [(" → ".join(c), c) for c in corridors], figure, language)


def indicator_explorer(table: pd.DataFrame, language: str = "en", x: str = "age_group",
                       color: str = "migrant_status") -> Explorer:
    """Pick a labour indicator and see it by group with confidence intervals."""
    options = [(text(f"figures.indicator.{name}", language), name) for name in
               ("participation_rate", "employment_to_population", "unemployment_rate")]
    return Explorer(text("widgets.indicator", language), options,
                    lambda name: indicator_figure(table, name, x=x, color=color, language=language), language)


def birthplace_flow_explorer(estimates: pd.DataFrame, source: str, language: str = "en") -> Explorer:
    """Pick a place of birth and see the estimated moves of the people born there (Sankey)."""
    places = [str(p) for p in pd.unique(estimates["birthplace"])]

    def figure(place: str) -> go.Figure:
        od = od_matrix(estimates[estimates["birthplace"] == place])
        title = text("figures.birthplace_flows_title", language, birthplace=place)
        return od_sankey_figure(od, title, source, language)

    return Explorer(text("widgets.birthplace", language), [(p, p) for p in places], figure, language)


def reintegration_explorer(
    returnees: pd.DataFrame, items: pd.DataFrame, groups: list[str], *, design: Design, language: str = "en",
) -> Explorer:
    """Pick a grouping (e.g. sex, returnee type) and see the reintegration scores of each group
    (``items``: the index's item table, see :func:`mlalib.returns.reintegration_scores`; ``design``: the
    survey design, :class:`mlalib.survey.Design`)."""
    def figure(group: str) -> go.Figure:
        summary = reintegration_summary(returnees, items, design=design, by=group)
        return reintegration_figure(summary, group, language)

    return Explorer(text("widgets.group", language), [(text(f"figures.by.{g}", language), g) for g in groups], figure,
                    language)


def histogram_explorer(
    values: pd.Series, groups: pd.Series, title: str, axis: str, source: str, language: str = "en"
) -> Explorer:
    """Pick a group (or all) and see the distribution of ``values`` in it."""
    everyone = text("widgets.all", language)
    # option values are strings: a None value leaves the dropdown's index undefined in the saved state
    options = [(everyone, "")] + [(label(g, language), str(g)) for g in sorted(pd.unique(groups.dropna()))]

    def figure(group: str) -> go.Figure:
        chosen = values if group == "" else values[groups.astype(str) == group]
        return histogram_figure(chosen, f"{title} ({label(group, language) if group else everyone})", axis, source,
                                language)

    return Explorer(text("widgets.group", language), options, figure, language)
