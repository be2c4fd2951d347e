"""Exercise checks with instant feedback (see :mod:`mlalib.exercises.core`).

Example
-------
>>> from mlalib.exercises import check
>>> check("start-rate-of-change", 2.02).correct
True
"""

from mlalib.exercises import lessons, start_here  # noqa: F401  (register the exercises of the notebooks)
from mlalib.exercises.core import (
    CheckResult, Context, Exercise, assess, check, configure, context, exercises, install_keys,
    install_keys_from_environment, reference_answer, register, results,
)

install_keys_from_environment()  # a trainer's kernel (build, tests) given the course key file

__all__ = [
    "CheckResult", "Context", "Exercise", "assess", "check", "configure", "context", "exercises", "install_keys",
    "reference_answer", "register", "results",
]
