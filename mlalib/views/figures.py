"""What every course figure shares: the colour-blind-safe palette and template, series told apart without colour,
hatching explained in the legend, the text description linked to its figure, the source note, reference lines,
the toolbar, and the offline display in notebooks and HTML pages.

Importing this module in a notebook makes IPython display every plotly figure as two outputs: the figure
(:func:`figure_bundle`: plotly's JSON mimetype, drawn by the JupyterLab extension that ships with plotly, plus
an HTML copy that needs only ``plotly.js``, which the HTML pages load from one file next to them:
:mod:`mlalib.views.page`),
then its description. Nothing is fetched from a CDN, and figure ids are numbered, not random, so a rebuilt
notebook is byte-identical. The display goes through IPython's own formatter rather than plotly's renderer
registry: importing ``plotly.io._renderers`` imports nbformat and with it jsonschema's format grammars, about
two seconds at every kernel start. Nothing heavy is done at import (the template is built on the first figure),
so that a notebook's first cell stays short.

The figures themselves live in one module per topic (``mlalib.views.<topic>_figures``) and compute nothing of
their own beyond reshaping for display. Every figure uses the colour-blind-safe palette of Okabe and Ito (2008,
"Color Universal Design", :data:`OKABE_ITO`), with a marker symbol and a dash style per compared line
(:func:`series_style`); hatched bars (unreliable estimates) are explained by a legend entry
(:func:`add_hatching_legend`); target lines have a visible width (the ``simple_white`` template of plotly draws
shapes with zero-width lines). Each figure carries a one-sentence description of what it shows, computed from its
data in the course language (:func:`describe`), displayed as text under the figure and linked to it: the figure
is named by its title (``role="figure"``, ``aria-label``) and points at the description (``aria-describedby``),
in the HTML copy directly and in JupyterLab through a small script of the description's output. The toolbar
(:data:`PLOTLY_CONFIG`) has one button, "Download plot as a PNG", and no online action.

Example
-------
>>> description(describe(go.Figure(), "Bar chart: nothing to show."))
'Bar chart: nothing to show.'
"""

from __future__ import annotations

import html
import itertools
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython import get_ipython

from mlalib.errors import InputError
from mlalib.i18n import format_percent, label, plotly_separators, text
from mlalib.views.numbers import rounded

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
#: The colours of compared series, in order (Okabe-Ito; yellow, hard to see on white, left out).
SERIES_COLOURS = tuple(OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "sky_blue",
                                                    "reddish_purple", "black"))
#: Marker symbols and dash styles of compared lines, in order: series never differ by colour alone.
SERIES_MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
SERIES_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
#: The pattern of bars whose estimate is unreliable (explained in the legend by :func:`add_hatching_legend`).
HATCH = "/"
#: plotly's configuration of every figure: no logo and no online action ("Share chart", Chart Studio), and one
#: toolbar button, "Download plot as a PNG", so that the keyboard's Tab order holds one stop per figure.
#: Zooming (drag) and resetting (double-click) stay available.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False,
                 "modeBarButtons": [["toImage"]]}


@lru_cache(maxsize=1)
def course_template() -> go.layout.Template:
    """The plotly template of every course figure: plotly's ``simple_white`` with the Okabe-Ito colours.

    Built on the first figure, not at import: building it takes a tenth of a second that a notebook's first
    cell need not pay.

    >>> course_template().layout.colorway[0]
    '#0072B2'
    """
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.colorway = list(SERIES_COLOURS)
    template.layout.shapedefaults.line.width = TARGET_LINE_WIDTH  # simple_white's default is 0: invisible lines
    return template


def series_style(index: int, *, lines: bool = True) -> dict[str, Any]:
    """The colour, marker symbol and (for lines) dash style of the ``index``-th compared series, as keyword
    arguments of a plotly trace: lines and markers tell series apart without colour.

    >>> series_style(1)
    {'marker': {'color': '#E69F00', 'symbol': 'square', 'size': 8}, 'line': {'color': '#E69F00', 'dash': 'dash'}}
    >>> series_style(2, lines=False)
    {'marker': {'color': '#009E73'}}
    """
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    if not lines:
        return {"marker": {"color": colour}}
    return {"marker": {"color": colour, "symbol": SERIES_MARKERS[index % len(SERIES_MARKERS)], "size": 8},
            "line": {"color": colour, "dash": SERIES_DASHES[index % len(SERIES_DASHES)]}}


def hatching(flags: Any) -> list[str]:
    """The pattern of each bar: :data:`HATCH` where the estimate is unreliable, none elsewhere."""
    return [HATCH if bool(flag) else "" for flag in flags]


def add_hatching_legend(fig: go.Figure, meaning: str, *, orientation: str = "v") -> go.Figure:
    """A legend entry saying what hatched bars mean (``meaning``, e.g. "hatched: unreliable estimate"), if
    ``fig`` has any. The entry is an empty bar that shares the first bar's place (plotly ``offsetgroup``),
    so grouped bars keep their widths.
    """
    bars = [trace for trace in fig.data if trace.type == "bar"]
    if not any(HATCH in (trace.marker.pattern.shape or ()) for trace in bars):
        return fig
    for number, trace in enumerate(bars):
        trace.offsetgroup = trace.offsetgroup or str(number)
    empty = {"x": [None], "y": [None]}
    fig.add_trace(go.Bar(**empty, orientation=orientation, name=meaning, offsetgroup=bars[0].offsetgroup,
                         marker={"color": "white", "line": {"color": GREYS[0], "width": 1},
                                 "pattern": {"shape": HATCH, "fgcolor": GREYS[0]}},
                         hoverinfo="skip", showlegend=True))
    return fig


def add_estimate_bars(fig: go.Figure, rows: pd.DataFrame, x: str, color: str | None, language: str) -> go.Figure:
    """Bars of ``estimate`` with their confidence interval (``ci_low``, ``ci_high``) along ``x``, one colour per
    group of ``color`` (all in one colour if None), hatched where ``unreliable``; domains without respondents
    (``n`` = 0) are left out. A legend entry explains the hatching when any bar is hatched.
    """
    rows = rows[rows["n"] > 0] if "n" in rows else rows
    groups = rows.groupby(color, sort=True) if color else [(None, rows)]
    for index, (name, group) in enumerate(groups):
        fig.add_trace(go.Bar(
            x=[label(v, language) for v in group[x]], y=rounded(group["estimate"], 2),
            name=label(name, language) if name is not None else None, showlegend=name is not None,
            error_y={"type": "data", "symmetric": False, "array": rounded(group["ci_high"] - group["estimate"], 2),
                     "arrayminus": rounded(group["estimate"] - group["ci_low"], 2)},
            marker_pattern_shape=hatching(group["unreliable"]), **series_style(index, lines=False),
        ))
    return add_hatching_legend(fig, text("figures.hatched_unreliable", language))


def describe(fig: go.Figure, sentence: str) -> go.Figure:
    """Attach a one-sentence text description to ``fig`` (kept in ``layout.meta``), shown under it and linked
    to it (``aria-describedby``) wherever it is displayed."""
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


def accessible_name(fig: BaseFigure | dict[str, Any]) -> str:
    """The figure's name for assistive technologies: its title without markup, else its description.

    >>> accessible_name(go.Figure(layout={"title": {"text": "Stock<br><sup>1990-2020</sup>"}}))
    'Stock 1990-2020'
    """
    layout = fig.get("layout", {}) if isinstance(fig, dict) else fig.layout.to_plotly_json()
    title = layout.get("title", {}) if isinstance(layout, dict) else {}
    words = title.get("text", "") if isinstance(title, dict) else str(title or "")
    name = " ".join(re.sub(r"<[^>]+>", " ", str(words or "")).split())
    return name or description(fig)


#: Run in JupyterLab from the description's output: JupyterLab draws the figure from plotly's JSON in the
#: output before, where no attribute can be written from Python, so the script names the drawn figure and
#: links it to the description (an id made unique on the page). In an HTML page the figure is linked already.
_LINK_SCRIPT = (
    "<script>(function (script) {"
    " if (!script) { return; } var text = script.previousElementSibling, tries = 0;"
    " function link() {"
    " var output = text.closest('.jp-OutputArea-child'), before = output && output.previousElementSibling;"
    " var plot = before && before.querySelector('.jp-RenderedPlotly, .plotly-graph-div');"
    " if (!plot) { if (++tries < 50) { setTimeout(link, 100); } return; }"
    " if (plot.getAttribute('aria-describedby') === text.id) { return; }"
    " if (document.querySelectorAll('[id=\"' + text.id + '\"]').length > 1) {"
    " text.id += '-' + Math.random().toString(36).slice(2); }"
    " plot.setAttribute('role', 'figure'); plot.setAttribute('aria-label', text.dataset.figureName);"
    " plot.setAttribute('aria-describedby', text.id); }"
    " link(); })(document.currentScript);</script>"
)


def description_html(sentence: str, figure_id: str, name: str, *, in_notebook: bool = True) -> str:
    """The description as a paragraph whose id the figure ``figure_id`` points at (``aria-describedby``);
    ``in_notebook`` adds the script that links the figure JupyterLab draws."""
    paragraph = (f'<p id="{figure_id}-description" class="mlalib-figure-description" '
                 f'data-figure-name="{html.escape(name)}" style="font-size:90%;color:#333">'
                 f"{html.escape(sentence)}</p>")
    return paragraph + (_LINK_SCRIPT if in_notebook else "")


def description_bundle(sentence: str, figure_id: str, name: str) -> dict[str, str]:
    """The description as a display mimebundle: the linked paragraph in HTML, the sentence as plain text."""
    return {"text/plain": sentence, "text/html": description_html(sentence, figure_id, name)}


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


def _figure_id() -> str:
    return f"mlalib-figure-{next(_figure_numbers)}"


def plot_html(fig: go.Figure | dict[str, Any], figure_id: str) -> str:
    """The figure as an HTML ``<div>`` (id ``figure_id``, without ``plotly.js``), named for assistive technologies
    (``role="figure"``, ``aria-label``) and linked to its description's paragraph (``aria-describedby``)."""
    attributes = f' role="figure" aria-label="{html.escape(accessible_name(fig))}"'
    if description(fig):
        attributes += f' aria-describedby="{figure_id}-description"'
    page = pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=figure_id, config=PLOTLY_CONFIG)
    return page.replace(f'<div id="{figure_id}"', f'<div id="{figure_id}"{attributes}', 1)


def figure_html(fig: go.Figure | dict[str, Any]) -> str:
    """The figure and its description, linked, for a page (the report, an explorer's static copy): the figure's
    ``<div>`` with a numbered id, without ``plotly.js``, then the description's paragraph.

    >>> page = figure_html(describe(go.Figure(layout={"title": {"text": "Stock"}}), "Bar chart: empty."))
    >>> re.findall(r'aria-describedby="([^"]+)"', page) == re.findall(r'<p id="([^"]+)"', page)
    True
    """
    figure_id = _figure_id()
    sentence = description(fig)
    paragraph = description_html(sentence, figure_id, accessible_name(fig), in_notebook=False) if sentence else ""
    return plot_html(fig, figure_id) + paragraph


def figure_bundle(fig: go.Figure | dict[str, Any], figure_id: str) -> dict[str, Any]:
    """Plotly JSON for JupyterLab plus an HTML copy for static exports (a display mimebundle), with the
    toolbar of :data:`PLOTLY_CONFIG`."""
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = PLOTLY_CONFIG
    return {"application/vnd.plotly.v1+json": spec, "text/html": plot_html(fig, figure_id)}


def _display_figure(fig: BaseFigure) -> None:
    from IPython.display import display

    figure_id = _figure_id()
    display(figure_bundle(fig, figure_id), raw=True)
    sentence = description(fig)
    if sentence:
        display(description_bundle(sentence, figure_id, accessible_name(fig)), raw=True)


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


def citation(dataset_name: str, language: str = "en") -> str:
    """The citation of the bundled data set ``dataset_name`` in ``language``: the message ``citation.<name>``, whose
    English is the registry's citation (a test holds them equal). The publisher's name is translated and the title
    given as the publisher gives it in that language (World Bank indicator names), or as published (UN DESA's
    workbooks have an English title only).

    Example
    -------
    >>> citation("wdi_remittances_received_2025", "es")
    'Banco Mundial (2025). Indicadores del desarrollo mundial: Remesas personales, recibidas (US$ a precios actuales).'
    """
    return text(f"citation.{dataset_name}", language)


def add_source_note(fig: go.Figure, source: str, language: str = "en") -> go.Figure:
    """Write "Source: ..." under the plotting area (as statistical offices do), in ``language``, whose
    decimal and thousands separators the figure then uses (plotly ``layout.separators``)."""
    fig.add_annotation(
        text=text("figures.source_note", language, source=source), xref="paper", yref="paper", x=0, y=-0.26,
        xanchor="left", yanchor="top", showarrow=False, font={"size": 12, "color": GREYS[0]}, align="left",
    )
    fig.update_layout(margin={"b": 120}, separators=plotly_separators(language))
    return fig
