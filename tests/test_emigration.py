"""mlalib.emigration: every indicator against a case computed by hand, and bad input."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from mlalib import emigration as em
from mlalib.data import load
from mlalib.data.synthetic_census import education_census, tertiary_migrant_jobs
from mlalib.errors import InputError, MissingColumnError, MlalibWarning

# Two origins, three destinations, two years; one pair not available ('..') in 2019.
OD = pd.DataFrame({
    "year": [1990, 1990, 1990, 2019, 2019, 2019, 2019],
    "origin_iso3": ["SEN", "SEN", "MLI", "SEN", "SEN", "SEN", "MLI"],
    "destination_iso3": ["FRA", "GMB", "SEN", "FRA", "GMB", "ITA", "SEN"],
    "stock": pd.array([100, 60, 40, 130, 120, None, 50], dtype="Int64"),
})
TOTALS = pd.DataFrame({"iso3": ["SEN", "MLI"], "year": [2019, 2019], "immigrants": [50, 400],
                       "population_thousands": [2.75, 19.95]})


def test_emigrants_sum_over_destinations_and_count_what_is_not_available():
    # SEN 2019: 130 + 120 (ITA not available) = 250; MLI: 50
    assert em.emigrants(OD, 2019).to_dict() == {"MLI": 50.0, "SEN": 250.0}
    assert em.not_available_pairs(OD, 2019).to_dict() == {"MLI": 0, "SEN": 1}


def test_change_since_1990():
    table = em.emigrant_change(OD, ["SEN", "MLI"], 1990, 2019)
    # SEN: 160 -> 250: +90, +56.25 %, 100 ln(250/160)/29 = 1.5389 % a year
    assert table.loc["SEN"].tolist()[:4] == [160.0, 250.0, 90.0, 56.25]
    assert table.loc["SEN", "annual_rate_pct"] == pytest.approx(100 * math.log(250 / 160) / 29)
    assert table.loc["MLI", "change_pct"] == pytest.approx(25.0)


def test_top_destinations_and_shares():
    top = em.top_destinations(OD, "SEN", 2019, n=5)
    assert top["destination_iso3"].tolist() == ["FRA", "GMB"]  # the pair not available is not ranked
    assert top["share_pct"].tolist() == pytest.approx([52.0, 48.0])  # 130/250, 120/250
    corridors = em.largest_corridors(OD, ["SEN", "MLI"], 2019, n=1)
    assert corridors.values.tolist() == [["SEN", "FRA", 130.0], ["MLI", "SEN", 50.0]]


def test_emigration_rate_net_position_and_summary():
    # rate = 100 * 250 / (2,750 + 250) = 8.333 %; net = 50 - 250 = -200
    assert em.emigration_rate(250, 2750) == pytest.approx(25 / 3)
    assert em.net_position(50, 250) == -200
    summary = em.origin_summary(OD, TOTALS, ["SEN", "MLI"], 2019)
    assert summary.loc["SEN", "emigration_rate_pct"] == pytest.approx(25 / 3)
    assert summary.loc["SEN", "net_position"] == -200
    assert summary.loc["MLI", "emigration_rate_pct"] == pytest.approx(100 * 50 / 20_000)  # 50 / (19,950 + 50)
    assert summary.loc["MLI", "immigrants_per_emigrant"] == pytest.approx(8.0)


def test_brain_drain_by_hand():
    # residents 25+: 1,000 of whom 100 tertiary; emigrants 25+: 200 of whom 80 tertiary
    assert em.tertiary_emigration_rate(80, 100) == pytest.approx(100 * 80 / 180)
    assert em.selection_ratio(80, 200, 100, 1000) == pytest.approx((80 / 200) / (100 / 1000))  # 4.0
    census = pd.DataFrame({
        "population": ["residents"] * 3 + ["emigrants"] * 3,
        "education": ["low", "medium", "high"] * 2,
        "persons": [600, 300, 100, 50, 70, 80],
    })
    got = em.brain_drain_indicators(census)
    assert got["emigration_rate_pct"] == pytest.approx(100 * 200 / 1200)
    assert got["tertiary_emigration_rate_pct"] == pytest.approx(100 * 80 / 180)
    assert got["tertiary_share_emigrants_pct"] == pytest.approx(40.0)
    assert got["tertiary_share_residents_pct"] == pytest.approx(10.0)
    assert got["selection_ratio"] == pytest.approx(4.0)


def test_overqualification_by_hand():
    # 60 in ISCO 1-3, 40 in 4-9, 10 in the armed forces (left out): 40 / 100
    jobs = pd.DataFrame({"destination_iso3": ["USA"] * 4 + ["ESP"] * 2, "occupation": [1, 2, 5, 0, 2, 9],
                         "persons": [20, 40, 40, 10, 30, 10]})
    assert em.overqualification_rate(jobs[jobs.destination_iso3 == "USA"]) == pytest.approx(40.0)
    by = em.overqualification_rate(jobs, by="destination_iso3").set_index("destination_iso3")["overqualification_pct"]
    assert by.to_dict() == pytest.approx({"ESP": 25.0, "USA": 40.0})


def test_remittances_per_emigrant_and_bilateral_allocation():
    assert em.remittances_per_emigrant(1_000_000, 250) == pytest.approx(4000.0)
    with pytest.warns(MlalibWarning, match="no emigrant count"):
        table = em.bilateral_remittances(pd.Series({"SEN": 1000.0}), OD, 2019)
    # 1,000 shared 130 : 120 (ITA not available: no share)
    assert table[["sending", "remittances"]].values.tolist() == [["FRA", 520.0], ["GMB", 480.0]]
    assert table["share_pct"].sum() == pytest.approx(100.0)


def test_bilateral_allocation_reproduces_inflows_on_the_bundled_data():
    od = load("undesa_migrant_stock_2019_by_origin")
    inflows = pd.Series({"PHL": 35.0e9, "MEX": 39.0e9})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pair of these two origins is '..'
        table = em.bilateral_remittances(inflows, od, 2019)
    assert table.groupby("receiving")["remittances"].sum().to_dict() == pytest.approx(inflows.to_dict())
    mex = table[table.receiving == "MEX"].iloc[0]
    assert mex["sending"] == "USA" and mex["share_pct"] == pytest.approx(100 * 11_489_684 / 11_796_491)


def test_absent_focus_country_is_reported_not_a_crash():
    od = load("undesa_migrant_stock_2019_by_origin")
    assert em.available_origins(od, ["PHL", "XKX", "SEN"]) == (["PHL", "SEN"], ["XKX"])
    with pytest.raises(InputError, match="no emigrants of 'XKX' in 'od'"):
        em.top_destinations(od, "XKX")


def test_real_figures_of_the_bundled_data():
    od = load("undesa_migrant_stock_2019_by_origin")
    totals = load("undesa_migrant_stock_2019_totals")
    summary = em.origin_summary(od, totals, ["PHL", "MEX", "SEN"], 2019)
    assert summary.loc["SEN", "emigrants"] == 650_482
    assert summary.loc["MEX", "net_position"] < 0 and summary.loc["SEN", "net_position"] < 0
    pop = totals.query("iso3 == 'SEN' and year == 2019")["population_thousands"].item() * 1000
    assert summary.loc["SEN", "emigration_rate_pct"] == pytest.approx(100 * 650_482 / (pop + 650_482))
    assert em.top_destinations(od, "SEN", 2019, 3)["destination_iso3"].tolist() == ["GMB", "FRA", "ITA"]


def _od(**columns) -> pd.DataFrame:
    return OD.assign(**columns)


#: Bad input of the origin-country view: the call and the words of its error (all InputError).
BAD_ORIGIN_INPUT = [
    ("infinite stock", lambda: em.emigrants(_od(stock=[1.0, 2, 3, 4, 5, float("inf"), 7]), 2019),
     "'od' column 'stock' has 1 infinite value(s), first at row 5 (inf); expected finite numbers"),
    ("huge stocks overflow their sum", lambda: em.emigrants(_od(stock=[1e308] * 7), 2019),
     "the emigrant stocks of 'od' are too large to add up (the sum overflows)"),
    ("huge stocks in top_destinations", lambda: em.top_destinations(_od(stock=[1e308] * 7), "SEN", 2019),
     "the emigrant stocks of SEN in 'od' are too large to add up"),
    ("huge stocks in origin_summary", lambda: em.origin_summary(_od(stock=[1e308] * 7), TOTALS, "SEN"),
     "too large to add up"),
    ("huge stocks in bilateral_remittances",
     lambda: em.bilateral_remittances(pd.Series({"SEN": 5.0}), _od(stock=[1e308] * 7)),
     "the values of 'migrant_stock' are too large to add up"),
    ("unknown code", lambda: em.available_origins(OD, ["SEN", "ZZZ"]),
     "argument 'countries': ZZZ is a user-assigned code, not an ISO 3166-1 country; the only one accepted is XKX"),
    ("not a code", lambda: em.emigrant_change(OD, ["SEN", "Senegal"]),
     "argument 'countries': 'Senegal' is not an alpha-3 code; for Senegal write SEN"),
    ("missing code", lambda: em.origin_summary(OD, TOTALS, ["SEN", float("nan")]),
     "argument 'countries': nan is not a country code (expected three letters such as PHL)"),
    ("None as country", lambda: em.top_destinations(OD, None),
     "argument 'country': None is not a country code"),
    ("code twice", lambda: em.emigrant_change(OD, ["SEN", "sen"]), "argument 'countries': SEN is listed twice"),
    ("no countries", lambda: em.largest_corridors(OD, []), "argument 'countries': expected at least one country code"),
    ("unknown code in the inflows", lambda: em.bilateral_remittances(pd.Series({"ZZZ": 1.0}), OD),
     "argument 'inflows (its index)': ZZZ is a user-assigned code"),
    ("missing origin in the table", lambda: em.emigrants(_od(origin_iso3=["SEN", None, "MLI", "SEN", "SEN", "SEN",
                                                                          "MLI"]), 2019),
     "'od' column 'origin_iso3' has 1 missing value(s), first at row 1; expected a country code in every row"),
    ("lower case in the table", lambda: em.emigrants(_od(destination_iso3=["FRA", "gmb", "SEN", "FRA", "GMB", "ITA",
                                                                           "SEN"]), 2019),
     "'od' column 'destination_iso3' has 'gmb' at row 1: expected it written as ISO 3166-1 writes it, GMB"),
    ("unknown code in the table", lambda: em.emigrants(_od(origin_iso3=["SEN", "SEN", "ZZZ", "SEN", "SEN", "SEN",
                                                                        "MLI"]), 2019),
     "'od' column 'origin_iso3' has 'ZZZ' at row 2: ZZZ is a user-assigned code"),
    ("sub-region rows",
     lambda: em.emigrants(_od(destination_iso3=["FRA", "GMB", "SEN", "FRA", "GMB", "", "SEN"]), 2019),
     "'od' has sub-region rows (empty 'destination_iso3', first at row 5): they count again migrants"),
    ("years as text", lambda: em.emigrants(_od(year=[str(y) for y in OD.year]), 2019),
     "'od' column 'year' must hold numbers; row 0 has the text '1990'"),
    ("missing year", lambda: em.emigrants(_od(year=[1990, None, 1990, 2019, 2019, 2019, 2019]), 2019),
     "'od' column 'year' has 1 missing value(s), first at row 1"),
    ("year 2019.5", lambda: em.emigrants(_od(year=[1990, 1990, 1990, 2019.5, 2019, 2019, 2019]), 2019),
     "'od' column 'year' must hold whole years; row 3 has 2019.5"),
    ("census without tertiary residents", lambda: em.brain_drain_indicators(pd.DataFrame({
        "population": ["residents", "emigrants", "emigrants"], "education": ["low", "low", "high"],
        "persons": [80, 10, 5]})),
     "argument 'census' counts no tertiary-educated ('high') residents: the emigration rates and the selection "
     "ratio need some"),
    ("huge census", lambda: em.brain_drain_indicators(pd.DataFrame({
        "population": ["residents", "residents", "emigrants"], "education": ["high", "high", "high"],
        "persons": [1e308, 1e308, 5]})), "the persons of 'census' are too large to add up"),
    ("jobs with a missing group", lambda: em.overqualification_rate(pd.DataFrame({
        "occupation": [2, 5], "persons": [1, 1], "destination_iso3": [None, "USA"]}), by="destination_iso3"),
     "'jobs' column 'destination_iso3' (argument 'by') has 1 missing value(s), first at row 0; their persons would "
     "be left out"),
    ("huge jobs", lambda: em.overqualification_rate(pd.DataFrame({"occupation": [2, 5], "persons": [1e308, 1e308]})),
     "the persons of 'jobs' are too large to add up"),
]


@pytest.mark.parametrize("call, words", [case[1:] for case in BAD_ORIGIN_INPUT],
                         ids=[case[0] for case in BAD_ORIGIN_INPUT])
def test_bad_input_of_the_origin_view_gets_a_named_error(call, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError) as caught:
            call()
    assert words in str(caught.value), str(caught.value)


def test_country_codes_given_as_arguments_are_normalised_and_kosovo_is_absent_not_refused():
    assert em.available_origins(OD, [" sen", "mli", "XKX"]) == (["SEN", "MLI"], ["XKX"])
    assert em.top_destinations(OD, "sen", 2019).equals(em.top_destinations(OD, "SEN", 2019))
    with pytest.warns(MlalibWarning, match="no emigrant count"):  # SEN -> ITA is not available in 2019
        lower = em.bilateral_remittances(pd.Series({"sen": 250.0}), OD, 2019)
        assert lower.equals(em.bilateral_remittances(pd.Series({"SEN": 250.0}), OD, 2019))
    with pytest.raises(InputError, match="no emigrants of 'XKX' in 'od'"):
        em.top_destinations(OD, "XKX", 2019)


def test_a_change_to_no_emigrants_warns_that_the_annual_rate_is_undefined():
    with pytest.warns(MlalibWarning, match="no emigrants of 'SEN' in 2019: the annual rate of change .* is undefined"):
        table = em.emigrant_change(_od(stock=[100, 60, 40, 0, 0, None, 50]), "SEN")
    assert table.loc["SEN", "change_pct"] == -100.0 and pd.isna(table.loc["SEN", "annual_rate_pct"])


def test_stocks_beyond_64_bits_are_numbers():
    assert em.emigrants(_od(stock=[10**20] * 7), 2019).tolist() == [1e20, 3e20]


def test_sources_without_un_desa_emigrants_warn_and_leave_the_difference_missing():
    knomad = pd.DataFrame({"origin_code": ["SEN", "MLI"], "destination_code": ["FRA", "SEN"], "migrants": [9.0, 4.0]})
    with pytest.warns(MlalibWarning, match="UN DESA counts no emigrants of 'MLI' in 2019: the difference in per cent "
                                           "is undefined"):
        both = em.emigrants_by_source(_od(stock=[100, 60, 40, 130, 120, None, 0]), knomad, ["SEN", "MLI"])
    assert pd.isna(both.loc["MLI", "difference_pct"]) and both.loc["SEN", "difference_pct"] == pytest.approx(
        100 * (9 / 250 - 1))


@pytest.mark.parametrize("call, error, message", [
    (lambda: em.emigrants(OD.drop(columns="stock"), 2019), MissingColumnError, "lacks the column"),
    (lambda: em.emigrants(OD, 2020), InputError, r"'year' must be one of the years of 'od' \[1990, 2019\]"),
    (lambda: em.emigrants(pd.concat([OD, OD.iloc[[0]]]), 1990), InputError, "SEN -> FRA of 1990 twice"),
    (lambda: em.emigrants(OD.assign(stock=OD.stock.astype(object).where(OD.index != 0, "12")), 1990), InputError,
     "must hold numbers"),
    (lambda: em.emigrants(OD.assign(stock=OD.stock * -1), 1990), InputError, "must not be negative"),
    (lambda: em.top_destinations(OD, "ZZZ"), InputError, "argument 'country': ZZZ is a user-assigned code"),
    (lambda: em.top_destinations(OD, "SEN", n=0), InputError, "'n' must be a whole number"),
    (lambda: em.emigration_rate(0, 0), InputError, "both 0"),
    (lambda: em.emigration_rate(-5, 10), InputError, "'emigrants'"),
    (lambda: em.selection_ratio(300, 200, 100, 1000), InputError, "cannot outnumber"),
    (lambda: em.overqualification_rate(pd.DataFrame({"occupation": [12], "persons": [3]})), InputError,
     "major groups 0-9"),
    (lambda: em.brain_drain_indicators(pd.DataFrame({"population": ["abroad"], "education": ["high"],
                                                     "persons": [3]})), InputError, "'population'"),
    (lambda: em.origin_summary(OD, TOTALS[TOTALS.iso3 == "SEN"], ["SEN", "MLI"], 2019), InputError,
     "'totals' has no row for 'MLI'"),
    (lambda: em.emigrant_change(OD, "SEN", 2019, 1990), InputError, "'end' .* after"),
])
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_synthetic_census_follows_the_seed_and_is_labelled():
    a, b = education_census(4, "SEN"), education_census(5, "SEN")
    assert education_census(4, "SEN").equals(a) and not a.equals(b)
    assert not education_census(4, "PHL")["persons"].equals(a["persons"])
    assert set(a["data"]) == {"synthetic"} and set(tertiary_migrant_jobs(4, "SEN")["data"]) == {"synthetic"}
    for seed in range(20):
        got = em.brain_drain_indicators(education_census(seed, "MEX"))
        assert 1.5 < got["emigration_rate_pct"] < 11 and got["selection_ratio"] > 0
        assert 15 < em.overqualification_rate(tertiary_migrant_jobs(seed, "MEX")) < 55
    jobs = tertiary_migrant_jobs(4, "SEN").groupby("country_of_residence")["persons"].sum()
    tertiary = a[(a.population == "emigrants") & (a.education == "high")].groupby("country_of_residence")["persons"].sum()
    assert (jobs <= tertiary).all()  # the employed are some of the tertiary-educated emigrants
    with pytest.raises(InputError, match="argument 'origin': 'Senegal' is not an alpha-3 code; for Senegal write SEN"):
        education_census(1, "Senegal")
    with pytest.raises(InputError, match="argument 'seed': expected a whole number from 0 to 4294967295, got 1.5"):
        education_census(1.5, "SEN")


def test_remittance_summary_and_sources_by_hand():
    wdi = pd.DataFrame({"iso3": ["SEN", "MLI"], "year": [2019, 2019], "value": [1_000_000.0, None]})
    with pytest.warns(MlalibWarning, match="'wdi' has no remittances received by 'MLI' in 2019: their remittance "
                                           "columns are missing"):
        table = em.remittance_summary(wdi, OD, TOTALS, ["SEN", "MLI"], 2019)
    # SEN: 1,000,000 / 250 emigrants = 4,000; / 2,750 residents = 363.64
    assert table.loc["SEN", "usd_per_emigrant"] == pytest.approx(4000.0)
    assert table.loc["SEN", "usd_per_resident"] == pytest.approx(1_000_000 / 2750)
    assert pd.isna(table.loc["MLI", "usd_per_emigrant"])  # no WDI value: missing, not invented
    knomad = pd.DataFrame({"origin_code": ["SEN", "SEN", "MLI"], "destination_code": ["FRA", "", "SEN"],
                           "migrants": [200.0, 100.0, 40.0]})
    both = em.emigrants_by_source(OD, knomad, ["SEN", "MLI"], 2019)
    assert both.loc["SEN"].tolist() == pytest.approx([250.0, 300.0, 20.0])
    assert both.loc["MLI", "difference_pct"] == pytest.approx(-20.0)
    with pytest.raises(InputError, match="'knomad' has no emigrants of 'MLI'"):
        em.emigrants_by_source(OD, knomad[knomad.origin_code == "SEN"], ["SEN", "MLI"])


def test_sources_agree_in_magnitude_on_the_bundled_data():
    both = em.emigrants_by_source(load("undesa_migrant_stock_2019_by_origin"), load("knomad_migrant_stock_2017"),
                                  ["PHL", "MEX", "SEN"])
    assert both["difference_pct"].abs().max() < 5
