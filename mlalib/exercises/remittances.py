"""Exercises of the master notebook ``04_remittances``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/remittances.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "04_remittances"

TOTAL_COST = register(Exercise(
    "rem-total-cost", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="Total cost = fee in per cent of the amount + exchange-rate margin, 100 x (1 - applied / interbank).",
))
GLOBAL_AVERAGE = register(Exercise(
    "rem-global-average", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="SDG 10.c.1 averages all services of the quarter, not the corridor averages.",
))
SHARE_ABOVE_5 = register(Exercise(
    "rem-share-above-5", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint=("Start from the corridor averages of the last quarter and count those above 5%, in per cent of all "
          "corridors."),
))
SAVINGS_USA_MEX = register(Exercise(
    "rem-savings-usa-mex", "number", MASTER, points=2, abs_tol=0.5, rel_tol=1e-3, graded_only=True,
    hint=("Savings = volume x (current cost - 3) / 100, with the corridor's average cost of the last quarter "
          "and its volume in US$ million."),
))
