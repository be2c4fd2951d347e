"""Key of 05_return_and_reintegration (see README.md in this folder)."""

from __future__ import annotations

from mlalib import labour, returns, survey
from mlalib.context import Context
from mlalib.data import reintegration_index
from mlalib.data.lessons import lesson_data
from mlalib.exercises import return_and_reintegration as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def _returnee_mean(ctx: Context, score: str) -> float:
    summary = returns.reintegration_summary(lesson_data("returnees", ctx), reintegration_index("current"),
                                            design=DESIGN)
    return float(summary.loc[summary.score == score, "estimate"].iloc[0])


def _lowest_dimension(ctx: Context) -> str | tuple[str, str]:
    """The lowest dimension, or both lowest when the 95% interval of their difference includes 0."""
    data = lesson_data("returnees", ctx)
    summary = returns.reintegration_summary(data, reintegration_index("current"), design=DESIGN)
    lowest, second = summary[summary.score.isin(returns.DIMENSIONS)].sort_values("estimate")["score"].iloc[:2]
    scores = returns.reintegration_scores(data, reintegration_index("current"))
    gap = survey.estimate(data.assign(_gap=scores[second] - scores[lowest]), "_gap", design=DESIGN).iloc[0]
    return (str(lowest), str(second)) if gap.ci_low <= 0 else str(lowest)


def _share_compelled(ctx: Context) -> float:
    data = lesson_data("returnees", ctx)
    data = data.assign(not_free=~returns.freely_decided(data))
    return float(100 * survey.estimate(data, "not_free", statistic="proportion", design=DESIGN)["estimate"].iloc[0])


def _ur_returnees(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="return_migrant_worker", design=DESIGN)
    row = table[(table.indicator == "unemployment_rate") & table.return_migrant_worker]
    return float(row["estimate"].iloc[0])


KEYS = {
    ex.SHARE_COMPELLED: _share_compelled,
    ex.PREPAREDNESS_PROXY: lambda ctx: "b",
    ex.COMPOSITE_MEAN: lambda ctx: _returnee_mean(ctx, "composite"),
    ex.LOWEST_DIMENSION: _lowest_dimension,
    ex.UR_RETURNEES: _ur_returnees,
}
