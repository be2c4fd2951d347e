"""pytest set-up shared by the library tests and the nbval runs over notebooks.

nbval (``--nbval-lax``) fails a notebook only on errors and compares outputs only of cells
marked ``# NBVAL_CHECK_OUTPUT``; even there, HTML, JavaScript, plotly JSON, widget views and
stderr are never compared (they hold random ids or warnings).

Notebook 07 writes a report; every run here sends it to a temporary folder
(``MLALIB_REPORTS_DIR``, inherited by the kernels), so tests never write into the project.
"""

import os
import shutil
import tempfile

SKIP_COMPARE = (
    "text/html",
    "application/javascript",
    "application/vnd.plotly.v1+json",
    "application/vnd.jupyter.widget-view+json",
    "stderr",
)


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += SKIP_COMPARE


# The script that produced the survey reference figures needs samplics, which is not a dependency.
collect_ignore_glob = ["tests/reference/*.py"]


_REPORTS: list[str] = []


def pytest_configure(config):
    _REPORTS.append(tempfile.mkdtemp(prefix="mlalib-test-reports-"))
    os.environ["MLALIB_REPORTS_DIR"] = _REPORTS[-1]


def pytest_unconfigure(config):
    for folder in _REPORTS:
        shutil.rmtree(folder, ignore_errors=True)
