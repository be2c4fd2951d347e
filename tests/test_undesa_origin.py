"""UN DESA 2019 by origin and destination, 2019 totals and the KNOMAD 2017 matrix: loaders and bundled extracts.

The check values are those of the reference files' ``.source.txt``. The by-origin CSV has five
destination rows that are sub-regions (Caribbean, South America, Melanesia, Micronesia, Polynesia),
each the sum of its countries' rows: the ``.source.txt`` column sums include them, so the loader
reproduces them with ``subregion_rows=True`` and gives the emigrants without the double count by default.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib.data import load, read_undesa_2019_totals, read_undesa_origin_destination
from mlalib.data.extracts import SOURCES, extract
from mlalib.errors import DataFileError

OD_FILE = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
TOTALS_FILE = "undesa_pd_2019_migrant_stock_total_dataset.xlsx"
#: .source.txt column sums for 2019, which include the five sub-region rows.
SOURCE_SUMS = {"IND": 17_530_000, "MEX": 11_840_000, "PHL": 6_051_488, "SEN": 650_777}
#: Emigrants of each origin in those sub-region rows (2019), i.e. counted twice by the raw column sums.
IN_SUBREGION_ROWS = {"PHL": 4_864 + 2_157 + 1_588 + 45_602 + 1_116}


@pytest.fixture(scope="module")
def od(reference_dir):
    return read_undesa_origin_destination(reference_dir / "data" / OD_FILE)


def _emigrants(table: pd.DataFrame, year: int = 2019) -> pd.Series:
    return table[table["year"] == year].groupby("origin_iso3")["stock"].sum()


@pytest.mark.reference
def test_source_check_values_through_the_loader(reference_dir, od):
    raw = read_undesa_origin_destination(reference_dir / "data" / OD_FILE, subregion_rows=True)
    sums = _emigrants(raw)
    assert sums["PHL"] == 6_051_488 and sums["SEN"] == 650_777
    assert sums["IND"] == pytest.approx(17.53e6, abs=0.005e6) and sums["MEX"] == pytest.approx(11.84e6, abs=0.005e6)
    assert raw.loc[raw["year"] == 2019, "stock"].sum() == pytest.approx(270.05e6, abs=0.005e6)
    # without the sub-region rows: the emigrants, each counted once
    emigrants = _emigrants(od)
    assert emigrants["PHL"] == 6_051_488 - IN_SUBREGION_ROWS["PHL"] == 5_996_161
    assert emigrants["SEN"] == 650_482
    assert (sums - emigrants).min() >= 0
    # the published ranking (UN DESA 2019, Ten Key Messages): India 17.5 m, Mexico 11.8 m, then China
    assert list(emigrants.sort_values(ascending=False).index[:3]) == ["IND", "MEX", "CHN"]
    assert round(emigrants["IND"] / 1e6, 1) == 17.5 and round(emigrants["MEX"] / 1e6, 1) == 11.8
    pairs = od[od["year"] == 2019].set_index(["origin_iso3", "destination_iso3"])["stock"]
    assert pairs[("MEX", "USA")] == 11_489_684
    assert pairs[("PHL", "USA")] == 2_047_269
    assert (pairs[("SEN", "GMB")], pairs[("SEN", "FRA")], pairs[("SEN", "ITA")]) == (132_518, 129_790, 103_744)


def test_source_check_values_through_the_bundled_extract():
    bundled = load("undesa_migrant_stock_2019_by_origin")
    emigrants = _emigrants(bundled)
    assert emigrants["PHL"] + IN_SUBREGION_ROWS["PHL"] == SOURCE_SUMS["PHL"]
    assert emigrants["SEN"] == 650_482 and SOURCE_SUMS["SEN"] - emigrants["SEN"] == 295  # 295 in sub-region rows
    assert round(emigrants["IND"] / 1e6, 1) == 17.5 and round(emigrants["MEX"] / 1e6, 1) == 11.8
    pairs = bundled[bundled["year"] == 2019].set_index(["origin_iso3", "destination_iso3"])["stock"]
    assert pairs[("MEX", "USA")] == 11_489_684
    assert pairs[("PHL", "USA")] == 2_047_269
    assert (pairs[("SEN", "GMB")], pairs[("SEN", "FRA")], pairs[("SEN", "ITA")]) == (132_518, 129_790, 103_744)
    assert int(bundled["stock"].isna().sum()) == 345  # 341 '..' and 4 '-' cells, none of them in sub-region rows


def test_2019_totals_check_values_through_the_bundled_extract():
    totals = load("undesa_migrant_stock_2019_totals").set_index(["location", "year"])
    assert totals.loc[("WORLD", 2019), "immigrants"] == 271_642_105
    assert totals.loc[("WORLD", 2015), "immigrants"] == 248_861_296
    assert totals.loc[("United States of America", 2019), "immigrants"] == 50_661_149
    assert totals.loc[("United States of America", 2019), "population_thousands"] == pytest.approx(329_064.917)


@pytest.mark.reference
@pytest.mark.parametrize("name", list(SOURCES))
def test_bundled_extract_equals_what_the_loader_reads(reference_dir, name):
    made = extract(name, reference_dir / "data")
    bundled = load(name)
    pd.testing.assert_frame_equal(_plain(made), _plain(bundled))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as str with '' for empty (a CSV cannot tell '' from missing), numbers as float with NaN."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(bool)
        elif pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype("float64")
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), "").astype(str)
    return out


@pytest.mark.reference
def test_loader_layout(od):
    assert list(od.columns) == ["year", "origin_iso3", "origin", "destination_iso3", "destination", "stock"]
    assert od.groupby("year").size().unique().tolist() == [232 * 232]
    assert not od.duplicated(["year", "origin_iso3", "destination_iso3"]).any()
    assert od.loc[(od.origin == "Channel Islands"), "origin_iso3"].unique().tolist() == ["CHI"]
    # '..' and '-' are missing, never zero
    cell = od.query("year == 1990 and origin_iso3 == 'ALB' and destination_iso3 == 'MNE'")["stock"]
    assert cell.isna().all()


@pytest.mark.reference
def test_2019_totals_loader(reference_dir):
    totals = read_undesa_2019_totals(reference_dir / "data" / TOTALS_FILE)
    andorra = totals.query("location == 'Andorra'").set_index("year")["immigrants"]
    assert andorra[1990] == 38_891  # stored as 38891.00000000001 in the workbook
    assert (~totals["is_region"]).sum() == 232 * 7


# --- bad input: file, line and column named --------------------------------------------------------------------

HEADER = "Year,Dest,Mexico,Senegal\n"


def _write(tmp_path, text: str):
    path = tmp_path / "od.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    (HEADER.replace("Senegal", "Senegall") + "2019,France,1,2\n",
     r"od.csv, line 1, column 4: 'Senegall' is not a UN DESA country or area of origin"),
    (HEADER + "2019,Frence,1,2\n", r"od.csv, line 2, column 'Dest': 'Frence' is not a UN DESA country"),
    (HEADER + "2019,France,1,2\n2019,Spain,3,4\n2019,France,5,6\n",
     r"od.csv, line 4, column 'Dest': 'France' appears twice in 2019 \(also line 2\)"),
    (HEADER + "2019,France,-12,2\n", r"od.csv, line 2, column 'Mexico' \(2019, destination France\): '-12' is negative"),
    (HEADER + "2019,France,1,n/a\n",
     r"od.csv, line 2, column 'Senegal' \(2019, destination France\): 'n/a' is not a number of persons"),
    (HEADER + "2019,France,1,2.5\n", r"line 2, column 'Senegal' .*'2.5' is not a number of persons"),
    (HEADER + "2018,France,1,2\n", r"od.csv, line 2, column 'Year': '2018', expected one of"),
    (HEADER + "2019,France,1\n", r"od.csv, line 2: 3 cells, expected 4"),
    ("Year,Destination,Mexico\n", r"od.csv, line 1: expected the columns 'Year', 'Dest'"),
    (HEADER.replace("Senegal", "Mexico") + "2019,France,1,2\n", r"line 1, column 4: the origin 'Mexico' appears twice"),
])
def test_bad_input_names_file_line_and_column(tmp_path, body, message):
    with pytest.raises(DataFileError, match=message):
        read_undesa_origin_destination(_write(tmp_path, body))


def test_not_available_is_missing_and_zero_is_zero(tmp_path):
    table = read_undesa_origin_destination(_write(tmp_path, HEADER + "2019,France,..,0\n2019,Caribbean,5,6\n"))
    assert table["stock"].isna().tolist() == [True, False]
    assert table["stock"].iloc[1] == 0
    assert set(table["destination_iso3"]) == {"FRA"}  # the sub-region row is left out
    both = read_undesa_origin_destination(_write(tmp_path, HEADER + "2019,France,1,0\n2019,Caribbean,5,6\n"),
                                          subregion_rows=True)
    assert sorted(both["destination"]) == ["Caribbean", "Caribbean", "France", "France"]


def test_missing_file_and_binary_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="UN DESA origin-destination file not found"):
        read_undesa_origin_destination(tmp_path / "none.csv")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01")
    with pytest.raises(DataFileError, match="b.csv: not a text file"):
        read_undesa_origin_destination(binary)
    with pytest.raises(DataFileError, match="not a readable .xlsx workbook"):
        read_undesa_2019_totals(binary)


@pytest.mark.reference
def test_the_extracts_command_remakes_the_bundled_bytes(reference_dir, tmp_path, capsys):
    from mlalib.data import dataset
    from mlalib.data.extracts import main

    assert main([str(reference_dir / "data"), str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for name in SOURCES:
        assert f"{name}.csv.gz sha256 {dataset(name).sha256}" in printed
        assert (tmp_path / f"{name}.csv.gz").read_bytes() == (dataset_path(name)).read_bytes()
    assert main([]) == 2 and "usage: python -m mlalib.data.extracts" in capsys.readouterr().err


def dataset_path(name: str):
    from mlalib.data import data_dir, dataset

    return data_dir() / dataset(name).file


def test_the_2019_and_2017_tables_are_not_cohort_data_vintages():
    from mlalib.data import vintages

    # a cohort's data_vintage picks the UN DESA destination tables of notebooks 01-07 (2020 only)
    assert vintages() == ["2020"]


def test_knomad_matrix_with_a_country_twice_names_file_and_row(tmp_path):
    import openpyxl

    from mlalib.data import read_knomad_migrants

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bilateral Estimates of Migrant Stocks in 2017"])
    sheet.append([None, "Mexico", "Senegal", "World"])
    sheet.append(["Mexico", 0, 5, 5])
    sheet.append(["Senegal", 3, 0, 3])
    sheet.append(["Mexico", 1, 2, 3])
    book.save(tmp_path / "matrix.xlsx")
    with pytest.raises(DataFileError, match=r"matrix.xlsx, row 5: 'Mexico' appears twice \(also row 3\)"):
        read_knomad_migrants(tmp_path / "matrix.xlsx")
    sheet.delete_rows(5)
    sheet["D2"] = "Senegal"
    book.save(tmp_path / "matrix.xlsx")
    with pytest.raises(DataFileError, match=r"column 4: 'Senegal' appears twice \(also column 3\)"):
        read_knomad_migrants(tmp_path / "matrix.xlsx")


def test_the_extracts_command_reports_a_missing_file_in_one_line(tmp_path, capsys):
    from mlalib.data.extracts import main

    assert main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: UN DESA 2019 workbook not found:") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()  # nothing written

