"""How the bundled extracts of the origin-side data sets are made from the official files.

Run from the project root, with the official files in ``../shared/reference/data``::

    python -m mlalib.data.extracts ../shared/reference/data data

It rewrites ``data/undesa_migrant_stock_2019_totals.csv.gz``,
``data/undesa_migrant_stock_2019_by_origin.csv.gz`` and ``data/knomad_migrant_stock_2017.csv.gz``
(gzip without a time stamp: the same inputs give the same bytes) and prints their sha256 for
``data/registry.yaml``. The tests check that each bundled file equals what the loader reads from
the official file, through the same functions.

Example
-------
>>> import pandas as pd
>>> od = pd.DataFrame({"year": [2019, 2019], "origin_iso3": ["SEN", "SEN"], "origin": ["Senegal"] * 2,
...                    "destination_iso3": ["FRA", "ISL"], "destination": ["France", "Iceland"],
...                    "stock": pd.array([129790, 0], dtype="Int64")})
>>> origin_destination_extract(od)["destination_iso3"].tolist()
['FRA']
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

import pandas as pd

from mlalib.data.undesa import read_undesa_2019_totals, read_undesa_origin_destination
from mlalib.data.worldbank import read_knomad_migrants
from mlalib.errors import MlalibError

#: Official file of each bundled extract, in the reference folder.
SOURCES = {
    "undesa_migrant_stock_2019_totals": "undesa_pd_2019_migrant_stock_total_dataset.xlsx",
    "undesa_migrant_stock_2019_by_origin": "UN_MigrantStockByOriginAndDestination_2019_clean.csv",
    "knomad_migrant_stock_2017": "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx",
}


def origin_destination_extract(od: pd.DataFrame) -> pd.DataFrame:
    """The bundled form of :func:`read_undesa_origin_destination`: codes only, reported zeros left out.

    A pair absent from the extract had a stock of 0 in the file; pairs published as not available
    stay, with an empty stock. Names are in ``undesa_migrant_stock_2019_totals``.
    """
    kept = od[od["stock"].isna() | (od["stock"] != 0)]
    return kept[["year", "origin_iso3", "destination_iso3", "stock"]].reset_index(drop=True)


def totals_extract(totals: pd.DataFrame) -> pd.DataFrame:
    """The bundled form of :func:`read_undesa_2019_totals`: every location and year, as read."""
    return totals.reset_index(drop=True)


def knomad_extract(matrix: pd.DataFrame) -> pd.DataFrame:
    """The bundled form of :func:`read_knomad_migrants`: pairs with migrants (zeros left out), as read."""
    kept = matrix[matrix["migrants"].isna() | (matrix["migrants"] != 0)]
    return kept.sort_values(["origin", "destination"]).reset_index(drop=True)


def extract(name: str, reference_data: str | Path) -> pd.DataFrame:
    """The extract ``name`` (a key of :data:`SOURCES`) made from the official file in ``reference_data``."""
    path = Path(reference_data) / SOURCES[name]
    if name == "undesa_migrant_stock_2019_totals":
        return totals_extract(read_undesa_2019_totals(path))
    if name == "undesa_migrant_stock_2019_by_origin":
        return origin_destination_extract(read_undesa_origin_destination(path))
    return knomad_extract(read_knomad_migrants(path))


def write_csv_gz(frame: pd.DataFrame, path: str | Path) -> str:
    """Write ``frame`` as a gzip CSV with no time stamp in the header; return its sha256."""
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.15g").encode("utf-8")
    path = Path(path)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m mlalib.data.extracts REFERENCE_DATA_DIR OUTPUT_DIR``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m mlalib.data.extracts REFERENCE_DATA_DIR OUTPUT_DIR", file=sys.stderr)
        return 2
    reference, out = Path(args[0]), Path(args[1])
    try:
        made = {name: extract(name, reference) for name in SOURCES}  # all read before anything is written
        out.mkdir(parents=True, exist_ok=True)
    except (MlalibError, OSError) as err:
        print(f"error: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    for name, frame in made.items():
        print(f"{name}.csv.gz sha256 {write_csv_gz(frame, out / f'{name}.csv.gz')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
