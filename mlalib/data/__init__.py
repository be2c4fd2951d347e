"""Data: the registry of bundled data sets and loaders of official files.

Example
-------
>>> from mlalib import data
>>> data.load("undesa_world_migrant_stock_2020").shape
(21, 3)
"""

from mlalib.data.examples import StockExample, stock_example
from mlalib.data.registry import Dataset, data_dir, dataset, list_datasets, load, registry, vintages
from mlalib.data.reintegration_index import reintegration_index, reintegration_indices, weight_sets
from mlalib.data.undesa import (
    read_undesa_2019_totals, read_undesa_origin_destination, read_undesa_rate_of_change, read_undesa_stock,
)
from mlalib.data.worldbank import (
    country_code, read_knomad_migrants, read_knomad_remittances, read_rpw_corridors, read_wdi,
)

__all__ = [
    "Dataset", "country_code", "data_dir", "dataset", "list_datasets", "load", "read_knomad_migrants", "read_knomad_remittances",
    "read_rpw_corridors", "read_undesa_2019_totals", "read_undesa_origin_destination", "read_undesa_rate_of_change",
    "read_undesa_stock", "read_wdi", "reintegration_index", "reintegration_indices", "weight_sets",
    "registry", "stock_example", "StockExample", "vintages",
]
