"""Exercises of the master notebook ``06_recruitment_costs``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/recruitment_costs.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). SDG 10.7.1 is a percentage of monthly earnings
(200 = two months), so the answers are in per cent; tolerances follow the one decimal shown.
``rc-gap-significant`` accepts both answers when the gap is within 0.1 standard errors of the
significance threshold (1.96 SE), where the rounding shown cannot decide.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "06_recruitment_costs"

MEAN_PCT = register(Exercise(
    "rc-mean-pct", "number", MASTER, points=2, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint=("Each worker's cost is divided by his or her own first monthly earnings and multiplied by 100; the "
          "indicator is the weighted mean of these ratios over employees who returned in the reference period."),
))
MEDIAN_PCT = register(Exercise(
    "rc-median-pct", "number", MASTER, points=1, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint="The median of the same individual ratios, in per cent; it is lower than the mean because a few pay a lot.",
))
GENDER_GAP = register(Exercise(
    "rc-gender-gap", "number", MASTER, points=2, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint="Women's mean minus men's mean, both in per cent of monthly earnings: a difference in percentage points.",
))
GAP_SIGNIFICANT = register(Exercise(
    "rc-gap-significant", "choice", MASTER, points=3, options=("yes", "no"), graded_only=True,
    hint=("A difference is significant at 5% when its 95% confidence interval (about 1.96 standard errors on each "
          "side) does not include 0."),
))
