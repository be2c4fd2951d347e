"""Key of 06_recruitment_costs (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import recruitment_costs as ex

DESIGN = dict(weight="weight", strata="stratum", psu="psu")


def _rci(ctx: Context, by: str | None = None) -> pd.DataFrame:
    return labour.recruitment_cost_indicator(lesson_data("lfs", ctx), **DESIGN, by=by)


def _gender_gap(ctx: Context) -> float:
    table = _rci(ctx, "sex").set_index("sex")
    return float(table.loc["female", "mean"] - table.loc["male", "mean"])


KEYS = {
    ex.MEAN_MONTHS: lambda ctx: float(_rci(ctx)["mean"].iloc[0]),
    ex.MEDIAN_MONTHS: lambda ctx: float(_rci(ctx)["median"].iloc[0]),
    ex.GENDER_GAP: _gender_gap,
}
