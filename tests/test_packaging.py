"""Packaging: pyproject.toml and the conda environment files list the same dependencies; the command works."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import nbformat
import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import mlalib
from mlalib.course.masters import master_notebooks
from mlalib.course.editions import secrets
from tests.conftest import PROJECT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(requirements: list[str]) -> dict[str, str]:
    return {_name(r): r.split(";")[0].replace(" ", "")[len(_name(r)):] for r in requirements}


#: pip name -> conda-forge name, where they differ (conda-forge keeps jupyter_client's underscore).
CONDA_NAMES = {"jupyter-client": "jupyter_client"}


def _conda(env: dict) -> dict[str, str]:
    return {_name(d): d.replace(" ", "")[len(_name(d)):] for d in env["dependencies"]
            if isinstance(d, str) and _name(d) not in {"python", "pip"}}


@pytest.mark.parametrize("file, roles", [("environment.yml", ["core", "course", "lab"]),
                                         ("environment-participant.yml", ["core", "lab"])])
def test_conda_environments_match_pyproject(file, roles):
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    requirements = [r for role in roles
                    for r in (project["dependencies"] if role == "core" else project["optional-dependencies"][role])]
    pip_side = {CONDA_NAMES.get(name, name).replace("_", "-"): pin for name, pin in _pins(requirements).items()}
    env = yaml.safe_load((PROJECT / file).read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
    assert _conda(env) == pip_side, f"{file} and pyproject.toml ({'+'.join(roles)}) list different packages or bounds"
    names = [d.split(">")[0].split("<")[0].split("=")[0] for d in env["dependencies"] if isinstance(d, str)]
    assert all(name == CONDA_NAMES.get(name.replace("_", "-"), name) for name in names), "use conda-forge names"
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."], f"{file} must install mlalib itself with pip and nothing else"
    python_pin = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python_pin.replace(" ", "") == "python" + project["requires-python"]


def test_console_script_version_and_help():
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith(f"mlalib {mlalib.__version__} from ")
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert "build" in run.stdout and "data" in run.stdout


def test_layout_is_complete():
    for name in ["mlalib", "notebooks", "data", "tests", "benchmarks", "cohorts", "environment.yml", "LICENSE",
                 "environment-participant.yml",
                 "pyproject.toml", "Makefile", "README.md", ".ci/run"]:
        assert (PROJECT / name).exists(), f"{name} is missing"
    assert "make test" in (PROJECT / ".ci" / "run").read_text()


def test_masters_are_found_only_in_a_project_checkout(tmp_path, monkeypatch):
    from mlalib.course.masters import default_notebooks_dir
    from mlalib.errors import DataFileNotFoundError

    assert default_notebooks_dir() == PROJECT / "notebooks"
    installed = tmp_path / "site-packages"
    (installed / "mlalib").mkdir(parents=True)
    (installed / "notebooks").mkdir()  # a stray folder next to an installed mlalib is not the course
    monkeypatch.setattr(mlalib, "__file__", str(installed / "mlalib" / "__init__.py"))
    with pytest.raises(DataFileNotFoundError, match="--notebooks-dir"):
        default_notebooks_dir()


@pytest.mark.slow
def test_the_wheel_holds_no_master_nor_course_key(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                            str(PROJECT)], capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here (pip could not get hatchling): {build.stderr.strip()[-300:]}")
    (wheel,) = tmp_path.glob("mlalib-*.whl")
    solution_lines = {line for path in master_notebooks(PROJECT / "notebooks").values()
                      for line in secrets(nbformat.read(path, as_version=4))}
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        texts = {n: archive.read(n).decode("utf-8", "replace") for n in names}
    assert not [n for n in names if n.endswith(".ipynb")]
    assert not [(n, line) for n, content in texts.items() for line in solution_lines if line in content]
    assert not [n for n in names if "/keys/" in n or n.startswith("keys/")]
    assert any(n.startswith("mlalib/_bundled_data/") for n in names)  # the data are still bundled
