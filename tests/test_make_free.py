"""The route without make (Windows, or any machine without a POSIX shell): ``python -m mlalib``.

The README's make-free commands build a cohort with ``python -m mlalib build``; here a copy of the
example cohort restricted to one notebook is built that way, from another working folder.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow


def test_readme_documents_the_make_free_route():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for command in ("python -m mlalib build cohorts/example.yaml", "python -m pytest",
                    "python -m pip install -e \".[test]\"", "python -m jupyterlab"):
        assert command in readme, f"README lacks the make-free command {command!r}"


def test_python_m_mlalib_builds_a_cohort(tmp_path):
    cohort = yaml.safe_load((PROJECT / "cohorts" / "example.yaml").read_text(encoding="utf-8"))
    cohort["notebooks"] = ["00_start_here"]
    cohort["output"] = "build"
    (tmp_path / "cohort.yaml").write_text(yaml.safe_dump(cohort), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mlalib", "build", "cohort.yaml", "--jobs", "1",
                          "--notebooks-dir", str(PROJECT / "notebooks")],
                         capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    root = tmp_path / "build" / cohort["id"]
    for edition, suffix in (("participant", "ipynb"), ("trainer", "ipynb"), ("trainer-html", "html"),
                            ("participant-html", "html")):
        assert (root / edition / f"00_start_here.{suffix}").is_file(), edition
    assert "00_start_here" in run.stdout and "built" in run.stdout
