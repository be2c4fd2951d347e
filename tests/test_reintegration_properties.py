"""Property-based bad input for the reintegration indicators and the weighted logistic model.

For generated tables (missing columns, text, NaN, inf, booleans, unknown codes, 0-8 rows) the
functions return a table or raise an mlalib error, never another exception; a missing estimate
only in a row flagged unreliable with its reason (an empty domain), as documented.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import strategies as st
from hypothesis import given

from mlalib import models, reintegration
from mlalib.errors import MlalibError
from mlalib.survey import Design
from tests.test_bad_input_properties import SETTINGS, clean_weights, frame

flags = st.one_of(st.booleans(), st.booleans(), st.sampled_from([None, "yes", 2, np.nan]))
statuses = st.sampled_from(["employed", "employed", "unemployed", "outside labour force", "retired"])
uses = st.sampled_from(["business investment", "no savings", "education", "cattle"])
FLAG_COLUMNS = ["started_business", "savings_at_return", "skills_acquired_abroad", "skills_used_in_work",
                "qualification_abroad", "qualification_recognised", "pension_contributor",
                "household_health_coverage", "intends_to_reemigrate"]


def _run(call) -> pd.DataFrame | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy's silent NaN/inf is not acceptable
        try:
            return call()
        except MlalibError:
            return None


def _no_silent_nan(table: pd.DataFrame | None) -> None:
    if table is None:
        return
    numbers = table[["estimate", "se", "ci_low", "ci_high"]].astype("float64")
    missing = ~np.isfinite(numbers).all(axis=1)
    assert (table.loc[missing, "unreliable"]).all(), table
    assert table.loc[missing, "reason"].isin(["no respondents in the domain", "no comparison group"]).all(), table


@SETTINGS
@given(data=frame([*FLAG_COLUMNS, "labour_status", "use_of_savings", "w", "g"],
                  {**{c: flags for c in FLAG_COLUMNS}, "labour_status": statuses, "use_of_savings": uses,
                   "w": clean_weights, "g": st.sampled_from(["female", "male"])}))
def test_indicators_and_crosstab(data):
    _no_silent_nan(_run(lambda: reintegration.indicators(data, design=Design("w"), by="g")))
    table = _run(lambda: reintegration.crosstab(data, "intends_to_reemigrate", ["g", "labour_status"], design=Design("w")))
    _no_silent_nan(table)


@SETTINGS
@given(data=frame(["return_migrant_worker", "migrant_status", "labour_status", "sex", "age_group",
                   "monthly_earnings", "w"],
                  {"return_migrant_worker": flags, "migrant_status": st.sampled_from(["migrant", "non-migrant"]),
                   "labour_status": statuses, "sex": st.sampled_from(["female", "male"]),
                   "age_group": st.sampled_from(["25-34", "35-44"]), "w": clean_weights}),
       indicator=st.sampled_from(["employment", "earnings"]))
def test_labour_gap(data, indicator):
    _no_silent_nan(_run(lambda: reintegration.labour_gap(data, indicator, design=Design("w"))))


@SETTINGS
@given(data=frame(["y", "x", "g", "w"], {"y": flags, "g": st.sampled_from(["a", "b"]), "w": clean_weights}))
def test_logistic_regression(data):
    fit = _run(lambda: models.logistic_regression(data, "y", ["x", "g"], design=Design("w")))
    if fit is not None:
        assert np.isfinite(fit.table["coefficient"]).all(), fit.table
