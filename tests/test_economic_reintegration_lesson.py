"""Notebook 10: the trainer solutions are correct for 20 cohort seeds, typical wrong answers are rejected.

The master's code cells are run in this process (solutions included) for each seed, with ``check``
recording its verdicts; the key (``notebooks/keys/economic_reintegration.py``) is installed by the
root conftest. Typical mistakes are computed from the same data for every seed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mlalib import models
from mlalib.exercises import check, configure, reference_answer
from mlalib.exercises import economic_reintegration as ex
from mlalib.survey import Design

MASTER = Path(__file__).resolve().parents[1] / "notebooks" / "10_economic_reintegration.ipynb"
SEEDS = range(20)


def _code_cells() -> list[str]:
    cells = json.loads(MASTER.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
            and "parameters" not in c.get("metadata", {}).get("tags", [])]


def _run(seed: int) -> tuple[dict, dict]:
    """Run the master's code for one seed; the verdicts of its checks and the notebook's variables."""
    verdicts = {}

    def recording_check(exercise_id, answer):
        result = check(exercise_id, answer)
        verdicts[exercise_id] = (result.status, answer)
        return result

    namespace = {"cohort": {"language": "en", "seed": seed, "focus_countries": ["PHL", "MEX", "SEN"],
                            "data_vintage": "2020"}, "display": lambda *args, **kwargs: None}
    for source in _code_cells():
        exec(source, namespace)
        namespace["check"] = recording_check  # after the setup cell's import
    return verdicts, namespace


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_trainer_solutions_correct_and_mistakes_rejected(seed):
    verdicts, ns = _run(seed)
    try:
        assert set(verdicts) == {e.id for e in (ex.BUSINESS_SHARE, ex.EMPLOYMENT_GAP, ex.ASSISTANCE_CAUSES,
                                                ex.ODDS_RATIO_ASSISTED, ex.LOWEST_DIMENSION_IOM)}
        assert all(status == "correct" for status, _ in verdicts.values()), verdicts
        returnees, lfs = ns["returnees"], ns["lfs"]
        employed = returnees[returnees["labour_status"] == "employed"]
        among_employed = 100 * np.average(employed["started_business"], weights=employed["weight"])
        non = (lfs["migrant_status"] == "non-migrant") & ~lfs["return_migrant_worker"]
        ret = lfs["return_migrant_worker"]
        raw_gap = 100 * (np.average(lfs.loc[ret, "labour_status"] == "employed", weights=lfs.loc[ret, "weight"])
                         - np.average(lfs.loc[non, "labour_status"] == "employed", weights=lfs.loc[non, "weight"]))
        crude = models.logistic_regression(returnees, "intends_to_reemigrate", ["assisted"], design=Design("weight"))
        crude_or = crude.table.set_index("term").loc["assisted: True", "odds_ratio"]
        business, gap_pp, adjusted = (verdicts[e.id][1] for e in (ex.BUSINESS_SHARE, ex.EMPLOYMENT_GAP,
                                                                   ex.ODDS_RATIO_ASSISTED))
        mistakes = {
            ex.BUSINESS_SHARE.id: [business / 100, among_employed],  # a proportion; the share of the employed
            ex.EMPLOYMENT_GAP.id: [raw_gap, gap_pp / 100, -gap_pp],  # raw gap; a proportion; reversed
            ex.ASSISTANCE_CAUSES.id: ["yes"],
            ex.ODDS_RATIO_ASSISTED.id: [crude_or, np.log(adjusted)],  # unadjusted; the coefficient
            ex.LOWEST_DIMENSION_IOM.id: ["economic"],  # the highest of the three
        }
        for exercise_id, answers in mistakes.items():
            for answer in answers:
                assert not check(exercise_id, answer).correct, (exercise_id, answer)
    finally:
        configure(language="en")


def test_interpretation_choice_accepts_every_language():
    ctx = configure({"language": "fr", "seed": 3})
    try:
        assert check(ex.ASSISTANCE_CAUSES.id, "non").correct
        assert check(ex.ASSISTANCE_CAUSES.id, "no").correct
        assert not check(ex.ASSISTANCE_CAUSES.id, "oui").correct
        assert reference_answer(ex.ASSISTANCE_CAUSES.id, ctx) == "no"
    finally:
        configure(language="en")
