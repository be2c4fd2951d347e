"""Exercises of notebook 05_return_and_reintegration: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

from mlalib import labour, returns
from mlalib.data.lessons import lesson_data
from mlalib.data.synthetic_surveys import returnee_survey
from mlalib.exercises.core import Context, Exercise, register
from mlalib.exercises.lessons._shared import DESIGN


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
