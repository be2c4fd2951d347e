"""Exercises of the master notebook ``09_decent_work``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/decent_work.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). Tolerances follow the precision of the tables the
notebook shows (rates to 2 decimals, injury rates per 100,000 to 1 decimal), far below their
standard errors, so a correctly read value rounded to one decimal (or to a whole case per
100,000) is accepted.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "09_decent_work"

INFORMALITY_MIGRANT_WOMEN = register(Exercise(
    "dw-informality-migrant-women", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("The table is already weighted and in per cent: take the row where sex is 'female' and migrant_status "
          "is 'migrant' and read its estimate. Its population is employed migrant women: the unemployed and the "
          "persons outside the labour force are not in the denominator."),
))
NONFATAL_INJURY_MIGRANTS = register(Exercise(
    "dw-nonfatal-injury-migrants", "number", MASTER, points=2, abs_tol=0.5, graded_only=True,
    hint=("Use the table by migrant status only (women and men together) and its row nonfatal_injury_rate for "
          "migrants. The rate is per 100,000 workers, not per cent (3% of workers is 3,000 per 100,000), and it "
          "counts cases: a worker injured twice counts twice."),
))
FATAL_PUBLISHABLE = register(Exercise(
    "dw-fatal-publishable", "choice", MASTER, points=1, options=("yes", "no"), graded_only=True,
    hint=("Look at the columns unreliable and reason of the fatal injury rate of migrants. How many deaths can a "
          "sample of 20,000 persons observe when the rate is about 10 per 100,000 workers? This is why SDG 8.8.1 "
          "fatal rates come from administrative records."),
))
MEDIAN_GAP_WOMEN = register(Exercise(
    "dw-median-gap-women", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("Take the row where indicator is 'median_pay_gap' and sex is 'female' in the pay-gap table by sex. The "
          "gap is 100 x (median of non-migrants - median of migrants) / median of non-migrants; the mean gap is "
          "another row."),
))
GAP_SIGNIFICANT = register(Exercise(
    "dw-gap-significant", "choice", MASTER, points=1, options=("yes", "no"), graded_only=True,
    hint=("A gap is significant at the 95% level when 0 lies outside its confidence interval: do ci_low and "
          "ci_high of the mean pay gap of the 15-24 age group have the same sign? Roughly: is the gap more than "
          "two standard errors away from 0? A large gap measured on few respondents can still be compatible with "
          "no gap at all."),
))
