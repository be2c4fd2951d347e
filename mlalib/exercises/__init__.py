"""Exercise checks with instant feedback (see :mod:`mlalib.exercises.core`).

Example
-------
>>> from mlalib.exercises import check, start_here
>>> check(start_here.RATE_OF_CHANGE.id, 2.02).correct  # the practice exercise of 00_start_here
True
"""

from mlalib.exercises import (  # noqa: F401  (one module per master notebook registers its exercises)
    bilateral_flows, country_profile, data_sources, decent_work, economic_reintegration, emigrants_and_diasporas,
    labour_force, recruitment_costs, remittances, return_and_reintegration, returnee_skills_and_protection, start_here,
    stocks_and_flows,
)
from mlalib.context import Context
from mlalib.exercises.catalogue import (
    Exercise, exercises, install_keys, install_keys_from_environment, register, rubric,
)
from mlalib.exercises.core import CheckResult, assess, check, reference_answer
from mlalib.exercises.session import configure, context, results

install_keys_from_environment()  # a trainer's kernel (build, tests) given the course key file

__all__ = [
    "CheckResult", "Context", "Exercise", "assess", "check", "configure", "context", "exercises", "install_keys",
    "reference_answer", "register", "results", "rubric",
]
