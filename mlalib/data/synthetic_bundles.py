"""How the bundled synthetic surveys are made from their generators (seed 0).

Run from the project root after changing a generator::

    python -m mlalib.data.synthetic_bundles data                  # every synthetic survey
    python -m mlalib.data.synthetic_bundles data synthetic_lfs    # only the LFS

It rewrites ``data/<name>.csv.gz`` (gzip without a time stamp or file name: the same generator gives
the same bytes) and prints the sha256 to write in ``data/registry.yaml``. The tests check that each
bundled file holds what its generator gives.

Example
-------
>>> sorted(BUNDLES)
['synthetic_lfs', 'synthetic_returnees']
"""

from __future__ import annotations

import gzip
import hashlib
import io
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from mlalib.data.synthetic_surveys import labour_force_survey, returnee_survey
from mlalib.errors import InputError

#: Bundled data set -> the generator call that makes it.
BUNDLES: dict[str, Callable[[], pd.DataFrame]] = {
    "synthetic_lfs": lambda: labour_force_survey(seed=0),
    "synthetic_returnees": lambda: returnee_survey(seed=0),
}


def bundle_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as the bytes of a bundled ``.csv.gz``: CSV without index, newline line ends, gzip with no
    time stamp or file name."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as archive:
        archive.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return buffer.getvalue()


def write_bundles(folder: str | Path, names: list[str] | None = None) -> dict[str, str]:
    """Write ``<folder>/<name>.csv.gz`` for each name (default: all) and return their sha256."""
    names = list(BUNDLES) if not names else names
    unknown = [name for name in names if name not in BUNDLES]
    if unknown:
        raise InputError(f"no synthetic bundle named {unknown}; the bundles are {sorted(BUNDLES)}")
    digests = {}
    for name in names:
        content = bundle_bytes(BUNDLES[name]())
        (Path(folder) / f"{name}.csv.gz").write_bytes(content)
        digests[name] = hashlib.sha256(content).hexdigest()
    return digests


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    if len(sys.argv) < 2:
        sys.exit("usage: python -m mlalib.data.synthetic_bundles DATA_FOLDER [NAME ...]")
    for bundle, digest in write_bundles(sys.argv[1], sys.argv[2:]).items():
        print(f"{bundle}: sha256 {digest}")
