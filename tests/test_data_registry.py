"""The data registry: every bundled file registered, checksums and schemas enforced."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl
import pytest

from mlalib.data import data_dir, dataset, list_datasets, load, registry
from mlalib.data.registry import sha256_of
from mlalib.errors import DataFileError, UnknownDatasetError


def test_every_file_in_data_is_registered_with_source_licence_and_schema():
    folder = data_dir()
    registered = {d.file for d in registry().values()}
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name not in {"registry.yaml", "README.md"}}
    assert present == registered
    for entry in registry().values():
        assert entry.source and entry.citation and entry.licence and entry.columns
        assert sha256_of(folder / entry.file) == entry.sha256, f"{entry.file}: sha256 in registry.yaml is stale"
        load(entry.name)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(UnknownDatasetError, match="no bundled data set named 'nope'; known data sets: bilateral_demography_examples, .*undesa_world"):
        load("nope")
    with pytest.raises(KeyError):
        dataset("nope")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("MLALIB_DATA_DIR", str(copy))
    return copy


def test_changed_file_fails_the_checksum(data_copy):
    path = data_copy / "undesa_world_migrant_stock_2020.csv"
    path.write_text(path.read_text().replace("280598105", "280598106"))
    with pytest.raises(DataFileError, match="has sha256 .* the registry expects"):
        load("undesa_world_migrant_stock_2020")


def test_schema_violations_name_the_column(data_copy):
    import yaml

    from mlalib.data.registry import _read_registry

    path = data_copy / "undesa_world_migrant_stock_2020.csv"
    path.write_text(path.read_text().replace("2020,female", "2020,other"))
    reg = yaml.safe_load((data_copy / "registry.yaml").read_text())
    reg["datasets"]["undesa_world_migrant_stock_2020"]["sha256"] = sha256_of(path)
    (data_copy / "registry.yaml").write_text(yaml.safe_dump(reg, sort_keys=False))
    _read_registry.cache_clear()
    with pytest.raises(DataFileError, match=r"column 'sex' has values \['other'\] outside"):
        load("undesa_world_migrant_stock_2020")
    _read_registry.cache_clear()


def test_data_list_command():
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "data", "list"], capture_output=True, text=True)
    assert run.returncode == 0 and "undesa_world_migrant_stock_2020" in run.stdout
    assert list(list_datasets().columns) == ["name", "title", "vintage", "licence", "file"]


@pytest.mark.reference
def test_world_stock_matches_the_official_workbook(reference_dir):
    path = reference_dir / "data" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True)["Table 1"]
    rows = list(sheet.iter_rows(min_row=11, max_row=12, values_only=True))
    header, world = rows[0], rows[1]
    assert world[1] == "WORLD" and world[3] == 900
    years = header[5:12]
    published = {}
    for block, sex in enumerate(["total", "male", "female"]):
        for offset, year in enumerate(years):
            published[(year, sex)] = world[5 + 7 * block + offset]
    bundled = load("undesa_world_migrant_stock_2020")
    assert {(int(r.year), r.sex): int(r.stock) for r in bundled.itertuples()} == published
