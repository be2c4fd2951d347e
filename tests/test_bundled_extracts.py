"""The bundled extracts of UN DESA 2020 and WDI equal what mlalib's loaders read from the official files
(the 2019 origin-destination extracts are checked in tests/test_undesa_origin.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib.data import load, read_undesa_stock, read_wdi

pytestmark = pytest.mark.reference


def _same(bundled: pd.DataFrame, read: pd.DataFrame) -> None:
    read = read.replace({"": pd.NA})[list(bundled.columns)]  # region codes: empty in the loader, missing in the CSV
    numbers = [c for c in bundled.columns if pd.api.types.is_float_dtype(read[c])]
    bundled, read = bundled.astype({c: float for c in numbers}), read.astype({c: float for c in numbers})
    pd.testing.assert_frame_equal(bundled.reset_index(drop=True), read.reset_index(drop=True),
                                  check_dtype=False, rtol=1e-9)  # the CSV keeps 15 significant digits or 6 decimals


def test_undesa_2020_extract_equals_the_workbook(reference_dir):
    read = read_undesa_stock(reference_dir / "data" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
    _same(load("undesa_migrant_stock_2020"), read)


def test_wdi_extract_equals_the_bulk_download_from_2000(reference_dir):
    read = read_wdi(reference_dir / "data" / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv")
    _same(load("wdi_remittances_received_2025"), read[read.year >= 2000])
