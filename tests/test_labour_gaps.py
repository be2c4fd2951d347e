"""The gap of a labour indicator between two groups of one survey (mlalib.labour.indicator_gap): the estimate is the
difference of the two rates of labour_indicators, and its standard error includes the groups' covariance (Lumley 2010,
ch. 2), checked against the covariance computed by hand from PSU totals and against independent groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib import labour
from mlalib.data.synthetic_surveys import labour_force_survey
from mlalib.errors import InputError, MissingColumnError
from tests.conftest import SURVEY_DESIGN as DESIGN



@pytest.fixture(scope="module")
def lfs() -> pd.DataFrame:
    return labour.icls_categories(labour_force_survey(seed=5, n=4_000), "PHL")


@pytest.mark.parametrize("indicator", ["participation_rate", "employment_to_population", "unemployment_rate"])
def test_the_gap_is_the_difference_of_the_two_rates(lfs, indicator):
    table = labour.labour_indicators(lfs, by="migrant_status", design=DESIGN)
    rates = table[table.indicator == indicator].set_index("migrant_status")["estimate"]
    gap = labour.indicator_gap(lfs, indicator, design=DESIGN).iloc[0]
    assert gap["gap"] == pytest.approx(rates["migrant"] - rates["non-migrant"], abs=1e-9)
    assert gap["ci_low"] == pytest.approx(gap["gap"] - 1.959964 * gap["se"], rel=1e-6)
    assert labour.migrant_criterion(labour.indicator_gap(lfs, indicator, design=DESIGN)) == "birth"


def _by_hand(data: pd.DataFrame, by: str, first: str, second: str) -> tuple[float, float, float]:
    """Var(R1), Var(R2) and Cov(R1, R2) of two domain participation rates, from PSU totals of their linearised
    values: sum over strata of n_h / (n_h - 1) sum_j (z_hj - zbar_h)(z'_hj - zbar'_h)."""
    w = data["weight"].to_numpy()
    y = data["labour_status"].isin(["employed", "unemployed"]).to_numpy(float)
    scores = []
    for group in (first, second):
        inside = (data[by] == group).to_numpy()
        rate = (w * y)[inside].sum() / w[inside].sum()
        scores.append(np.where(inside, w * (y - rate) / w[inside].sum(), 0.0))
    frame = pd.DataFrame({"stratum": data["stratum"], "psu": data["psu"], "z1": scores[0], "z2": scores[1]})
    totals = frame.groupby(["stratum", "psu"])[["z1", "z2"]].sum()
    deviations = totals - totals.groupby("stratum").transform("mean")
    n_h = totals.groupby("stratum")["z1"].transform("size")
    factor = n_h / (n_h - 1)
    return tuple(float((factor * deviations[a] * deviations[b]).sum()) for a, b in (("z1", "z1"), ("z2", "z2"),
                                                                                    ("z1", "z2")))


def test_the_standard_error_includes_the_covariance_of_the_two_groups(lfs):
    # women and men share households, hence PSUs: their covariance is far from 0
    var1, var2, cov = _by_hand(lfs, "sex", "female", "male")
    gap = labour.indicator_gap(lfs, "participation_rate", by="sex", first="female", second="male",
                               design=DESIGN).iloc[0]
    assert gap["se"] == pytest.approx(100 * np.sqrt(var1 + var2 - 2 * cov), rel=1e-9)
    independent = labour.gap_between(labour.labour_indicators(lfs, by="sex", design=DESIGN), "participation_rate",
                                      column="sex", first="female", second="male").iloc[0]
    assert independent["se"] == pytest.approx(100 * np.sqrt(var1 + var2), rel=1e-6)
    assert abs(cov) > 0.05 * np.sqrt(var1 * var2)  # the two ways differ


def test_groups_in_separate_strata_have_no_covariance(lfs):
    """When the groups share no stratum, the design-based and the independent standard errors coincide."""
    split = lfs.assign(zone=np.where(lfs["stratum"].str.endswith("urban"), "urban", "rural"))
    gap = labour.indicator_gap(split, "participation_rate", by="zone", first="urban", second="rural", design=DESIGN)
    table = labour.labour_indicators(split, by="zone", design=DESIGN)
    independent = labour.gap_between(table, "participation_rate", column="zone", first="urban", second="rural")
    assert gap["se"].item() == pytest.approx(independent["se"].item(), rel=1e-9)


def test_bad_arguments_are_named(lfs):
    with pytest.raises(InputError, match="argument 'indicator' must be one of"):
        labour.indicator_gap(lfs, "participation", design=DESIGN)
    with pytest.raises(InputError, match="argument 'first' 'migrants' is not a value of column 'migrant_status'"):
        labour.indicator_gap(lfs, "participation_rate", first="migrants", design=DESIGN)
    with pytest.raises(MissingColumnError, match="'region'"):
        labour.indicator_gap(lfs, "participation_rate", by="region", design=DESIGN)
    with pytest.raises(InputError, match="no one in the denominator of unemployment_rate"):
        inactive = lfs.assign(labour_status=np.where(lfs.migrant_status == "migrant", "outside labour force",
                                                     lfs.labour_status))
        labour.indicator_gap(inactive, "unemployment_rate", design=DESIGN)
    with pytest.raises(InputError, match="'level'"):
        labour.indicator_gap(lfs, "participation_rate", level=95, design=DESIGN)
