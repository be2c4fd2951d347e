"""The residual estimate of irregular migration (mlalib.irregular): the formula of Warren and Passel (1987) worked
by hand, its interval, the assumptions it states and the errors it gives on bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlalib.errors import InputError, MissingColumnError
from mlalib.irregular import residual_estimate
from mlalib.views.irregular_figures import residual_figure

COUNTS = pd.DataFrame({"region": ["A", "B"], "foreign_born": [120_000, 50_000], "foreign_born_se": [4_000.0, 3_000.0],
                       "permits": [90_000, 45_000], "naturalised": [12_000, 7_000]})


def test_the_residual_by_hand():
    out = residual_estimate(COUNTS, regular=["permits", "naturalised"], undercount=0.10, labels="region")
    a, b = out.iloc[0], out.iloc[1]
    assert list(out.columns) == ["region", "foreign_born", "regular", "counted_residual", "estimate", "se", "ci_low",
                                 "ci_high"]
    assert a["regular"] == 102_000 and a["counted_residual"] == 18_000
    assert a["estimate"] == pytest.approx(18_000 / 0.9) and a["se"] == pytest.approx(4_000 / 0.9)
    assert a["ci_low"] == pytest.approx(20_000 - 1.959964 * 4_000 / 0.9, rel=1e-6)
    assert b["counted_residual"] == -2_000 and b["ci_low"] < 0 < b["ci_high"]  # cannot be told from 0


def test_a_complete_count_has_no_sampling_error_and_the_undercount_defaults_to_none():
    out = residual_estimate(COUNTS, se=None, regular="permits").iloc[0]
    assert out["estimate"] == 30_000 and out["se"] == 0 and out["ci_low"] == out["ci_high"] == 30_000


@settings(max_examples=60, deadline=None)
@given(undercount=st.floats(0, 0.9), foreign=st.integers(0, 10**7), regular=st.integers(0, 10**7),
       se=st.floats(0, 10**5))
def test_the_undercount_scales_estimate_and_interval_alike_and_never_moves_zero(undercount, foreign, regular, se):
    counts = pd.DataFrame({"foreign_born": [foreign], "foreign_born_se": [se], "regular": [regular]})
    base, varied = residual_estimate(counts).iloc[0], residual_estimate(counts, undercount=undercount).iloc[0]
    factor = 1 / (1 - undercount)
    for column in ("estimate", "se", "ci_low", "ci_high"):
        assert varied[column] == pytest.approx(base[column] * factor, rel=1e-9, abs=1e-6)
    assert np.sign(varied["ci_low"]) == np.sign(base["ci_low"]) and np.sign(varied["ci_high"]) == np.sign(
        base["ci_high"])


def test_the_level_sets_the_interval():
    wide = residual_estimate(COUNTS, regular=["permits", "naturalised"], level=0.99).iloc[0]
    assert wide["ci_high"] - wide["estimate"] == pytest.approx(2.575829 * 4_000, rel=1e-6)


@pytest.mark.parametrize("changes, message", [
    ({"undercount": 1.0}, "'undercount' must be less than 1"),
    ({"undercount": -0.1}, "'undercount' must be between 0 and 1"),
    ({"undercount": "0.1"}, "'undercount' must be a number"),
    ({"level": 1.0}, "'level' must be between 0 and 1"),
    ({"regular": []}, "'regular' must name one column"),
    ({"regular": ["permits", "visas"]}, "visas"),
    ({"labels": "country"}, "country"),
    ({"se": "sd"}, "sd"),
])
def test_bad_arguments_are_named(changes, message):
    arguments = {"regular": ["permits", "naturalised"], "labels": "region", **changes}
    with pytest.raises((InputError, MissingColumnError), match=message):
        residual_estimate(COUNTS, **arguments)


def test_bad_counts_are_named():
    with pytest.raises(InputError, match="'permits'.*numbers"):
        residual_estimate(COUNTS.assign(permits=["90000", "45000"]), regular="permits")
    with pytest.raises(InputError, match="'foreign_born_se'"):
        residual_estimate(COUNTS.assign(foreign_born_se=[4_000.0, -1.0]), regular="permits")
    with pytest.raises(InputError, match="'foreign_born'.*missing"):
        residual_estimate(COUNTS.assign(foreign_born=[np.nan, 1.0]), regular="permits")
    with pytest.raises(InputError, match="no rows"):
        residual_estimate(COUNTS.iloc[:0], regular="permits")
    with pytest.raises(InputError, match="DataFrame"):
        residual_estimate([1, 2], regular="permits")


def test_the_figure_draws_every_group_with_its_interval_in_the_cohorts_language():
    table = residual_estimate(COUNTS, regular=["permits", "naturalised"], labels="region")
    fig = residual_figure(table, by="region", language="es")
    assert fig.layout.xaxis.title.text == "Migrantes en situación irregular (personas)"
    assert list(fig.data[0].y) == ["B", "A"] and list(fig.data[0].error_x.arrayminus) == pytest.approx(
        [1.959964 * 3_000, 1.959964 * 4_000], rel=1e-3)
    with pytest.raises(InputError, match="'region_of_birth'"):
        residual_figure(table)
