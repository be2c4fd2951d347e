"""Key of 05_return_and_reintegration (see README.md in this folder)."""

from __future__ import annotations

from mlalib import reintegration, returns, survey
from mlalib.context import Context
from mlalib.data import reintegration_index
from mlalib.data.lessons import lesson_data
from mlalib.exercises import return_and_reintegration as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
RESOURCES = list(reintegration.RESOURCES)


def _returnee_mean(ctx: Context, score: str) -> float:
    summary = returns.reintegration_summary(lesson_data("returnees", ctx), reintegration_index("current"), design=DESIGN)
    return float(summary.loc[summary.score == score, "estimate"].iloc[0])


def _lowest_dimension(ctx: Context) -> str:
    """The lowest dimension, or "cannot_tell" when the 95% interval of the difference of the two lowest includes 0."""
    data = lesson_data("returnees", ctx)
    summary = returns.reintegration_summary(data, reintegration_index("current"), design=DESIGN)
    lowest, second = summary[summary.score.isin(returns.DIMENSIONS)].sort_values("estimate")["score"].iloc[:2]
    scores = returns.reintegration_scores(data, reintegration_index("current"))
    gap = survey.estimate(data.assign(_gap=scores[second] - scores[lowest]), "_gap", design=DESIGN).iloc[0]
    return "cannot_tell" if gap.ci_low <= 0 else str(lowest)


def _share(ctx: Context, flags) -> dict:
    data = lesson_data("returnees", ctx)
    return survey.estimate(data.assign(_flag=flags(data)), "_flag", statistic="proportion", design=DESIGN).iloc[0]


def _share_compelled(ctx: Context) -> float:
    return float(100 * _share(ctx, lambda d: ~returns.freely_decided(d))["estimate"])


def _two_readings(ctx: Context) -> str:
    """A: most returns freely decided (interval above 50%); B: most not freely decided (interval below 50%)."""
    free = _share(ctx, returns.freely_decided)
    a, b = free["ci_low"] > 0.5, free["ci_high"] < 0.5
    return {(True, True): "c", (True, False): "a", (False, True): "b", (False, False): "d"}[(a, b)]


def _readiness_measured(ctx: Context) -> str:
    ready = float(_share(ctx, lambda d: returns.returnee_typology(d, resources=RESOURCES)
                         .str.endswith(", resources mobilised"))["estimate"])
    long_stay = float(_share(ctx, lambda d: returns.returnee_typology(d).str.endswith(", long stay"))["estimate"])
    return "c" if abs(ready - long_stay) <= 0.02 else "a" if ready > long_stay else "b"


KEYS = {
    ex.SHARE_COMPELLED: _share_compelled,
    ex.TWO_READINGS: _two_readings,
    ex.PREPAREDNESS_PROXY: lambda ctx: "b",
    ex.READINESS_MEASURED: _readiness_measured,
    ex.COMPOSITE_MEAN: lambda ctx: _returnee_mean(ctx, "composite"),
    ex.LOWEST_DIMENSION: _lowest_dimension,
}
