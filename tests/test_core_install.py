"""The core alone (``pip install mlalib``, no extras) runs every participant edition.

A fresh virtual environment gets mlalib's wheel and its core dependencies from the configured
package indexes; the participant modules are imported there before anything else is added.
Then ipykernel is added as the test harness (a kernel is what Jupyter, JupyterHub or Colab
provide) and every master's participant edition for the example cohort runs in that kernel,
driven from the test process. Slow: one install (about a minute) and one kernel per notebook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from mlalib.course.masters import master_notebooks
from mlalib.course.recipes import participant_edition
from mlalib.course.cohort import load_cohort
from mlalib.course.kernels import IPCKernelManager
from tests.conftest import PROJECT
from tests.test_dependencies import NOT_CORE, participant_modules

pytestmark = pytest.mark.slow
MASTERS = master_notebooks(PROJECT / "notebooks")


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    run = subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env)
    assert run.returncode == 0, f"{' '.join(map(str, command))} failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    return run.stdout


@pytest.fixture(scope="module")
def core_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("core-install")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", root / "wheel", PROJECT)
    wheel = next((root / "wheel").glob("mlalib-*.whl"))
    _run(sys.executable, "-m", "venv", root / "venv")
    python = root / "venv" / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", wheel)
    return wheel, python, root


def test_the_wheel_holds_no_master_and_no_report(core_env):
    wheel, _, _ = core_env
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("mlalib/_bundled_data/") for n in names)
    assert not [n for n in names if n.endswith((".ipynb", ".html")) or "notebooks" in n or "reports" in n]


def test_the_core_holds_no_extra_and_imports_every_participant_module(core_env):
    _, python, root = core_env
    installed = {line.split("==")[0].lower().replace("_", "-")
                 for line in _run(python, "-m", "pip", "freeze", "--all").splitlines() if "==" in line}
    assert not installed & {name.replace("_", "-") for name in NOT_CORE}, installed & set(NOT_CORE)
    modules = participant_modules()
    out = _run(python, "-c", f"import importlib\nfor m in {modules!r}: importlib.import_module(m)\n"
               "import mlalib; print(mlalib.__file__)", cwd=root)
    assert str(root / "venv") in out


@pytest.mark.parametrize("command, extra", [
    (["build", "cohorts/example.yaml"], "course"),
    (["grade", "cohorts/example.yaml", "submissions", "-o", "out"], "course"),
    (["lab", "cohorts/example.yaml"], "lab"),
])
def test_a_command_that_needs_an_extra_says_which_on_the_core(core_env, tmp_path, command, extra):
    _, python, _ = core_env
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "cohorts" / "example.yaml").write_bytes((PROJECT / "cohorts" / "example.yaml").read_bytes())
    (tmp_path / "submissions").mkdir()
    (tmp_path / "build" / "example-2026-en" / "participant").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(python), "-m", "mlalib", *command], capture_output=True, text=True, cwd=tmp_path,
                         env=env, timeout=300)
    assert run.returncode == 2, run.stderr[-2000:]
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert f'which is not installed; install it with: pip install "mlalib[{extra}]"' in run.stderr


def test_the_commands_of_the_core_run_on_the_core(core_env, tmp_path):
    _, python, _ = core_env
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for command in (["--version"], ["data", "list"], ["data", "verify"]):
        run = subprocess.run([str(python), "-m", "mlalib", *command], capture_output=True, text=True, cwd=tmp_path,
                             env=env, timeout=300)
        assert run.returncode == 0 and "Traceback" not in run.stderr, (command, run.stderr[-2000:])


def test_every_participant_edition_runs_on_the_core_with_blank_answers(core_env, tmp_path):
    """What a participant does first: every participant edition, answers left blank, runs to the end without an
    error on the core install alone, and each blank answer is told "Not answered yet"."""
    _, python, root = core_env
    _run(python, "-m", "pip", "install", "--quiet", "ipykernel>=6.29")  # the harness: a kernel
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mlalib core", "language": "python"}))
    specs = KernelSpecManager(kernel_dirs=[str(root / "kernels")])
    cohort = load_cohort(PROJECT / "cohorts" / "example.yaml")  # its parameters; every master is run
    failures = {}
    for name, master in MASTERS.items():
        nb = participant_edition(nbformat.read(master, as_version=4), cohort, name)
        nb.cells.append(nbformat.v4.new_code_cell("import sys, importlib.util\n"
                                                  "print(sys.prefix, importlib.util.find_spec('nbconvert') is None)"))
        km = IPCKernelManager(kernel_name="python3", kernel_spec_manager=specs)
        NotebookClient(nb, km=km, timeout=180, allow_errors=True,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        last = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
        shown = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        blank = any(c.metadata.get("mlalib", {}).get("exercise") for c in nb.cells) and "Not answered yet" not in shown
        if errors or last.split() != [str(root / "venv"), "True"] or blank:
            failures[name] = ((errors[0].ename + ": " + errors[0].evalue) if errors
                              else "a blank answer is not told 'Not answered yet'" if blank else last)
    assert not failures, failures
