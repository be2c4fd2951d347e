"""Key of 12_returnee_skills_and_protection (see README.md in this folder)."""

from __future__ import annotations

import pandas as pd

from mlalib import portability, reintegration
from mlalib.context import Context
from mlalib.data.lessons import lesson_data
from mlalib.exercises import returnee_skills_and_protection as ex
from mlalib.survey import Design

DESIGN = Design(weight="weight", strata="stratum", psu="psu")


def _before_after(ctx: Context) -> pd.DataFrame:
    return portability.overqualification_before_after(lesson_data("returnees", ctx), design=DESIGN).set_index("measure")


def _overqualified_now(ctx: Context) -> float:
    return float(_before_after(ctx).loc["now", "estimate"])


def _skill_change(ctx: Context) -> str:
    """Over-qualification rose after return: supported if the change's interval is above 0, contradicted if below."""
    change = _before_after(ctx).loc["change"]
    return "supported" if change["ci_low"] > 0 else "contradicted" if change["ci_high"] < 0 else "cannot_tell"


def _rights_kept(ctx: Context) -> float:
    table = reintegration.indicators(lesson_data("returnees", ctx), which=["pension_rights_kept"], design=DESIGN)
    return float(100 * table["estimate"].iloc[0])


def _profile_gap(ctx: Context, long_term: float = 10) -> pd.Series:
    data = lesson_data("returnees", ctx)
    data["profile"] = portability.returnee_profile(data, long_term=long_term)
    return portability.share_gap(data, data["pension_rights_kept"], "profile", "long-term emigrant",
                                 "temporary labour migrant", domain=data["contributed_abroad"], design=DESIGN).iloc[0]


def _which_profile(ctx: Context) -> str:
    gap = _profile_gap(ctx)
    return "long_term" if gap["ci_low"] > 0 else "temporary" if gap["ci_high"] < 0 else "cannot_tell"


def _threshold(ctx: Context) -> str:
    """a: larger group, narrower interval that excludes 0; b: the same but includes 0; c: smaller group."""
    ten, five = _profile_gap(ctx), _profile_gap(ctx, long_term=5)
    if five["n_first"] <= ten["n_first"]:
        return "c"
    return "a" if five["ci_low"] > 0 or five["ci_high"] < 0 else "b"


KEYS = {
    ex.OVERQUALIFIED_NOW: _overqualified_now,
    ex.SKILL_CHANGE: _skill_change,
    ex.RIGHTS_KEPT: _rights_kept,
    ex.PROFILE_GAP: _which_profile,
    ex.LONG_TERM_THRESHOLD: _threshold,
}
