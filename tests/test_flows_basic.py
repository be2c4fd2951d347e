"""The balancing equation and rates, against worked numbers and the UN DESA table."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mlalib import flows
from mlalib.errors import InputError


def test_balancing_equation_and_its_residual_are_inverse():
    p1 = flows.balancing_equation(1_000_000, births=15_000, deaths=9_000, immigrants=20_000, emigrants=14_000)
    assert p1 == 1_012_000
    assert flows.net_migration_residual(1_000_000, p1, births=15_000, deaths=9_000) == 6_000


def test_rates_per_thousand_of_the_mean_population():
    assert flows.crude_rate(6_000, 1_000_000, 1_012_000) == pytest.approx(1000 * 6_000 / 1_006_000)
    assert flows.crude_rate(500, 100_000) == pytest.approx(5.0)
    assert flows.net_migration_rate(-10_000, 1_000_000, 1_000_000, years=5) == pytest.approx(-2.0)


def test_series_are_aligned_and_kept():
    start = pd.Series([100.0, 200.0], index=["A", "B"])
    end = pd.Series([400.0, 110.0], index=["B", "A"])
    rate = flows.annual_rate_of_change(start, end, years=5)
    assert isinstance(rate, pd.Series)
    assert rate["A"] == pytest.approx(100 * math.log(1.1) / 5)
    assert rate["B"] == pytest.approx(100 * math.log(2) / 5)
    assert np.allclose(flows.crude_rate(np.array([1, 2]), np.array([1000, 1000])), [1, 2])


@pytest.mark.parametrize("call,message", [
    (lambda: flows.annual_rate_of_change(0, 10, 5), "argument 'stock_start' must be positive, got 0"),
    (lambda: flows.annual_rate_of_change(10, 10, 0), "argument 'years' must be a positive number of years"),
    (lambda: flows.crude_rate(1, -5), "argument 'pop_start' must be positive"),
    (lambda: flows.net_migration_residual(10, "a lot", 1, 1), "argument 'pop_end' must be a number, got the text 'a lot'"),
    (lambda: flows.balancing_equation(10, 1, 1, float("nan"), 1), "argument 'immigrants' has a missing"),
    (lambda: flows.crude_rate(pd.Series([1.0, None], index=["x", "y"]), 10),
     "argument 'events' has a missing or infinite value \\(nan at label 'y'\\)"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.reference
def test_annual_rate_of_change_reproduces_un_desa_table_5(reference_dir):
    book = openpyxl.load_workbook(reference_dir / "data" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
                                  read_only=True)
    stocks = {row[3]: row for row in book["Table 1"].iter_rows(min_row=12, values_only=True) if row[3]}
    header = next(book["Table 5"].iter_rows(min_row=11, max_row=11, values_only=True))
    checked = 0
    for row in book["Table 5"].iter_rows(min_row=12, values_only=True):
        code = row[3]
        if code not in stocks or not isinstance(row[5], (int, float)):
            continue
        stock = stocks[code][5:12]  # both sexes, 1990..2020
        for period in range(6):
            published = row[5 + period]
            if not isinstance(published, (int, float)) or not stock[period] or not stock[period + 1]:
                continue
            ours = flows.annual_rate_of_change(stock[period], stock[period + 1], 5)
            assert ours == pytest.approx(published, abs=5e-7), (row[1], header[5 + period])
            checked += 1
    assert checked > 1000


HUGE_OD = pd.DataFrame([[0, 1e308, 1.0], [1e308, 0, 1.0], [1.0, 1.0, 0]], index=list("ABC"), columns=list("ABC"))
HUGE_LONG = pd.DataFrame({"origin": ["A", "A"], "destination": ["B", "B"], "flow": [1e308, 1e308]})


@pytest.mark.parametrize("call, name", [
    (lambda: flows.region_summary(HUGE_OD), "region_summary"),
    (lambda: flows.net_migration(HUGE_OD), "region_summary"),
    (lambda: flows.od_matrix(HUGE_LONG), "od_matrix"),
    (lambda: flows.to_matrix(HUGE_LONG), "to_matrix"),
    (lambda: flows.flows_from_rates(HUGE_OD, total=1e308), "flows_from_rates"),
])
def test_values_too_large_to_combine_are_named_not_infinite(call, name):
    with pytest.raises(InputError, match=f"{name}: the values are too large to combine"):
        call()
