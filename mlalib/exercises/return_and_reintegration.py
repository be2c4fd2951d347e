"""Exercises of the master notebook ``05_return_and_reintegration``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/return_and_reintegration.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). ``ret-lowest-dimension`` accepts both of the two
lowest dimensions when the 95% confidence interval of their difference includes 0 under the
cohort's seed (the data cannot tell them apart).
"""

from __future__ import annotations

from mlalib import returns
from mlalib.exercises.catalogue import Exercise, register

MASTER = "05_return_and_reintegration"

SHARE_COMPELLED = register(Exercise(
    "ret-share-compelled", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("Under MIREM's definition a return is freely decided only if the migrant chose it: the end of a contract, "
          "a lost job and a removal all count as not freely decided. Estimate their weighted share, in per cent."),
))
PREPAREDNESS_PROXY = register(Exercise(
    "ret-preparedness-proxy", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Willingness asks who decided the return; readiness asks which resources (savings, skills, contacts) were "
          "mobilised. Time abroad only gives the opportunity to mobilise them."),
))
COMPOSITE_MEAN = register(Exercise(
    "ret-composite-mean", "number", MASTER, points=1, abs_tol=0.001, graded_only=True,
    hint="The composite score combines all items; it is a weighted mean between 0 and 1, not on the 0-4 item scale.",
))
LOWEST_DIMENSION = register(Exercise(
    "ret-lowest-dimension", "choice", MASTER, points=2, options=returns.DIMENSIONS, graded_only=True,
    hint=("Rank the three dimension means; then look at the difference between the two lowest: if its confidence "
          "interval includes 0, the data cannot tell them apart."),
))
UR_RETURNEES = register(Exercise(
    "ret-ur-returnees", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("The unemployment rate is the unemployed in per cent of the labour force (employed plus unemployed) of the "
          "group, not of its whole population."),
))
