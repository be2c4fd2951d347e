"""Exercises of the course notebooks 01-07, with their reference answers (the answer key).

Reference answers are computed with mlalib from the cohort context, so each cohort (seed, focus
countries) has its own key. The data each notebook uses come from :mod:`mlalib.data.lessons`
(which notebooks import; they never import this module), so that the notebook and its key always
see the same numbers.
"""

from __future__ import annotations

import pandas as pd

from mlalib import flows, labour, remittances, returns
from mlalib.data import load, stock_example
from mlalib.data.lessons import balancing_example, example_service, lesson_data, profile_country
from mlalib.data.synthetic import corridor_volumes, remittance_prices
from mlalib.data.synthetic_surveys import returnee_survey
from mlalib.exercises.core import Context, Exercise, register

DESIGN = dict(weight="weight", strata="stratum", psu="psu")


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


register(Exercise("stocks-net-migration", "number", _net_migration, abs_tol=0.5, close_rel_tol=0.02))
register(Exercise("stocks-rate-of-change", "number", _rate_of_change, abs_tol=0.005))
register(Exercise("stocks-stock-or-flow", "choice", lambda ctx: "flow", options=("stock", "flow")))
register(Exercise("stocks-largest-focus", "text", _largest_stock))

# 02 bilateral flows --------------------------------------------------------------------------


def _abel_cohen_od() -> pd.DataFrame:
    example = stock_example("abel_cohen2019")
    return flows.od_matrix(flows.flows_from_stocks(example.stock_start, example.stock_end, example.births,
                                                   example.deaths))


register(Exercise("flows-total-movers", "number", lambda ctx: float(_abel_cohen_od().to_numpy().sum()),
                  abs_tol=0.05))
register(Exercise("flows-d-to-b", "number", lambda ctx: float(_abel_cohen_od().loc["D", "B"]), abs_tol=0.05))


def _effectiveness(ctx: Context) -> float:
    summary = flows.region_summary(_abel_cohen_od())
    return float(100 * summary["net"].abs().sum() / summary["turnover"].sum())


register(Exercise("flows-effectiveness", "number", _effectiveness, abs_tol=0.05))

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


register(Exercise("lfs-lfpr-migrants", "number", lambda ctx: _indicator(ctx, "participation_rate"), abs_tol=0.05))
register(Exercise("lfs-ur-migrant-women", "number",
                  lambda ctx: _indicator(ctx, "unemployment_rate", sex="female"), abs_tol=0.05))
register(Exercise("lfs-unweighted-lfpr", "number", _unweighted_lfpr, abs_tol=0.05))
register(Exercise("lfs-unreliable-cells", "number", _unreliable_cells, abs_tol=0.0, close_rel_tol=0.0))

# 04 remittances --------------------------------------------------------------------------------


def _last_quarter(table: pd.DataFrame) -> pd.Series:
    return table[table.period == table.period.max()].iloc[0]


register(Exercise("rem-total-cost", "number",
                  lambda ctx: float(remittances.total_cost_pct(**example_service(ctx.seed))), abs_tol=0.005))
register(Exercise("rem-global-average", "number", lambda ctx: float(_last_quarter(
    remittances.global_average(remittance_prices(ctx.seed)))["total_cost_pct"]), abs_tol=0.005))
register(Exercise("rem-share-above-5", "number", lambda ctx: float(_last_quarter(remittances.share_of_corridors_above(
    remittances.corridor_average(remittance_prices(ctx.seed)))).share_above_pct), abs_tol=0.05))


def _savings(ctx: Context) -> float:
    prices = remittance_prices(ctx.seed)
    corridors = remittances.corridor_average(prices)
    usa_mex = corridors[(corridors.sending == "USA") & (corridors.receiving == "MEX")
                        & (corridors.period == corridors.period.max())]["total_cost_pct"].item()
    volumes = corridor_volumes(ctx.seed)
    volume = volumes[(volumes.sending == "USA") & (volumes.receiving == "MEX")]["volume"].item()
    return float(remittances.savings_at_target(volume, usa_mex, 3.0))


register(Exercise("rem-savings-usa-mex", "number", _savings, abs_tol=0.5, rel_tol=1e-3))

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


register(Exercise("ret-share-compelled", "number", _share_compelled, abs_tol=0.05))
register(Exercise("ret-composite-mean", "number", lambda ctx: _returnee_mean(ctx, "composite"), abs_tol=0.005))
register(Exercise("ret-lowest-dimension", "choice", _lowest_dimension, options=returns.DIMENSIONS))
register(Exercise("ret-ur-returnees", "number", _ur_returnees, abs_tol=0.05))

# 06 recruitment costs ------------------------------------------------------------------------


def _rci(ctx: Context, by: str | None = None) -> pd.DataFrame:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    return labour.recruitment_cost_indicator(lfs, **DESIGN, by=by)


register(Exercise("rc-mean-months", "number", lambda ctx: float(_rci(ctx)["mean"].iloc[0]), abs_tol=0.005))
register(Exercise("rc-median-months", "number", lambda ctx: float(_rci(ctx)["median"].iloc[0]), abs_tol=0.005))


def _gender_gap(ctx: Context) -> float:
    table = _rci(ctx, "sex").set_index("sex")
    return float(table.loc["female", "mean"] - table.loc["male", "mean"])


register(Exercise("rc-gender-gap", "number", _gender_gap, abs_tol=0.005))

# 07 country profile ------------------------------------------------------------------------------


def _female_share(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    return 100 * _stock(ctx, code, 2020, "female") / _stock(ctx, code, 2020)


def _remittance_growth(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    wdi = load("wdi_remittances_received_2025")
    series = wdi[wdi.iso3 == code].set_index("year")["value"].dropna().astype(float)
    return float(remittances.growth_pct(series).iloc[-1])


register(Exercise("profile-stock-2020", "number",
                  lambda ctx: _stock(ctx, profile_country(ctx.focus_countries or ("PHL",)), 2020), abs_tol=0.5))
register(Exercise("profile-female-share", "number", _female_share, abs_tol=0.05))
register(Exercise("profile-remittance-growth", "number", _remittance_growth, abs_tol=0.05))
