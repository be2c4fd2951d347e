"""What every course figure shares: the colour-blind-safe palette and template, the text description, the
source note, reference lines, and the offline display in notebooks and HTML pages.

Importing this module in a notebook makes IPython display every plotly figure as
:func:`figure_bundle`: plotly's JSON mimetype (drawn by the JupyterLab extension that ships with
plotly) plus an HTML fallback that needs only ``plotly.js``, which the HTML pages load from one file
next to them (:mod:`mlalib.views.page`). Nothing is fetched from a CDN, and figure ids are numbered, not
random, so a rebuilt notebook is byte-identical. The display goes through IPython's own formatter
rather than plotly's renderer registry: importing ``plotly.io._renderers`` imports nbformat and
with it jsonschema's format grammars, about two seconds at every kernel start.

The figures themselves live in one module per topic (``mlalib.views.<topic>_figures``) and compute
nothing of their own beyond reshaping for display. Every figure uses the
colour-blind-safe palette of Okabe and Ito (2008, "Color Universal Design", :data:`OKABE_ITO`),
draws its target lines with a visible width (the ``simple_white`` template of plotly draws shapes
with zero-width lines), and carries a one-sentence description of what it shows, computed from its
data in the course language (:func:`description`), which is displayed as text under the figure
for readers who cannot see it (JupyterLab and HTML alike).

Example
-------
>>> description(describe(go.Figure(), "Bar chart: nothing to show."))
'Bar chart: nothing to show.'
"""

from __future__ import annotations

import html
import itertools
import json
from functools import lru_cache
from typing import Any

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import plotly.io as pio
from IPython import get_ipython

from mlalib.errors import InputError
from mlalib.i18n import format_number, format_percent, plotly_separators, text

if TYPE_CHECKING:
    from plotly.basedatatypes import BaseFigure

_figure_numbers = itertools.count(1)

#: The Okabe-Ito palette (Okabe & Ito 2008), distinguishable with every common colour-vision deficiency.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "bluish_green": "#009E73", "vermillion": "#D55E00",
             "sky_blue": "#56B4E9", "reddish_purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000"}
#: Neutral greys used beside the palette (text, "not applicable" bars).
GREYS = ("#555555", "#999999", "#BBBBBB")
#: Width (px) of reference lines such as the SDG 10.c targets.
TARGET_LINE_WIDTH = 2


@lru_cache(maxsize=1)
def course_template() -> go.layout.Template:
    """The plotly template of every course figure: plotly's ``simple_white`` with the Okabe-Ito colours.

    Built on the first figure, not at import: building it takes a tenth of a second that a notebook's first
    cell need not pay.

    >>> course_template().layout.colorway[0]
    '#0072B2'
    """
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.colorway = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion",
                                                             "sky_blue", "reddish_purple", "black", "yellow")]
    template.layout.shapedefaults.line.width = TARGET_LINE_WIDTH  # simple_white's default is 0: invisible lines
    return template


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
    """Display plotly figures with :func:`figure_bundle` in the running IPython; False outside IPython.

    The figure class is named, not imported (IPython resolves it when the first figure is shown), so that
    importing this module does not import plotly's figure machinery.
    """
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.ipython_display_formatter.for_type_by_name("plotly.basedatatypes", "BaseFigure",
                                                                       _display_figure)
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
