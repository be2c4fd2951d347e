"""The reintegration index's weights as data: named sets side by side, shares, ranks, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib import returns
from mlalib.data import load, reintegration_index, reintegration_indices, weight_sets
from mlalib.errors import InputError, MissingColumnError


CURRENT = reintegration_index("current")


@pytest.fixture(scope="module")
def returnees() -> pd.DataFrame:
    return load("synthetic_returnees")


def test_current_set_is_the_item_table_and_gives_social_40_percent():
    items = load("reintegration_items").set_index("item")
    current = reintegration_index("current").set_index("item")
    pd.testing.assert_frame_equal(current[["dimension_weight", "composite_weight"]].astype(float),
                                  items[["dimension_weight", "composite_weight"]].astype(float))
    assert returns.reintegration_dimension_shares(reintegration_index("current")).to_dict() == pytest.approx(
        {"economic": 0.3, "social": 0.4, "psychosocial": 0.3})
    assert returns.reintegration_dimension_shares(reintegration_index("equal_dimensions")).to_dict() == pytest.approx(
        {"economic": 1 / 3, "social": 1 / 3, "psychosocial": 1 / 3})
    assert weight_sets()["source"].str.len().min() > 50  # every set states its source


def test_iom_style_weights_are_the_first_principal_component_of_the_items(returnees):
    items = load("reintegration_items")
    normalised = pd.DataFrame({r.item: (returnees[r.item] - r.min) / (r.max - r.min) if r.higher_is_better
                               else 1 - (returnees[r.item] - r.min) / (r.max - r.min) for r in items.itertuples()})
    w = returnees["weight"].to_numpy()

    def first_component(columns):
        correlation = pd.DataFrame(np.cov(normalised[columns].to_numpy().T, aweights=w)).to_numpy()
        sd = np.sqrt(np.diag(correlation))
        values, vectors = np.linalg.eigh(correlation / np.outer(sd, sd))
        vector = np.abs(vectors[:, -1])
        return vector / vector.sum()

    iom = reintegration_index("iom_style").set_index("item")
    np.testing.assert_allclose(iom.loc[items["item"], "composite_weight"], first_component(list(items["item"])),
                               atol=6e-4)
    for dimension in returns.DIMENSIONS:
        columns = list(items.loc[items["dimension"] == dimension, "item"])
        np.testing.assert_allclose(iom.loc[columns, "dimension_weight"], first_component(columns), atol=6e-4)


def test_scores_follow_the_chosen_weights_by_hand(returnees):
    first = returnees.iloc[0]
    equal = returns.reintegration_scores(returnees, reintegration_index("equal_dimensions")).iloc[0]
    economic = np.mean([first.income_sufficiency / 4, 1 - first.debt_burden / 4, first.employment_quality / 4])
    social = np.mean([first.access_to_services / 4, first.housing / 4, first.social_network / 4,
                      first.community_participation / 4])
    psychosocial = np.mean([first.wellbeing / 4, 1 - first.discrimination / 4, first.sense_of_belonging / 4])
    assert equal["composite"] == pytest.approx((economic + social + psychosocial) / 3)
    current = returns.reintegration_scores(returnees, reintegration_index("current")).iloc[0]
    assert current["composite"] == pytest.approx(0.3 * economic + 0.4 * social + 0.3 * psychosocial)
    custom = pd.DataFrame({"item": load("reintegration_items")["item"], "dimension_weight": 1.0,
                           "composite_weight": [1.0] + [0.0] * 9})
    assert returns.reintegration_scores(returnees, CURRENT, weights=custom).iloc[0]["composite"] == pytest.approx(
        first.income_sufficiency / 4)
    # without weights, the statistics need an item table that carries them
    with pytest.raises(MissingColumnError, match="weight column"):
        returns.reintegration_scores(returnees, load("reintegration_items").drop(columns="composite_weight"))


def test_comparison_side_by_side_with_ranks(returnees, survey_design):
    table = returns.reintegration_weight_comparison(returnees, reintegration_indices(), design=survey_design)
    assert list(table["weight_set"].unique()) == ["current", "equal_dimensions", "iom_style"]
    for name, rows in table.groupby("weight_set"):
        summary = returns.reintegration_summary(returnees, reintegration_index(name), design=survey_design)
        summary = summary.set_index("score")
        got = rows.set_index("score")
        np.testing.assert_allclose(got.loc[summary.index, "estimate"], summary["estimate"])
        dims = got.loc[list(returns.DIMENSIONS)]
        assert sorted(dims["rank"].tolist()) == [1, 2, 3]
        assert dims["rank"].idxmin() == dims["estimate"].idxmin()
        assert dims["share"].sum() == pytest.approx(1.0)
    # the economic and social dimension scores do not move with the composite weights
    current, equal = (table[table.weight_set == s].set_index("score") for s in ("current", "equal_dimensions"))
    assert current.loc["social", "estimate"] == pytest.approx(equal.loc["social", "estimate"])
    assert current.loc["composite", "estimate"] != pytest.approx(equal.loc["composite", "estimate"])


def test_bad_weights_are_named(returnees):
    with pytest.raises(InputError, match=r"names 'iom'.*\['current', 'equal_dimensions', 'iom_style'\]"):
        reintegration_index("iom")
    items = load("reintegration_items")["item"]
    with pytest.raises(MissingColumnError, match="composite_weight"):
        returns.reintegration_scores(returnees, CURRENT, weights=pd.DataFrame({"item": items, "dimension_weight": 1.0}))
    with pytest.raises(InputError, match=r"items without a weight \['sense_of_belonging'\]"):
        returns.reintegration_scores(returnees, CURRENT, weights=pd.DataFrame(
            {"item": items[:-1], "dimension_weight": 1.0, "composite_weight": 1.0}))
    with pytest.raises(InputError, match="must not be negative"):
        returns.reintegration_scores(returnees, CURRENT, weights=pd.DataFrame(
            {"item": items, "dimension_weight": 1.0, "composite_weight": -1.0}))
    with pytest.raises(InputError, match="argument 'weights': column 'composite_weight' must hold numbers; row 0 has "
                                         "the text 'heavy'"):
        returns.reintegration_scores(returnees, CURRENT, weights=pd.DataFrame(
            {"item": items, "dimension_weight": 1.0, "composite_weight": "heavy"}))


def test_repeated_item_and_unknown_weight_type(returnees):
    items = load("reintegration_items")["item"]
    twice = pd.DataFrame({"item": [*items, "housing"], "dimension_weight": 1.0, "composite_weight": 1.0})
    with pytest.raises(InputError, match="repeats the item 'housing'"):
        returns.reintegration_scores(returnees, CURRENT, weights=twice)
    with pytest.raises(InputError, match="must be a DataFrame .*got int"):
        returns.reintegration_scores(returnees, CURRENT, weights=3)
