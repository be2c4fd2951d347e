"""Key of 10_economic_reintegration (see README.md in this folder)."""

from __future__ import annotations

from mlalib import models, reintegration, returns
from mlalib.context import Context
from mlalib.data import reintegration_index
from mlalib.data.lessons import lesson_data
from mlalib.exercises import economic_reintegration as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def _business_share(ctx: Context) -> float:
    table = reintegration.indicators(lesson_data("returnees", ctx), which=["started_business"], design=DESIGN)
    return float(100 * table["estimate"].iloc[0])


def _employment_gap(ctx: Context) -> float:
    table = reintegration.labour_gap(lesson_data("lfs", ctx), "employment", design=DESIGN)
    return float(100 * table.loc[table["group"] == "gap", "estimate"].iloc[0])


def _odds_ratio_assisted(ctx: Context) -> float:
    data = lesson_data("returnees", ctx)
    data = data.assign(preparedness=reintegration.preparedness(data), assisted=data["assistance_received"] != "none",
                       employed=data["labour_status"] == "employed")
    fit = models.logistic_regression(data, "intends_to_reemigrate", ["preparedness", "assisted", "employed", "sex"],
                                     reference={"preparedness": "high"}, design=DESIGN)
    return float(fit.table.loc[fit.table["term"] == "assisted: True", "odds_ratio"].iloc[0])


def _lowest_dimension_iom(ctx: Context) -> str:
    table = returns.reintegration_weight_comparison(lesson_data("returnees", ctx),
                                                   {"iom_style": reintegration_index("iom_style")}, design=DESIGN)
    dims = table[table["score"].isin(returns.DIMENSIONS)]
    return str(dims.sort_values("estimate")["score"].iloc[0])


KEYS = {
    ex.BUSINESS_SHARE: _business_share,
    ex.EMPLOYMENT_GAP: _employment_gap,
    ex.ASSISTANCE_CAUSES: lambda ctx: "no",
    ex.ODDS_RATIO_ASSISTED: _odds_ratio_assisted,
    ex.LOWEST_DIMENSION_IOM: _lowest_dimension_iom,
}
