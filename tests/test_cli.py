"""The command line's small promises: every data problem listed, quiet pipes, progress bars only on a
terminal, a --version that says where, and ``make lab`` / ``mlalib lab`` on the participant editions."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import mlalib
from mlalib import cli
from mlalib.course.lab import OVERRIDES_FILE, lab_settings
from mlalib.data import data_dir, list_datasets
from mlalib.errors import DISTRIBUTIONS, EXTRAS
from tests.conftest import PROJECT
from tests.test_dependencies import NOT_CORE


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
    monkeypatch.setattr(cli.os, "geteuid", lambda: 1000, raising=False)  # an ordinary user
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


@pytest.mark.parametrize("euid, given, passed_on, root", [
    (0, False, [], True), (1000, False, [], False), (1000, True, [], True), (0, True, [], True),
    (0, False, ["--", "--allow-root", "--no-browser"], True), (None, False, [], False),
])
def test_lab_passes_allow_root_when_run_as_root(monkeypatch, euid, given, passed_on, root):
    if euid is None:
        monkeypatch.delattr(cli.os, "geteuid", raising=False)  # Windows has no effective user id
    else:
        monkeypatch.setattr(cli.os, "geteuid", lambda: euid, raising=False)
    command = cli.lab_command(Path("build/x/participant"), given, passed_on)
    assert command[:4] == [sys.executable, "-m", "jupyterlab", f"--notebook-dir={Path('build/x/participant')}"]
    assert command.count("--allow-root") == (1 if root else 0)
    assert command[-1] == ("--no-browser" if passed_on else command[-1])
    assert "automatically when mlalib runs as root" in " ".join(_mlalib("lab", "--help").stdout.split())


def test_data_list_fits_100_columns_and_shows_every_name_title_vintage_and_licence(capsys):
    assert cli.main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= cli.LIST_WIDTH
    flat = " ".join(out.split())
    for row in list_datasets().itertuples():
        entry = flat[flat.index(row.name + " "):]
        assert entry.startswith(f"{row.name} {row.vintage or '-'} {' '.join(row.title.split())}"), row.name
        assert f"licence: {' '.join(row.licence.split())}" in entry and f"file: {row.file}" in entry


#: A fresh interpreter in which the packages of the extras cannot be found, as in a core install.
WITHOUT_EXTRAS = (
    "import sys\n"
    f"blocked = {sorted(set(NOT_CORE).union(*EXTRAS.values()))!r}\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in blocked:\n"
    "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
    "sys.meta_path.insert(0, Block())\n"
    "from mlalib.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize("command, extra", [
    (["build", "cohorts/example.yaml"], "course"), (["build", "--check", "cohorts/example.yaml"], "course"),
    (["grade", "cohorts/example.yaml", "submissions", "--out", "gradebook"], "course"),
    (["lab", "cohorts/example.yaml"], "lab"),
])
def test_a_command_that_needs_an_extra_says_which_in_one_line(tmp_path, command, extra):
    (tmp_path / "build" / "example-2026-en" / "participant").mkdir(parents=True)  # as if built, for 'lab'
    (tmp_path / "submissions").mkdir()
    (tmp_path / "cohorts").mkdir()
    shutil.copy(PROJECT / "cohorts" / "example.yaml", tmp_path / "cohorts")
    run = subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS, *command], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(PROJECT)}, timeout=120)
    assert run.returncode == 2, run.stderr[-2000:]
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert f"'mlalib {command[0]}' needs the package " in run.stderr
    assert run.stderr.strip().endswith(f'which is not installed; install it with: pip install "mlalib[{extra}]"')


@pytest.mark.parametrize("command", [["--version"], ["data", "list"], ["data", "verify"], ["i18n", "stats"],
                                     ["build", "--help"], ["hub", "--help"]])
def test_a_command_of_the_core_runs_without_the_extras(command):
    run = subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS, *command], capture_output=True, text=True,
                         cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)}, timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]


def test_the_extras_named_in_messages_are_those_of_pyproject():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    extras = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    import_names = {distribution: name for name, distribution in DISTRIBUTIONS.items()}
    for extra, packages in EXTRAS.items():
        declared = {re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0] for r in extras[extra]}
        assert {import_names.get(name, name) for name in declared} == set(packages), extra
