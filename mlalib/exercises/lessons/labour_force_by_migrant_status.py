"""Exercises of notebook 03_labour_force_by_migrant_status: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

from mlalib import labour
from mlalib.data.lessons import lesson_data
from mlalib.exercises.core import Context, Exercise, register
from mlalib.exercises.lessons._shared import DESIGN


def _indicator(ctx: Context, indicator: str, **where: str) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    by = ["migrant_status", *where]
    table = labour.labour_indicators(lfs, by=by, **DESIGN)
    row = table[table.indicator == indicator]
    for column, value in {"migrant_status": "migrant", **where}.items():
        row = row[row[column] == value]
    return float(row["estimate"].iloc[0])


def _unweighted_lfpr(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    migrants = lfs[lfs.migrant_status == "migrant"]
    return float(100 * migrants.in_labour_force.mean())


def _unreliable_cells(ctx: Context) -> float:
    lfs = lesson_data("lfs", ctx.seed, ctx.focus_countries or ("PHL",))
    table = labour.labour_indicators(lfs, by=["migrant_status", "sex", "age_group"], **DESIGN)
    return float(table["unreliable"].sum())


register(Exercise("lfs-lfpr-migrants", "number", lambda ctx: _indicator(ctx, "participation_rate"), abs_tol=0.05))
register(Exercise("lfs-ur-migrant-women", "number",
                  lambda ctx: _indicator(ctx, "unemployment_rate", sex="female"), abs_tol=0.05))
register(Exercise("lfs-unweighted-lfpr", "number", _unweighted_lfpr, abs_tol=0.05))
register(Exercise("lfs-unreliable-cells", "number", _unreliable_cells, abs_tol=0.0, close_rel_tol=0.0))
