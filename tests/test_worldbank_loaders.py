"""Loaders of the World Bank files, on the real copies in ../shared/reference/data."""

from __future__ import annotations

import pytest

from mlalib.data import country_code, read_knomad_migrants, read_knomad_remittances, read_rpw_corridors, read_wdi
from mlalib.errors import DataFileError, DataFileNotFoundError

pytestmark = pytest.mark.reference
RECEIVED = "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
PAID = "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"


@pytest.fixture(scope="module")
def received(reference_dir):
    return read_wdi(reference_dir / "data" / RECEIVED)


def _bn(frame, code, year):
    return frame[(frame.iso3 == code) & (frame.year == year)]["value"].item() / 1e9


def test_wdi_received_published_values(received):
    assert list(received.columns) == ["iso3", "name", "indicator", "indicator_name", "year", "value", "region",
                                      "income_group", "aggregate"]
    for code, year, value in [("WLD", 2023, 822.68), ("LMY", 2023, 626.06), ("IND", 2023, 119.53),
                              ("IND", 2024, 137.68), ("MEX", 2024, 67.64), ("IND", 2010, 53.480),
                              ("IND", 2015, 68.910), ("IND", 2020, 83.149), ("IND", 2022, 111.222)]:
        # abs 0.006: the note's "137.68" for India 2024 rounds 137.6745 up
        assert _bn(received, code, year) == pytest.approx(value, abs=0.006), (code, year)
    assert set(received.indicator) == {"BX.TRF.PWKR.CD.DT"}


def test_wdi_aggregates_are_apart_from_countries(received, reference_dir):
    flags = received.drop_duplicates("iso3").set_index("iso3")["aggregate"]
    assert flags["WLD"] and flags["LMY"] and flags["EUU"] and flags["INX"]
    assert not flags["IND"] and not flags["XKX"] and not flags["CHI"]
    assert received[received.iso3 == "IND"]["region"].iloc[0] == "South Asia"
    # without the metadata file the rule "not an ISO country" gives the same split
    import shutil
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        alone = Path(tmp) / RECEIVED
        shutil.copy(reference_dir / "data" / RECEIVED, alone)
        bare = read_wdi(alone).drop_duplicates("iso3").set_index("iso3")["aggregate"]
    assert bare.equals(flags.reindex(bare.index))


def test_wdi_paid_published_values(reference_dir):
    paid = read_wdi(reference_dir / "data" / PAID)
    for code, value in [("WLD", 448.92), ("USA", 71.56), ("SAU", 31.20), ("CHE", 28.18)]:
        assert _bn(paid, code, 2019) == pytest.approx(value, abs=0.005), code


def test_wdi_world_equals_sum_of_countries_where_complete(received):
    year = received[received.year == 2019]
    countries = year[~year["aggregate"]]["value"].sum()
    assert countries / 1e9 == pytest.approx(_bn(received, "WLD", 2019), rel=0.01)


def test_rpw_corridor_averages_as_published(reference_dir):
    rpw = read_rpw_corridors(reference_dir / "data" / "wb_rpw_corridors_databank_2011Q1-2020Q3.csv")
    assert rpw[["sending_iso3", "receiving_iso3"]].drop_duplicates().shape[0] == 377
    q3 = rpw[rpw.period == "2020Q3"].set_index(["sending_iso3", "receiving_iso3"])["total_cost_pct"]
    for corridor, value in [(("USA", "MEX"), 4.18), (("GBR", "IND"), 2.92), (("SAU", "IND"), 5.45),
                            (("ZAF", "ZWE"), 14.27), (("USA", "PHL"), 3.64)]:
        assert q3[corridor] == pytest.approx(value, abs=0.005), corridor
    assert sorted(rpw.quarter.unique()) == [1, 2, 3, 4] and rpw.year.min() == 2011


def test_knomad_remittance_matrix(reference_dir):
    matrix = read_knomad_remittances(reference_dir / "data" / "WB_Bilateral_Remittance_Estimates_2017.xlsx")
    pairs = matrix.set_index(["sending_code", "receiving_code"])["usd_millions"]
    for pair, value in [(("USA", "MEX"), 30_019.2), (("USA", "CHN"), 16_140.8), (("ARE", "IND"), 13_822.6),
                        (("USA", "IND"), 11_714.6), (("SAU", "IND"), 11_238.8)]:
        assert pairs[pair] == pytest.approx(value, abs=0.05), pair
    assert matrix.groupby("receiving_code")["usd_millions"].sum()["IND"] == pytest.approx(68_968, abs=0.5)
    assert matrix.groupby("sending_code")["usd_millions"].sum()["USA"] == pytest.approx(148_489, abs=0.5)
    # the WORLD row of the workbook sums to 613,465.8; the country pairs to 2.0 less (rounding in the file)
    assert matrix["usd_millions"].sum() == pytest.approx(613_465.8, abs=2.5)
    assert matrix["usd_millions"].isna().sum() == 4  # "-": India <-> Pakistan, Israel <-> Lebanon


def test_knomad_migration_matrix(reference_dir):
    matrix = read_knomad_migrants(reference_dir / "data" / "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx")
    pairs = matrix.set_index(["origin_code", "destination_code"])["migrants"]
    assert pairs.loc[[("MEX", "USA")]].item() > 10_000_000  # one row (pandas < 3 returns a Series for a tuple key)
    assert set(matrix.loc[matrix.origin_code == "", "origin"]) == {"Other North", "Other South"}
    assert matrix["migrants"].sum() > 250_000_000


def test_layout_errors(reference_dir, tmp_path):
    with pytest.raises(DataFileError, match="no header row starting with"):
        read_wdi(reference_dir / "data" / "wb_rpw_corridors_databank_2011Q1-2020Q3.csv")
    with pytest.raises(DataFileError, match="not a DataBank CSV export"):
        read_rpw_corridors(reference_dir / "data" / RECEIVED)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(DataFileError, match="lacks the columns"):
        read_rpw_corridors(other)
    with pytest.raises(DataFileError, match="no sheet whose cell A1 starts with 'Bilateral Remittance Estimates'"):
        read_knomad_remittances(reference_dir / "data" / "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx")
    with pytest.raises(DataFileNotFoundError, match="WDI file not found"):
        read_wdi(tmp_path / "nothing.csv")


def test_country_names_crosswalk():
    assert country_code("Yemen, Rep.") == "YEM" and country_code("Kosovo") == "XKX"
    assert country_code("Turkey") == "TUR" and country_code("Philippines") == "PHL"
    assert country_code("Narnia") is None
