"""Where the master notebooks and the course key are, and what grading needs of each master.

The masters (with solutions) and the course key (``keys/``: one key module per master, the
reference answers of graded-only exercises) stay in the trainer's course folder, never in the
installed package. This module is the one place that knows where that folder is: the
``notebooks/`` folder of a project checkout by default, or the folder a trainer gives
(``--notebooks-dir``).

Example
-------
>>> folder = default_notebooks_dir()  # doctest: +SKIP
>>> list(master_notebooks(folder))[:2]  # doctest: +SKIP
['00_start_here', '01_stocks_and_flows']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mlalib
from mlalib.course.cohort import Cohort
from mlalib.course.courses import estimated_minutes
from mlalib.errors import DataFileNotFoundError, InputError

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from mlalib.course.editions import MasterExercise

#: The course key: the folder of key modules next to the masters.
COURSE_KEYS = "keys"


def default_notebooks_dir() -> Path:
    """The master notebooks: the ``notebooks/`` folder of the mlalib project (source checkout).

    That is the one place masters are looked for by default: an installed mlalib (``site-packages``)
    carries no masters, so outside a checkout the folder must be given (``--notebooks-dir``).
    """
    package = Path(mlalib.__file__).resolve().parent
    project = package.parent
    if (project / "pyproject.toml").is_file() and (project / "notebooks").is_dir():
        return project / "notebooks"
    raise DataFileNotFoundError(
        f"no master notebooks: mlalib is installed at {package}, outside a project checkout; "
        "give the course folder with --notebooks-dir (argument 'notebooks_dir')")


def notebooks_folder(given: str | Path | None) -> Path:
    """The folder a command reads masters from: ``given``, else :func:`default_notebooks_dir`."""
    if given is None:
        return default_notebooks_dir()
    folder = Path(given)
    if not folder.is_dir():
        raise DataFileNotFoundError(f"the notebooks folder {str(folder)!r} (argument 'notebooks_dir') does not exist")
    return folder


def master_notebooks(folder: Path) -> dict[str, Path]:
    """Master notebooks by name (file stem), in course order."""
    return {p.stem: p for p in sorted(Path(folder).glob("*.ipynb")) if not p.name.startswith(".")}


def course_keys(folder: Path) -> Path:
    """The course key folder of a notebooks folder (it may not exist: a course without graded exercises)."""
    return Path(folder) / COURSE_KEYS


@dataclass(frozen=True)
class Master:
    """What grading needs of a master notebook: its name and its declared exercises, in order."""

    name: str
    exercises: tuple[MasterExercise, ...]

    @property
    def max_points(self) -> float:
        return sum(e.points for e in self.exercises)


def load_masters(cohort: Cohort, folder: Path) -> dict[str, Master]:
    """The cohort's master notebooks with their declared exercises, in course order."""
    import nbformat

    from mlalib.course.editions import master_exercises

    paths = master_notebooks(folder)
    names = cohort.notebooks if cohort.notebooks is not None else list(paths)
    return {name: Master(name, tuple(master_exercises(nbformat.read(paths[name], as_version=4), name)))
            for name in names}


def install_course_keys(folder: Path, masters: dict[str, Master]) -> None:
    """Install the course key of the notebooks folder; every graded exercise must then have its key."""
    from mlalib.exercises.catalogue import install_keys, missing_keys

    if course_keys(folder).is_dir():
        install_keys(course_keys(folder))
    missing = missing_keys([e.id for m in masters.values() for e in m.exercises])
    if missing:
        raise InputError(f"no reference answer for the graded-only exercise(s) {', '.join(missing)}: "
                         f"the course key folder {str(course_keys(folder))!r} is missing or lacks them")


def lesson_estimate(nb: NotebookNode, name: str) -> float:
    """The minutes a master takes by the course's rule of thumb (:func:`~mlalib.course.courses.estimated_minutes`):
    its markdown words, its code cells and its exercises with their points (written answers apart)."""
    from mlalib.course.editions import master_exercises
    from mlalib.exercises import exercises

    declared = exercises()
    asked = master_exercises(nb, name)
    words = sum(len(re.findall(r"\w+", cell.source)) for cell in nb.cells if cell.cell_type == "markdown")
    code = sum(cell.cell_type == "code" for cell in nb.cells)
    written = sum(declared[e.id].kind == "written" for e in asked)
    return estimated_minutes(words, code, len(asked) - written, sum(e.points for e in asked
                                                                   if declared[e.id].kind != "written"), written)
