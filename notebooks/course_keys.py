"""The course key: reference answers of the graded-only exercises of notebooks 01-07.

This file belongs to the trainer's course materials, next to the master notebooks; it is not
part of the installed ``mlalib`` package, never reaches participants and does not exist in
the sandbox of a graded submission. ``mlalib grade`` loads it from the notebooks folder; the
trainer build and the tests load it through the ``MLALIB_COURSE_KEYS`` environment variable
(:func:`mlalib.exercises.core.install_keys`).

Reference answers are computed with mlalib from the cohort context, so each cohort (seed, focus
countries) has its own key. ``KEYS`` maps each exercise id to a function of the
:class:`~mlalib.exercises.core.Context`.
"""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from mlalib import flows, labour, remittances, returns
from mlalib.data import load, stock_example
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.data.synthetic_surveys import returnee_survey
from mlalib.data.lessons import balancing_example, example_service, lesson_data, profile_country
from mlalib.exercises.core import Context

DESIGN = dict(weight="weight", strata="stratum", psu="psu")
KEYS: dict[str, Callable[[Context], Any]] = {}

def _stock(ctx: Context, code: str, year: int, sex: str = "total") -> float:
    stock = load("undesa_migrant_stock_2020")
    row = stock[(stock.iso3 == code) & (stock.year == year) & (stock.sex == sex)]
    return float(row["stock"].iloc[0])


# 01 stocks and flows -------------------------------------------------------------------------

def _net_migration(ctx: Context) -> float:
    accounts = balancing_example(ctx.seed)
    return float(flows.net_migration_residual(**accounts))


def _rate_of_change(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    return float(flows.annual_rate_of_change(_stock(ctx, code, 2015), _stock(ctx, code, 2020), 5))


def _largest_stock(ctx: Context) -> str:
    stock = load("undesa_migrant_stock_2020")
    chosen = stock[stock.iso3.isin(ctx.focus_countries) & (stock.year == 2020) & (stock.sex == "total")]
    return str(chosen.sort_values("stock", ascending=False)["iso3"].iloc[0])


KEYS["stocks-net-migration"] = _net_migration
KEYS["stocks-rate-of-change"] = _rate_of_change
KEYS["stocks-stock-or-flow"] = lambda ctx: "flow"
KEYS["stocks-largest-focus"] = _largest_stock

# 02 bilateral flows --------------------------------------------------------------------------


def _abel_cohen_od() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.od_matrix(flows.flows_from_stocks(example.stock_start, example.stock_end, example.births,
                                                   example.deaths))


KEYS["flows-total-movers"] = lambda ctx: float(_abel_cohen_od().to_numpy().sum())
KEYS["flows-d-to-b"] = lambda ctx: float(_abel_cohen_od().loc["D", "B"])


def _effectiveness(ctx: Context) -> float:
    summary = flows.region_summary(_abel_cohen_od())
    return float(100 * summary["net"].abs().sum() / summary["turnover"].sum())


KEYS["flows-effectiveness"] = _effectiveness

# 03 labour force by migrant status -----------------------------------------------------------


def _indicator(ctx: Context, indicator: str, **where: str) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    by = ["migrant_status", *where]
    table = labour.labour_indicators(lfs, by=by, **DESIGN)
    row = table[table.indicator == indicator]
    for column, value in {"migrant_status": "migrant", **where}.items():
        row = row[row[column] == value]
    return float(row["estimate"].iloc[0])


def _unweighted_lfpr(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    migrants = lfs[lfs.migrant_status == "migrant"]
    return float(100 * migrants.in_labour_force.mean())


def _unreliable_cells(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex", "age_group"], **DESIGN)
    return float(table["unreliable"].sum())


KEYS["lfs-lfpr-migrants"] = lambda ctx: _indicator(ctx, "participation_rate")
KEYS["lfs-ur-migrant-women"] = lambda ctx: _indicator(ctx, "unemployment_rate", sex="female")
KEYS["lfs-unweighted-lfpr"] = _unweighted_lfpr
KEYS["lfs-unreliable-cells"] = _unreliable_cells


def _last_quarter(table: pd.DataFrame) -> pd.Series:
    return table[table.period == table.period.max()].iloc[0]


KEYS["rem-total-cost"] = lambda ctx: float(remittances.total_cost_pct(**example_service(ctx.seed)))
KEYS["rem-global-average"] = lambda ctx: float(_last_quarter(
    remittances.global_average(remittance_prices(ctx.seed)))["total_cost_pct"])
KEYS["rem-share-above-5"] = lambda ctx: float(_last_quarter(remittances.share_of_corridors_above(
    remittances.corridor_average(remittance_prices(ctx.seed)))).share_above_pct)


def _savings(ctx: Context) -> float:
    prices = remittance_prices(ctx.seed)
    corridors = remittances.corridor_average(prices)
    usa_mex = corridors[(corridors.sending == "USA") & (corridors.receiving == "MEX")
                        & (corridors.period == corridors.period.max())]["total_cost_pct"].item()
    volumes = corridor_volumes(ctx.seed)
    volume = volumes[(volumes.sending == "USA") & (volumes.receiving == "MEX")]["volume"].item()
    return float(remittances.savings_at_target(volume, usa_mex, 3.0))


KEYS["rem-savings-usa-mex"] = _savings

# 05 return and reintegration ---------------------------------------------------------------------


def _returnee_mean(ctx: Context, score: str) -> float:
    summary = returns.reintegration_summary(returnee_survey(ctx.seed), **DESIGN)
    return float(summary.loc[summary.score == score, "estimate"].iloc[0])


def _lowest_dimension(ctx: Context) -> str:
    summary = returns.reintegration_summary(returnee_survey(ctx.seed), **DESIGN)
    dims = summary[summary.score.isin(returns.DIMENSIONS)]
    return str(dims.sort_values("estimate")["score"].iloc[0])


def _share_compelled(ctx: Context) -> float:
    from mlalib.survey import estimate

    data = returnee_survey(ctx.seed).assign(compelled=lambda d: ~d.return_was_voluntary)
    return float(100 * estimate(data, "compelled", statistic="proportion", **DESIGN)["estimate"].iloc[0])


def _ur_returnees(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    table = labour.labour_indicators(lfs, by="return_migrant_worker", **DESIGN)
    row = table[(table.indicator == "unemployment_rate") & table.return_migrant_worker]
    return float(row["estimate"].iloc[0])


KEYS["ret-share-compelled"] = _share_compelled
KEYS["ret-composite-mean"] = lambda ctx: _returnee_mean(ctx, "composite")
KEYS["ret-lowest-dimension"] = _lowest_dimension
KEYS["ret-ur-returnees"] = _ur_returnees

# 06 recruitment costs ------------------------------------------------------------------------


def _rci(ctx: Context, by: str | None = None) -> pd.DataFrame:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    return labour.recruitment_cost_indicator(lfs, **DESIGN, by=by)


KEYS["rc-mean-months"] = lambda ctx: float(_rci(ctx)["mean"].iloc[0])
KEYS["rc-median-months"] = lambda ctx: float(_rci(ctx)["median"].iloc[0])


def _gender_gap(ctx: Context) -> float:
    table = _rci(ctx, "sex").set_index("sex")
    return float(table.loc["female", "mean"] - table.loc["male", "mean"])


KEYS["rc-gender-gap"] = _gender_gap

# 07 country profile ------------------------------------------------------------------------------


def _female_share(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    return 100 * _stock(ctx, code, 2020, "female") / _stock(ctx, code, 2020)


def _remittance_growth(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    wdi = load("wdi_remittances_received_2025")
    series = wdi[wdi.iso3 == code].set_index("year")["value"].dropna().astype(float)
    return float(remittances.growth_pct(series).iloc[-1])


KEYS["profile-stock-2020"] = lambda ctx: _stock(ctx, profile_country(ctx.focus_countries or ("PHL",)), 2020)
KEYS["profile-female-share"] = _female_share
KEYS["profile-remittance-growth"] = _remittance_growth
