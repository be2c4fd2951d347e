"""Tables for people: numbers with the separators of the cohort's language, a caption that says what
the table counts (e.g. the criterion of migrant status), shown the same in JupyterLab and in HTML.

A view: it reshapes nothing and computes nothing; its words come from the library catalogs.

Example
-------
>>> import pandas as pd
>>> print(readable(pd.DataFrame({"country": ["MEX"], "stock": [1197624]}), "en", caption="Stock 2020"))
Stock 2020
Country     stock
    MEX 1,197,624
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from mlalib.i18n import column_label, label, require_language, text
from mlalib.labour import CRITERION_ATTR
from mlalib.views.numbers import number_text


@dataclass(frozen=True)
class Table:
    """A table ready to read: ``cells`` are texts; ``caption`` is shown above them."""

    cells: pd.DataFrame
    caption: str = ""

    def __repr__(self) -> str:
        body = self.cells.to_string(index=False)
        return f"{self.caption}\n{body}" if self.caption else body

    def _repr_html_(self) -> str:
        caption = f"<caption style=\"caption-side:top;text-align:left\">{html.escape(self.caption)}</caption>" \
            if self.caption else ""
        return self.cells.to_html(index=False, border=0).replace("<thead>", caption + "<thead>", 1)


def criterion_caption(table: pd.DataFrame, language: str = "en") -> str:
    """The sentence that states how ``migrant_status`` was defined, if the table records it (else "").

    >>> from mlalib import labour
    >>> from mlalib.data import load
    >>> criterion_caption(labour.icls_categories(load("synthetic_lfs"), "PHL"))
    'Migrant status by place of birth: migrants are the foreign-born (20th ICLS 2018 guidelines).'
    """
    criterion = table.attrs.get(CRITERION_ATTR)
    return text(f"table.criterion.{criterion}", language) if criterion else ""


def readable(
    table: pd.DataFrame | pd.Series,
    language: str = "en",
    *,
    decimals: int | Mapping[str, int] = 1,
    caption: str = "",
    criterion: str | None = None,
) -> Table:
    """``table`` with its numbers written for ``language`` (thousands separated, ``decimals`` places for
    non-integers: one number or one per column, more for small numbers, which keep two significant digits:
    :func:`mlalib.views.numbers.number_text`), yes/no for booleans, its column headers and category
    values in words of ``language`` (:func:`~mlalib.i18n.column_label`, :func:`~mlalib.i18n.label`: codes
    and names without a message stay as they are) and a caption. Columns whose name starts with ``year``
    or ``period`` are labels and keep their digits as they are.

    A table that records the criterion of migrant status (:func:`mlalib.labour.icls_categories`, and the
    tables computed from its result) states it before ``caption``; ``criterion`` states it for a table
    that lost the record (e.g. after ``groupby``: pass ``labour.migrant_criterion(data)``). A Series is
    shown as a two-column table.
    """
    language = require_language(language)
    if isinstance(table, pd.Series):
        attrs = dict(table.attrs)
        table = table.reset_index()
        table.attrs.update(attrs)
    cells = pd.DataFrame(index=range(len(table)))
    for column in table.columns:
        values = table[column].reset_index(drop=True)
        places = decimals.get(column, 1) if isinstance(decimals, Mapping) else decimals
        header = column_label(column, language)
        if str(column).casefold().startswith(("year", "period")):  # labels, not quantities: 2020, not 2,020
            cells[header] = [str(v) if pd.notna(v) else "–" for v in values]
        else:
            cells[header] = [_cell(v, language, places, values.dtype) for v in values]
    if criterion is not None:
        table = table.copy()
        table.attrs[CRITERION_ATTR] = criterion
    lines = [criterion_caption(table, language), caption]
    return Table(cells, " ".join(line for line in lines if line))


def _cell(value: object, language: str, places: int, dtype: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool) or pd.api.types.is_bool_dtype(dtype) and not isinstance(value, str):
        return label(bool(value), language)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (int, float)) or pd.api.types.is_number(value):
        whole = pd.api.types.is_integer_dtype(dtype) or (isinstance(value, int))
        return number_text(value, language, 0 if whole else places)
    return label(value, language)


__all__ = ["Table", "criterion_caption", "readable"]
