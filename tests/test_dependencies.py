"""Dependency sets by role: the participant-facing modules import only the core dependencies.

The core (``pip install mlalib``) is what a participant's kernel needs; the trainer tooling
(``mlalib.course``, ``mlalib.cli``) may use the ``[course]`` extra. Here every participant-facing
module is imported in a fresh interpreter in which the packages of the extras cannot be imported;
``tests/test_core_install.py`` goes further and runs every participant edition in a virtual
environment holding the core alone.
"""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import pytest

import mlalib

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from tests.conftest import PROJECT

#: Import names of the extras' packages (and of what only they bring in), which the core must not need.
NOT_CORE = ["papermill", "nbclient", "nbconvert", "nbformat", "jupyter_client", "ipykernel", "openpyxl", "tqdm", "jupyterlab",
            "jupyter_server", "nbval", "pytest", "hypothesis", "playwright", "xdist", "jinja2", "zmq"]
#: Trainer tooling, which may use the [course] extra (mlalib.course.cohort, .courses, .yamlfile and .certificates
#: are plain helpers).
TRAINER_ONLY = re.compile(r"^mlalib\.(cli|__main__|course\.(?!cohort$|courses$|yamlfile$|certificates$)\w+)$")


def participant_modules() -> list[str]:
    names = ["mlalib"] + [m.name for m in pkgutil.walk_packages(mlalib.__path__, "mlalib.")]
    return sorted(name for name in names if not TRAINER_ONLY.match(name))


def test_participant_modules_are_found():
    modules = participant_modules()
    assert {"mlalib.views.figures", "mlalib.views.report", "mlalib.views.explorers", "mlalib.exercises",
            "mlalib.data"} <= set(modules)
    assert not any(m.startswith(("mlalib.course.build", "mlalib.course.grading", "mlalib.cli")) for m in modules)


def test_participant_modules_import_without_the_extras():
    script = (
        "import sys\n"
        f"blocked = {NOT_CORE!r}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in blocked:\n"
        "            raise ImportError(f'{name} is not a core dependency')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for module in {participant_modules()!r}:\n"
        "    importlib.import_module(module)\n"
        "from mlalib.views.environment import environment_report\n"
        "environment_report()\n"
        "from mlalib.views import report\n"
        "import tempfile\n"
        "report.migration_profile('PHL', findings='x', data_vintage='2020', folder=tempfile.mkdtemp())\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-3000:]


def _requirements(role: str) -> list[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] if role == "core" else project["optional-dependencies"][role]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_roles_are_separate_and_the_test_extra_holds_the_others():
    core, course, lab, hub = (set(map(_name, _requirements(r))) for r in ("core", "course", "lab", "hub"))
    assert not (core & course or core & lab or course & lab or hub & (core | course | lab))
    assert {"numpy", "pandas", "plotly", "ipywidgets", "pydantic", "pyyaml", "pycountry", "ipython"} <= core
    assert not core & {"jupyterlab", "papermill", "nbval", "pytest", "nbconvert", "nbclient", "nbformat", "ipykernel",
                       "tqdm"}
    assert "mlalib[course,lab,hub]" in _requirements("test")
    assert any(r.replace(" ", "") == "ipykernel>=6.29" for r in _requirements("course"))  # no cap: see pyproject


@pytest.mark.parametrize("role", ["core", "course", "lab", "hub", "test"])
def test_every_dependency_has_a_lower_bound(role):
    for requirement in _requirements(role):
        assert ">=" in requirement or requirement.startswith("mlalib["), f"{requirement} ({role}) has no lower bound"


def test_the_environment_check_uses_the_core_lower_bounds():
    from mlalib.views.environment import REQUIRED

    bounds = {_name(r): re.search(r">=([\d.]+)", r).group(1) for r in _requirements("core")}
    assert all(bounds[name] == minimum for name, minimum in REQUIRED.items()), (REQUIRED, bounds)
