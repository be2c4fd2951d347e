"""Key of 10_economic_reintegration (see README.md in this folder)."""

from __future__ import annotations

from mlalib import models, reintegration, returns, survey
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


def _standardisation_cells(ctx: Context) -> str:
    """The gap standardised by sex only, against the one by sex and age: a (larger), b (within 1 point), c."""
    lfs = lesson_data("lfs", ctx)
    both = reintegration.labour_gap(lfs, "employment", design=DESIGN)
    sex = reintegration.labour_gap(lfs, "employment", cells=["sex"], design=DESIGN)
    change = 100 * (sex.loc[sex["group"] == "gap", "estimate"].iloc[0] - both.loc[both["group"] == "gap", "estimate"]
                    .iloc[0])
    return "b" if abs(change) <= 1 else "a" if change > 0 else "c"


def _lowest_dimension_iom(ctx: Context) -> str:
    """The lowest dimension under the IOM-style weights, or "cannot_tell" when the 95% interval of the difference
    of the two lowest includes 0."""
    data = lesson_data("returnees", ctx)
    items = reintegration_index("iom_style")
    table = returns.reintegration_weight_comparison(data, {"iom_style": items}, design=DESIGN)
    lowest, second = table[table["score"].isin(returns.DIMENSIONS)].sort_values("estimate")["score"].iloc[:2]
    scores = returns.reintegration_scores(data, items)
    gap = survey.estimate(data.assign(_gap=scores[second] - scores[lowest]), "_gap", design=DESIGN).iloc[0]
    return "cannot_tell" if gap.ci_low <= 0 else str(lowest)


KEYS = {
    ex.BUSINESS_SHARE: _business_share,
    ex.EMPLOYMENT_GAP: _employment_gap,
    ex.STANDARDISATION_CELLS: _standardisation_cells,
    ex.ASSISTANCE_CAUSES: lambda ctx: "no",
    ex.ODDS_RATIO_ASSISTED: _odds_ratio_assisted,
    ex.LOWEST_DIMENSION_IOM: _lowest_dimension_iom,
}
