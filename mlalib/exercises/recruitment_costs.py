"""Exercises of the master notebook ``06_recruitment_costs``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/recruitment_costs.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "06_recruitment_costs"

MEAN_MONTHS = register(Exercise(
    "rc-mean-months", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="Each worker's cost divided by his or her own first monthly earnings, then the weighted mean.",
))
MEDIAN_MONTHS = register(Exercise(
    "rc-median-months", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="The median of the same individual ratios; it is lower than the mean because a few pay a lot.",
))
GENDER_GAP = register(Exercise(
    "rc-gender-gap", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint="Women's mean minus men's mean, in months of earnings.",
))
