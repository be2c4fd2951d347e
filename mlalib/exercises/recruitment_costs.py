"""Exercises of the master notebook ``06_recruitment_costs``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/recruitment_costs.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). SDG 10.7.1 is a percentage of monthly earnings
(200 = two months), so the answers are in per cent; tolerances follow the one decimal shown.
The two statements to judge (``rc-median-claim``, ``rc-gap-claim``) compare a 95% interval with a stated
value; where a bound lies within 0.05 points of it (the tables show one decimal), the key accepts both
readings.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "06_recruitment_costs"
#: What a 95% interval says about a statement: it lies beyond the stated value, on the other side, or includes it.
CLAIM_OPTIONS = ("supported", "contradicted", "cannot_tell")

MEAN_PCT = register(Exercise(
    "rc-mean-pct", "number", MASTER, points=2, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint=("Each worker's cost is divided by his or her own first monthly earnings and multiplied by 100; the "
          "indicator is the weighted mean of these ratios over employees who returned in the reference period."),
))
MEDIAN_PCT = register(Exercise(
    "rc-median-pct", "number", MASTER, points=1, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint="The median of the same individual ratios, in per cent; it is lower than the mean because a few pay a lot.",
))
MEDIAN_CLAIM = register(Exercise(
    "rc-median-claim", "choice", MASTER, points=3, options=CLAIM_OPTIONS, graded_only=True,
    hint=("\"Half of the workers paid more than\" describes the median, not the mean, which the few who pay a great "
          "deal pull up. Compare the whole 95% interval of the median with 150%."),
))
GENDER_GAP = register(Exercise(
    "rc-gender-gap", "number", MASTER, points=2, abs_tol=0.05, unit="percent_of_earnings", graded_only=True,
    hint="Women's mean minus men's mean, both in per cent of monthly earnings: a difference in percentage points.",
))
GAP_CLAIM = register(Exercise(
    "rc-gap-claim", "choice", MASTER, points=3, options=CLAIM_OPTIONS, graded_only=True,
    hint=("Compare the whole 95% interval of the difference with 20, not the estimate alone: an estimate above 20 "
          "whose interval reaches below 20 does not support the statement."),
))
PERIOD_VARY = register(Exercise(
    "rc-period-vary", "choice", MASTER, points=3, options=("a", "b", "c", "d"), graded_only=True,
    hint=("A shorter period keeps fewer workers, and a smaller sample gives a larger standard error. Then compare the "
          "change of the mean with two standard errors of the five-year mean."),
))
