"""Exercises of the master notebook ``03_labour_force_by_migrant_status``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/labour_force.py``
(see :func:`mlalib.exercises.catalogue.install_keys`).

Tolerances: estimates from the survey have standard errors of about 1.1-1.5 percentage points
(participation and unemployment rates of migrants); an answer within 0.25 points, about a fifth
of a standard error and more than the rounding to one decimal the lesson asks for, is correct.
Shares of respondents are exact counts: their tolerance is the rounding to one decimal.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "03_labour_force_by_migrant_status"

UNWEIGHTED_SHARE = register(Exercise(
    "lfs-unweighted-share", "number", MASTER, points=1,
    abs_tol=0.05, close_rel_tol=0.02, unit="percent", graded_only=True,
    hint="Unweighted means that every respondent counts once: the share of rows where international_migrant is "
         "True, times 100."))

WHY_WEIGHTS = register(Exercise(
    "lfs-why-weights", "choice", MASTER, points=3, options=("a", "b", "c"), graded_only=True,
    hint="Compare, stratum by stratum, the share of the sample with the share of the population, and where "
         "migrants are most common. A difference larger than two standard errors is unlikely to be chance."))

LFPR_MIGRANTS = register(Exercise(
    "lfs-lfpr-migrants", "number", MASTER, points=1,
    abs_tol=0.25, close_rel_tol=0.02, unit="percent", graded_only=True,
    hint="The participation rate is the labour force (employed plus unemployed) as a per cent of the working-age "
         "population, estimated with the weights: the estimate of participation_rate for migrants."))

GAP_SIGNIFICANT = register(Exercise(
    "lfs-gap-significant", "choice", MASTER, points=2, options=("yes", "no"), graded_only=True,
    hint="A gap is statistically significant at 95% when its 95% confidence interval does not contain zero, that "
         "is when it is larger than 1.96 standard errors."))

UR_MIGRANT_WOMEN = register(Exercise(
    "lfs-ur-migrant-women", "number", MASTER, points=1,
    abs_tol=0.25, close_rel_tol=0.05, unit="percent", graded_only=True,
    hint="The unemployment rate is the unemployed as a per cent of the labour force (employed plus unemployed), "
         "not of the whole population: the estimate for migrant women."))

UNRELIABLE_CELLS = register(Exercise(
    "lfs-unreliable-cells", "number", MASTER, points=2,
    abs_tol=0.0, close_rel_tol=0.0, graded_only=True,  # a count: exact
    hint="Count the rows of the detailed table (all three indicators, both sexes, every age group) whose "
         "unreliable column is True: fewer than 30 respondents or a coefficient of variation above 20%."))
