"""Running a master notebook's code in the test process, solutions included, with the checks recorded.

The lesson tests run each master for many cohort seeds: the trainer's solutions must be correct for every
one. Figures and explorers are built but not shown (``display`` does nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlalib.exercises import check, configure

MASTERS = Path(__file__).resolve().parents[1] / "notebooks"
#: The cohort seeds every lesson's exercises are tested with: a key must be right, and the typical wrong readings
#: "not yet", whatever the cohort's synthetic data.
SEEDS = (*range(18), 2026, 4711)


def code_cells(name: str) -> list[str]:
    """The code of a master's cells, in order, without the parameters cell."""
    cells = json.loads((MASTERS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
            and "parameters" not in c.get("metadata", {}).get("tags", [])]


def run_master(name: str, seed: int, language: str = "en") -> tuple[dict[str, tuple[str, Any]], dict[str, Any]]:
    """Run the master ``name`` for a cohort seed: each checked exercise's (status, answer), and the variables."""
    verdicts: dict[str, tuple[str, Any]] = {}

    def recording_check(exercise_id: str, answer: Any):
        result = check(exercise_id, answer)
        verdicts[exercise_id] = (result.status, answer)
        return result

    namespace: dict[str, Any] = {
        "cohort": {"language": language, "seed": seed, "focus_countries": ["PHL", "MEX", "SEN"], "data_vintage": "2020"},
        "display": lambda *args, **kwargs: None,
    }
    try:
        for source in code_cells(name):
            exec(source, namespace)
            namespace["check"] = recording_check  # after the setup cell's import
    finally:
        configure(language="en")
    return verdicts, namespace


def assert_solutions_correct(name: str, seed: int) -> None:
    """The master ``name`` run for a cohort seed checks every exercise it declares, and its solutions are correct."""
    from mlalib.exercises import exercises

    verdicts, _ = run_master(name, seed)
    assert set(verdicts) == {i for i, e in exercises().items() if e.master == name}
    assert all(status == "correct" for status, _ in verdicts.values()), verdicts


def assert_mistakes_not_correct(mistakes: dict[str, list[Any]], ctx: Any, seed: int) -> None:
    """Each typical wrong answer of ``mistakes`` (exercise id -> answers) is "not yet" or "close", never correct,
    unless this cohort's data make it the right answer (the same choice, or a number within twice the tolerance)."""
    from mlalib.exercises import assess, exercises, reference_answer

    for exercise_id, answers in mistakes.items():
        expected = reference_answer(exercise_id, ctx)
        for answer in answers:
            if isinstance(answer, str) and answer == expected:
                continue
            if not isinstance(answer, str) and abs(answer - expected) <= 2 * exercises()[exercise_id].abs_tol:
                continue  # the mistake gives the right number for this cohort
            result = assess(exercise_id, answer, ctx, expected=expected)
            assert not result.correct and result.status in {"not_yet", "close"}, (seed, exercise_id, answer)


def textbook_mean(data, values, member=None, weight: str = "weight", strata: str = "stratum", psu: str = "psu",
                  z: float = 1.959963984540054) -> tuple[float, float, float, float]:
    """A domain mean (estimate, se, ci_low, ci_high) by the with-replacement textbook formula of a stratified
    two-stage design (Lumley 2010, 2.2 and 3.4), written with pandas group sums: an implementation independent
    of :mod:`mlalib.survey`, for the tests to compare the keys with."""
    import numpy as np
    import pandas as pd

    y = np.asarray(values, dtype=float)
    inside = np.ones(len(y), dtype=bool) if member is None else np.asarray(member, dtype=bool)
    w = data[weight].to_numpy(dtype=float)
    total = w[inside].sum()
    mean = float((w * y)[inside].sum() / total)
    u = np.where(inside, w * (y - mean) / total, 0.0)
    psu_totals = pd.DataFrame({"h": data[strata].to_numpy(), "j": data[psu].to_numpy(), "u": u}).groupby(
        ["h", "j"])["u"].sum()
    variance = 0.0
    for _, z_h in psu_totals.groupby(level="h"):
        n_h = len(z_h)
        variance += n_h / (n_h - 1) * float(((z_h - z_h.mean()) ** 2).sum())
    se = float(np.sqrt(variance))
    return mean, se, mean - z * se, mean + z * se
