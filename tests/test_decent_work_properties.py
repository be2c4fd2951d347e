"""Random bad input to mlalib.decent_work: an mlalib error, or a table whose only missing numbers are in rows
that say why (reason "no respondents"; cv infinite in rows flagged unreliable). Never another exception,
never a numpy warning."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mlalib import decent_work as dw
from mlalib.errors import MlalibError
from mlalib.survey import Design
from tests.test_bad_input_properties import SETTINGS, clean_weights, frame, statuses

FEWER = settings(SETTINGS, max_examples=40)  # seven functions share the rates test

flags = st.one_of(st.booleans(), st.booleans(), st.sampled_from([None, 1, 0, "yes"]))
migrant_status = st.sampled_from(["migrant", "non-migrant", "non-migrant", "foreign"])
COLUMNS = {"labour_status": statuses, "migrant_status": migrant_status, "weight": clean_weights,
           "informal": flags, "contributes_to_pension": flags, "fatal_occupational_injury": flags,
           "domestic_worker": flags, "in_education_or_training": flags,
           "nonfatal_injury_cases": st.one_of(st.integers(0, 2), st.sampled_from([None, 1.5, -1])),
           "age": st.integers(14, 30), "isced_level": st.one_of(st.integers(0, 8), st.sampled_from([None, 9])),
           "occupation": st.one_of(st.integers(0, 9), st.sampled_from([None, 12])),
           "isco_unit": st.sampled_from([9111, 5322, 2512, 110, 91, None]),
           "monthly_earnings": st.one_of(st.floats(0, 1e5), st.sampled_from([np.nan, -5.0]))}


def _run(call) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            result = call()
        except MlalibError:
            return
    numbers = result[["estimate", "se", "ci_low", "ci_high"]].to_numpy(dtype="float64")
    missing = ~np.isfinite(numbers).all(axis=1)
    assert (result.loc[missing, "reason"] == "no respondents").all(), result
    assert (result["unreliable"] | np.isfinite(result.get("cv", pd.Series(0.0, index=result.index)))).all(), result
    assert ((result["reason"] != "") == result["unreliable"]).all(), result


@FEWER
@given(data=frame(list(COLUMNS), COLUMNS), function=st.sampled_from([
    dw.informality_rate, dw.pension_coverage, dw.occupational_injury_rates, dw.neet_rate, dw.overqualification_rate,
    dw.occupation_group_shares, dw.decent_work_indicators]))
def test_rates(data, function):
    _run(lambda: function(data, by="migrant_status", design=Design("weight"), min_n=1))


@SETTINGS
@given(data=frame(list(COLUMNS), COLUMNS))
def test_pay_gap(data):
    _run(lambda: dw.pay_gap(data, design=Design("weight"), min_n=1))


@SETTINGS
@given(data=frame(["monthly_earnings", "weight", "origin", "sex"],
                  {**COLUMNS, "origin": st.sampled_from(["a", "b", "a"]), "sex": st.sampled_from(["female", "male"])}))
def test_pay_gap_of_any_group_column(data):
    _run(lambda: dw.pay_gap(data, group="origin", reference="a", by="sex", design=Design("weight"), min_n=1))
