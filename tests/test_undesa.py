"""The UN DESA International Migrant Stock 2020 loader on the real workbook."""

from __future__ import annotations

import numpy as np
import pytest

from mlalib.data import read_undesa_rate_of_change, read_undesa_stock
from mlalib.errors import DataFileError, DataFileNotFoundError
from mlalib.flows import annual_rate_of_change

pytestmark = pytest.mark.reference
WORKBOOK = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"


@pytest.fixture(scope="module")
def stock(reference_dir):
    return read_undesa_stock(reference_dir / "data" / WORKBOOK)


@pytest.fixture(scope="module")
def rates(reference_dir):
    return read_undesa_rate_of_change(reference_dir / "data" / WORKBOOK)


def _value(frame, location, year, sex="total"):
    return frame[(frame.location == location) & (frame.year == year) & (frame.sex == sex)]["stock"].item()


def test_published_check_values(stock):
    # the check values of the workbook's .source.txt
    assert _value(stock, "WORLD", 2020) == 280_598_105
    assert _value(stock, "WORLD", 2020, "male") == 145_655_844
    assert _value(stock, "WORLD", 2020, "female") == 134_942_261
    assert _value(stock, "WORLD", 1990) == 152_986_157
    for country, value in [("United States of America", 50_632_836), ("Germany", 15_762_457),
                           ("Saudi Arabia", 13_454_842), ("Russian Federation", 11_636_911),
                           ("United Kingdom", 9_359_587)]:
        assert _value(stock, country, 2020) == value


def test_columns_codes_and_flags(stock):
    assert list(stock.columns) == ["location", "code", "iso3", "type_of_data", "is_region", "year", "sex", "stock"]
    germany = stock[stock.location == "Germany"].iloc[0]
    assert (germany.code, germany.iso3, germany.type_of_data, bool(germany.is_region)) == (276, "DEU", "B", False)
    world = stock[stock.location == "WORLD"].iloc[0]
    assert (world.code, world.iso3, bool(world.is_region)) == (900, "", True)
    countries = stock[~stock.is_region]
    assert countries.code.nunique() >= 232
    assert set(countries[countries.iso3 == ""].location) == {"Channel Islands"}  # the only area with no ISO code
    assert stock[stock.location == "China, Taiwan Province of China"].iso3.iloc[0] == "TWN"
    assert set(stock.sex) == {"total", "male", "female"} and sorted(stock.year.unique()) == list(range(1990, 2021, 5))


def test_not_available_values_are_missing_not_zero(stock):
    south_sudan = stock[(stock.location == "South Sudan") & (stock.year == 1990)]
    assert south_sudan["stock"].isna().all()
    assert (stock["stock"].dropna() >= 0).all()


def test_sexes_add_up(stock):
    wide = stock.pivot_table(index=["code", "location", "year"], columns="sex", values="stock", aggfunc="first")
    wide = wide.dropna()
    assert (wide["male"] + wide["female"] - wide["total"]).abs().max() <= 1


def test_rates_are_read_as_published_and_reproduced(stock, rates):
    world = rates[(rates.location == "WORLD") & (rates.sex == "total")].set_index("period_start")["rate"]
    assert world[2015] == pytest.approx(2.4732288013031996, rel=1e-15)
    joined = rates.merge(
        stock.rename(columns={"year": "period_start", "stock": "p1"})[["code", "location", "period_start", "sex", "p1"]],
        on=["code", "location", "period_start", "sex"]).merge(
        stock.rename(columns={"year": "period_end", "stock": "p2"})[["code", "location", "period_end", "sex", "p2"]],
        on=["code", "location", "period_end", "sex"])
    usable = joined.dropna(subset=["rate", "p1", "p2"])
    usable = usable[(usable.p1 > 0) & (usable.p2 > 0)]
    ours = annual_rate_of_change(usable.p1.astype(float), usable.p2.astype(float), 5)
    assert len(usable) > 4000
    np.testing.assert_allclose(ours.to_numpy(), usable.rate.astype(float).to_numpy(), rtol=1e-12, atol=1e-12)


def test_other_layouts_are_rejected_with_a_reason(reference_dir, tmp_path):
    with pytest.raises(DataFileError, match="row 11: expected the columns .* is this the 2020 revision's stock table"):
        read_undesa_stock(reference_dir / "data" / "undesa_pd_2019_migrant_stock_total_dataset.xlsx")
    not_xlsx = tmp_path / "table.xlsx"
    not_xlsx.write_text("year,stock\n")
    with pytest.raises(DataFileError, match="not a readable .xlsx workbook"):
        read_undesa_stock(not_xlsx)
    with pytest.raises(DataFileNotFoundError, match="UN DESA workbook not found"):
        read_undesa_stock(tmp_path / "missing.xlsx")


def test_type_of_data_is_shown_in_words_of_every_language():
    """Stocks of foreign-born (B) and foreign citizens (C, e.g. the Philippines) are compared with
    their type of data shown; refugees added (R) are named."""
    from mlalib.data import load
    from mlalib.data.undesa import data_type_label, with_data_type
    from mlalib.errors import DataFileError, MissingColumnError

    stock = load("undesa_migrant_stock_2020")
    countries = stock[~stock.is_region & (stock.year == 2020) & (stock.sex == "total")]
    assert int(countries["type_of_data"].str.contains("C").sum()) == 46  # of 232 countries and areas
    shown = with_data_type(countries[countries.iso3.isin(["PHL", "MEX", "SEN"])], "en").set_index("iso3")
    assert shown.loc["PHL", "data_type"] == "foreign citizens; refugees and asylum seekers added"
    assert shown.loc["MEX", "data_type"] == "foreign-born persons; refugees and asylum seekers added"
    assert list(shown.columns).index("data_type") == list(shown.columns).index("type_of_data") + 1
    assert data_type_label("C", "fr") == "personnes de nationalité étrangère"
    assert data_type_label("B R", "es") == "personas nacidas en el extranjero; refugiados y solicitantes de asilo añadidos"
    assert data_type_label(None) == "not stated"
    with pytest.raises(DataFileError, match="'X'"):
        data_type_label("B X")
    with pytest.raises(MissingColumnError, match="type_of_data"):
        with_data_type(countries.drop(columns="type_of_data"))
