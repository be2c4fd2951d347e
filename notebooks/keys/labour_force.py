"""Key of 03_labour_force_by_migrant_status (see README.md in this folder)."""

from __future__ import annotations

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import labour_force as ex

DESIGN = dict(weight="weight", strata="stratum", psu="psu")


def _indicator(ctx: Context, indicator: str, **where: str) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", *where], **DESIGN)
    row = table[table.indicator == indicator]
    for column, value in {"migrant_status": "migrant", **where}.items():
        row = row[row[column] == value]
    return float(row["estimate"].iloc[0])


def _unweighted_lfpr(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx)
    return float(100 * lfs[lfs.migrant_status == "migrant"].in_labour_force.mean())


def _unreliable_cells(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", "sex", "age_group"], **DESIGN)
    return float(table["unreliable"].sum())


KEYS = {
    ex.LFPR_MIGRANTS: lambda ctx: _indicator(ctx, "participation_rate"),
    ex.UR_MIGRANT_WOMEN: lambda ctx: _indicator(ctx, "unemployment_rate", sex="female"),
    ex.UNWEIGHTED_LFPR: _unweighted_lfpr,
    ex.UNRELIABLE_CELLS: _unreliable_cells,
}
