"""Loaders of World Bank files: WDI bulk CSV, RPW corridor export, KNOMAD bilateral matrices.

Each returns a tidy long DataFrame with country codes (ISO 3166-1 alpha-3; the World Bank's
own codes CHI and XKX for the Channel Islands and Kosovo) and raises
:class:`~mlalib.errors.DataFileError` naming what differs when a file does not have the
expected layout.

* :func:`read_wdi`: ``API_<indicator>_DS2_en_csv_v2_*.csv`` (World Development Indicators bulk
  download), joined with its ``Metadata_Country_*`` file when present;
* :func:`read_rpw_corridors`: the DataBank export of Remittance Prices Worldwide corridor
  averages (series ``ATCR.CORR``, "Average Total Cost to remit in corridor");
* :func:`read_knomad_remittances` and :func:`read_knomad_migrants`: the World Bank/KNOMAD
  bilateral remittance estimates and bilateral migration matrix (xlsx).

Country names the World Bank spells its own way are resolved with the bundled data set
``worldbank_country_names``; all others with pycountry. (country_converter, the usual choice,
fails to start with pandas 3 in its latest release, 1.3.2.)
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from mlalib.data.official_files import csv_rows, existing, workbook
from mlalib.data.registry import load
from mlalib.errors import DataFileError, InputError, shown

_WDI_HEAD = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
_KNOMAD_AGGREGATES = {"world", "other north", "other south"}


@lru_cache(maxsize=1)
def _crosswalk() -> dict[str, str]:
    names = load("worldbank_country_names")
    return {name.casefold(): code for name, code in zip(names["name"], names["code"])}


def country_code(name: str) -> str | None:
    """ISO3 (or World Bank) code of a country name as the World Bank writes it; None if unknown.

    Example
    -------
    >>> country_code("Egypt, Arab Rep."), country_code("Germany"), country_code("Atlantis")
    ('EGY', 'DEU', None)
    """
    if not isinstance(name, str):
        raise InputError(f"argument 'name' must be a country name as text, got {shown(name)}")
    key = name.strip()
    if key.casefold() in _crosswalk():
        return _crosswalk()[key.casefold()]
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        return None


def read_wdi(path: str | Path, metadata_path: str | Path | None = None) -> pd.DataFrame:
    """A WDI bulk CSV (``API_<indicator>_DS2_en_csv_v2_*.csv``) as a long table.

    Parameters
    ----------
    path : the ``API_...csv`` file.
    metadata_path : its ``Metadata_Country_...csv`` companion; by default the file of that name
        next to ``path`` is used when present. It gives ``region`` and ``income_group`` and marks
        aggregates (rows without a region; codes it does not list, such as INX "Not classified",
        follow the rule below). Without it, codes that are not ISO 3166-1 countries
        (nor XKX, CHI) are taken as aggregates.

    Returns
    -------
    DataFrame
        ``iso3, name, indicator, indicator_name, year, value, aggregate, region, income_group``;
        one row per country (or aggregate) and year of the file; ``value`` in the file's units
        (e.g. current US$) and ``<NA>`` where the file has no value.

    Example
    -------
    >>> wdi = read_wdi("API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv")  # doctest: +SKIP
    >>> wdi.query("iso3 == 'WLD' and year == 2023")["value"].item()  # doctest: +SKIP
    822680000000.0
    """
    path = existing(path, "WDI file")
    lines = csv_rows(path, "a World Bank WDI bulk download (API_<indicator>_DS2_en_csv_v2_*.csv)")
    header_at = next((i for i, row in enumerate(lines[:10]) if row[:4] == _WDI_HEAD), None)
    if header_at is None:
        raise DataFileError(f"{path.name}: no header row starting with {_WDI_HEAD} in the first 10 lines; "
                            "expected a World Bank WDI bulk download (API_<indicator>_DS2_en_csv_v2_*.csv)")
    header = lines[header_at]
    years = [(i, int(h)) for i, h in enumerate(header) if re.fullmatch(r"\d{4}", h.strip())]
    if not years:
        raise DataFileError(f"{path.name}: the header has no year columns")
    first_column: dict[int, int] = {}
    for i, year in years:
        if year in first_column:
            raise DataFileError(f"{path.name}: the header has the year {year} twice (columns {first_column[year] + 1} "
                                f"and {i + 1}); expected each year once")
        first_column[year] = i
    records = []
    for number, row in enumerate(lines[header_at + 1:], start=header_at + 2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < len(_WDI_HEAD):
            raise DataFileError(f"{path.name}: line {number} has {len(row)} cell(s) ({shown(row)}); expected at least "
                                f"the {len(_WDI_HEAD)} columns {_WDI_HEAD} and the years")
        for i, year in years:
            cell = row[i].strip() if i < len(row) else ""
            try:
                value = float(cell) if cell else None
            except ValueError:
                raise DataFileError(f"{path.name}: line {number}, {shown(row[0])} {year} holds {shown(cell)}, "
                                    "expected a number") from None
            records.append((row[1], row[0], row[3], row[2], year, value))
    frame = pd.DataFrame.from_records(records, columns=["iso3", "name", "indicator", "indicator_name", "year", "value"])
    frame["value"] = frame["value"].astype("Float64")
    meta = _wdi_metadata(path, metadata_path)
    if meta is not None:
        frame["region"] = frame["iso3"].map(meta["Region"]).fillna("")
        frame["income_group"] = frame["iso3"].map(meta["IncomeGroup"]).fillna("")
        listed = frame["iso3"].isin(meta.index)  # e.g. INX "Not classified" has no metadata row
        frame["aggregate"] = (listed & (frame["region"] == "")) | (~listed & ~frame["iso3"].map(_is_country))
    else:
        frame["region"] = ""
        frame["income_group"] = ""
        frame["aggregate"] = ~frame["iso3"].map(_is_country)
    return frame.astype({"iso3": "string", "name": "string", "indicator": "string", "indicator_name": "string",
                         "region": "string", "income_group": "string", "year": "int64", "aggregate": "bool"})


def _is_country(code: str) -> bool:
    return code in {"XKX", "CHI"} or pycountry.countries.get(alpha_3=code) is not None


def _wdi_metadata(path: Path, metadata_path: str | Path | None) -> pd.DataFrame | None:
    if metadata_path is None:
        candidate = path.with_name("Metadata_Country_" + path.name)
        if not candidate.is_file():
            return None
        metadata_path = candidate
    meta_path = existing(metadata_path, "WDI metadata file")
    meta = pd.read_csv(meta_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing = {"Country Code", "Region", "IncomeGroup"} - set(meta.columns)
    if missing:
        raise DataFileError(f"{meta_path.name}: lacks the columns {sorted(missing)}; expected a WDI Metadata_Country file")
    return meta.set_index("Country Code")


def read_rpw_corridors(path: str | Path) -> pd.DataFrame:
    """A World Bank DataBank export of RPW corridor averages as a long table.

    The export is a full sender x receiver cross-product with ``..`` wherever a corridor was
    not surveyed in a quarter; only corridor-quarters with a published value are returned.

    Returns
    -------
    DataFrame
        ``sending_iso3, sending, receiving_iso3, receiving, period, year, quarter,
        total_cost_pct`` (average total cost of sending USD 200, per cent of the amount).

    Example
    -------
    >>> rpw = read_rpw_corridors("wb_rpw_corridors_databank_2011Q1-2020Q3.csv")  # doctest: +SKIP
    >>> rpw.query("sending_iso3 == 'USA' and receiving_iso3 == 'MEX' and period == '2020Q3'")  # doctest: +SKIP
    """
    path = existing(path, "RPW DataBank export")
    if path.stat().st_size == 0:
        raise DataFileError(f"{path.name}: the file is empty; expected a DataBank CSV export of 'Remittance Prices "
                            "Worldwide (Corridors)'")
    try:
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DataFileError(f"{path.name}: the file has no columns; expected a DataBank CSV export of 'Remittance "
                            "Prices Worldwide (Corridors)'") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as err:
        raise DataFileError(f"{path.name}: not a DataBank CSV export ({(str(err).splitlines() or [''])[0][:200]})") \
            from None
    table.columns = [re.sub(r"\s+", " ", c).strip() for c in table.columns]
    needed = ["Sending Countries Name", "Sending Countries Code", "Series Code", "Receiving Countries Name",
              "Receiving Countries Code"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise DataFileError(f"{path.name}: lacks the columns {missing}; expected a DataBank export of "
                            "'Remittance Prices Worldwide (Corridors)'")
    periods = [c for c in table.columns if re.fullmatch(r"\d{4}Q[1-4] \[YR\d{4}Q[1-4]\]", c)]
    if not periods:
        raise DataFileError(f"{path.name}: no quarter columns such as '2020Q3 [YR2020Q3]'")
    table = table[table["Series Code"] != ""]
    series = set(table["Series Code"])
    if series != {"ATCR.CORR"}:
        raise DataFileError(f"{path.name}: expected the series ATCR.CORR (average total cost), found {sorted(series)}")
    long = table.melt(id_vars=needed, value_vars=periods, var_name="column", value_name="cell")
    long = long[long["cell"] != ".."]
    try:
        cost = long["cell"].astype(float)
    except ValueError:
        bad = long.loc[~long["cell"].str.fullmatch(r"-?[\d.]+(e-?\d+)?"), "cell"].iloc[0]
        raise DataFileError(f"{path.name}: a cost cell holds {shown(bad)}, expected a number or '..'") from None
    period = long["column"].str.slice(0, 6)
    return pd.DataFrame({
        "sending_iso3": long["Sending Countries Code"].to_numpy(), "sending": long["Sending Countries Name"].to_numpy(),
        "receiving_iso3": long["Receiving Countries Code"].to_numpy(),
        "receiving": long["Receiving Countries Name"].to_numpy(),
        "period": period.to_numpy(), "year": period.str.slice(0, 4).astype(int).to_numpy(),
        "quarter": period.str.slice(5, 6).astype(int).to_numpy(), "total_cost_pct": cost.to_numpy(),
    }).astype({c: "string" for c in ["sending_iso3", "sending", "receiving_iso3", "receiving", "period"]}) \
        .sort_values(["sending_iso3", "receiving_iso3", "period"], ignore_index=True)


def _read_knomad(path: str | Path, title_start: str, what: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    path = existing(path, f"KNOMAD {what} workbook")
    with workbook(path) as book:
        for sheet in book.worksheets:
            title = next(sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))[0]
            if isinstance(title, str) and title.strip().startswith(title_start):
                rows = list(sheet.iter_rows(min_row=2, values_only=True))
                break
        else:
            raise DataFileError(f"{path.name}: no sheet whose cell A1 starts with {title_start!r}; expected the "
                                f"World Bank/KNOMAD {what} matrix")
    if not rows or len(rows[0]) < 2 or not any(c is not None for c in rows[0][1:]):
        raise DataFileError(f"{path.name}: the sheet {shown(sheet.title)} has the title {shown(title)} but no table "
                            f"below it; expected the country names in row 2 and one row per country after it")
    header = [str(c).strip() if c is not None else "" for c in rows[0][1:]]
    while header and not header[-1]:
        header.pop()
    body = []
    for row in rows[1:]:
        if row[0] is None:
            break
        body.append((str(row[0]).strip(), *row[1:len(header) + 1]))
    return header, body


def _code_or_fail(names: list[str], path: str | Path) -> dict[str, str]:
    codes, unknown = {}, []
    for name in names:
        if name.casefold() in _KNOMAD_AGGREGATES:
            codes[name] = ""
            continue
        code = country_code(name)
        if code is None:
            unknown.append(name)
        codes[name] = code or ""
    if unknown:
        raise DataFileError(f"{Path(path).name}: country names not recognised: {unknown[:8]}; add them to "
                            "data/worldbank_country_names.csv")
    return codes


def _knomad_long(path: str | Path, title: str, what: str, row_role: str, col_role: str, value: str) -> pd.DataFrame:
    header, body = _read_knomad(path, title, what)
    row_names = [r[0] for r in body]
    for names, where in ((row_names, "row"), (header, "column")):
        seen: dict[str, int] = {}
        for number, name in enumerate(names, start=3 if where == "row" else 2):
            if name.casefold() in seen:
                place = f"row {number}" if where == "row" else f"column {number}"
                first = f"row {seen[name.casefold()]}" if where == "row" else f"column {seen[name.casefold()]}"
                raise DataFileError(f"{Path(path).name}, {place}: {shown(name)} appears twice (also {first}); "
                                    f"expected one {row_role if where == 'row' else col_role} {where} per country")
            seen[name.casefold()] = number
    codes = _code_or_fail(sorted(set(header) | set(row_names)), path)
    records = []
    for row in body:
        if row[0].casefold() == "world":
            continue
        for name, cell in zip(header, row[1:]):
            if name.casefold() == "world":
                continue
            if cell is None or isinstance(cell, str) and not cell.strip():
                cell = 0.0
            elif isinstance(cell, str) and cell.strip() == "-":
                cell = None  # the workbook prints "-" where it gives no estimate (e.g. India <-> Pakistan)
            elif isinstance(cell, bool) or not isinstance(cell, (int, float)) or not math.isfinite(cell):
                raise DataFileError(f"{Path(path).name}: {shown(row[0])} -> {shown(name)} holds {shown(cell)}, "
                                    "expected a number")
            elif cell < 0:
                raise DataFileError(f"{Path(path).name}: {shown(row[0])} -> {shown(name)} holds {cell:g}; "
                                    f"{value} cannot be negative")
            records.append((codes[row[0]], row[0], codes[name], name, None if cell is None else float(cell)))
    columns = [f"{row_role}_code", row_role, f"{col_role}_code", col_role, value]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({**{c: "string" for c in columns[:4]}, value: "Float64"})


def read_knomad_remittances(path: str | Path) -> pd.DataFrame:
    """The KNOMAD bilateral remittance estimates (sending down, receiving across) as a long table.

    Returns ``sending_code, sending, receiving_code, receiving, usd_millions`` for every pair of the
    matrix (the WORLD totals row and column are left out; they are sums of the others). Empty
    cells are 0; cells printed as ``-`` (no estimate) are ``<NA>``.
    These are analytical estimates (Ratha & Shaw 2007 allocation), not reported data.
    """
    return _knomad_long(path, "Bilateral Remittance Estimates", "bilateral remittance", "sending", "receiving",
                        "usd_millions")


def read_knomad_migrants(path: str | Path) -> pd.DataFrame:
    """The World Bank bilateral migration matrix (origin down, destination across) as a long table.

    Returns ``origin_code, origin, destination_code, destination, migrants`` (persons); the
    World totals are left out; 'Other North' and 'Other South' keep an empty code.
    """
    return _knomad_long(path, "Bilateral Estimates of Migrant Stocks", "bilateral migration", "origin",
                        "destination", "migrants")
