"""Loaders of UN DESA International Migrant Stock 2019: by origin and destination, and country totals.

Two files of the 2019 revision (UN DESA Population Division, POP/DB/MIG/Stock/Rev.2019;
© 2019 United Nations, CC BY 3.0 IGO):

* :func:`read_undesa_2019_totals` reads the official workbook "International Migrant Stock
  2019" (``UN_MigrantStockTotal_2019.xlsx``): Table 1 (international migrant stock at mid-year by
  country or area of destination, both sexes) and Table 2 (total population at mid-year,
  thousands) for 1990, 1995, ..., 2015 and 2019, one row per location and year, with the
  location's UN M49 code. It also serves as the list of UN DESA location names.
* :func:`read_undesa_origin_destination` reads "International Migrant Stock 2019: by destination
  and origin" (Table 1, both sexes) in the tidy-wide CSV layout ``Year, Dest, <one column per
  origin>`` (e.g. ``UN_MigrantStockByOriginAndDestination_2019_clean.csv``): one row per year,
  origin and destination.

Conventions: the international migrant stock counts people living in a country other than their
country of birth, or foreign citizens where the place of birth is not recorded (UN DESA 2019,
notes; United Nations 1998, Recommendations on Statistics of International Migration, Rev. 1).
The column sums of an origin are its **emigrants** (the "diaspora" counted by the destinations).
``..`` (not available) is missing (``<NA>``), never zero; a zero is a reported zero.
Country codes are ISO 3166-1 alpha-3 (from the M49 code); the Channel Islands, which have
none, get the World Bank's code ``CHI`` (as in :mod:`mlalib.data.worldbank`).

Example
-------
>>> od = read_undesa_origin_destination("UN_MigrantStockByOriginAndDestination_2019_clean.csv")  # doctest: +SKIP
>>> od.query("year == 2019 and origin_iso3 == 'MEX' and destination_iso3 == 'USA'")["stock"].item()  # doctest: +SKIP
11489684
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from mlalib.data.official_files import csv_rows, existing, sheet_rows
from mlalib.data.registry import load
from mlalib.data.undesa.locations import cell_number, is_region, iso3_in_file, location_name, persons
from mlalib.errors import DataFileError, shown

YEARS_2019 = (1990, 1995, 2000, 2005, 2010, 2015, 2019)
#: Cells of the by-origin CSV read as "not available" besides '..': the file prints '-' in four
#: cells (Montenegro <- Albania, 1990-2005) that neither the CSV nor its documentation explains;
#: they are kept missing, never read as zero.
NOT_AVAILABLE = ("..", "-")
_TOTALS_HEADER_ROW = 15
_TOTALS_COLUMNS = ("Sort\norder", "Notes")
_TOTALS_WORKBOOK = "the UN DESA International Migrant Stock 2019 workbook (UN_MigrantStockTotal_2019.xlsx)"
_OD_FILE = "the UN DESA International Migrant Stock 2019 by destination and origin as a CSV (Year, Dest, origins)"


def _year_columns(path: Path, sheet: str, rows: list[tuple[Any, ...]], first: int) -> None:
    years = tuple(rows[1][first:first + len(YEARS_2019)]) if len(rows) > 1 else ()
    if years != YEARS_2019:
        raise DataFileError(f"{path.name}, sheet '{sheet}', row {_TOTALS_HEADER_ROW + 1}: expected the years "
                            f"{list(YEARS_2019)} from column {first + 1}, found {list(years)}; is this the 2019 revision?")


def read_undesa_2019_totals(path: str | Path) -> pd.DataFrame:
    """Migrant stock and total population by location, 1990-2019 (IMS 2019, Tables 1 and 2, both sexes).

    Parameters
    ----------
    path : the official workbook ``UN_MigrantStockTotal_2019.xlsx``.

    Returns
    -------
    DataFrame
        ``location, code, iso3, is_region, year, immigrants, population_thousands``: one row per
        location (world, regions, groups and 232 countries or areas) and year. ``immigrants`` is the
        international migrant stock at mid-year (persons), ``population_thousands`` the total
        population at mid-year in thousands, as published (World Population Prospects 2019).

    Example
    -------
    >>> totals = read_undesa_2019_totals("undesa_pd_2019_migrant_stock_total_dataset.xlsx")  # doctest: +SKIP
    >>> totals.query("location == 'WORLD' and year == 2019")["immigrants"].item()  # doctest: +SKIP
    271642105
    """
    path = existing(path, "UN DESA 2019 workbook")
    stock_rows = sheet_rows(path, "Table 1", _TOTALS_HEADER_ROW, _TOTALS_WORKBOOK)
    pop_rows = sheet_rows(path, "Table 2", _TOTALS_HEADER_ROW, _TOTALS_WORKBOOK)
    for sheet, rows in (("Table 1", stock_rows), ("Table 2", pop_rows)):
        if not rows or tuple(rows[0][i] for i in (0, 2)) != _TOTALS_COLUMNS:
            raise DataFileError(f"{path.name}, sheet '{sheet}', row {_TOTALS_HEADER_ROW}: expected the columns "
                                f"{list(_TOTALS_COLUMNS)} in columns A and C, found {shown(rows[0][:3] if rows else [])}")
    _year_columns(path, "Table 1", stock_rows, 5)
    _year_columns(path, "Table 2", pop_rows, 4)
    population = {}
    for number, row in enumerate(pop_rows[2:], start=_TOTALS_HEADER_ROW + 2):
        if isinstance(row[3], int):
            population[row[3]] = [cell_number(v, f"{path.name}, sheet 'Table 2', row {number}, column {year}")
                                  for v, year in zip(row[4:11], YEARS_2019)]
    records = []
    for number, row in enumerate(stock_rows[2:], start=_TOTALS_HEADER_ROW + 2):
        code = row[3]
        if not isinstance(code, int):
            continue  # group headings ("UN development groups") have no code and only '..'
        name = location_name(row[1])
        if code not in population:
            raise DataFileError(f"{path.name}, sheet 'Table 2': no row for {shown(name)} (code {code}) of Table 1")
        where = f"{path.name}, sheet 'Table 1', row {number}"
        iso3 = iso3_in_file(code, f"{where} ({shown(name)})")
        for year, value, pop in zip(YEARS_2019, row[5:12], population[code]):
            cell_at = f"{where}, column {year}"
            records.append((name, code, iso3, is_region(code), year, persons(cell_number(value, cell_at), cell_at),
                            pop))
    frame = pd.DataFrame.from_records(
        records, columns=["location", "code", "iso3", "is_region", "year", "immigrants", "population_thousands"])
    return frame.astype({"location": "string", "code": "int64", "iso3": "string", "is_region": "bool",
                         "year": "int64", "immigrants": "Int64", "population_thousands": "Float64"})


@lru_cache(maxsize=1)
def location_codes() -> dict[str, int]:
    """UN DESA 2019 location names (as printed, without footnote marks) and their M49 codes.

    Taken from the bundled data set ``undesa_migrant_stock_2019_totals``.

    Example
    -------
    >>> location_codes()["Senegal"], location_codes()["Micronesia"], location_codes()["Micronesia (Fed. States of)"]
    (686, 954, 583)
    """
    totals = load("undesa_migrant_stock_2019_totals")
    pairs = totals[["location", "code"]].drop_duplicates()
    return dict(zip(pairs["location"], pairs["code"].astype(int)))


_INTEGER = re.compile(r"\d+")


def read_undesa_origin_destination(path: str | Path, *, subregion_rows: bool = False) -> pd.DataFrame:
    """International migrant stock by origin and destination, 1990-2019 (IMS 2019, both sexes), as a tidy table.

    Parameters
    ----------
    path : a CSV with the header ``Year, Dest, <origin names...>`` and one row per year and
        destination, names as UN DESA prints them (``UN_MigrantStockByOriginAndDestination_2019_clean.csv``).
    subregion_rows : keep the destination rows that are sub-regions (with an empty
        ``destination_iso3``), only to compare with sums over the raw file: they count again
        migrants already counted in their countries' rows.

    Returns
    -------
    DataFrame
        ``year, origin_iso3, origin, destination_iso3, destination, stock``: one row per year,
        origin and destination country or area (232 x 232 per year), ``stock`` in persons,
        ``<NA>`` where the file has ``..`` (or ``-``, see :data:`NOT_AVAILABLE`). Destination rows
        that are sub-regions (the file has Caribbean, South America, Melanesia, Micronesia and
        Polynesia, each the sum of its countries' rows) are not country pairs and are left out,
        unless ``subregion_rows``. Column sums of the raw file include them: for the Philippines in
        2019 they give 6,051,488, of which 55,327 are counted twice; the emigrants are 5,996,161.

    Raises
    ------
    DataFileError
        Naming the file, the line and the column: a name UN DESA does not use, a destination that
        appears twice in a year, a negative or non-numeric cell, a short line, a year outside 1990-2019.

    Example
    -------
    >>> od = read_undesa_origin_destination("UN_MigrantStockByOriginAndDestination_2019_clean.csv")  # doctest: +SKIP
    >>> int(od.query("year == 2019 and origin_iso3 == 'SEN'")["stock"].sum())  # doctest: +SKIP
    650777
    """
    path = existing(path, "UN DESA origin-destination file")
    lines = csv_rows(path, _OD_FILE)
    if not lines or [c.strip() for c in lines[0][:2]] != ["Year", "Dest"]:
        raise DataFileError(f"{path.name}, line 1: expected the columns 'Year', 'Dest' and one column per country "
                            f"of origin, found {shown(lines[0][:3] if lines else [])}")
    codes = location_codes()
    origins = [c.strip() for c in lines[0][2:]]
    origin_codes = []
    for column, name in enumerate(origins, start=3):
        code = codes.get(name)
        if code is None or is_region(code):
            raise DataFileError(f"{path.name}, line 1, column {column}: {shown(name)} is not a UN DESA country or "
                                "area of origin; expected a name as printed in International Migrant Stock 2019")
        origin_codes.append(code)
    seen_origins: dict[int, int] = {}
    for column, code in enumerate(origin_codes, start=3):
        if code in seen_origins:
            raise DataFileError(f"{path.name}, line 1, column {column}: the origin {shown(origins[column - 3])} "
                                f"appears twice (also column {seen_origins[code]})")
        seen_origins[code] = column
    origin_iso3 = [iso3_in_file(c, f"{path.name}, line 1, column {column}")
                   for column, c in enumerate(origin_codes, start=3)]
    seen: dict[tuple[int, int], int] = {}
    years, dest_iso3, dest_names, cells = [], [], [], []
    for number, row in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(origins) + 2:
            raise DataFileError(f"{path.name}, line {number}: {len(row)} cells, expected {len(origins) + 2} "
                                "(Year, Dest and one per origin)")
        year_text, name = row[0].strip(), row[1].strip()
        if not _INTEGER.fullmatch(year_text) or int(year_text) not in YEARS_2019:
            raise DataFileError(f"{path.name}, line {number}, column 'Year': {shown(year_text)}, expected one of "
                                f"{list(YEARS_2019)}")
        code = codes.get(name)
        if code is None:
            raise DataFileError(f"{path.name}, line {number}, column 'Dest': {shown(name)} is not a UN DESA country "
                                "or area; expected a name as printed in International Migrant Stock 2019")
        year = int(year_text)
        if (year, code) in seen:
            raise DataFileError(f"{path.name}, line {number}, column 'Dest': {shown(name)} appears twice in "
                                f"{year} (also line {seen[(year, code)]})")
        seen[(year, code)] = number
        if is_region(code) and not subregion_rows:
            continue  # a sub-region row: the sum of its countries' rows, not a destination country
        values = []
        for column, cell in enumerate(row[2:]):
            text = cell.strip()
            if _INTEGER.fullmatch(text):
                values.append(int(text))
            elif text in NOT_AVAILABLE:
                values.append(None)
            else:
                why = "is negative" if re.fullmatch(r"-\s*[\d.,]+", text) else "is not a number of persons"
                raise DataFileError(f"{path.name}, line {number}, column {shown(origins[column])} ({year}, "
                                    f"destination {name}): {shown(text)} {why}; expected a whole number or "
                                    "'..' (not available)")
        years.append(year)
        dest_iso3.append(iso3_in_file(code, f"{path.name}, line {number}, column 'Dest'"))
        dest_names.append(name)
        cells.append(values)
    n = len(origins)
    frame = pd.DataFrame({
        "year": [y for y in years for _ in range(n)],
        "origin_iso3": origin_iso3 * len(years),
        "origin": origins * len(years),
        "destination_iso3": [d for d in dest_iso3 for _ in range(n)],
        "destination": [d for d in dest_names for _ in range(n)],
        "stock": pd.array([v for values in cells for v in values], dtype="Int64"),
    })
    frame = frame.astype({"year": "int64", "origin_iso3": "string", "origin": "string",
                          "destination_iso3": "string", "destination": "string"})
    return frame.sort_values(["year", "origin_iso3", "destination_iso3"], ignore_index=True)
