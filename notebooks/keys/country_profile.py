"""Key of 07_country_profile (see README.md in this folder). Its written exercises (parts C and D) have no key:
the trainer grades them with their rubric."""

from __future__ import annotations

import pandas as pd

from mlalib import emigration, labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, migrant_stock, origin_tables, profiled_country
from mlalib.exercises import country_profile as ex


def _female_share(ctx: Context) -> float:
    code = profiled_country(ctx)[0]
    return 100 * migrant_stock(ctx, code, 2020, "female") / migrant_stock(ctx, code, 2020)


def _summary(ctx: Context) -> pd.Series:
    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    return emigration.origin_summary(od, totals, [code]).loc[code]


def _per_emigrant(ctx: Context) -> float:
    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    return float(emigration.remittance_summary(lesson_data("remittances", ctx), od, totals, [code])
                 .loc[code, "usd_per_emigrant"])


def _unemployment_gap(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="migrant_status", weight="weight",
                                     strata="stratum", psu="psu")
    rates = table[table["indicator"] == "unemployment_rate"].set_index("migrant_status")["estimate"]
    return float(rates["migrant"] - rates["non-migrant"])


KEYS = {
    ex.FEMALE_SHARE: _female_share,
    ex.EMIGRATION_RATE: lambda ctx: float(_summary(ctx)["emigration_rate_pct"]),
    ex.NET_POSITION: lambda ctx: "emigration" if _summary(ctx)["net_position"] < 0 else "immigration",
    ex.REMITTANCES_PER_EMIGRANT: _per_emigrant,
    ex.UNEMPLOYMENT_GAP: _unemployment_gap,
}
