"""Key of 06_recruitment_costs (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import recruitment_costs as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
#: Within this many standard errors of the 1.96 threshold, the interval shown to one decimal cannot decide.
BORDERLINE = 0.1


def _rci(ctx: Context, by: str | None = None) -> pd.DataFrame:
    return labour.recruitment_cost_indicator(lesson_data("lfs", ctx), design=DESIGN, by=by)


def _gap(ctx: Context) -> pd.Series:
    return labour.recruitment_cost_gap(lesson_data("lfs", ctx), design=DESIGN).iloc[0]


def _significant(ctx: Context) -> str | tuple[str, str]:
    gap = _gap(ctx)
    z = abs(gap["gap"]) / gap["se"]
    if abs(z - 1.959964) < BORDERLINE:
        return ("yes", "no")
    return "yes" if gap["significant"] else "no"


KEYS = {
    ex.MEAN_PCT: lambda ctx: float(_rci(ctx)["mean"].iloc[0]),
    ex.MEDIAN_PCT: lambda ctx: float(_rci(ctx)["median"].iloc[0]),
    ex.GENDER_GAP: lambda ctx: float(_gap(ctx)["gap"]),
    ex.GAP_SIGNIFICANT: _significant,
}
