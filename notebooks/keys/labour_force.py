"""Key of 03_labour_force_by_migrant_status (see README.md in this folder)."""

from __future__ import annotations

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import labour_force as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def _indicator(ctx: Context, indicator: str, **where: str) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", *where], design=DESIGN)
    row = table[table.indicator == indicator]
    for column, value in {"migrant_status": "migrant", **where}.items():
        row = row[row[column] == value]
    return float(row["estimate"].iloc[0])


def _unweighted_share(ctx: Context) -> float:
    return float(100 * lesson_data("lfs", ctx)["international_migrant"].mean())


def _gap_significant(ctx: Context) -> str:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="migrant_status", design=DESIGN)
    return "yes" if labour.gap_between(table, "participation_rate")["significant"].item() else "no"


def _unreliable_cells(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", "sex", "age_group"],
                                     design=DESIGN)
    return float(table["unreliable"].sum())


KEYS = {
    ex.UNWEIGHTED_SHARE: _unweighted_share,
    ex.WHY_WEIGHTS: lambda ctx: "a",  # urban strata oversampled (mlalib.data.synthetic_surveys design)
    ex.LFPR_MIGRANTS: lambda ctx: _indicator(ctx, "participation_rate"),
    ex.GAP_SIGNIFICANT: _gap_significant,
    ex.UR_MIGRANT_WOMEN: lambda ctx: _indicator(ctx, "unemployment_rate", sex="female"),
    ex.UNRELIABLE_CELLS: _unreliable_cells,
}
