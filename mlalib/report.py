"""Standalone HTML reports (the country profile of notebook 07), readable offline.

Reports go to ``folder``; by default to the folder named by the environment variable
``MLALIB_REPORTS_DIR``, else ``reports/`` under the working folder (the tests set the variable,
so running the masters never writes into the project).

Example
-------
>>> import tempfile
>>> path = country_profile("PHL", summary="A short text.", folder=tempfile.mkdtemp())
>>> path.name
'migration_profile_PHL.html'
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from mlalib import __version__
from mlalib.files import write_atomic
from mlalib.errors import InputError
from mlalib.i18n import country_name, text
from mlalib.plots import figure_html, plotly_script


def country_profile(
    country: str,
    *,
    summary: str = "",
    figures: list[go.Figure] | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
    folder: str | Path | None = None,
    language: str = "en",
) -> Path:
    """Write ``migration_profile_<country>.html``: the summary, the figures and the tables.

    ``plotly.js`` is embedded, so the file opens in any browser without a connection. Returns the
    path of the file (the folder is created if needed; an earlier report is replaced). ``folder``
    defaults to :func:`reports_dir`. The title and the country's name are in ``language``.
    """
    if not isinstance(country, str) or not country.strip():
        raise InputError("argument 'country' must be a country code such as 'PHL'")
    title = html.escape(text("report.title", language, country=f"{country_name(country, language)} ({country})"))
    parts = [f"<h1>{title}</h1>"]
    if summary:
        parts.append("".join(f"<p>{html.escape(line)}</p>" for line in summary.strip().split("\n\n")))
    for fig in figures or []:
        parts.append(figure_html(fig))
    for heading, table in (tables or {}).items():
        parts.append(f"<h2>{html.escape(heading)}</h2>{table.to_html(index=False, border=0)}")
    made_with = html.escape(text("report.made_with", language, version=__version__))
    parts.append(f'<p style="color:#666;font-size:smaller">{made_with}</p>')
    page = (f"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{title}"
            f"</title>{plotly_script()}<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto}}"
            f"table{{border-collapse:collapse}}td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}</style></head>"
            f"<body>{''.join(parts)}</body></html>")
    path = Path(folder if folder is not None else reports_dir()) / f"migration_profile_{country}.html"
    write_atomic(path, page)
    return path


def reports_dir() -> Path:
    """Where reports go by default: ``$MLALIB_REPORTS_DIR`` if set, else ``reports`` (relative).

    Example
    -------
    >>> str(reports_dir()) == (os.environ.get("MLALIB_REPORTS_DIR") or "reports")
    True
    """
    return Path(os.environ.get("MLALIB_REPORTS_DIR") or "reports")
