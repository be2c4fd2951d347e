"""What the UN DESA readers share (mlalib.data.undesa.locations): UN M49 codes, and the cells and location
codes of a workbook, checked on small made-up workbooks of the 2020 layout."""

from __future__ import annotations

import sys

import numpy as np
import openpyxl
import pytest

from mlalib.data import read_undesa_rate_of_change, read_undesa_stock
from mlalib.data.undesa import iso3_of
from mlalib.errors import DataFileError, InputError, MissingPackageError

YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020]


# --- UN M49 codes ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code, iso3", [(608, "PHL"), (608.0, "PHL"), (np.int64(686), "SEN"), (np.float64(484), "MEX"),
                                        (830, "CHI"), (4, "AFG")])
def test_iso3_of_whole_numbers(code, iso3):
    assert iso3_of(code) == iso3


@pytest.mark.parametrize("code, words", [
    ("608", "argument 'code' must be a UN M49 code, a whole number such as 608, got the text '608' (write it "
            "without quotes; text is never converted to numbers)"),
    ("PHL", "argument 'code' must be a UN M49 code, a whole number such as 608, got the text 'PHL'"),
    (None, "argument 'code' must be a UN M49 code, a whole number such as 608, got None"),
    (True, "argument 'code' must be a UN M49 code, a whole number such as 608, got True"),
    (float("nan"), "argument 'code' must be a UN M49 code, a whole number such as 608, got nan"),
    (608.5, "argument 'code' must be a UN M49 code, a whole number such as 608, got 608.5"),
    (0, "argument 'code': 0 is not the UN M49 code of a country or area"),
    (-1, "argument 'code': -1 is not the UN M49 code of a country or area"),
    (99999, "argument 'code': 99999 is not the UN M49 code of a country or area (UN DESA's codes from 900 up are "
            "regions and groups, which have no ISO code)"),
    (900, "argument 'code': 900 is not the UN M49 code of a country or area (UN DESA's codes from 900 up"),
    (10**400, "is not the UN M49 code of a country or area"),
])
def test_iso3_of_refuses_what_is_not_the_code_of_a_country(code, words):
    with pytest.raises(InputError) as caught:
        iso3_of(code)
    assert words in str(caught.value), str(caught.value)



def _workbook_2020(tmp_path, code, cells):
    """A workbook with the 2020 layout: sheet 'Table 1', header in row 11, one location in row 12."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table 1"
    for _ in range(10):
        sheet.append([None])
    sheet.append([None, "Region, development group, country or area", "Notes", "Location code", "Type of data",
                  *YEARS * 3])
    sheet.append([1, "  Philippines*", None, code, "C", *cells])
    path = tmp_path / "destination_2020.xlsx"
    book.save(path)
    return path


def test_a_2020_workbook_reads_with_its_codes_and_not_available_cells(tmp_path):
    stock = read_undesa_stock(_workbook_2020(tmp_path, 608, [100.0, "..", *range(5), *range(7), *range(7)]))
    assert stock["location"].unique().tolist() == ["Philippines"] and set(stock["iso3"]) == {"PHL"}
    assert stock["stock"].isna().sum() == 1 and stock["stock"].iloc[0] == 100


@pytest.mark.parametrize("code, cells, words", [
    ("608x", list(range(21)), "destination_2020.xlsx, sheet 'Table 1', row 12 ('Philippines'), column 'Location "
                              "code': '608x', expected a UN M49 code (a whole number)"),
    (5, list(range(21)), "destination_2020.xlsx, sheet 'Table 1', row 12 ('Philippines'): the location code 5 is "
                         "not the UN M49 code of a country or area"),
    (608, [-4, *range(20)],
     "row 12 ('Philippines'), column 'total 1990': -4 is negative; expected a number of persons"),
    (608, [4.5, *range(20)], "row 12 ('Philippines'), column 'total 1990': 4.5 is not a whole number of persons"),
    (608, ["n/a", *range(20)], "row 12 ('Philippines'), column 'total 1990': 'n/a', expected a number or '..'"),
])
def test_a_bad_cell_or_location_code_names_file_sheet_row_and_column(tmp_path, code, cells, words):
    with pytest.raises(DataFileError) as caught:
        read_undesa_stock(_workbook_2020(tmp_path, code, cells))
    assert words in str(caught.value), str(caught.value)


def test_a_workbook_without_the_sheet_names_the_sheets_it_has(tmp_path):
    with pytest.raises(DataFileError, match="has no sheet 'Table 5' \\(sheets: Table 1\\); expected the UN DESA "
                                            "International Migrant Stock 2020 'Destination' workbook"):
        read_undesa_rate_of_change(_workbook_2020(tmp_path, 608, list(range(21))))


def test_without_openpyxl_a_workbook_loader_names_the_package_and_the_extra(tmp_path, monkeypatch):
    path = _workbook_2020(tmp_path, 608, list(range(21)))
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as in the core install
    with pytest.raises(MissingPackageError, match='reading an .xlsx workbook needs the package openpyxl, which is not '
                                                  'installed; install it with: pip install "mlalib\\[course\\]"'):
        read_undesa_stock(path)
