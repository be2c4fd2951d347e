"""The command line's small promises: every data problem listed, quiet pipes, progress bars only on a
terminal, a --version that says where, and ``make lab`` / ``mlalib lab`` on the participant editions."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import mlalib
from mlalib import cli
from mlalib.course.lab import OVERRIDES_FILE, lab_settings
from mlalib.data import data_dir
from tests.conftest import PROJECT


def _mlalib(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mlalib", *args], capture_output=True, text=True, **kwargs)


def test_version_names_python_and_the_install_path():
    run = _mlalib("--version")
    assert run.returncode == 0
    assert run.stdout == (f"mlalib {mlalib.__version__} from {Path(mlalib.__file__).resolve().parent} "
                          f"(Python {platform.python_version()}, {sys.executable})\n")


def test_data_verify_lists_every_damaged_file(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    entries = yaml.safe_load((copy / "registry.yaml").read_text(encoding="utf-8"))["datasets"]
    files = {name: entry["file"] for name, entry in entries.items()}
    damaged = sorted(files)[:1] + sorted(files)[-1:]
    with open(copy / files[damaged[0]], "ab") as handle:
        handle.write(b"1,2,3\n")
    (copy / files[damaged[1]]).unlink()
    run = _mlalib("data", "verify", env={**os.environ, "MLALIB_DATA_DIR": str(copy)})
    assert run.returncode == 1, run.stderr
    problems = [line.split(":")[0] for line in run.stdout.splitlines() if ": PROBLEM: " in line]
    assert problems == damaged
    assert sum(": ok (" in line for line in run.stdout.splitlines()) == len(files) - 2
    assert "2 of" in run.stderr and "Traceback" not in run.stderr


def test_output_into_a_closed_pipe_ends_quietly():
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line, as with `| head` once it has its lines
    try:
        run = subprocess.run([sys.executable, "-m", "mlalib", "data", "list"], stdout=write, stderr=subprocess.PIPE,
                             text=True)
    finally:
        os.close(write)
    assert run.returncode == 0
    assert run.stderr == ""


@pytest.mark.parametrize("terminal, quiet, expected", [(True, False, True), (False, False, False),
                                                        (True, True, False)])
def test_progress_bars_only_on_a_terminal(monkeypatch, terminal, quiet, expected):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal, raising=False)
    assert cli._progress(argparse.Namespace(quiet=quiet)) is expected


def test_lab_opens_the_participant_editions(tmp_path, monkeypatch):
    cohort = tmp_path / "cohort.yaml"
    shutil.copy(PROJECT / "cohorts" / "example.yaml", cohort)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", str(cohort)]) == 2  # not built yet: says so
    folder = tmp_path / "build" / "example-2026-en" / "participant"
    folder.mkdir(parents=True)
    calls, settings, config_paths = [], [], []

    def call(command, env):
        calls.append(command)
        config_paths.append(env["JUPYTER_CONFIG_PATH"].split(os.pathsep))
        settings.append(json.loads((Path(config_paths[-1][0]) / OVERRIDES_FILE).read_text()))
        return 0

    monkeypatch.setattr(cli.subprocess, "call", call)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path / "own-config"))
    assert cli.main(["lab", str(cohort)]) == 0
    assert cli.main(["lab", str(cohort), "--allow-root"]) == 0
    assert cli.main(["lab", str(cohort), "--", "--no-browser"]) == 0
    assert calls[0] == [sys.executable, "-m", "jupyterlab", f"--notebook-dir={Path('build/example-2026-en/participant')}"]
    assert calls[1] == calls[0] + ["--allow-root"]
    assert calls[2] == calls[0] + ["--no-browser"]
    # the cohort's language and no news, in a configuration folder of the session, before the user's own
    assert settings[0] == lab_settings("en") and config_paths[0][1:] == [str(tmp_path / "own-config")]
    assert not Path(config_paths[0][0]).exists()  # removed when JupyterLab stops
    french = tmp_path / "cohort-fr.yaml"
    french.write_text(cohort.read_text().replace("language: en", "language: fr"))
    assert cli.main(["lab", str(french)]) == 0
    assert settings[-1] == lab_settings("fr")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_allows_root_only_for_root():
    run = subprocess.run(["make", "-n", "-W", "pyproject.toml", "lab"], capture_output=True, text=True, cwd=PROJECT)
    line = next(line for line in run.stdout.splitlines() if "mlalib lab" in line)
    assert ("--allow-root" in line) == (os.geteuid() == 0)
    assert "cohorts/example.yaml" in line
