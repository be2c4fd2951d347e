"""Migration indices against migest's documented Korean examples and migration.indices' test values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mlalib.errors import InputError
from mlalib.indices import index_connectivity, index_distance, index_impact, index_intensity, weighted_median
from tests.migest_cases import case, frame


def as_printed(value: float, printed: float) -> bool:
    """True if ``value`` prints as ``printed`` (pillar: 3 significant digits, whole numbers in full)."""
    if printed == 0:
        return abs(value) < 5e-4
    digits = max(3, int(math.floor(math.log10(abs(printed)))) + 1)
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(printed))) - digits + 1)
    return abs(value - printed) <= half_unit * (1 + 1e-9)


@pytest.fixture(scope="module")
def korea(reference_dir):
    return pd.read_csv(reference_dir / "data" / "migest" / "rda_extracts" / "korea_gravity.csv")


def _year(korea: pd.DataFrame, year: int):
    y = korea[korea.year == year]
    od = y.pivot(index="orig", columns="dest", values="flow")
    population = y.drop_duplicates("dest").set_index("dest")["dest_pop"]
    distance = y.pivot(index="orig", columns="dest", values="dist_cent")
    return od, population, distance


def _table(c: dict) -> list[dict]:
    columns = c["expected"]["columns"]
    return [dict(zip(columns, row)) for row in c["expected"]["rows"]]


@pytest.mark.reference
def test_intensity_all_years(reference_dir, korea):
    for row in _table(case(reference_dir, "index_intensity_korea_all_years")):
        od, population, _ = _year(korea, int(row["year"]))
        assert od.to_numpy().sum() - np.trace(od.to_numpy()) == row["m"]
        got = index_intensity(row["m"], population.sum() * 1e6, len(od))
        assert as_printed(got["cmp"], row["cmp"]) and as_printed(got["courgeau_k"], row["courgeau_k"]), row


@pytest.mark.reference
def test_impact_all_years(reference_dir, korea):
    for row in _table(case(reference_dir, "index_impact_korea_all_years")):
        od, population, _ = _year(korea, int(row["year"]))
        got = index_impact(od, population)  # populations in millions, as in migest's example
        for measure, printed in [("effectiveness", row["effectivness"]), ("anmr", row["anmr"]),
                                 ("preference", row["preference"]), ("velocity", row["velocity"])]:
            assert as_printed(got[measure], printed), (row["year"], measure, got[measure], printed)


@pytest.mark.reference
def test_connectivity_2020(reference_dir, korea):
    od, _, _ = _year(korea, 2020)
    got = index_connectivity(od)
    for measure, printed in case(reference_dir, "index_connectivity_korea_2020")["expected"]["rows"]:
        assert as_printed(got[measure], printed), (measure, got[measure], printed)


@pytest.mark.reference
def test_distance_all_years(reference_dir, korea):
    for row in _table(case(reference_dir, "index_distance_korea_all_years")):
        od, _, distance = _year(korea, int(row["year"]))
        got = index_distance(od, distance)
        for measure in ("mean", "median", "decay"):
            assert as_printed(got[measure], row[measure]), (row["year"], measure, got[measure], row[measure])


@pytest.mark.reference
def test_migration_indices_test_values(reference_dir):
    c = case(reference_dir, "migration_indices_hyp_matrices")
    values = c["expected"]["values"]
    for k, name in enumerate(["migration.hyp", "migration.hyp2"]):
        od = frame(c["inputs"][name])
        got = index_connectivity(od)
        total = values["migration.gini.total(corrected=TRUE)  [roxygen comment only]"][k]
        assert got["gini_total"] == pytest.approx(total, rel=1e-6)
        assert 100 * got["gini_orig_standardized"] == pytest.approx(
            values["migration.gini.row.standardized (percent)"][k], rel=1e-6, abs=1e-9)
        assert 100 * got["gini_dest_standardized"] == pytest.approx(
            values["migration.gini.col.standardized (percent)"][k], rel=1e-6, abs=1e-9)
        assert got["mwg_orig"] == pytest.approx(values["migration.weighted.gini.out"][k], rel=1e-8, abs=1e-12)
        if "migration.weighted.gini.in" in values:
            assert got["mwg_dest"] == pytest.approx(values["migration.weighted.gini.in"][k], rel=1e-8, abs=1e-12)


def test_weighted_median_interpolates_and_orders_ties_by_weight():
    assert weighted_median(np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4)) == 2.5
    assert weighted_median(np.array([5.0, 1.0]), np.array([0.0, 3.0])) == 1.0
    with pytest.raises(InputError, match="at least one positive weight"):
        weighted_median(np.array([1.0]), np.array([0.0]))


def test_bad_input_is_named():
    od = pd.DataFrame([[0, 1], [2, 0]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(InputError, match="argument 'population' must be a Series with exactly the regions"):
        index_impact(od, pd.Series({"a": 1.0}))
    with pytest.raises(InputError, match="argument 'od' must hold finite, non-negative flows"):
        index_connectivity(od.replace(1, -1))
    with pytest.raises(InputError, match="argument 'distance' must be positive"):
        index_distance(od, od * 0)
    with pytest.raises(InputError, match="argument 'n' must be a whole number of regions"):
        index_intensity(10, 100, 1)
    with pytest.raises(InputError, match="no migration between different regions"):
        index_connectivity(od * 0)


HUGE = pd.DataFrame([[0, 1e308, 1.0], [1e308, 0, 1.0], [1.0, 1.0, 0]], index=list("abc"), columns=list("abc"))


@pytest.mark.parametrize("call, words", [
    (lambda: index_connectivity(HUGE), "index_connectivity: the values are too large to combine"),
    (lambda: index_impact(HUGE, pd.Series(1.0, index=list("abc"))), "index_impact: the values are too large"),
    (lambda: index_distance(HUGE, HUGE + 1), "index_distance: the values are too large"),
    (lambda: index_intensity(1e308, 1e-308, 17), "index_intensity: the values are too large or too small"),
    (lambda: index_intensity(pd.Series([5.0, 6.0]), 100, 17), "argument 'mig_total' must be one number (a total)"),
    (lambda: index_intensity(5, 100, 2.5), "argument 'n' must be a whole number of regions"),
])
def test_values_too_large_to_combine_are_named_not_infinite(call, words):
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_a_huge_number_of_regions_is_a_number():
    assert index_intensity(5, 100, 10**30).round(6).tolist() == [5.0, round(5.0 / (2 * math.log(1e30)), 6)]
