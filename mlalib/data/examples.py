"""The worked bilateral stock examples, ready for :func:`mlalib.flows.flows_from_stocks`.

Example
-------
>>> from mlalib import flows
>>> example = stock_example("abel_cohen2019")
>>> result = flows.flows_from_stocks(example.stock_start, example.stock_end, example.births, example.deaths)
>>> float(flows.od_matrix(result).to_numpy().sum())
160.0
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from mlalib.data.registry import load
from mlalib.errors import UnknownDatasetError, shown


class StockExample(NamedTuple):
    """Stock tables (rows birthplace, columns residence) and births/deaths by region."""

    stock_start: pd.DataFrame
    stock_end: pd.DataFrame
    births: pd.Series
    deaths: pd.Series


def stock_example(name: str) -> StockExample:
    """One worked example of data set ``bilateral_stock_examples`` (see ``mlalib data list``)."""
    stocks = load("bilateral_stock_examples")
    names = sorted(set(stocks["example"]))
    if not isinstance(name, str) or name not in names:
        raise UnknownDatasetError(f"no stock example named {shown(name)}; known examples: {', '.join(names)}")
    chosen = stocks[stocks["example"] == name]

    def table(which: str) -> pd.DataFrame:
        wide = chosen[chosen["table"] == which].pivot(index="birthplace", columns="residence", values="stock")
        return wide.rename_axis(index="birthplace", columns="residence").astype("float64")

    demography = load("bilateral_demography_examples")
    demography = demography[demography["example"] == name].set_index("region")
    return StockExample(table("start"), table("end"), demography["births"].astype("float64").rename("births"),
                        demography["deaths"].astype("float64").rename("deaths"))
