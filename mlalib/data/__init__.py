"""Data: the registry of bundled data sets and (in later modules) loaders of official files.

Example
-------
>>> from mlalib import data
>>> data.load("undesa_world_migrant_stock_2020").shape
(21, 3)
"""

from mlalib.data.registry import Dataset, data_dir, dataset, list_datasets, load, registry, vintages

__all__ = ["Dataset", "data_dir", "dataset", "list_datasets", "load", "registry", "vintages"]
