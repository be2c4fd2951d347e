"""HTML copies of executed notebooks that read offline, light and accessible.

nbconvert's ``lab`` template, extended by mlalib's (``templates/mlalib_lab``): nothing is loaded
from the network (no require.js, MathJax, Mermaid or widget scripts), the page has the parts every
page of mlalib has (:mod:`mlalib.views.page`: 16 px text, contrast of at least 4.5:1, a skip link, a
visible focus), and ``plotly.js`` is loaded once, deferred, from :data:`~mlalib.views.page.PLOTLY_FILE`
next to the page (the build writes it there) or, for a self-contained page, carried at the end of
the page. nbconvert gives every cell's input and output a Tab stop; here only a part wider than the
screen has one (so a keyboard can scroll it), added in the browser as the width changes. A static
page cannot run widgets, so outputs that carry an HTML fallback (see :mod:`mlalib.views.explorers`) show
the fallback, and the widget state is left out.

Example
-------
>>> import nbformat
>>> page = notebook_to_html(nbformat.v4.new_notebook(metadata={"mlalib": {"language": "fr"}}))
>>> '<html lang="fr">' in page, "Aller au contenu" in page, "<script src" in page, 'tabindex="0"' in page
(True, True, False, False)
"""

from __future__ import annotations

import copy
import re
import threading
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from mlalib.views.page import STYLE, deferred_figures, has_figures, page_scripts, skip_link

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The folder of mlalib's nbconvert template (``mlalib_lab``, which extends nbconvert's ``lab``).
TEMPLATES = Path(__file__).resolve().parent / "templates"


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
        exporter = HTMLExporter(template_name="mlalib_lab", extra_template_basedirs=[str(TEMPLATES)])
        exporter.register_filter("mlalib_sanitise", sanitised)
        _EXPORTERS.html = exporter
    return _EXPORTERS.html


#: What the HTML of a markdown cell may hold besides nh3's safe defaults: ids and classes (headings' anchors),
#: the language of a passage, and the alignment markdown gives table cells.
_ATTRIBUTES = {"*": {"id", "class", "lang", "dir", "title"}, "th": {"scope", "colspan", "rowspan", "style"},
               "td": {"colspan", "rowspan", "style"}}


def sanitised(markup: str) -> str:
    """The HTML of a markdown cell without anything that could run or load: no script, event handler, style
    sheet, frame or form, only ``http``, ``https`` and ``mailto`` links (and links inside the page or the
    course folder), by `nh3 <https://nh3.readthedocs.io>`_ (the ammonia sanitiser).

    >>> sanitised('<p lang="fr">Lire <a href="javascript:alert(1)">ici</a><img src=x onerror=alert(1)></p><script>x</script>')
    '<p lang="fr">Lire <a rel="noopener noreferrer">ici</a><img src="x"></p>'
    """
    import nh3

    attributes = {tag: set(allowed) | _ATTRIBUTES.get(tag, set()) for tag, allowed in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, allowed in _ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(allowed)
    return nh3.clean(markup, attributes=attributes, url_schemes={"http", "https", "mailto"},
                     filter_style_properties={"text-align"})


# the Tab stop nbconvert gives every cell's input and output (`tabindex="0"` on these two kinds of <div>)
_CELL_TAB_STOP = re.compile(r'<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*>')


def notebook_to_html(nb: nbformat.NotebookNode, *, self_contained: bool = False) -> str:
    """Render an executed notebook as an HTML page, titled by its first heading and marked with the
    language of the edition (``metadata.mlalib.language``, else English).

    Its figures load :data:`~mlalib.views.page.PLOTLY_FILE` from the page's folder, or, with
    ``self_contained``, ``plotly.js`` is in the page itself (4.8 MB more per page).
    """
    nb = static_outputs(nb)
    language = nb.metadata.get("mlalib", {}).get("language") or "en"
    exporter = _exporter()
    exporter.language_code = language
    figures = any(has_figures(str(output.get("data", {}).get("text/html", "")))
                  for cell in nb.cells for output in cell.get("outputs", []))
    parts = {"style": STYLE, "skip_link": skip_link(language),
             "scripts": page_scripts(language, figures=figures, self_contained=self_contained)}
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page_title(nb)}, "mlalib": parts})
    body = _CELL_TAB_STOP.sub(lambda tag: tag.group(0).replace(' tabindex="0"', ""), body)
    return deferred_figures(body, language)
