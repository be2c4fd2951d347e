"""What every HTML page mlalib writes shares: it reads offline, shows its text first, and meets WCAG 2.1 AA.

The pages are the HTML editions of the notebooks (:mod:`mlalib.course.html`), the migration profile
(:mod:`mlalib.report`) and the gradebook's pages. What they share, with the success criteria of
W3C, *Web Content Accessibility Guidelines (WCAG) 2.1* (2018) it answers:

* ``plotly.js`` is one file, :data:`PLOTLY_FILE`, next to the pages (:func:`write_plotly`), loaded
  with ``defer`` (:func:`plotly_loader`); a self-contained page carries it inline at the end of its
  body instead. Either way the text is drawn before the library is read, and each figure's script
  waits for the parsed page (:func:`deferred_figures`); if the file is missing, each figure says
  so in the page's language.
* Nothing comes from the network: no script, style sheet or font that is not in the page or next to it.
* :data:`STYLE`: text of at least 16 px, colours with a contrast of at least 4.5:1 (1.4.3), links
  underlined (1.4.1), a visible keyboard focus (2.4.7), content that reflows on a 320 px screen
  (1.4.10); a ``viewport`` meta.
* :func:`skip_link`: the first Tab stop is a link to the main content (2.4.1).
* :func:`scroll_focus_script`: a part of the page wider than the screen (a wide table, a long
  line of code) scrolls, and only such a part gets a Tab stop, so a keyboard can scroll it (2.1.1).

:func:`html_page` puts them together for the pages mlalib writes itself; the notebook template
(:mod:`mlalib.course.html`) uses the same parts.

Example
-------
>>> page = html_page("Résumé", "fr", "<h1>Résumé</h1><p>Texte.</p>")
>>> '<html lang="fr">' in page, 'name="viewport"' in page, 'href="#main"' in page, "<script src" in page
(True, True, True, False)
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from mlalib.files import write_atomic
from mlalib.i18n import text

#: The name of the one copy of ``plotly.js`` that the pages of a folder load.
PLOTLY_FILE = "plotly.min.js"

#: Colours, sizes and focus of every page (contrast ratios on white and on the code background #f5f5f5).
STYLE = """\
:root{--mlalib-text:#1f1f1f;--mlalib-muted:#555;--mlalib-focus:#1a5fb4}
html{font-size:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;font-size:1rem;line-height:1.5;
color:var(--mlalib-text);background:#fff;margin:0}
main{display:block;max-width:62rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
a{color:#0b57a4;text-decoration:underline}
:focus-visible{outline:3px solid var(--mlalib-focus);outline-offset:2px}
.mlalib-skip{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.mlalib-skip:focus{position:fixed;left:.5rem;top:.5rem;width:auto;height:auto;padding:.5rem 1rem;
background:#fff;color:#0b57a4;border:2px solid var(--mlalib-focus);z-index:1000}
img,svg{max-width:100%}
pre{white-space:pre;overflow-x:auto}
table{border-collapse:collapse;margin:1rem 0}
th[scope=row]{text-align:left}
.mlalib-scroll{overflow-x:auto;max-width:100%}
.mlalib-no-plotly{border-left:4px solid #b3261e;padding:.25rem .75rem}
"""


@lru_cache(maxsize=1)
def plotly_source() -> str:
    """``plotly.js`` as the installed plotly package ships it (minified)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def write_plotly(folder: str | Path) -> Path:
    """Write :data:`PLOTLY_FILE` into ``folder`` (created if needed) unless the same bytes are already there.

    Example
    -------
    >>> import tempfile
    >>> write_plotly(tempfile.mkdtemp()).name
    'plotly.min.js'
    """
    path = Path(folder) / PLOTLY_FILE
    data = plotly_source().encode("utf-8")
    if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
        write_atomic(path, data)
    return path


def plotly_loader(self_contained: bool = False) -> str:
    """The ``<script>`` that loads ``plotly.js``, for the end of the body: the file next to the page,
    deferred, or (``self_contained``) the library itself.

    >>> plotly_loader()
    '<script defer src="plotly.min.js"></script>'
    """
    if self_contained:
        return f"<script>{plotly_source()}</script>"
    return f'<script defer src="{PLOTLY_FILE}"></script>'


_FIGURE_SCRIPT = re.compile(r'<script(?: type="text/javascript")?>(\s*window\.PLOTLYENV\s*=.*?)</script>', re.DOTALL)


def deferred_figures(page: str, language: str) -> str:
    """``page`` with each plotly figure's script run once the page is parsed (and ``plotly.js`` with
    it), and a note in ``language`` in place of every figure if ``plotly.js`` could not be loaded.

    >>> figure = '<div id="f" class="plotly-graph-div"></div><script>window.PLOTLYENV={};Plotly.newPlot("f")</script>'
    >>> shown = deferred_figures(f"<body>{figure}</body>", "en")
    >>> 'addEventListener("DOMContentLoaded"' in shown, shown.count("<script>")
    (True, 2)
    """
    count = 0

    def wait(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return ('<script>document.addEventListener("DOMContentLoaded", function () {\n'
                f"if (window.Plotly) {{{match.group(1)}}}\n}});</script>")

    page = _FIGURE_SCRIPT.sub(wait, page)
    if not count:
        return page
    note = json.dumps(text("page.plotly_missing", language, file=PLOTLY_FILE))
    fallback = ('<script>document.addEventListener("DOMContentLoaded", function () {\n'
                "if (window.Plotly) return;\n"
                'document.querySelectorAll(".plotly-graph-div").forEach(function (figure) {\n'
                f'figure.textContent = {note}; figure.className = "mlalib-no-plotly"; figure.style.height = "auto";\n'
                "});\n});</script>")
    return _before_body_end(page, fallback)


def has_figures(page: str) -> bool:
    """Whether the page draws a plotly figure.

    >>> has_figures('<div class="plotly-graph-div"></div>'), has_figures("<p>text</p>")
    (True, False)
    """
    return "plotly-graph-div" in page


def skip_link(language: str) -> str:
    """The link to the main content (``<main id="main">``), the first Tab stop of a page.

    >>> skip_link("es")
    '<a class="mlalib-skip" href="#main">Ir al contenido</a>'
    """
    return f'<a class="mlalib-skip" href="#main">{html.escape(text("page.skip", language))}</a>'


def scroll_focus_script(language: str) -> str:
    """A script giving a Tab stop (and a name: a ``group`` labelled "scroll sideways") to each part of the
    page that is wider than the screen, and only to those, as the screen's width changes."""
    label = json.dumps(text("page.scrollable", language))
    return (
        "<script>(function () {\n"
        "function mark() {\n"
        'document.querySelectorAll("main *").forEach(function (element) {\n'
        '  if (element.closest(".js-plotly-plot, svg")) return;\n'
        "  var style = getComputedStyle(element);\n"
        '  var scrolls = (style.overflowX === "auto" || style.overflowX === "scroll") &&\n'
        "    element.scrollWidth > element.clientWidth + 1;\n"
        "  if (scrolls && !element.hasAttribute(\"tabindex\")) {\n"
        '    element.setAttribute("tabindex", "0"); element.setAttribute("role", "group");\n'
        f'    element.setAttribute("aria-label", {label}); element.dataset.mlalibScroll = "";\n'
        "  } else if (!scrolls && element.dataset.mlalibScroll !== undefined) {\n"
        '    ["tabindex", "role", "aria-label", "data-mlalib-scroll"].forEach(function (name) {\n'
        "      element.removeAttribute(name); });\n"
        "  }\n"
        "});\n"
        "}\n"
        'document.addEventListener("DOMContentLoaded", mark);\n'
        'window.addEventListener("load", mark);\n'
        "var pending; window.addEventListener(\"resize\", function () {\n"
        "clearTimeout(pending); pending = setTimeout(mark, 200); });\n"
        "})();</script>"
    )


def page_scripts(language: str, *, figures: bool, self_contained: bool = False) -> str:
    """The scripts for the end of a page's body: ``plotly.js`` if the page has ``figures``, the scroll focus.

    >>> page_scripts("en", figures=True).startswith(plotly_loader())
    True
    """
    loader = plotly_loader(self_contained) + "\n" if figures else ""
    return loader + scroll_focus_script(language)


def html_page(title: str, language: str, body: str, *, style: str = "", self_contained: bool = False) -> str:
    """A whole page: ``<html lang>``, viewport, title, :data:`STYLE` (then ``style``), the skip link, ``body``
    as the main content (it should start with the page's ``<h1>``), and the scripts it needs.

    Parameters
    ----------
    title : the page's title (plain text).
    language : the language of the page (``en``, ``fr``, ``es``).
    body : the HTML of the main content.
    style : CSS added after the common style.
    self_contained : carry ``plotly.js`` in the page rather than load :data:`PLOTLY_FILE` next to it.
    """
    scripts = page_scripts(language, figures=has_figures(body), self_contained=self_contained)
    page = (f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{STYLE}{style}</style>\n</head>\n<body>\n"
            f'{skip_link(language)}\n<main id="main" tabindex="-1">\n{body}\n</main>\n{scripts}\n</body>\n</html>\n')
    return deferred_figures(page, language)


def _before_body_end(page: str, fragment: str) -> str:
    at = page.rfind("</body>")
    return page + fragment if at < 0 else page[:at] + fragment + "\n" + page[at:]
