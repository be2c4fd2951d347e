"""The state of one notebook's checks: its cohort context, its results, and the grading seam.

A course notebook calls :func:`configure` once, with the cohort parameters the build wrote into
its ``parameters`` cell; every check then reads the cohort context from here. While a submission
is graded, the grading guard (:mod:`mlalib.course.sandbox`) goes through two public calls, and no
code changes this module's state otherwise:

* :func:`record_answers_with` installs the callback that receives every checked answer (and every
  reach for the key, as a :class:`KeyAccess`): answers are then recorded, never judged here;
* :func:`lock_key` puts the answer key out of reach of notebook code until the kernel ends.

Both are one-way: once a recorder is installed it cannot be replaced, and the key cannot be
unlocked again.

Example
-------
>>> configure({"language": "es", "seed": 7}).seed
7
>>> context().language
'es'
>>> key_locked()
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from mlalib.context import Context
from mlalib.exercises.syntax_help import explain_syntax_errors
from mlalib.i18n import show_numbers_in

#: What the recorder receives: (exercise id, answer), or ("", :class:`KeyAccess`) for a reach for the key.
Recorder = Callable[[str, Any], None]


@dataclass(frozen=True)
class KeyAccess:
    """Recorded instead of an answer when notebook code reaches for the answer key."""

    what: str


_context = Context()
_results: dict[str, Any] = {}
_recorder: Recorder | None = None
_key_locked = False


def configure(cohort: Mapping[str, Any] | Context | None = None, /, **values: Any) -> Context:
    """Set the cohort context of this notebook's checks, and return it.

    Called once in every course notebook, right after the ``parameters`` cell, with the
    ``cohort`` dict the build wrote there: ``ctx = configure(cohort)``. Keywords replace single
    parameters (``configure(language="fr")``). Tables then show their decimal numbers as people
    of the cohort's language write them (:func:`mlalib.i18n.show_numbers_in`), and, in an IPython
    kernel, a syntax error caused by a decimal comma (``answer = 2,02``) is explained in the
    cohort's language (:mod:`mlalib.exercises.syntax_help`).

    >>> configure({"language": "es", "seed": 7}).seed
    7
    """
    global _context
    base = Context.from_parameters(cohort).parameters() if cohort is not None else {}
    _context = Context.from_parameters({**base, **values})
    _results.clear()
    show_numbers_in(_context.language)
    explain_syntax_errors(language)
    return _context


def context() -> Context:
    """The parameters set by :func:`configure`."""
    return _context


def language() -> str:
    """The language of the cohort context (what the messages of checks are written in).

    >>> configure(language="fr") and language()
    'fr'
    """
    return _context.language


def results() -> dict[str, Any]:
    """The last check result of every exercise checked since :func:`configure`, by exercise id."""
    return dict(_results)


def keep_result(exercise_id: str, result: Any) -> None:
    """Keep the last result of a check (what :func:`results` returns)."""
    _results[exercise_id] = result


def record_answers_with(recorder: Recorder) -> None:
    """Send every checked answer to ``recorder`` instead of judging it (a graded kernel).

    Installed once, by the grading guard; a second call raises :class:`PermissionError`, so
    notebook code cannot replace the guard's recorder through this call.
    """
    global _recorder
    if _recorder is not None:
        raise PermissionError("answers are already recorded for the grader")
    if not callable(recorder):
        raise TypeError(f"the recorder must be callable, got {type(recorder).__name__}")
    _recorder = recorder


def recorder() -> Recorder | None:
    """The recorder installed by :func:`record_answers_with`, or None when answers are judged here."""
    return _recorder


def lock_key() -> None:
    """Put the answer key out of reach until this kernel ends (a graded kernel); there is no unlocking."""
    global _key_locked
    _key_locked = True


def key_locked() -> bool:
    """True once :func:`lock_key` ran: the key may not be installed nor read."""
    return _key_locked


def report_key_access(what: str) -> None:
    """Tell the recorder, if any, that notebook code reached for the key through ``what``."""
    if _recorder is not None:
        _recorder("", KeyAccess(what))
