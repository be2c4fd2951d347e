"""Exercises of the master notebook ``09_decent_work``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/decent_work.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). Tolerances follow the precision of the tables the
notebook shows (rates to 2 decimals, injury rates per 100,000 to 1 decimal), far below their
standard errors, so a correctly read value rounded to one decimal (or to a whole case per
100,000) is accepted. ``dw-expected-deaths`` is a count of respondents times a rate, asked to two
decimals (3% relative tolerance). ``dw-gap-vs-ilo`` compares an interval with a threshold the table does
not show (13%) and accepts "cannot tell" where the interval includes it; ``dw-hourly-gap`` asks what
changes when monthly earnings are replaced by hourly earnings.
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
EXPECTED_DEATHS = register(Exercise(
    "dw-expected-deaths", "number", MASTER, points=2, rel_tol=0.03, close_rel_tol=0.10, graded_only=True,
    hint=("Multiply the number of respondents (column n, unweighted: the people the survey actually asked) by "
          "10 / 100,000. The weighted number of workers is the population the survey represents, not the people it "
          "can observe; and 10 per 100,000 is 0.0001, not 0.1."),
))
HOURLY_GAP = register(Exercise(
    "dw-hourly-gap", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Compare the mean_pay_gap rows of the two tables (monthly and hourly earnings), then the mean usual "
          "hours of migrant and non-migrant employees: monthly earnings are hourly earnings times hours, so the "
          "group that works more hours looks better paid per month than per hour."),
))
GAP_VS_ILO = register(Exercise(
    "dw-gap-vs-ilo", "choice", MASTER, points=2, options=("larger", "smaller", "cannot_tell"), graded_only=True,
    hint=("Compare the whole 95% confidence interval of the mean hourly pay gap with 13: larger only if ci_low is "
          "above 13, smaller only if ci_high is below 13, otherwise the data cannot tell. The point estimate alone, "
          "or the monthly gap, does not answer the question."),
))
