"""Read the migest worked examples (../shared/reference/cases/migest_examples.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd


@lru_cache(maxsize=1)
def _cases(path: str) -> dict[str, dict]:
    return {case["id"]: case for case in json.loads(Path(path).read_text())["cases"]}


def case(reference_dir: Path, case_id: str) -> dict:
    return _cases(str(reference_dir / "cases" / "migest_examples.json"))[case_id]


def cases_of(reference_dir: Path, function: str) -> list[dict]:
    return [c for c in _cases(str(reference_dir / "cases" / "migest_examples.json")).values()
            if c["function"] == function]


def frame(spec: dict) -> pd.DataFrame:
    """A case matrix as a DataFrame (rows x cols, row-major data)."""
    return pd.DataFrame(np.asarray(spec["data"], dtype=float), index=spec["rows"], columns=spec["cols"])


def series(spec: dict) -> pd.Series:
    return pd.Series(np.asarray(spec["values"], dtype=float), index=spec["names"])


def without_margins(spec: dict) -> pd.DataFrame:
    table = frame(spec)
    return table.drop(index="Sum", columns="Sum", errors="ignore")
