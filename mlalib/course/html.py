"""HTML copies of executed notebooks that read offline.

nbconvert's ``lab`` template, with ``plotly.js`` (from the installed plotly package) embedded
once in the page head, so every figure draws without a network connection. A static page
cannot run widgets, so outputs that carry an HTML fallback (see :mod:`mlalib.views.explorers`) show
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
import re
import threading

import nbformat
from nbconvert import HTMLExporter

from mlalib.views.figures import plotly_script


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


def page_title(nb: nbformat.NotebookNode) -> str:
    """The first level-1 heading of the notebook's markdown (in the edition's language), else "Notebook"."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Notebook"


_EXPORTERS = threading.local()


def _exporter() -> HTMLExporter:
    """One exporter per thread: making one loads and compiles the templates (a third of a page's time)."""
    if not hasattr(_EXPORTERS, "html"):
        _EXPORTERS.html = HTMLExporter(template_name="lab")
    return _EXPORTERS.html


def notebook_to_html(nb: nbformat.NotebookNode) -> str:
    """Render an executed notebook as one self-contained HTML page, titled by its first heading and
    marked with the language of the edition (``metadata.mlalib.language``)."""
    body, _ = _exporter().from_notebook_node(static_outputs(nb), resources={"metadata": {"name": page_title(nb)}})
    language = nb.metadata.get("mlalib", {}).get("language")
    if language:
        body = re.sub(r"<html[^>]*>", f'<html lang="{language}">', body, count=1)
    if "plotly-graph-div" in body:
        body = body.replace("</head>", plotly_script() + "\n</head>", 1)
    return body
