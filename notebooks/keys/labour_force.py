"""Key of 03_labour_force_by_migrant_status (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, profile_country
from mlalib.exercises import labour_force as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")
#: What the master states: the ministry's participation gap (13 percentage points).
CLAIM = 13.0
#: A value closer to the threshold than this (the tables show two decimals) is taken as on it: both readings are right.
BORDERLINE = 0.005


def _indicator(ctx: Context, indicator: str, **where: str) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", *where], design=DESIGN)
    row = table[table.indicator == indicator]
    for column, value in {"migrant_status": "migrant", **where}.items():
        row = row[row[column] == value]
    return float(row["estimate"].iloc[0])


def _unweighted_share(ctx: Context) -> float:
    return float(100 * lesson_data("lfs", ctx)["international_migrant"].mean())


def _gap(data: pd.DataFrame) -> pd.Series:
    return labour.indicator_gap(data, "participation_rate", by="migrant_status", design=DESIGN).iloc[0]


def _gap_claim(ctx: Context) -> str | tuple[str, ...]:
    gap = _gap(lesson_data("lfs", ctx))
    if abs(gap["ci_low"] - CLAIM) < BORDERLINE:
        return ("supported", "cannot_tell")
    if abs(gap["ci_high"] - CLAIM) < BORDERLINE:
        return ("contradicted", "cannot_tell")
    return "supported" if gap["ci_low"] > CLAIM else "contradicted" if gap["ci_high"] < CLAIM else "cannot_tell"


def _criterion_vary(ctx: Context) -> str | tuple[str, ...]:
    lfs = lesson_data("lfs", ctx)
    by_birth = _gap(lfs)
    by_citizenship = _gap(labour.icls_categories(lfs, profile_country(ctx.focus_countries), criterion="citizenship"))
    change, limit = abs(by_citizenship["gap"] - by_birth["gap"]), 2 * by_birth["se"]
    if abs(change - limit) < BORDERLINE:
        return ("a", "b")
    return "b" if change > limit else "a"


def _unreliable_cells(ctx: Context) -> float:
    table = labour.labour_indicators(lesson_data("lfs", ctx), by=["migrant_status", "sex", "age_group"], design=DESIGN)
    return float(table["unreliable"].sum())


KEYS = {
    ex.UNWEIGHTED_SHARE: _unweighted_share,
    ex.WHY_WEIGHTS: lambda ctx: "a",  # urban strata oversampled (mlalib.data.synthetic_surveys design)
    ex.LFPR_MIGRANTS: lambda ctx: _indicator(ctx, "participation_rate"),
    ex.GAP_CLAIM: _gap_claim,
    ex.CRITERION_VARY: _criterion_vary,
    ex.UR_MIGRANT_WOMEN: lambda ctx: _indicator(ctx, "unemployment_rate", sex="female"),
    ex.UNRELIABLE_CELLS: _unreliable_cells,
}
