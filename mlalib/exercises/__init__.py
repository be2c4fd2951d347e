"""Exercise checks with instant feedback (see :mod:`mlalib.exercises.core`).

Example
-------
>>> from mlalib.exercises import check
>>> check("start-rate-of-change", 2.02).correct
True
"""

from mlalib.exercises import lessons, start_here  # noqa: F401  (register the exercises of the notebooks)
from mlalib.exercises.core import (
    CheckResult, Context, Exercise, assess, check, configure, context, exercises, reference_answer, register, results,
)

__all__ = [
    "CheckResult", "Context", "Exercise", "assess", "check", "configure", "context", "exercises",
    "reference_answer", "register", "results",
]
