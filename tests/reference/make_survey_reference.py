"""Reference figures for tests/test_survey.py, computed with samplics (independent of mlalib).

samplics 0.6.1 (TaylorEstimator: Taylor linearisation, with-replacement first stage, as R's
survey package) is pinned here and not a project dependency. Re-create with:

    python -m venv /tmp/ref && /tmp/ref/bin/pip install samplics==0.6.1 pandas numpy
    /tmp/ref/bin/python tests/reference/make_survey_reference.py

It writes ``survey_sample.csv`` (a small two-stage sample: 6 strata, 3-5 PSUs each, weights,
a numeric, a binary and a denominator variable, two domain variables) and
``survey_samplics.json`` (estimates and standard errors).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from samplics.estimation import TaylorEstimator
from samplics.utils.types import PopParam

HERE = Path(__file__).resolve().parent


def sample() -> pd.DataFrame:
    rng = np.random.default_rng(20261122)
    rows = []
    for stratum in range(6):
        for psu in range(int(rng.integers(3, 6))):
            size = int(rng.integers(8, 25))
            level = rng.normal(0, 1)
            for _ in range(size):
                rows.append({
                    "stratum": f"S{stratum}", "psu": psu, "weight": round(float(rng.uniform(50, 400)), 3),
                    "income": round(float(np.exp(6 + 0.3 * level + rng.normal(0, 0.5))), 2),
                    "employed": int(rng.random() < 0.55 + 0.1 * np.tanh(level)),
                    "hours": round(float(rng.uniform(10, 50)), 1),
                    "sex": "female" if rng.random() < 0.5 else "male",
                    "migrant": "migrant" if rng.random() < 0.2 else "non-migrant",
                })
    frame = pd.DataFrame(rows)
    frame["psu_id"] = frame["stratum"] + "-" + frame["psu"].astype(str)
    return frame


def main() -> None:
    frame = sample()
    frame.to_csv(HERE / "survey_sample.csv", index=False)
    design = dict(samp_weight=frame["weight"], stratum=frame["stratum"], psu=frame["psu_id"], remove_nan=True)
    figures = {}
    for name, param, y, extra in [
        ("mean_income", PopParam.mean, frame["income"], {}),
        ("total_income", PopParam.total, frame["income"], {}),
        ("proportion_employed", PopParam.mean, frame["employed"], {}),
        ("ratio_income_hours", PopParam.ratio, frame["income"], {"x": frame["hours"]}),
    ]:
        for domain in (None, "sex", "migrant"):
            estimator = TaylorEstimator(param)
            kwargs = dict(design, **extra)
            if domain:
                kwargs["domain"] = frame[domain]
            estimator.estimate(y=y, **kwargs)
            point, se = estimator.point_est, estimator.stderror
            if domain:
                figures[f"{name}|{domain}"] = {str(k): [float(point[k]), float(se[k])] for k in point}
            else:
                figures[f"{name}|"] = {"all": [float(np.ravel(point)[0]) if not isinstance(point, dict)
                                               else float(next(iter(point.values()))),
                                               float(np.ravel(se)[0]) if not isinstance(se, dict)
                                               else float(next(iter(se.values())))]}
    (HERE / "survey_samplics.json").write_text(json.dumps({"samplics": "0.6.1", "figures": figures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
