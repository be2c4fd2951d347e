"""pytest set-up shared by the library tests and the nbval runs over notebooks.

nbval (``--nbval-lax``) fails a notebook only on errors and compares outputs only of cells
marked ``# NBVAL_CHECK_OUTPUT``; even there, HTML, JavaScript, plotly JSON, widget views and
stderr are never compared (they hold random ids or warnings).

Notebook 07 writes a report; every run here sends it to a temporary folder
(``MLALIB_SCRATCH_DIR``, inherited by the kernels), and hypothesis keeps its folder (examples,
caches) there too instead of ``.hypothesis/``, so tests never write into the project.

The course key (``notebooks/keys/``, reference answers of the graded-only exercises) is named in
``MLALIB_COURSE_KEYS`` for the whole session, so the tests and the kernels nbval starts (the
trainer editions' hidden checks assess the solutions) can assess answers.
"""

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("MLALIB_COURSE_KEYS", str(Path(__file__).resolve().parent / "notebooks" / "keys"))

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


_SCRATCH: list[str] = []


def pytest_configure(config):
    _SCRATCH.append(tempfile.mkdtemp(prefix="mlalib-test-"))
    os.environ["MLALIB_SCRATCH_DIR"] = os.path.join(_SCRATCH[-1], "reports")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(_SCRATCH[-1], "hypothesis")
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
    except ImportError:  # older hypothesis reads only the environment variable
        pass
    else:
        set_hypothesis_home_dir(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"])


def pytest_unconfigure(config):
    for folder in _SCRATCH:
        shutil.rmtree(folder, ignore_errors=True)
