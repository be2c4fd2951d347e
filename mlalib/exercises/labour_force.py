"""Exercises of the master notebook ``03_labour_force_by_migrant_status``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/labour_force.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "03_labour_force_by_migrant_status"

UNWEIGHTED_LFPR = register(Exercise(
    "lfs-unweighted-lfpr", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint=("Without weights every respondent counts once: take the mean of in_labour_force among the migrants of "
          "the sample, in per cent."),
))
LFPR_MIGRANTS = register(Exercise(
    "lfs-lfpr-migrants", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint=("Look up the participation rate of migrants (both sexes) in the table of labour_indicators by migrant "
          "status."),
))
UR_MIGRANT_WOMEN = register(Exercise(
    "lfs-ur-migrant-women", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint=("Use the table by migrant status and sex; the unemployment rate is a share of the labour force, not "
          "of the population."),
))
UNRELIABLE_CELLS = register(Exercise(
    "lfs-unreliable-cells", "number", MASTER, points=2, abs_tol=0.0, close_rel_tol=0.0, graded_only=True,
    hint="Count the rows flagged True in the column 'unreliable' of the detailed table.",
))
