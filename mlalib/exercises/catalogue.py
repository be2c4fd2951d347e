"""The catalogue of exercises: each declared once, in the exercise module of its master notebook.

Practice exercises carry their reference answer (a function of the cohort context); graded-only
ones are declared without it, and their key is installed from the course's key modules
(``notebooks/keys/``) only where answers are assessed (:func:`install_keys`).

Example
-------
>>> from mlalib.exercises import start_here
>>> exercises()[start_here.RATE_OF_CHANGE.id].kind
'number'
>>> lookup("no-such-exercise")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mlalib.errors.UnknownExerciseError: no exercise with id 'no-such-exercise'; known ids: ...
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Literal, get_args

from mlalib.context import Context
from mlalib.errors import InputError, UnknownExerciseError
from mlalib.exercises.session import key_locked
from mlalib.i18n import RUBRIC_CONTEXT, translated

Kind = Literal["number", "series", "frame", "choice", "text", "written"]
#: The unit a numeric answer is asked in; a slip to another unit is recognised as *close* and named
#: (:data:`mlalib.exercises.comparison.UNIT_SLIPS`).
Unit = Literal["percent", "share", "percent_of_earnings", "months", "persons", "thousands", "millions"]
#: Environment variable naming the course keys (the folder ``notebooks/keys``, or one key file) for trainers' kernels.
KEYS_VARIABLE = "MLALIB_COURSE_KEYS"


@dataclass(frozen=True)
class Exercise:
    """One exercise, declared once, in the exercise module of its master notebook.

    ``master`` names the master notebook that asks it and ``points`` what it is worth there
    (0: practice, not graded); the build derives the checking cell's metadata and the trainer
    edition's hidden check from them. ``rel_tol``/``abs_tol`` bound a *correct* numeric
    answer; ``close_rel_tol`` bounds a *close* one. ``options`` lists the accepted choices
    (kind ``choice``); ``accepted`` the accepted short texts (kind ``text``). ``hint`` is the
    English hint shown with a wrong answer (translated in the library catalogs, context
    ``exercise hint``). ``unit`` (see :data:`Unit`) is the unit the question asks for: an answer that is right in
    another unit (a share for a percentage and the reverse, months of earnings for per cent of
    monthly earnings and the reverse, thousands or millions for persons and the reverse) is
    *close*, and the message names the slip (:data:`mlalib.exercises.comparison.UNIT_SLIPS`).

    A **graded-only** exercise (``graded_only=True``) is declared without its reference: the
    key is in the course's key modules (``notebooks/keys/``), bound to this object, and is
    installed only where answers are assessed (the grader, the trainer build;
    :func:`install_keys`); elsewhere :func:`~mlalib.exercises.core.check` records the answer and says so, without
    judging it.
    """

    id: str
    kind: Kind
    master: str = ""
    points: float = 0
    reference: Callable[[Context], Any] | None = None
    rel_tol: float = 1e-6
    abs_tol: float = 0.0
    close_rel_tol: float = 0.05
    options: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    graded_only: bool = False
    hint: str = ""
    #: Kind ``written``: the trainer's rubric, (criterion in English, points) pairs (see :func:`rubric`). A
    #: graded-only written exercise may have a model answer in the course key; it is never compared with anything.
    rubric: tuple[tuple[str, float], ...] = ()
    unit: Unit | None = None


_EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the catalogue (ids are unique; only a graded-only one may come without reference)."""
    if exercise.id in _EXERCISES:
        raise InputError(f"exercise id '{exercise.id}' is registered twice")
    if exercise.reference is None and not exercise.graded_only and exercise.kind != "written":
        raise InputError(f"exercise '{exercise.id}' has no reference answer; only a graded-only exercise may")
    if isinstance(exercise.points, bool) or not isinstance(exercise.points, (int, float)) or not exercise.points >= 0:
        raise InputError(f"exercise '{exercise.id}': points must be a number, 0 or more; got {exercise.points!r}")
    if exercise.unit is not None and exercise.unit not in get_args(Unit):
        raise InputError(f"exercise '{exercise.id}': unit must be one of {', '.join(get_args(Unit))}; "
                         f"got {exercise.unit!r}")
    if exercise.kind == "written" and (exercise.reference is not None or not exercise.rubric):
        raise InputError(f"written exercise '{exercise.id}' needs a rubric and no reference answer (the trainer "
                         "grades it; a model answer for the trainer edition goes in the course key)")
    if exercise.rubric and sum(points for _, points in exercise.rubric) != exercise.points:
        raise InputError(f"written exercise '{exercise.id}': its rubric gives "
                         f"{sum(points for _, points in exercise.rubric):g} points, the exercise {exercise.points:g}")
    _EXERCISES[exercise.id] = exercise
    return exercise


def install_keys(path: str | Path) -> list[str]:
    """Install the reference answers of graded-only exercises from the course keys; their ids.

    ``path`` is the folder of key modules (``notebooks/keys``: every ``*.py`` in it) or one
    key module. Each module is Python that defines ``KEYS``, a dict from a registered
    graded-only :class:`Exercise` (the object its exercise module declares, never an id
    written again) to a function of the :class:`Context`. Not available while a submission
    is graded.

    Example
    -------
    >>> len(install_keys("notebooks/keys")) > 0  # doctest: +SKIP
    True
    """
    import runpy

    if key_locked():
        raise PermissionError("the answer key cannot be installed while a notebook is graded")
    where = Path(path)
    if where.is_dir():
        files = sorted(p for p in where.glob("*.py") if not p.name.startswith("_"))
    elif where.is_file():
        files = [where]
    else:
        raise InputError(f"the course keys {str(where)!r} do not exist (expected the folder notebooks/keys or a "
                         f"key module)")
    installed: list[str] = []
    for file in files:
        keys = runpy.run_path(str(file)).get("KEYS")
        if not isinstance(keys, dict):
            raise InputError(f"the key module {str(file)!r} defines no dict named KEYS")
        for exercise, reference in keys.items():
            registered = _EXERCISES.get(getattr(exercise, "id", None)) if isinstance(exercise, Exercise) else None
            if registered is None or not registered.graded_only or not callable(reference):
                raise InputError(f"{str(file)!r}: every KEYS entry must map a registered graded-only Exercise to a "
                                 f"function of the cohort context; got {exercise!r}")
            _EXERCISES[registered.id] = replace(registered, reference=reference)
            installed.append(registered.id)
    return installed


def install_keys_from_environment() -> None:
    """Install the course keys named by ``MLALIB_COURSE_KEYS``, if set (trainer builds, tests)."""
    path = os.environ.get(KEYS_VARIABLE)
    if path:
        install_keys(path)


def missing_keys(ids: list[str] | None = None) -> list[str]:
    """Graded-only exercises (of ``ids``, default all) whose key is not installed (a written exercise has
    none: the trainer grades it)."""
    chosen = _EXERCISES if ids is None else {i: _EXERCISES[i] for i in ids if i in _EXERCISES}
    return sorted(i for i, e in chosen.items() if e.reference is None and e.kind != "written")


def exercises() -> dict[str, Exercise]:
    """All registered exercises, by id."""
    return dict(_EXERCISES)


def rubric(exercise_id: str, language: str = "en") -> list[tuple[str, float]]:
    """The rubric of a written exercise in ``language``: (criterion, points) pairs.

    The English criteria are written in the exercise's module; their translations are in the
    library catalogs (``msgctxt`` :data:`~mlalib.i18n.RUBRIC_CONTEXT`, added by ``mlalib i18n
    update``). An untranslated or fuzzy criterion is shown in English (``mlalib i18n stats``
    reports it).
    """
    exercise = lookup(exercise_id)
    return [(translated(criterion, language, RUBRIC_CONTEXT), points) for criterion, points in exercise.rubric]


def lookup(exercise_id: str) -> Exercise:
    """The registered exercise ``exercise_id``; :class:`~mlalib.errors.UnknownExerciseError` naming the known ids."""
    if exercise_id not in _EXERCISES:
        raise UnknownExerciseError(
            f"no exercise with id '{exercise_id}'; known ids: {', '.join(sorted(_EXERCISES))}"
        )
    return _EXERCISES[exercise_id]


__all__ = ["Exercise", "KEYS_VARIABLE", "Kind", "Unit", "exercises", "install_keys", "install_keys_from_environment",
           "lookup", "missing_keys", "register", "rubric"]
