"""Property-based test over the public functions that take tables or numbers.

For generated inputs (empty, NaN, inf, negative, text, booleans, wrong dtypes, mismatched labels)
every function returns a valid result or raises an mlalib error: never another exception, never
NaN or inf without a stated reason (the documented exceptions are listed per function in
``ALLOWED_GAPS``). The budget is bounded: at most ``EXAMPLES`` examples per function.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlalib import flows, indices, ipf, labour, remittances, returns
from mlalib.errors import MlalibError, MlalibWarning

EXAMPLES = 100
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])

REGIONS = ["A", "B", "C"]
SPECIAL = [0.0, -1.0, -0.5, np.nan, np.inf, -np.inf, 1e300, "5", "abc", "", None, True, False]

# --- strategies ---------------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1e6)
scalar = st.one_of(positive, finite, st.integers(-5, 10**6), st.sampled_from(SPECIAL))


@st.composite
def labels(draw, size: int | None = None) -> list[str]:
    n = draw(st.integers(0, 4)) if size is None else size
    return draw(st.lists(st.sampled_from(list("ABCDE")), min_size=n, max_size=n, unique=True))


@st.composite
def column(draw, n: int) -> list[Any]:
    """One column of ``n`` values of a random kind: clean numbers, numbers with specials, text, booleans."""
    kind = draw(st.sampled_from(["positive", "finite", "special", "text", "bool", "ints", "category"]))
    element = {"positive": positive, "finite": finite, "special": st.one_of(positive, st.sampled_from(SPECIAL)),
               "text": st.sampled_from(["5", "x", "", "1,5"]), "bool": st.booleans(), "ints": st.integers(0, 3),
               "category": st.sampled_from(["a", "b"])}[kind]
    return draw(st.lists(element, min_size=n, max_size=n))


@st.composite
def numbers(draw) -> Any:
    """A number, an array or a Series (labels from a small set, so two of them may not match)."""
    kind = draw(st.sampled_from(["scalar", "scalar", "array", "series", "list"]))
    if kind == "scalar":
        return draw(scalar)
    n = draw(st.integers(0, 4))
    values = draw(column(n))
    if kind == "list":
        return values
    if kind == "array":
        try:
            return np.asarray(values)
        except ValueError:
            return values
    return pd.Series(values, index=draw(labels(n)) if draw(st.booleans()) else range(n), dtype=object
                     if draw(st.booleans()) else None)


@st.composite
def series_over(draw, index: list[Any], element: st.SearchStrategy = positive) -> pd.Series:
    """A Series over ``index`` (sometimes one label short or with a bad value), else any numbers."""
    labels_ = draw(st.sampled_from([index, index, index[:-1]]))
    values = draw(st.lists(st.one_of(element, element, element, st.sampled_from(SPECIAL)), min_size=len(labels_),
                           max_size=len(labels_)))
    return pd.Series(values, index=labels_, dtype=object if any(isinstance(v, str) or v is None for v in values)
                     else None)


@st.composite
def square(draw) -> pd.DataFrame:
    """A (mostly) square table of regions, sometimes with mismatched labels or bad cells."""
    n = draw(st.integers(0, 3))
    rows = REGIONS[:n]
    cols = draw(st.sampled_from([rows, list(reversed(rows)), REGIONS[1:n + 1], REGIONS[:max(n - 1, 0)]]))
    kind = draw(st.sampled_from(["clean", "clean", "clean", "special", "ints", "text"]))
    element = {"clean": st.floats(0, 1000), "special": st.one_of(st.floats(0, 100), st.sampled_from(SPECIAL)),
               "ints": st.integers(-2, 50), "text": st.sampled_from(["5", "x"])}[kind]
    cells = draw(st.lists(st.lists(element, min_size=len(cols), max_size=len(cols)), min_size=n, max_size=n))
    return pd.DataFrame(cells, index=rows, columns=cols) if n else pd.DataFrame(index=rows, columns=cols)


@st.composite
def frame(draw, names: list[str], extra: dict[str, st.SearchStrategy] | None = None) -> pd.DataFrame:
    """A table with the named columns, each of a random kind; 0 to 8 rows; sometimes a column is missing."""
    n = draw(st.integers(0, 8))
    data = {}
    for name in names:
        if extra and name in extra:
            data[name] = draw(st.lists(extra[name], min_size=n, max_size=n))
        else:
            data[name] = draw(column(n))
    table = pd.DataFrame(data, index=range(n))
    if names and draw(st.integers(0, 9)) == 0:
        table = table.drop(columns=draw(st.sampled_from(names)))
    return table


# --- the checks ---------------------------------------------------------------------------------------

#: Results that may hold NaN or inf, with the reason stated in the function's docstring.
ALLOWED_GAPS = {
    "growth_pct": {"growth_pct@first"},  # the first year has no growth (documented)
    "duration_group": {"*"},  # missing durations stay missing (documented)
    # a region that sends or receives nothing, or all flows equal (documented, as in migest)
    "index_connectivity": {"mwg_orig", "mwg_dest", "mwg_mean", "acv", "gini_orig_standardized",
                           "gini_dest_standardized"},
}


def _finite(values: Any) -> bool:
    array = np.asarray(values, dtype="float64")
    return bool(np.isfinite(array).all())


def _check(name: str, result: Any) -> None:
    allowed = ALLOWED_GAPS.get(name, set())
    if "*" in allowed:
        return
    if isinstance(result, ipf.IPFResult):
        result = result.table
    if isinstance(result, pd.DataFrame):
        for col in result.columns:
            series = result[col]
            if col in allowed or not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
                continue
            assert _finite(series.astype("float64")), f"{name}: column {col!r} has NaN or inf:\n{result}"
    elif isinstance(result, pd.Series):
        if pd.api.types.is_numeric_dtype(result) and not pd.api.types.is_bool_dtype(result):
            values = result.iloc[1:] if "growth_pct@first" in allowed else result
            values = values[[label not in allowed for label in values.index]]
            assert _finite(values.astype("float64")), f"{name}: NaN or inf in\n{result}"
    elif isinstance(result, (int, float, np.number, np.ndarray)):
        assert _finite(result), f"{name}: NaN or inf in {result!r}"


def _run(name: str, call: Callable[[], Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MlalibWarning)  # stated warnings are fine
        warnings.simplefilter("error", RuntimeWarning)  # numpy's silent NaN/inf (divide by zero, overflow) is not
        try:
            result = call()
        except MlalibError:
            return
    _check(name, result)


# --- one property per function ------------------------------------------------------------------------

NUMBER_FUNCTIONS: dict[str, tuple[Callable[..., Any], int]] = {
    "net_migration_residual": (flows.net_migration_residual, 4),
    "balancing_equation": (flows.balancing_equation, 5),
    "crude_rate": (flows.crude_rate, 3),
    "net_migration_rate": (flows.net_migration_rate, 3),
    "annual_rate_of_change": (flows.annual_rate_of_change, 3),
    "fee_pct": (remittances.fee_pct, 2),
    "fx_margin_pct": (remittances.fx_margin_pct, 2),
    "total_cost_pct": (remittances.total_cost_pct, 4),
    "savings_at_target": (remittances.savings_at_target, 3),
    "remittances_pct_gdp": (remittances.remittances_pct_gdp, 2),
    "per_capita": (remittances.per_capita, 2),
    "return_rate": (returns.return_rate, 2),
    "index_intensity": (indices.index_intensity, 3),
}


@pytest.mark.parametrize("name", sorted(NUMBER_FUNCTIONS))
def test_functions_of_numbers(name):
    function, arity = NUMBER_FUNCTIONS[name]

    @SETTINGS
    @given(args=st.lists(numbers(), min_size=arity, max_size=arity))
    def check(args):
        _run(name, lambda: function(*args))

    check()


@SETTINGS
@given(values=numbers(), weights=numbers(), q=scalar)
def test_weighted_quantile(values, weights, q):
    _run("weighted_quantile", lambda: labour.weighted_quantile(values, weights, q))


@SETTINGS
@given(values=numbers(), weights=numbers())
def test_weighted_median(values, weights):
    _run("weighted_median", lambda: indices.weighted_median(values, weights))


@SETTINGS
@given(years=st.one_of(numbers(), st.sampled_from(["two", None, 3])))
def test_duration_group(years):
    _run("duration_group", lambda: returns.duration_group(years))


@SETTINGS
@given(start=square(), end=square(), births=st.one_of(st.none(), numbers()), deaths=st.one_of(st.none(), numbers()),
       tol=st.one_of(st.just(1e-3), scalar), stayers=st.booleans(),
       method=st.sampled_from(["rescale", "open", "open-dr", "nope"]))
def test_flows_from_stocks(start, end, births, deaths, tol, stayers, method):
    _run("flows_from_stocks", lambda: flows.flows_from_stocks(start, end, births, deaths, tol=tol,
                                                              stayer_assumption=stayers,
                                                              match_birthplace_tot_method=method))


@SETTINGS
@given(start=square(), end=square(), decrease=st.sampled_from(["return", "zero", 1]))
def test_flows_from_stock_differences(start, end, decrease):
    _run("flows_from_stock_differences", lambda: flows.flows_from_stock_differences(start, end, decrease=decrease))


@SETTINGS
@given(start=square(), end=st.one_of(st.none(), square()), total=st.one_of(st.none(), scalar),
       method=st.sampled_from(["dennett", "rogers-von-rabenau", "x"]))
def test_flows_from_rates(start, end, total, method):
    _run("flows_from_rates", lambda: flows.flows_from_rates(start, end, total=total, method=method))


@SETTINGS
@given(x=numbers(), total=scalar)
def test_rescale_integer_sum(x, total):
    _run("rescale_integer_sum", lambda: flows.rescale_integer_sum(x, total))


@pytest.mark.parametrize("name", ["region_summary", "net_migration", "to_long", "index_connectivity"])
def test_functions_of_od_tables(name):
    function = {"region_summary": flows.region_summary, "net_migration": flows.net_migration,
                "to_long": flows.to_long, "index_connectivity": indices.index_connectivity}[name]

    @SETTINGS
    @given(od=square())
    def check(od):
        _run(name, lambda: function(od))

    check()


@SETTINGS
@given(od=square(), population=st.one_of(series_over(REGIONS), numbers()))
def test_index_impact(od, population):
    _run("index_impact", lambda: indices.index_impact(od, population.reindex(od.index) if isinstance(
        population, pd.Series) and len(population) == len(REGIONS) else population))


@SETTINGS
@given(od=square(), distance=square(), clean=st.lists(st.floats(1, 100), min_size=9, max_size=9))
def test_index_distance(od, distance, clean):
    n = len(od)
    if n and set(od.index) == set(od.columns) and len(clean) >= n * n:
        distance = pd.DataFrame(np.reshape(clean[:n * n], (n, n)), index=od.index, columns=od.index)
    _run("index_distance", lambda: indices.index_distance(od, distance))


@SETTINGS
@given(long=frame(["origin", "destination", "flow"], {"origin": st.sampled_from(["A", "B", None]),
                                                      "destination": st.sampled_from(["A", "B"])}))
def test_od_matrix_and_to_matrix(long):
    _run("od_matrix", lambda: flows.od_matrix(long))
    _run("to_matrix", lambda: flows.to_matrix(long))


@SETTINGS
@given(rows=numbers(), cols=numbers(), seed=st.one_of(st.none(), square()), tol=st.one_of(st.just(1e-5), scalar))
def test_ipf2(rows, cols, seed, tol):
    _run("ipf2", lambda: ipf.ipf2(rows, cols, seed, tol=tol))


PRICE_COLUMNS = ["sending", "receiving", "period", "total_cost_pct", "smart"]
price_extra = {"sending": st.sampled_from(["USA", "GBR"]), "receiving": st.sampled_from(["MEX", "IND"]),
               "period": st.sampled_from(["2020Q1", "2020Q2"])}


@pytest.mark.parametrize("name", ["corridor_average", "global_average", "smart_average", "price_flags",
                                  "share_of_corridors_above"])
def test_functions_of_price_tables(name):
    function = {"corridor_average": remittances.corridor_average, "global_average": remittances.global_average,
                "smart_average": remittances.smart_average, "price_flags": remittances.price_flags,
                "share_of_corridors_above": remittances.share_of_corridors_above}[name]

    @SETTINGS
    @given(prices=frame(PRICE_COLUMNS, price_extra))
    def check(prices):
        _run(name, lambda: function(prices))

    check()


@SETTINGS
@given(prices=frame(PRICE_COLUMNS, price_extra),
       groups=st.one_of(st.just(pd.Series({"MEX": "LAC", "IND": "SA", "USA": "NA", "GBR": "EU"})), numbers()))
def test_regional_average(prices, groups):
    _run("regional_average", lambda: remittances.regional_average(prices, groups))


@SETTINGS
@given(prices=frame(PRICE_COLUMNS, price_extra),
       volumes=frame(["sending", "receiving", "volume"], {"sending": st.sampled_from(["USA", "GBR"]),
                                                          "receiving": st.sampled_from(["MEX", "IND"])}))
def test_weighted_average(prices, volumes):
    _run("weighted_average", lambda: remittances.weighted_average(prices, volumes))


@SETTINGS
@given(series=numbers())
def test_growth_pct(series):
    _run("growth_pct", lambda: remittances.growth_pct(series))


YEARS = [2019, 2020, 2021]


@SETTINGS
@given(values=st.one_of(series_over(YEARS, finite), numbers()), deflator=st.one_of(series_over(YEARS), numbers()),
       base=st.sampled_from([2019, 2021, 1990, "2020", None]))
def test_real_terms(values, deflator, base):
    _run("real_terms", lambda: remittances.real_terms(values, deflator, base))


@SETTINGS
@given(num=st.one_of(series_over(REGIONS), numbers()), den=st.one_of(series_over(REGIONS), numbers()),
       groups=st.one_of(series_over(REGIONS, st.sampled_from(["north", "south"])), numbers()))
def test_group_ratio(num, den, groups):
    _run("group_ratio", lambda: remittances.group_ratio(num, den, groups))


@SETTINGS
@given(inflows=numbers(), stock=square(), income=st.one_of(st.none(), numbers()),
       rule=st.sampled_from(["stock", "stock-income"]))
def test_allocate_bilateral(inflows, stock, income, rule):
    _run("allocate_bilateral", lambda: remittances.allocate_bilateral(inflows, stock, income, rule))


@SETTINGS
@given(seed=st.one_of(square(), numbers()), rows=numbers(), cols=numbers(), tol=st.one_of(st.just(1e-6), scalar),
       criterion=st.sampled_from(["margin", "change", "x"]))
def test_ipf_fit(seed, rows, cols, tol, criterion):
    _run("fit", lambda: ipf.fit(seed, [((0,), rows), ((1,), cols)], tol=tol, criterion=criterion))
