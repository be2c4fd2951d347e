"""Who is an international migrant: place of birth, citizenship or either (20th ICLS 2018; ILOSTAT).

Issue 12: with the cohort seed 2026 the synthetic LFS has 191 native-born foreign citizens among
20,000 respondents; counting "foreign-born or foreign citizen" raised the migrant share from
8.6% to 9.6% and contradicted notebook 01, which counts migrants by place of birth.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib import labour
from mlalib.data.synthetic_surveys import labour_force_survey
from mlalib.errors import InputError
from mlalib.survey import Design


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return labour_force_survey(seed=2026)


def test_the_191_native_born_foreign_citizens_of_seed_2026(raw):
    born_here, citizen_here = raw.country_of_birth == "PHL", raw.citizenship == "PHL"
    assert len(raw) == 20_000 and int((born_here & ~citizen_here).sum()) == 191
    counts = {c: int(labour.icls_categories(raw, "PHL", criterion=c)["international_migrant"].sum())
              for c in labour.CRITERIA}
    # counted by hand from the two questions
    foreign_born, foreign_citizens = int((~born_here).sum()), int((~citizen_here).sum())
    assert counts == {"birth": foreign_born, "citizenship": foreign_citizens,
                      "birth-or-citizenship": int((~born_here | ~citizen_here).sum())}
    assert counts["birth-or-citizenship"] - counts["birth"] == 191
    naturalised = int((~born_here & citizen_here).sum())  # migrants by birth only
    assert counts["birth"] - counts["citizenship"] == naturalised - 191
    shares = {c: round(100 * n / 20_000, 1) for c, n in counts.items()}
    assert shares["birth"] == 8.6 and shares["birth-or-citizenship"] == 9.6


def test_the_default_is_place_of_birth_as_in_notebook_01(raw):
    default = labour.icls_categories(raw, "PHL")
    assert labour.migrant_criterion(default) == "birth"
    assert (default["international_migrant"] == (raw.country_of_birth != "PHL")).all()
    native_foreign = (raw.country_of_birth == "PHL") & (raw.citizenship != "PHL")
    assert (default.loc[native_foreign, "migrant_status"] == "non-migrant").all()
    by_citizenship = labour.icls_categories(raw, "PHL", criterion="citizenship")
    assert (by_citizenship.loc[native_foreign, "migrant_status"] == "migrant").all()


def test_the_criterion_travels_to_every_table_of_migrant_status(raw, survey_design):
    lfs = labour.icls_categories(raw, "PHL", criterion="citizenship")
    assert labour.migrant_criterion(labour.labour_indicators(lfs, by="migrant_status", design=survey_design)) == "citizenship"
    assert labour.migrant_criterion(labour.share_of_migrants(lfs, among="labour_force", design=survey_design)) == "citizenship"
    with pytest.raises(InputError, match="criterion of migrant status"):
        labour.migrant_criterion(raw)
    with pytest.raises(InputError, match="argument 'criterion'"):
        labour.icls_categories(raw, "PHL", criterion="residence")


def test_migrants_by_criterion_counts_and_weights(raw):
    table = labour.migrants_by_criterion(raw, "PHL", design=Design("weight")).set_index("criterion")
    assert table.loc["birth-or-citizenship", "respondents"] - table.loc["birth", "respondents"] == 191
    weighted = raw.loc[raw.citizenship != "PHL", "weight"].sum() / raw["weight"].sum()
    assert table.loc["citizenship", "share_pct"] == pytest.approx(100 * weighted)
    with pytest.raises(InputError, match="'country'"):
        labour.migrants_by_criterion(raw, "ZZZ", design=Design("weight"))


def test_gap_between_migrants_and_non_migrants(raw, survey_design):
    lfs = labour.icls_categories(raw, "PHL")
    table = labour.labour_indicators(lfs, by="migrant_status", design=survey_design)
    gap = labour.gap_between(table, "participation_rate").iloc[0]
    rates = table[table.indicator == "participation_rate"].set_index("migrant_status")
    assert gap["gap"] == pytest.approx(rates.estimate["migrant"] - rates.estimate["non-migrant"])
    assert gap["se"] == pytest.approx((rates.se["migrant"] ** 2 + rates.se["non-migrant"] ** 2) ** 0.5)
    assert gap["ci_low"] == pytest.approx(gap["gap"] - 1.959964 * gap["se"], rel=1e-6) and gap["significant"]
    with pytest.raises(InputError, match="exactly one"):
        labour.gap_between(labour.labour_indicators(lfs, by=["migrant_status", "sex"], design=survey_design), "participation_rate")
