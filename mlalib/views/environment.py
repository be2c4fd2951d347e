"""A quick check that a participant's environment has what the course notebooks need.

Example
-------
>>> report = environment_report()
>>> bool(report["ok"].all())
True
"""

from __future__ import annotations

import sys
from importlib import metadata

import pandas as pd

from mlalib import __version__

#: What a participant's kernel needs and the lowest versions tested (the core dependencies of
#: pyproject.toml; JupyterLab is not checked: the notebooks also run in JupyterHub, Colab or VS Code).
REQUIRED = {
    "pandas": "2.2.1", "numpy": "1.26", "plotly": "5.24", "ipython": "8.12", "ipywidgets": "8.1",
}


def _as_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def environment_report(language: str = "en") -> pd.DataFrame:
    """One row per package: installed version, minimum version, and whether it is enough, with
    headings and notes in ``language``.

    Also checks that the bundled data open and that plotly draws offline.
    """
    from mlalib.i18n import text

    t = lambda key: text(f"environment.{key}", language)  # noqa: E731
    rows = [{"package": "python", "installed": sys.version.split()[0], "minimum": "3.10",
             "ok": sys.version_info >= (3, 10)},
            {"package": "mlalib", "installed": __version__, "minimum": __version__, "ok": True}]
    for package, minimum in REQUIRED.items():
        try:
            installed = metadata.version(package)
            ok = _as_tuple(installed) >= _as_tuple(minimum)
        except metadata.PackageNotFoundError:
            installed, ok = t("missing"), False
        rows.append({"package": package, "installed": installed, "minimum": minimum, "ok": ok})
    from mlalib.data import load
    from mlalib.views.figures import use_offline_display

    load("undesa_world_migrant_stock_2020")
    rows.append({"package": t("data"), "installed": t("checksums_ok"), "minimum": "", "ok": True})
    # outside a notebook there is nothing to display: not a problem
    rows.append({"package": t("figures"), "installed": t("on") if use_offline_display() else t("not_in_notebook"),
                 "minimum": "", "ok": True})
    columns = ["package", "installed", "minimum", "ok"]
    return pd.DataFrame(rows, columns=columns).rename(columns={c: t(c) for c in columns})
