"""Notebooks 04 and 06 (issue 12): for 20 cohort seeds, every exercise's key is right, the typical mistakes of
the old lessons are "not yet", and the masters teach the official definitions (SmaRT for the 5% corridor
target, SDG 10.7.1 in per cent for employees in a reference period)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from mlalib import labour, remittances
from mlalib.context import Context
from mlalib.data.lessons import example_service, lesson_data
from mlalib.exercises import assess, exercises, reference_answer
from tests.conftest import SURVEY_DESIGN

SEEDS = [2026, 4711, *range(1, 19)]
MASTERS = Path(__file__).resolve().parents[1] / "notebooks"


def _ctx(seed: int) -> Context:
    return Context("en", seed, ("PHL", "MEX", "SEN"), "2020")


@lru_cache(maxsize=None)
def _wrong(seed: int) -> dict[str, list]:
    """Typical wrong answers, computed from the cohort's data as a participant following the old lessons would."""
    ctx = _ctx(seed)
    prices = lesson_data("prices", ctx)
    last = prices.period.max()
    corridors = remittances.corridor_average(prices).query("period == @last")
    service = example_service(seed)
    simple_share = remittances.share_of_corridors_above(remittances.corridor_average(prices)).query("period == @last")
    compliance = remittances.corridor_compliance(prices).query("period == @last")
    lfs = lesson_data("lfs", ctx)
    everyone = labour.recruitment_cost_indicator(lfs, design=SURVEY_DESIGN, employee=None, years_since_return=None)
    rci = labour.recruitment_cost_indicator(lfs, design=SURVEY_DESIGN)
    by_sex = labour.recruitment_cost_indicator(lfs, design=SURVEY_DESIGN, by="sex").set_index("sex")["mean"]
    return {
        "rem-total-cost": [float(remittances.fee_pct(service["fee"], service["amount"])),  # fee only
                           float(remittances.fx_margin_pct(service["applied_rate"], service["interbank_rate"]))],
        "rem-global-average": [float(corridors.total_cost_pct.mean())],  # mean of corridor means
        "rem-weighted-average": [float(remittances.global_average(prices).query("period == @last")
                                       .total_cost_pct.item())],  # the unweighted average
        "rem-why-weighted-lower": ["b", "c"],
        "rem-share-above-5": [float(simple_share.share_above_pct.item())],  # the old lesson's simple averages
        "rem-corridors-not-meeting": [int((compliance.average_cost_pct > 5).sum())],
        "rem-savings-usa-mex": [],
        "rc-mean-pct": [float(everyone["mean"].item()),  # everyone who worked abroad, any status, any time
                        float(rci["mean"].item()) / 100],  # months, not per cent
        "rc-median-pct": [float(rci["mean"].item())],
        "rc-gender-gap": [float(by_sex["male"] - by_sex["female"])],
        "rc-gap-significant": [],
    }


EXERCISES = sorted(_wrong(2026))


def test_the_exercises_of_04_and_06_are_all_covered():
    mine = {i for i, e in exercises().items() if e.master[:2] in {"04", "06"}}
    assert mine == set(EXERCISES)
    points = {i: exercises()[i].points for i in mine}
    assert {1, 2, 3} <= set(points.values())  # a gradient of difficulty
    for master in ("04", "06"):  # at least one judgement (choice) exercise per notebook
        assert any(e.kind == "choice" and e.master.startswith(master) for e in exercises().values())


@pytest.mark.parametrize("seed", SEEDS)
def test_keys_are_right_and_typical_mistakes_are_not(seed):
    ctx = _ctx(seed)
    for exercise_id in EXERCISES:
        answer = reference_answer(exercise_id, ctx)  # computed once; assess compares with it (as the grader does)
        accepted = answer if isinstance(answer, tuple) else (answer,)
        for given in accepted:
            assert assess(exercise_id, given, ctx, expected=answer).correct, (seed, exercise_id, given)
        for mistake in _wrong(seed)[exercise_id]:
            if mistake in accepted:
                continue  # the mistake gives the right answer for this cohort (e.g. no corridor lacks services)
            result = assess(exercise_id, mistake, ctx, expected=answer)
            assert not result.correct and result.status in {"not_yet", "close"}, (seed, exercise_id, mistake)


def test_the_keys_follow_the_official_methods_for_seed_2026():
    ctx = _ctx(2026)
    assert reference_answer("rem-share-above-5", ctx) == pytest.approx(6.897, abs=1e-3)  # SmaRT, not 33.3
    assert reference_answer("rem-weighted-average", ctx) == pytest.approx(3.964, abs=1e-3)
    assert reference_answer("rem-global-average", ctx) == pytest.approx(4.975, abs=1e-3)
    assert reference_answer("rem-corridors-not-meeting", ctx) == 3
    assert 150 < reference_answer("rc-mean-pct", ctx) < 250  # per cent of monthly earnings, not 1.8 months


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_slips_are_close_and_named(seed):
    """A share for a percentage, or months of earnings for SDG 10.7.1's per cent, is "close" and says which."""
    slips = {"percent": ("share", "proportion"), "percent_of_earnings": ("months of earnings", "mois de revenu")}
    for language in ("en", "fr"):
        ctx = Context(language, seed, ("PHL", "MEX", "SEN"), "2020")
        for exercise_id in EXERCISES:
            unit = exercises()[exercise_id].unit
            if unit is None:
                continue
            answer = reference_answer(exercise_id, ctx)
            if answer == 0:
                continue  # zero in any unit is zero: no slip to name
            result = assess(exercise_id, answer / 100, ctx, expected=answer)
            assert result.status == "close", (seed, exercise_id, result)
            word = slips[unit][language == "fr"]
            assert word in result.message, (exercise_id, result.message)


def _text(name: str) -> str:
    nb = json.loads((MASTERS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_the_masters_teach_the_official_definitions():
    remittance = _text("04_remittances")
    assert "smart_average" in remittance and "corridor_compliance" in remittance and "weighted_average" in remittance
    assert "SDG 10.c targets" not in remittance and "one target with two components" in remittance
    assert "pd.DataFrame([service])" in remittance  # the service shown as a table, not a raw dict
    recruitment = _text("06_recruitment_costs")
    assert "a value of 2 means two months" not in recruitment and "200 two months" in recruitment
    assert "to work as employees" in recruitment and "five years before the survey" in recruitment
    assert "The course's choices" in recruitment
    for text in (remittance, recruitment):
        assert "**Objectives.**" in text and "## To remember" in text and "## 2. Worked example" in text
