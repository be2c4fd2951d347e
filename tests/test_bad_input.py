"""Library functions: each bad input gets mlalib's own error naming the problem, or a stated warning.

One row per case: the call, the error (or warning) class, and the words that must name the argument,
column, file, row or value and what was expected.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mlalib import flows, labour, remittances, returns, survey
from mlalib._validate import numeric
from mlalib.survey import Design
from mlalib.data import read_knomad_migrants, read_knomad_remittances, read_rpw_corridors, read_wdi
from mlalib.errors import (
    MAX_MESSAGE, ConfigError, DataFileError, InputError, MlalibError, MlalibWarning, shown, summarise,
)

SAMPLE = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "w": [1.0, 1.0, 2.0, 2.0]})
STOCK = pd.DataFrame([[100, 30], [10, 50]], index=["A", "B"], columns=["A", "B"])
LFS = pd.DataFrame({"country_of_birth": ["PHL", "PHL", "IDN"], "citizenship": ["PHL", "PHL", "IDN"],
                    "labour_status": ["employed", "unemployed", "employed"]})


def _with(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    return frame.assign(**columns)


ERRORS = [
    # survey.estimate
    ("estimate: empty frame", lambda: survey.estimate(SAMPLE.iloc[:0], "y", design=Design("w")),
     InputError, "argument 'data' has no rows"),
    ("estimate: level as text", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), level="0.95"),
     InputError, "argument 'level' must be a number, got the text '0.95' (write 0.95 without quotes"),
    ("estimate: level 95", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), level=95),
     InputError, "argument 'level' must be between 0 and 1 (exclusive), got 95"),
    ("estimate: infinite weight", lambda: survey.estimate(_with(SAMPLE, w=[1, np.inf, 1, 1]), "y", design=Design("w")),
     InputError, "weight column 'w' has 1 infinite value(s), first at row 1 (inf)"),
    ("estimate: infinite value", lambda: survey.estimate(_with(SAMPLE, y=[1, 2, -np.inf, 1]), "y", design=Design("w")),
     InputError, "variable column 'y' has 1 infinite value(s), first at row 2 (-inf)"),
    ("estimate: min_n negative", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), min_n=-1),
     InputError, "argument 'min_n' must be at least 0, got -1"),
    ("estimate: min_n 2.5", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), min_n=2.5),
     InputError, "argument 'min_n' must be a whole number, got 2.5"),
    ("estimate: max_cv negative", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), max_cv=-1),
     InputError, "argument 'max_cv' must be a non-negative number of per cent"),
    ("estimate: column name a list", lambda: survey.estimate(SAMPLE, ["y"], design=Design("w")),
     InputError, "column names are text (or numbers), got ['y']"),
    # weighted_quantile
    ("weighted_quantile: empty", lambda: labour.weighted_quantile(np.array([]), np.array([]), 0.5),
     InputError, "argument 'values' is empty"),
    ("weighted_quantile: q=2", lambda: labour.weighted_quantile(np.array([1.0, 3.0]), np.array([1.0, 1.0]), 2),
     InputError, "argument 'q' must be between 0 and 1, got 2"),
    ("weighted_quantile: q=-0.1", lambda: labour.weighted_quantile(np.array([1.0]), np.array([1.0]), -0.1),
     InputError, "argument 'q' must be between 0 and 1, got -0.1"),
    ("weighted_quantile: negative weight",
     lambda: labour.weighted_quantile(np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.5),
     InputError, "argument 'weights' must not be negative, got -1.0 at position 1"),
    ("weighted_quantile: zero weights", lambda: labour.weighted_quantile(np.array([1.0]), np.array([0.0]), 0.5),
     InputError, "argument 'weights' must have a positive, finite sum, got 0"),
    ("weighted_quantile: lengths", lambda: labour.weighted_quantile(np.array([1.0, 2.0]), np.array([1.0]), 0.5),
     InputError, "arguments 'values' and 'weights' must have the same length, got 2 and 1"),
    # flows
    ("flows_from_rates: total as text", lambda: flows.flows_from_rates(STOCK, total="100"),
     InputError, "argument 'total' must be a number, got the text '100' (write 100 without quotes"),
    ("flows_from_rates: method", lambda: flows.flows_from_rates(STOCK, total=1, method="dennet"),
     InputError, "argument 'method' must be 'dennett' or 'rogers-von-rabenau', got 'dennet'"),
    ("flows_from_stocks: tol=0", lambda: flows.flows_from_stocks(STOCK, STOCK, tol=0),
     InputError, "argument 'tol' must be positive, got 0"),
    ("flows_from_stocks: tol=-1", lambda: flows.flows_from_stocks(STOCK, STOCK, tol=-1),
     InputError, "argument 'tol' must be positive, got -1"),
    ("flows_from_stocks: empty", lambda: flows.flows_from_stocks(pd.DataFrame(), pd.DataFrame()),
     InputError, "argument 'stock_start' is empty; a stock table needs at least one region"),
    ("flows_from_stock_differences: empty", lambda: flows.flows_from_stock_differences(pd.DataFrame(), STOCK),
     InputError, "argument 'stock_start' is empty"),
    ("region_summary: negative flow",
     lambda: flows.region_summary(pd.DataFrame([[0, -5], [10, 0]], index=["A", "B"], columns=["A", "B"])),
     InputError, "argument 'od' has 1 negative flow(s) (first: -5 from 'A' to 'B')"),
    ("od_matrix: flow as text",
     lambda: flows.od_matrix(pd.DataFrame({"origin": ["A"], "destination": ["B"], "flow": ["5"]})),
     InputError, "argument 'flows['flow']' must hold numbers"),
    # numbers given as text: refused everywhere (README, "Types")
    ("fee_pct: text", lambda: remittances.fee_pct("5", 200),
     InputError, "argument 'fee' must be a number, got the text '5'"),
    ("crude_rate: text", lambda: flows.crude_rate(10, "1000"),
     InputError, "argument 'pop_start' must be a number, got the text '1000'"),
    ("annual_rate_of_change: years as text", lambda: flows.annual_rate_of_change(10, 20, "5"),
     InputError, "argument 'years' must be a number, got the text '5'"),
    ("return_rate: Series of text", lambda: returns.return_rate(pd.Series(["5", "6"]), 100),
     InputError, "argument 'returns' must hold numbers, got values of type"),
    ("savings_at_target: bool", lambda: remittances.savings_at_target(True, 5.0),
     InputError, "argument 'volume' must be a number, got True"),
    ("per_capita: list with text", lambda: remittances.per_capita([1.0, "two"], 10),
     InputError, "argument 'values' must hold numbers"),
    ("smart_average: n_cheapest as text", lambda: remittances.smart_average(pd.DataFrame({
        "sending": ["USA"], "receiving": ["MEX"], "period": ["p"], "total_cost_pct": [1.0], "smart": [True]}),
        n_cheapest="3"), InputError, "argument 'n_cheapest' must be a whole number, got '3'"),
    ("icls_categories: for_work_years as text", lambda: labour.icls_categories(LFS, "PHL", for_work_years="5"),
     InputError, "argument 'for_work_years' must be a number, got the text '5'"),
    ("estimate: min_n as text", lambda: survey.estimate(SAMPLE, "y", design=Design("w"), min_n="30"),
     InputError, "argument 'min_n' must be a whole number, got '30'"),
    # labels that do not match (pandas would align them and leave NaN)
    ("fee_pct: mismatched labels",
     lambda: remittances.fee_pct(pd.Series([5.0, 6.0], index=["a", "b"]), pd.Series([200.0, 200.0], index=["a", "c"])),
     InputError, "arguments 'fee' and 'amount' must be Series with the same labels (only in 'fee': 'b'; only in "
                 "'amount': 'c')"),
    ("net_migration_residual: shapes", lambda: flows.net_migration_residual(np.ones(2), np.ones(3), 0, 0),
     InputError, "the arguments do not have matching shapes"),
    # returns
    ("duration_group: bare text", lambda: returns.duration_group("two"),
     InputError, "argument 'years' must be a Series of numbers of years, got 'two'"),
    ("duration_group: text in a Series", lambda: returns.duration_group(pd.Series([1, "two", 3])),
     InputError, "argument 'years' must hold numbers; row 1 has the text 'two'"),
    ("duration_group: a number written as text", lambda: returns.duration_group(pd.Series([1, "2"])),
     InputError, "argument 'years' must hold numbers; row 1 has the text '2' (numbers written as text are never"),
    ("duration_group: infinite", lambda: returns.duration_group(pd.Series([1.0, np.inf])),
     InputError, "argument 'years' has 1 infinite value(s), first at row 1 (inf)"),
    # ICLS categories: a country that is not in the data would make everyone a migrant
    ("icls_categories: lower case", lambda: labour.icls_categories(LFS, country="phl"),
     InputError, "argument 'country' 'phl' is not a value of the columns 'country_of_birth' or 'citizenship', so "
                 "every respondent would be a migrant; did you mean 'PHL'?"),
    ("icls_categories: ZZZ", lambda: labour.icls_categories(LFS, country="ZZZ"),
     InputError, "every respondent would be a migrant; their most common values are 'PHL', 'IDN'"),
    ("icls_categories: None", lambda: labour.icls_categories(LFS, country=None),
     InputError, "argument 'country' must be the code of the country of residence as the data write it (e.g. "
                 "'PHL'), got None"),
]


@pytest.mark.parametrize(("call", "error", "words"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_bad_input_gets_a_named_error(call, error, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an error case must not also warn
        with pytest.raises(error) as caught:
            call()
    assert isinstance(caught.value, MlalibError)
    assert words in str(caught.value), str(caught.value)
    assert len(str(caught.value)) <= MAX_MESSAGE


WARNINGS = [
    ("return_rate: returns above the stock", lambda: returns.return_rate(5_000, 100),
     "argument 'returns' is above 'emigrant_stock' in 1 case(s) (first: 5000 returns, stock 100), so the rate is "
     "above 100%"),
    ("total_cost_pct: applied above interbank", lambda: remittances.total_cost_pct(5, 200, 19.6, 19.5),
     "argument 'applied_rate' is above 'interbank_rate' in 1 of 1 price(s) (first margin -0.51%): a negative "
     "exchange-rate margin, as in promotions"),
    ("corridor_average: negative average", lambda: remittances.corridor_average(pd.DataFrame({
        "sending": ["USA", "USA"], "receiving": ["MEX", "MEX"], "period": ["2020Q1"] * 2,
        "total_cost_pct": [-4.0, -3.0]})),
     "the average of column 'total_cost_pct' is negative in 1 group(s) (first: -3.5% for sending 'USA', receiving "
     "'MEX', period '2020Q1')"),
    ("savings_at_target: negative cost", lambda: remittances.savings_at_target(1_000, -2.0),
     "argument 'current_cost_pct' has 1 negative cost(s) (first: -2%)"),
    ("flows_from_stocks: zeros", lambda: flows.flows_from_stocks(STOCK * 0, STOCK * 0),
     "the stock tables hold only zeros, so every flow is 0"),
    ("flows_from_stock_differences: zeros", lambda: flows.flows_from_stock_differences(STOCK * 0, STOCK * 0),
     "the stock tables hold only zeros"),
]


@pytest.mark.parametrize(("call", "words"), [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS])
def test_unusual_input_gives_a_result_and_a_stated_warning(call, words):
    with pytest.warns(MlalibWarning) as record:
        result = call()
    assert any(words in str(w.message) for w in record), [str(w.message) for w in record]
    values = np.asarray(result["flow"] if isinstance(result, pd.DataFrame) and "flow" in result else
                        result.select_dtypes("number") if isinstance(result, pd.DataFrame) else result, dtype=float)
    assert np.isfinite(values).all()


def test_warning_values_are_as_documented():
    with pytest.warns(MlalibWarning):
        assert returns.return_rate(5_000, 100) == pytest.approx(5000.0)
    with pytest.warns(MlalibWarning):
        assert remittances.savings_at_target(1_000, -2.0) == 0.0
    with pytest.warns(MlalibWarning):
        zeros = flows.flows_from_stocks(STOCK * 0, STOCK * 0)
    assert (zeros["flow"] == 0).all()


def test_promotions_of_single_services_do_not_warn():
    prices = pd.DataFrame({"sending": ["USA"] * 3, "receiving": ["MEX"] * 3, "period": ["2020Q1"] * 3,
                           "total_cost_pct": [-0.5, 4.0, 5.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert remittances.corridor_average(prices)["total_cost_pct"].item() == pytest.approx(2.8333333)


# --- files -------------------------------------------------------------------------------------------

WDI_HEAD = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-01-28",\n\n'
WDI_COLUMNS = '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
WDI_ROW = '"India","IND","Personal remittances, received (current US$)","BX.TRF.PWKR.CD.DT","83332000000","83149000000",\n'


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_wdi_well_formed_file_reads(tmp_path):
    frame = read_wdi(_write(tmp_path, "API_x.csv", WDI_HEAD + WDI_COLUMNS + WDI_ROW))
    assert frame["value"].tolist() == [83332000000.0, 83149000000.0]


@pytest.mark.parametrize(("content", "words"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "API_x.csv: not a text file (it contains NUL bytes); expected a "
                                                   "World Bank WDI bulk download"),
    (b"\xff\xfe\xfa binary", "API_x.csv: not UTF-8 text (byte 0 is 0xff)"),
    (WDI_HEAD + WDI_COLUMNS + WDI_ROW + '"Chad","TCD"\n', "API_x.csv: line 7 has 2 cell(s) (['Chad', 'TCD']); "
                                                          "expected at least the 4 columns"),
    (WDI_HEAD + WDI_COLUMNS.replace('"2020"', '"2019"') + WDI_ROW, "API_x.csv: the header has the year 2019 twice "
                                                                  "(columns 5 and 6); expected each year once"),
    (WDI_HEAD + WDI_COLUMNS + WDI_ROW.replace("83149000000", "1,234"), "API_x.csv: line 6, 'India' 2020 holds '1,234', expected a number"),
])
def test_wdi_bad_files(tmp_path, content, words):
    with pytest.raises(DataFileError) as caught:
        read_wdi(_write(tmp_path, "API_x.csv", content))
    assert words in str(caught.value), str(caught.value)


@pytest.mark.parametrize(("content", "words"), [
    ("", "rpw.csv: the file is empty; expected a DataBank CSV export"),
    ("\n\n\n", "rpw.csv: the file has no columns"),
])
def test_rpw_empty_files(tmp_path, content, words):
    with pytest.raises(DataFileError, match=re.escape(words)):
        read_rpw_corridors(_write(tmp_path, "rpw.csv", content))


def _workbook(tmp_path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bilateral"
    for row in rows:
        sheet.append(row)
    path = tmp_path / "knomad.xlsx"
    book.save(path)
    return path


def test_knomad_sheet_with_only_a_title(tmp_path):
    path = _workbook(tmp_path, [["Bilateral Remittance Estimates for 2017"]])
    with pytest.raises(DataFileError, match=re.escape("knomad.xlsx: the sheet 'Bilateral' has the title 'Bilateral "
                                                      "Remittance Estimates for 2017' but no table below it")):
        read_knomad_remittances(path)


@pytest.mark.parametrize("reader,title,words", [
    (read_knomad_remittances, "Bilateral Remittance Estimates for 2017", "usd_millions cannot be negative"),
    (read_knomad_migrants, "Bilateral Estimates of Migrant Stocks in 2017", "migrants cannot be negative"),
])
def test_knomad_negative_values(tmp_path, reader, title, words):
    path = _workbook(tmp_path, [[title], [None, "Mexico", "India"], ["United States", 30019.2, -5.0],
                                ["Germany", 1.0, 2.0]])
    with pytest.raises(DataFileError, match=re.escape(f"knomad.xlsx: 'United States' -> 'India' holds -5; {words}")):
        reader(path)


def test_knomad_well_formed_workbook_reads(tmp_path):
    path = _workbook(tmp_path, [["Bilateral Remittance Estimates for 2017"], [None, "Mexico", "India"],
                                ["United States", 30019.2, 11714.6]])
    assert read_knomad_remittances(path)["usd_millions"].tolist() == [30019.2, 11714.6]


# --- bounded messages ----------------------------------------------------------------------------------

def test_messages_are_bounded_whatever_the_input():
    with pytest.raises(InputError) as caught:
        numeric(["x" * 10_000] * 2_000_000, "values")
    assert len(str(caught.value)) < 400
    huge = InputError("x" * 10_000_000)
    assert len(str(huge)) <= MAX_MESSAGE and "more characters not shown" in str(huge)
    many = ConfigError("c.yaml", [f"problem {i}" for i in range(2_000_000)])
    assert len(many.one_line()) < 1_000 and "and 1,999,980 more" in many.one_line()
    assert summarise(range(2_000_000)) == "2,000,000 entries; the first 3 are 0, 1, 2"
    nested: list = []
    for _ in range(10_000):
        nested = [nested, nested]
    assert len(shown(nested)) <= 120


def test_one_line_for_the_command_line():
    err = ConfigError("c.yaml", ["field 'a': bad", "field 'b':\nworse"])
    assert err.one_line() == "c.yaml: 2 problem(s): field 'a': bad; field 'b': worse"
    assert "\n" not in InputError("a\nb").one_line()
