"""The migration profile of notebook 07 as a standalone HTML report, readable offline.

The report follows the structure of IOM's migration profiles (IOM (2011), *Migration Profiles:
Making the Most of the Process*, Part II "A Framework for Developing a Template", Geneva:
International Organization for Migration): **A.** migration trends and characteristics,
**B.** impacts of migration, **C.** migration governance, **D.** key findings and
recommendations. Parts A and B hold exhibits (figures and tables, each with its source);
parts C and D the participant's own text. An exhibit made from synthetic (invented) data is
marked as such, visibly, in the page and in the figure or table itself
(:func:`mark_synthetic`), so it is never read as an official figure. The page states its
language, the data vintage and the date it was prepared. It is a page like every page mlalib
writes (:mod:`mlalib.views.page`: offline, WCAG 2.1 AA); its figures load ``plotly.min.js``, written
next to it, unless it is asked to be self-contained.

Reports go to ``folder``; by default to the folder named by the environment variable
``MLALIB_REPORTS_DIR``, else ``reports/`` under the working folder (the tests set the variable,
so running the masters never writes into the project).

Example
-------
>>> import datetime, tempfile
>>> table = pd.DataFrame({"year": [2019], "emigrants": [1_234_567]})
>>> path = migration_profile("SEN", trends=[Exhibit("Emigrants", table, "UN DESA (2019)")],
...                          findings="Emigration grew.", data_vintage="2020", language="fr",
...                          prepared_on=datetime.date(2026, 3, 1), folder=tempfile.mkdtemp())
>>> page = path.read_text(encoding="utf-8")
>>> path.name, "Profil migratoire : Sénégal (SEN)" in page, "1\u202f234\u202f567" in page
('migration_profile_SEN.html', True, True)
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mlalib import __version__
from mlalib.errors import InputError
from mlalib.files import write_atomic
from mlalib.i18n import country_name, label, require_language, text
from mlalib.views.figures import figure_html
from mlalib.views.numbers import number_text
from mlalib.views.page import has_figures, html_page, write_plotly

#: The four parts of an IOM migration profile, in order (message keys ``report.part_<letter>``).
PARTS = ("a", "b", "c", "d")


@dataclass(frozen=True)
class Exhibit:
    """A figure or table of the profile, its source, and whether its data are synthetic (invented)."""

    title: str
    content: go.Figure | pd.DataFrame
    source: str
    synthetic: bool = False


@dataclass(frozen=True)
class MarkedTable:
    """A table shown with a caption above it (the mark of synthetic data): the same HTML and text on every run."""

    data: pd.DataFrame
    caption: str

    def _repr_html_(self) -> str:
        return (f'<p style="color:#b3261e;font-weight:bold">{html.escape(self.caption)}</p>'
                f"{self.data.to_html()}")

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.data.to_string()}"


def mark_synthetic(content: go.Figure | pd.DataFrame, language: str = "en") -> go.Figure | MarkedTable:
    """A figure or table visibly marked as synthetic data, for the notebook and the report.

    A figure gets a banner above its plot area and the mark in its title; a table is shown with
    the mark above it (:class:`MarkedTable`). The data are not changed.

    >>> fig = mark_synthetic(go.Figure(layout={"title": {"text": "Employment"}}), "es")
    >>> fig.layout.title.text
    'Employment (datos sintéticos)'
    >>> mark_synthetic(pd.DataFrame({"a": [1]}), "fr").caption
    "Données synthétiques, inventées pour l'exercice : pas une statistique officielle"
    """
    require_language(language)
    if isinstance(content, go.Figure):
        marked = go.Figure(content)
        title = marked.layout.title.text or ""
        marked.update_layout(title_text=f"{title} ({text('report.synthetic_short', language)})".strip())
        marked.add_annotation(text=text("report.synthetic", language), xref="paper", yref="paper", x=0.5, y=1.0,
                              yanchor="bottom", showarrow=False, font={"color": "#b3261e"},
                              bgcolor="#fdecea", bordercolor="#b3261e", borderwidth=1)
        return marked
    if isinstance(content, pd.DataFrame):
        return MarkedTable(content, text("report.synthetic", language))
    raise InputError(f"argument 'content' must be a plotly Figure or a pandas DataFrame, got {type(content).__name__}")


def migration_profile(
    country: str,
    *,
    trends: Sequence[Exhibit] = (),
    impacts: Sequence[Exhibit] = (),
    governance: str | EllipsisType = "",
    findings: str | EllipsisType = "",
    notes: Sequence[str] = (),
    data_vintage: str,
    language: str = "en",
    prepared_on: dt.date | None = None,
    folder: str | Path | None = None,
    self_contained: bool = False,
) -> Path:
    """Write ``migration_profile_<country>.html``, the profile in IOM's four parts, and return its path.

    Parameters
    ----------
    country : ISO 3166-1 alpha-3 code of the country profiled.
    trends, impacts : the exhibits of part A (migration trends and characteristics) and part B
        (impacts of migration), in order.
    governance, findings : the participant's text for part C (migration governance) and part D (key
        findings and recommendations); paragraphs separated by a blank line. ``...`` (the course
        notebooks' placeholder of an answer not written yet) shows the part as not written.
    notes : what the data can and cannot say (shown after part D).
    data_vintage : the UN DESA revision of the data (the cohort's ``data_vintage``).
    language : language of the page (headings, marks, numbers; the country's name).
    prepared_on : the date shown (default: today, or the date of ``$SOURCE_DATE_EPOCH`` if set).
    folder : where to write (default :func:`reports_dir`); created if needed; an earlier report is replaced.
        The page's figures load ``plotly.min.js``, written into the same folder.
    self_contained : carry ``plotly.js`` in the page (4.8 MB) instead, for a page sent on its own.
    """
    if not isinstance(country, str) or len(country.strip()) != 3:
        raise InputError(f"argument 'country' must be a three-letter country code such as 'PHL', got {country!r}")
    require_language(language)
    for name, items in (("trends", trends), ("impacts", impacts)):
        for item in items:
            if not isinstance(item, Exhibit):
                raise InputError(f"argument '{name}' must hold Exhibit(title, figure or table, source), "
                                 f"got {type(item).__name__}")
    for name, value in (("governance", governance), ("findings", findings)):
        if not isinstance(value, str) and value is not Ellipsis:
            raise InputError(f"argument '{name}' must be text (a str), got {type(value).__name__}")
    t = lambda key, **values: html.escape(text(f"report.{key}", language, **values))  # noqa: E731
    code = country.strip().upper()
    title = t("title", country=f"{country_name(code, language)} ({code})")
    day = prepared_on or _today()
    prepared = t("prepared", date=_date(day, language), vintage=data_vintage, version=__version__)
    parts = [f"<h1>{title}</h1>",
             f'<p class="meta">{prepared}</p>',
             f"<p>{t('template')}</p>"]
    bodies = {"a": _exhibits(trends, language), "b": _exhibits(impacts, language),
              "c": _prose(governance, language), "d": _prose(findings, language)}
    for part in PARTS:
        parts.append(f"<h2>{t('part_' + part)}</h2>{bodies[part]}")
    if notes:
        parts.append(f"<h2>{t('notes')}</h2><ul>{''.join(f'<li>{html.escape(n)}</li>' for n in notes)}</ul>")
    sources = list(dict.fromkeys([e.source for e in (*trends, *impacts)] + [text("report.iom_2011", language)]))
    parts.append(f"<h2>{t('sources')}</h2><ul>{''.join(f'<li>{html.escape(s)}</li>' for s in sources)}</ul>")
    style = ("table{margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
             "td.num{text-align:right}.meta,.source{color:#4d4d4d;font-size:.9375rem}.empty{color:#595959}"
             ".synthetic{border-left:4px solid #b3261e;background:#fdecea;padding:4px 10px;font-weight:bold}")
    body = "\n".join(parts)
    page = html_page(html.unescape(title), language, body, style=style, self_contained=self_contained)
    path = Path(folder if folder is not None else reports_dir()) / f"migration_profile_{code}.html"
    if has_figures(body) and not self_contained:
        write_plotly(path.parent)
    write_atomic(path, page)
    return path


def _exhibits(items: Sequence[Exhibit], language: str) -> str:
    if not items:
        return f'<p class="empty">{html.escape(text("report.empty", language))}</p>'
    blocks = []
    for item in items:
        block = [f"<h3>{html.escape(item.title)}</h3>"]
        if item.synthetic:
            block.append(f'<p class="synthetic">{html.escape(text("report.synthetic", language))}</p>')
        content = item.content
        if isinstance(content, go.Figure):
            block.append(figure_html(mark_synthetic(content, language) if item.synthetic else content))
        elif isinstance(content, pd.DataFrame):
            block.append(_table(content, language))
        else:
            raise InputError(f"exhibit {item.title!r}: content must be a plotly Figure or a pandas DataFrame, "
                             f"got {type(content).__name__}")
        label = text("report.source", language)
        block.append(f'<p class="source">{html.escape(label)} {html.escape(item.source)}</p>')
        blocks.append("".join(block))
    return "".join(blocks)


def _table(table: pd.DataFrame, language: str) -> str:
    """A table in ``language``: column names and categories as :func:`mlalib.i18n.label` gives them, numbers
    rounded by their size and written as people of the language write them (0.036, not 0:
    :func:`mlalib.views.numbers.number_text`); the index is kept if named."""
    shown = table.reset_index() if any(name is not None for name in table.index.names) else table
    head = "".join(f'<th scope="col">{html.escape(label(c, language))}</th>' for c in shown.columns)
    rows = []
    years = [str(c).casefold() == "year" for c in shown.columns]
    for values in shown.itertuples(index=False):
        cells = []
        for value, is_year in zip(values, years):
            if is_year and pd.notna(value):
                cells.append(f'<td class="num">{html.escape(str(value))}</td>')
            elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
                    and pd.notna(value):
                number = number_text(value, language, 0 if float(value).is_integer() else 1)
                cells.append(f'<td class="num">{html.escape(number)}</td>')
            else:
                cells.append(f"<td>{html.escape('' if pd.isna(value) else label(value, language))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="mlalib-scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></div>")


def _prose(value: str, language: str) -> str:
    paragraphs = [] if value is Ellipsis else [p.strip() for p in value.strip().split("\n\n") if p.strip()]
    if not paragraphs:
        return f'<p class="empty">{html.escape(text("report.not_written", language))}</p>'
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _today() -> dt.date:
    """Today, or the date of ``$SOURCE_DATE_EPOCH`` when set (reproducible builds: the same inputs, the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def _date(day: dt.date, language: str) -> str:
    from babel.dates import format_date

    return format_date(day, format="long", locale=language)


def reports_dir() -> Path:
    """Where reports go by default: ``$MLALIB_REPORTS_DIR`` if set, else ``reports`` (relative).

    Example
    -------
    >>> str(reports_dir()) == (os.environ.get("MLALIB_REPORTS_DIR") or "reports")
    True
    """
    return Path(os.environ.get("MLALIB_REPORTS_DIR") or "reports")
