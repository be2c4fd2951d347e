"""Exercise checks with instant feedback (see :mod:`mlalib.exercises.core`).

Example
-------
>>> from mlalib.exercises import check
>>> check("start-rate-of-change", 2.02).correct
True
"""

from mlalib.exercises import lessons  # noqa: F401  (registers the exercises of every course notebook)
from mlalib.exercises.core import (
    CheckResult, Context, Exercise, assess, check, configure, context, exercises, reference_answer, register, results,
)

__all__ = [
    "CheckResult", "Context", "Exercise", "assess", "check", "configure", "context", "exercises",
    "reference_answer", "register", "results",
]
