"""Key of 11_data_sources_and_frameworks (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import irregular
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import data_sources as ex

#: What the master states: the records of a regular status, the assumed undercount and the varied one, the
#: minister's claim (more than 20,000 irregular migrants born in Sub-Saharan Africa) and the region of the report.
REGULAR = ["residence_permits", "naturalised"]
UNDERCOUNT, VARIED_UNDERCOUNT = 0.15, 0.30
CLAIM_REGION, CLAIM = "Sub-Saharan Africa", 20_000
ZERO_REGION = "Latin America and the Caribbean"
#: A bound closer to the threshold than this (persons: the tables show whole persons) is taken as on it: both
#: readings are right.
BORDERLINE = 1.0


def _row(ctx: Context, region: str, undercount: float = UNDERCOUNT) -> pd.Series:
    table = irregular.residual_estimate(lesson_data("census_and_permits", ctx), regular=REGULAR,
                                        undercount=undercount, labels="region_of_birth")
    return table.set_index("region_of_birth").loc[region]


def _against(row: pd.Series, threshold: float, above: str, below: str) -> str | tuple[str, ...]:
    """``above`` if the whole interval lies above ``threshold``, ``below`` if below it, else "cannot_tell"."""
    if abs(row["ci_low"] - threshold) < BORDERLINE:
        return (above, "cannot_tell")
    if abs(row["ci_high"] - threshold) < BORDERLINE:
        return (below, "cannot_tell")
    if row["ci_low"] > threshold:
        return above
    return below if row["ci_high"] < threshold else "cannot_tell"


def _claim(ctx: Context, undercount: float = UNDERCOUNT) -> str | tuple[str, ...]:
    return _against(_row(ctx, CLAIM_REGION, undercount), CLAIM, "supported", "contradicted")


def _varied(ctx: Context) -> str | tuple[str, ...]:
    before, after = _claim(ctx), _claim(ctx, VARIED_UNDERCOUNT)
    if isinstance(before, tuple) or isinstance(after, tuple):
        return ("a", "b")  # one of the two answers is on the edge: "changes" and "stays" are both defensible
    return "a" if before != after else "b"


KEYS = {
    ex.COUNTED_RESIDUAL: lambda ctx: float(_row(ctx, CLAIM_REGION)["counted_residual"]),
    ex.RESIDUAL_CLAIM: _claim,
    ex.ZERO_RESIDUAL: lambda ctx: _against(_row(ctx, ZERO_REGION), 0.0, "irregular_present", "records_overcount"),
    ex.UNDERCOUNT_VARY: _varied,
}
