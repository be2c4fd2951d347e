"""Exercises of the master notebook ``05_return_and_reintegration``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/return_and_reintegration.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib import returns
from mlalib.exercises.core import Exercise, register

MASTER = "05_return_and_reintegration"

SHARE_COMPELLED = register(Exercise(
    "ret-share-compelled", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Estimate the weighted share of returnees whose return was not voluntary, in per cent.",
))
COMPOSITE_MEAN = register(Exercise(
    "ret-composite-mean", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="Read the composite row of reintegration_summary (a score between 0 and 1).",
))
LOWEST_DIMENSION = register(Exercise(
    "ret-lowest-dimension", "choice", MASTER, points=1, options=returns.DIMENSIONS, graded_only=True,
    hint="Compare the three dimension means; answer economic, social or psychosocial.",
))
UR_RETURNEES = register(Exercise(
    "ret-ur-returnees", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Use labour_indicators by return_migrant_worker and read the unemployment rate of the returnees.",
))
