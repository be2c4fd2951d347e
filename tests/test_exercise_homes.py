"""One home per exercise: an exercise id is written where it is declared (its exercise module) and
where it is asked (its master, and that master's translations), nowhere else in the project."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

from mlalib.exercises import Exercise, exercises
from tests.conftest import PROJECT

#: Files of the project that a participant, a trainer or the build reads (tests are not among them).
SEARCHED = ("mlalib/**/*.py", "mlalib/**/*.po", "mlalib/**/*.pot", "mlalib/**/*.csv", "mlalib/**/*.yaml",
            "notebooks/**/*.py", "notebooks/**/*.ipynb", "notebooks/**/*.po", "data/**/*", "README.md",
            "notebooks/README.md", "cohorts/*")


def _declaring_file(exercise: Exercise) -> str:
    """The exercise module that declares ``exercise`` (the key installs a copy, with its reference)."""
    module = next(m for name, m in sorted(sys.modules.items()) if name.startswith("mlalib.exercises.")
                  and any(isinstance(v, Exercise) and v.id == exercise.id for v in vars(m).values()))
    return Path(inspect.getfile(module)).relative_to(PROJECT).as_posix()


def test_an_exercise_id_appears_in_its_exercise_module_and_its_master_only():
    files = {str(p.relative_to(PROJECT)): p.read_text(encoding="utf-8", errors="replace")
             for pattern in SEARCHED for p in PROJECT.glob(pattern) if p.is_file() and p.suffix != ".gz"}
    for exercise in exercises().values():
        allowed = {_declaring_file(exercise), f"notebooks/{exercise.master}.ipynb",
                   *(f"notebooks/locale/{lang}/{exercise.master}.po" for lang in ("fr", "es"))}
        pattern = re.compile(rf"(?<![\w-]){re.escape(exercise.id)}(?![\w-])")
        found = {name for name, content in files.items() if pattern.search(content)}
        assert found - allowed == set(), exercise.id
        assert _declaring_file(exercise) in found and f"notebooks/{exercise.master}.ipynb" in found, exercise.id


def test_every_exercise_names_an_existing_master():
    masters = {p.stem for p in (PROJECT / "notebooks").glob("*.ipynb")}
    assert {e.id: e.master for e in exercises().values() if e.master not in masters} == {}
