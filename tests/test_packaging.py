"""Packaging: pyproject.toml and environment.yml list the same dependencies; the command works."""

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
from mlalib.course.build import master_notebooks
from mlalib.course.editions import secrets
from tests.conftest import PROJECT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(requirements: list[str]) -> dict[str, str]:
    return {_name(r): r.split(";")[0].replace(" ", "")[len(_name(r)):] for r in requirements}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    pip_side = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((PROJECT / "environment.yml").read_text())
    conda_side = _pins([d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in {"python", "pip"}])
    assert conda_side == pip_side, "environment.yml and pyproject.toml list different packages or lower bounds"
    assert any(isinstance(d, dict) and "-e ." in d.get("pip", []) for d in env["dependencies"]), \
        "environment.yml must install mlalib itself with pip"
    python_pin = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python_pin.replace(" ", "") == "python" + project["requires-python"]


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in requirement, f"{requirement} has no lower bound"


def test_console_script_version_and_help():
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == f"mlalib {mlalib.__version__}"
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert "build" in run.stdout and "data" in run.stdout


def test_layout_is_complete():
    for name in ["mlalib", "notebooks", "data", "tests", "benchmarks", "cohorts", "environment.yml",
                 "pyproject.toml", "Makefile", "README.md", ".ci/run"]:
        assert (PROJECT / name).exists(), f"{name} is missing"
    assert "make test" in (PROJECT / ".ci" / "run").read_text()


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
    assert not [n for n in names if n.endswith("course_keys.py")]
    assert any(n.startswith("mlalib/_bundled_data/") for n in names)  # the data are still bundled
