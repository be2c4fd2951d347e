"""The registry of bundled data sets: name, source, citation, licence, checksum, schema.

Every file in the project's ``data/`` folder is described in ``data/registry.yaml``.
:func:`load` checks the file's sha256 and its column schema before returning it, so
a participant never computes with a damaged or silently changed file.

Example
-------
>>> from mlalib.data import load
>>> world = load("undesa_world_migrant_stock_2020")
>>> int(world.query("year == 2020 and sex == 'total'")["stock"].iloc[0])
280598105
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlalib.errors import DataFileError, DataFileNotFoundError, UnknownDatasetError, shown

REGISTRY_FILE = "registry.yaml"



class Column(BaseModel):
    """Schema of one column: its type, unit, and the values it may take."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["integer", "number", "string", "boolean", "date"]
    description: str
    unit: str | None = None
    allowed: list[Any] | None = None
    min: float | None = None
    max: float | None = None
    nullable: bool = False


class Dataset(BaseModel):
    """One registered data file."""

    model_config = ConfigDict(extra="forbid")

    name: str
    file: str
    title: str
    description: str
    source: str
    citation: str
    licence: str
    vintage: str | None = None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    key: list[str] = Field(default_factory=list)
    columns: dict[str, Column]


def data_dir() -> Path:
    """Folder holding the bundled data files and ``registry.yaml``.

    Looked up in this order: the ``MLALIB_DATA_DIR`` environment variable, the copy
    installed inside the package (wheels), the project's ``data/`` folder (editable
    installs and a clone).
    """
    env = os.environ.get("MLALIB_DATA_DIR")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "_bundled_data", here.parents[1] / "data"]
    for folder in candidates:
        if (folder / REGISTRY_FILE).is_file():
            return folder
    raise DataFileNotFoundError(
        "cannot find the bundled data folder (looked for registry.yaml in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall mlalib or set MLALIB_DATA_DIR"
    )


@lru_cache(maxsize=4)
def _read_registry(folder: Path) -> dict[str, Dataset]:
    raw = yaml.safe_load((folder / REGISTRY_FILE).read_text(encoding="utf-8")) or {}
    entries = raw.get("datasets")
    if not isinstance(entries, dict):
        raise DataFileError(f"{folder / REGISTRY_FILE}: expected a mapping 'datasets:'")
    registry: dict[str, Dataset] = {}
    for name, entry in entries.items():
        try:
            registry[name] = Dataset(name=name, **entry)
        except (ValidationError, TypeError) as err:
            raise DataFileError(f"{folder / REGISTRY_FILE}: entry '{name}' is invalid: {err}") from None
    return registry


def registry() -> dict[str, Dataset]:
    """All registered data sets, by name."""
    return dict(_read_registry(data_dir()))


def dataset(name: str) -> Dataset:
    """The registry entry of one data set; a clear error names the known ones."""
    entries = registry()
    if not isinstance(name, str) or name not in entries:
        known = ", ".join(sorted(entries))
        raise UnknownDatasetError(f"no bundled data set named {shown(name)}; known data sets: {known}")
    return entries[name]


def vintages() -> list[str]:
    """The data vintages (e.g. UN DESA revisions) for which bundled data exist."""
    return sorted({d.vintage for d in registry().values() if d.vintage})


def list_datasets() -> pd.DataFrame:
    """A table of the registry: name, title, vintage, licence, file, rows are data sets.

    Example
    -------
    >>> "undesa_world_migrant_stock_2020" in list_datasets()["name"].tolist()
    True
    """
    rows = [
        {"name": d.name, "title": d.title, "vintage": d.vintage or "", "licence": d.licence, "file": d.file}
        for d in sorted(registry().values(), key=lambda d: d.name)
    ]
    return pd.DataFrame(rows, columns=["name", "title", "vintage", "licence", "file"])


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(name: str) -> pd.DataFrame:
    """Load a bundled data set after checking its checksum and column schema.

    Parameters
    ----------
    name : str
        Registered name (see ``mlalib data list`` or :func:`list_datasets`).

    Returns
    -------
    pandas.DataFrame
        The columns declared in the registry, with their declared types.

    Raises
    ------
    UnknownDatasetError
        No data set has that name.
    DataFileError
        The file's checksum or columns differ from the registry.

    Example
    -------
    >>> load("undesa_world_migrant_stock_2020").columns.tolist()
    ['year', 'sex', 'stock']
    """
    entry = dataset(name)
    path = data_dir() / entry.file
    if not path.is_file():
        raise DataFileNotFoundError(f"data set '{name}': file {path} is missing; reinstall mlalib")
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise DataFileError(
            f"data set '{name}': {path.name} has sha256 {actual}, the registry expects {entry.sha256}; "
            "the file was changed or damaged"
        )
    frame = pd.read_csv(path, dtype={c: str for c, s in entry.columns.items() if s.type == "string"})
    return validate_schema(frame, entry)


def validate_schema(frame: pd.DataFrame, entry: Dataset) -> pd.DataFrame:
    """Check ``frame`` against the registry schema of ``entry`` and cast its columns.

    Raises :class:`DataFileError` naming the column and what was expected.
    """
    expected, found = list(entry.columns), list(frame.columns)
    if expected != found:
        raise DataFileError(f"data set '{entry.name}': columns {found}, the registry expects {expected}")
    out = frame.copy()
    for col, spec in entry.columns.items():
        values = out[col]
        missing = values.isna()
        if missing.any() and not spec.nullable:
            raise DataFileError(
                f"data set '{entry.name}': column '{col}' has {int(missing.sum())} missing value(s) "
                f"(first at row {int(missing.to_numpy().argmax())})"
            )
        out[col] = _cast(values, spec, entry.name, col)
        present = out[col][~missing]
        if spec.allowed is not None:
            bad = sorted(set(present) - set(spec.allowed), key=str)
            if bad:
                raise DataFileError(
                    f"data set '{entry.name}': column '{col}' has values {bad[:5]} outside {spec.allowed}"
                )
        if spec.min is not None and (present < spec.min).any():
            raise DataFileError(f"data set '{entry.name}': column '{col}' has values below {spec.min}")
        if spec.max is not None and (present > spec.max).any():
            raise DataFileError(f"data set '{entry.name}': column '{col}' has values above {spec.max}")
    if entry.key and out.duplicated(entry.key).any():
        raise DataFileError(f"data set '{entry.name}': rows are not unique by {entry.key}")
    return out


def _cast(values: pd.Series, spec: Column, name: str, col: str) -> pd.Series:
    try:
        if spec.type == "integer":
            return values.astype("Int64" if spec.nullable else "int64")
        if spec.type == "number":
            return values.astype("float64")
        if spec.type == "boolean":
            return values.astype("boolean" if spec.nullable else "bool")
        if spec.type == "date":
            return pd.to_datetime(values, format="ISO8601")
        return values.astype("string" if spec.nullable else str)
    except (TypeError, ValueError) as err:
        raise DataFileError(f"data set '{name}': column '{col}' is not of type {spec.type}: {err}") from None
