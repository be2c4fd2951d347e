"""Loaders of UN DESA's International Migrant Stock files, one family.

* :mod:`~mlalib.data.undesa.destination_2020`: the 2020 revision's "Destination" workbook, stocks and
  annual rates of change by sex (:func:`read_undesa_stock`, :func:`read_undesa_rate_of_change`), and
  UN DESA's type of data in words (:func:`with_data_type`);
* :mod:`~mlalib.data.undesa.origin_2019`: the 2019 revision's totals workbook (:func:`read_undesa_2019_totals`)
  and its table by origin and destination (:func:`read_undesa_origin_destination`);
* :mod:`~mlalib.data.undesa.locations`: what they share, the locations (names, UN M49 codes, ISO codes:
  :func:`iso3_of`) and the cells (``..`` is missing, never zero; stocks are whole numbers of persons).

Files are opened through :mod:`mlalib.data.official_files` (as the World Bank loaders do), so a
missing, binary or wrongly laid-out file gets the same kind of message whichever loader reads it.

Example
-------
>>> from mlalib.data.undesa import iso3_of, data_type_label
>>> iso3_of(686), data_type_label("C", "es")
('SEN', 'personas de nacionalidad extranjera')
"""

from mlalib.data.undesa.destination_2020 import (
    DATA_TYPES, data_type_label, read_undesa_rate_of_change, read_undesa_stock, with_data_type,
)
from mlalib.data.undesa.locations import iso3_of
from mlalib.data.undesa.origin_2019 import location_codes, read_undesa_2019_totals, read_undesa_origin_destination

__all__ = [
    "DATA_TYPES", "data_type_label", "iso3_of", "location_codes", "read_undesa_2019_totals",
    "read_undesa_origin_destination", "read_undesa_rate_of_change", "read_undesa_stock", "with_data_type",
]
