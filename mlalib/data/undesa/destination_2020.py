"""Loader of the UN DESA International Migrant Stock 2020 workbook (destination by sex).

The official workbook "International Migrant Stock 2020: Destination" (UN DESA Population
Division, POP/DB/MIG/Stock/Rev.2020; © 2020 United Nations, CC BY 3.0 IGO) has one sheet
per table, a header in row 11, and three blocks of years for both sexes, males and
females. :func:`read_undesa_stock` reads Table 1 (stocks) and
:func:`read_undesa_rate_of_change` Table 5 (annual rate of change, per cent), both as tidy
tables. Other layouts (e.g. the 2019 revision) are rejected with a message saying what
differs.

Conventions (:mod:`mlalib.data.undesa.locations`): ``location`` is the published name without its
indentation and without the
trailing ``*`` that flags a footnote; ``code`` is the UN M49 code; ``iso3`` is the ISO 3166-1
alpha-3 code of countries and areas (empty for regions and for the Channel Islands, which
have none); ``is_region`` marks the aggregates (M49 codes from 900 up: world, SDG regions,
development and income groups, continents and sub-regions); values published as ``..`` (not
available) are missing (``<NA>``), never zero.

``type_of_data`` keeps UN DESA's codes of what each country's estimates are based on
(workbook notes): **B** foreign-born persons, **C** foreign citizens (where place of birth is
not recorded, e.g. the Philippines), **R** refugees and asylum seekers added, **I** imputed
(no data). Stocks coded B and C count different people; :func:`with_data_type` adds a readable,
translated column to show wherever stocks are compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pandas as pd

from mlalib.data.official_files import existing, sheet_rows
from mlalib.data.undesa.locations import NO_ISO, cell_number, is_region, iso3_in_file, location_name, persons
from mlalib.errors import DataFileError, InputError, MissingColumnError, shown
from mlalib.i18n import require_language, text

HEADER_ROW = 11
SEXES = ("total", "male", "female")
_FIRST_COLUMNS = ("Region, development group, country or area", "Notes", "Location code", "Type of data")
_WORKBOOK = "the UN DESA International Migrant Stock 2020 'Destination' workbook"


def _read_table(path: str | Path, sheet: str, kind: str) -> tuple[Path, list[Any], list[tuple[Any, ...]]]:
    path = existing(path, "UN DESA workbook")
    rows = sheet_rows(path, sheet, HEADER_ROW, _WORKBOOK)
    header = list(rows[0]) if rows else []
    if tuple(header[1:5]) != _FIRST_COLUMNS:
        raise DataFileError(f"{path.name}, sheet '{sheet}', row {HEADER_ROW}: expected the columns "
                            f"{list(_FIRST_COLUMNS)}, found {header[1:5]}; is this the 2020 revision's {kind} table?")
    return path, header, rows[1:]


def _place(row: tuple[Any, ...], where: str) -> dict[str, Any]:
    code = row[3]
    if isinstance(code, bool) or not isinstance(code, (int, float)) or code != int(code):
        raise DataFileError(f"{where}, column 'Location code': {shown(code)}, expected a UN M49 code (a whole number)")
    code = int(code)
    # the Channel Islands keep an empty code here, as in the bundled 2020 table (the 2019 loaders give them CHI)
    iso3 = "" if code in NO_ISO else iso3_in_file(code, where)
    return {"location": location_name(row[1]), "code": code, "iso3": iso3,
            "type_of_data": str(row[4] or "").strip(), "is_region": is_region(code)}


def _tidy(path: Path, sheet: str, rows: list[tuple[Any, ...]], labels: list[Any],
          fields: Callable[[Any], dict[str, Any]], value: str) -> list[dict[str, Any]]:
    """One record per location, sex block and column label (year or period) of a table."""
    width = len(labels)
    records = []
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        if row[3] is None:
            continue
        where = f"{path.name}, sheet '{sheet}', row {number} ({shown(location_name(row[1]))})"
        place = _place(row, where)
        for block, sex in enumerate(SEXES):
            for offset, label in enumerate(labels):
                cell_at = f"{where}, column '{sex} {label}'"
                cell = cell_number(row[5 + width * block + offset], cell_at, negative=value == "rate")
                records.append({**place, **fields(label), "sex": sex,
                                value: cell if value == "rate" else persons(cell, cell_at)})
    return records


def read_undesa_stock(path: str | Path) -> pd.DataFrame:
    """International migrant stock at mid-year by sex, 1990-2020 (Table 1), as a tidy table.

    Returns
    -------
    DataFrame
        ``location, code, iso3, type_of_data, is_region, year, sex, stock`` with one row per
        location, year and sex (``sex`` in total, male, female; ``stock`` in persons).

    Example
    -------
    >>> stock = read_undesa_stock("undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")  # doctest: +SKIP
    >>> stock.query("location == 'WORLD' and year == 2020 and sex == 'total'")["stock"].item()  # doctest: +SKIP
    280598105
    """
    path, header, rows = _read_table(path, "Table 1", "stock")
    years = header[5:26]
    if years != [*range(1990, 2021, 5)] * 3:
        raise DataFileError(f"{path.name}, sheet 'Table 1': expected the years 1990-2020 for both sexes, males "
                            f"and females, found {years}")
    records = _tidy(path, "Table 1", rows, years[:7], lambda year: {"year": year}, "stock")
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"stock": "Int64", "year": "int64", "code": "int64", "location": "string", "iso3": "string",
                         "type_of_data": "string", "sex": "string"})


def read_undesa_rate_of_change(path: str | Path) -> pd.DataFrame:
    """Annual rate of change of the migrant stock by sex, 1990-2020 (Table 5), as published.

    Per cent per year, ``100 * ln(P2 / P1) / 5`` for each five-year period (see
    :func:`mlalib.flows.annual_rate_of_change`).

    Returns
    -------
    DataFrame
        ``location, code, iso3, type_of_data, is_region, period_start, period_end, sex, rate``.
    """
    path, header, rows = _read_table(path, "Table 5", "rate of change")
    periods = header[5:23]
    expected = [f"{y}-{y + 5}" for y in range(1990, 2020, 5)] * 3
    if periods != expected:
        raise DataFileError(f"{path.name}, sheet 'Table 5': expected the periods 1990-1995 ... 2015-2020 for "
                            f"both sexes, males and females, found {periods}")
    records = _tidy(path, "Table 5", rows, periods[:6],
                    lambda period: dict(zip(("period_start", "period_end"), map(int, period.split("-")))), "rate")
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"rate": "Float64", "code": "int64", "location": "string", "iso3": "string",
                         "type_of_data": "string", "sex": "string"})


#: UN DESA's codes of the type of data (International Migrant Stock 2020, notes of the workbook).
DATA_TYPES = ("B", "C", "R", "I")


def data_type_label(code: Any, language: str = "en") -> str:
    """UN DESA's type-of-data code (``"B"``, ``"C R"``, ...) in words of ``language``.

    The parts are named in the order of the code; a missing code is "not stated".

    Example
    -------
    >>> data_type_label("C R")
    'foreign citizens; refugees and asylum seekers added'
    >>> data_type_label("B", "es")
    'personas nacidas en el extranjero'
    """
    parts = [] if code is None or code is pd.NA or (isinstance(code, float) and code != code) else str(code).split()
    unknown = [p for p in parts if p not in DATA_TYPES]
    if unknown:
        raise DataFileError(f"type of data {code!r} has the code(s) {unknown}, expected some of {list(DATA_TYPES)}")
    if not parts:
        return text("data_type.none", language)
    separator = " ; " if language == "fr" else "; "  # French puts a space before a semicolon
    return separator.join(text(f"data_type.{part}", language) for part in parts)


def with_data_type(stock: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A copy of ``stock`` with a column ``data_type``: its ``type_of_data`` in words of ``language``.

    Show it wherever stocks of countries are compared: a stock of foreign citizens (C) leaves out
    naturalised migrants that a stock of foreign-born persons (B) counts, and includes children of
    migrants born in the country.

    Example
    -------
    >>> import pandas as pd
    >>> with_data_type(pd.DataFrame({"iso3": ["PHL"], "type_of_data": ["C R"]}))["data_type"].item()
    'foreign citizens; refugees and asylum seekers added'
    """
    if not isinstance(stock, pd.DataFrame):
        raise InputError(f"argument 'stock' must be the stock table (a DataFrame), got {shown(stock)}")
    require_language(language)
    if "data_type" in stock.columns:
        raise InputError("the stock table already has a column 'data_type'; drop it or rename it first")
    if "type_of_data" not in stock.columns:
        raise MissingColumnError("the stock table has no column 'type_of_data' (UN DESA's code of the type of "
                                 "data); load it with lesson_data('stock', ctx) or read_undesa_stock")
    out = stock.copy()
    labels = {code: data_type_label(code, language) for code in pd.unique(stock["type_of_data"].astype(object))}
    position = list(out.columns).index("type_of_data") + 1
    out.insert(position, "data_type", stock["type_of_data"].astype(object).map(labels).astype("string"))
    return out
