"""Exercises of notebook 06_recruitment_costs: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.data.lessons import lesson_data
from mlalib.exercises.core import Context, Exercise, register
from mlalib.exercises.lessons._shared import DESIGN


def _rci(ctx: Context, by: str | None = None) -> pd.DataFrame:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    return labour.recruitment_cost_indicator(lfs, **DESIGN, by=by)


register(Exercise("rc-mean-months", "number", lambda ctx: float(_rci(ctx)["mean"].iloc[0]), abs_tol=0.005))
register(Exercise("rc-median-months", "number", lambda ctx: float(_rci(ctx)["median"].iloc[0]), abs_tol=0.005))


def _gender_gap(ctx: Context) -> float:
    table = _rci(ctx, "sex").set_index("sex")
    return float(table.loc["female", "mean"] - table.loc["male", "mean"])


register(Exercise("rc-gender-gap", "number", _gender_gap, abs_tol=0.005))
