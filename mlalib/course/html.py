"""HTML copies of executed notebooks that read offline.

nbconvert's ``lab`` template, with ``plotly.js`` (from the installed plotly package) embedded
once in the page head, so every figure draws without a network connection. A static page
cannot run widgets, so outputs that carry an HTML fallback (see :mod:`mlalib.widgets`) show
the fallback, and the widget state is left out.

Example
-------
>>> import nbformat
>>> page = notebook_to_html(nbformat.v4.new_notebook())
>>> "<html" in page
True
"""

from __future__ import annotations

import copy

import nbformat
from nbconvert import HTMLExporter

from mlalib.plots import plotly_script


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy where widget outputs with an HTML fallback keep only the fallback."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]
    nb.metadata.pop("widgets", None)
    return nb


def notebook_to_html(nb: nbformat.NotebookNode) -> str:
    """Render an executed notebook as one self-contained HTML page."""
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(static_outputs(nb))
    if "plotly-graph-div" in body:
        body = body.replace("</head>", plotly_script() + "\n</head>", 1)
    return body
