"""The bundled reintegration index: its items (``reintegration_items``) under each weight set
(``reintegration_weights``: ``current``, ``equal_dimensions``, ``iom_style``, each with its source).

The statistics of :mod:`mlalib.returns` take the item table as an argument; these helpers give
the bundled one, so that a programme can pass its own items and weights instead.

Example
-------
>>> reintegration_index("equal_dimensions").groupby("dimension")["composite_weight"].sum().to_dict()
{'economic': 12.0, 'psychosocial': 12.0, 'social': 12.0}
>>> list(reintegration_indices())
['current', 'equal_dimensions', 'iom_style']
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from mlalib.data.registry import load
from mlalib.errors import InputError, shown


@lru_cache(maxsize=2)
def _bundled(name: str) -> pd.DataFrame:
    """A bundled table read once per process (its checksum and schema checked then); callers get copies."""
    return load(name)


def weight_sets() -> pd.DataFrame:
    """Every bundled weight set: ``weight_set, item, dimension_weight, composite_weight, source``."""
    return _bundled("reintegration_weights").copy()


def reintegration_index(weight_set: str = "current") -> pd.DataFrame:
    """The bundled item table (scales, direction) with the weights of ``weight_set``."""
    sets = weight_sets()
    names = list(dict.fromkeys(sets["weight_set"]))
    if weight_set not in names:
        raise InputError(f"argument 'weight_set' names {shown(weight_set)}; the bundled sets are {names} "
                         "(or pass your own item table to the functions of mlalib.returns)")
    chosen = sets.loc[sets["weight_set"] == weight_set, ["item", "dimension_weight", "composite_weight"]]
    items = _bundled("reintegration_items").drop(columns=["dimension_weight", "composite_weight"])
    return items.merge(chosen, on="item", how="left", validate="one_to_one")


def reintegration_indices() -> dict[str, pd.DataFrame]:
    """Every bundled weight set's item table, by name, in the data set's order."""
    return {name: reintegration_index(name) for name in dict.fromkeys(weight_sets()["weight_set"])}
