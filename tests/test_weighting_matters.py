"""The synthetic LFS design makes weighting matter (issue 12): the unweighted migrant share of the
population aged 15+ (the indicator of notebook 03's lesson on weights) is biased by more than two
standard errors of the weighted estimate, for each of 20 seeds."""

from __future__ import annotations

import pytest

from mlalib import labour
from mlalib.data.synthetic_surveys import STRATUM_POPULATION_SHARES, labour_force_survey


@pytest.mark.parametrize("seed", [*range(18), 2026, 4711])
def test_unweighted_migrant_share_is_more_than_two_standard_errors_off(seed, survey_design):
    lfs = labour.icls_categories(labour_force_survey(seed=seed), "PHL")
    weighted = labour.share_of_migrants(lfs, among="population", migrant="international_migrant", design=survey_design)
    estimate, se = weighted["estimate"].item(), weighted["se"].item()
    unweighted = 100 * lfs["international_migrant"].mean()
    assert unweighted - estimate > 2 * se  # urban strata, where migrants live, are oversampled


def test_weights_add_up_to_each_stratum_population():
    lfs = labour_force_survey(seed=3)
    totals = lfs.groupby("stratum", sort=False)["weight"].sum()
    codes = [f"R{h // 2 + 1}-{'urban' if h % 2 == 0 else 'rural'}" for h in range(len(STRATUM_POPULATION_SHARES))]
    for code, share in zip(codes, STRATUM_POPULATION_SHARES):
        assert totals[code] == pytest.approx(60_000_000 * share, rel=1e-6)
    sample_share_urban = lfs["stratum"].str.endswith("urban").mean()
    assert sample_share_urban == pytest.approx(0.5, abs=0.02) and sum(STRATUM_POPULATION_SHARES[0::2]) == 0.275
