"""Exercises of the master notebook ``10_economic_reintegration``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/economic_reintegration.py``
(see :func:`mlalib.exercises.catalogue.install_keys`).

Tolerances: shares and gaps are asked in per cent (percentage points) and accepted to 0.05, i.e. an
answer rounded to one decimal; their standard errors (0.6 to 1.5 points) make more decimals
meaningless, and every typical mistake (the raw instead of the standardised gap, the crude odds
ratio or the coefficient instead of the adjusted odds ratio) is far outside; a proportion given for
a percentage is recognised as a unit slip (``unit="percent"``: "close", and named). The odds
ratio is asked to two decimals: accepted to 0.006 (rounding plus float noise).
``eco-lowest-dimension-iom`` is answered "cannot tell" when the 95% interval of the difference between the
two lowest dimensions (IOM-style weights) includes 0, and only then; ``eco-standardisation-cells`` asks what
changes when the standardisation leaves out age.
"""

from __future__ import annotations

from mlalib import returns
from mlalib.exercises.catalogue import Exercise, register

MASTER = "10_economic_reintegration"

BUSINESS_SHARE = register(Exercise(
    "eco-business-share", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint="The indicators table gives proportions between 0 and 1, weighted by the survey weights; the exercise "
         "asks for a percentage of all returnees, so multiply the weighted proportion by 100.",
))
EMPLOYMENT_GAP = register(Exercise(
    "eco-employment-gap", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint="Take the row 'gap' of the table from reintegration.labour_gap (returnees minus non-migrants given the "
         "returnees' age and sex structure) and express it in percentage points (times 100). The raw difference "
         "with all non-migrants also reflects that returnees are older and more often men.",
))
ASSISTANCE_CAUSES = register(Exercise(
    "eco-assistance-causes", "choice", MASTER, points=1, options=("yes", "no"), graded_only=True,
    hint="Ask who receives assistance: the second table shows it by preparedness and reason for return. "
         "Programmes target returnees in difficulty, who would be more likely to leave again anyway; an "
         "association in a table is not a cause.",
))
ODDS_RATIO_ASSISTED = register(Exercise(
    "eco-odds-ratio-assisted", "number", MASTER, points=1, abs_tol=0.006, graded_only=True,
    hint="An odds ratio is exp(coefficient), in the column odds_ratio of fit.table; it must come from the model "
         "with all four predictors (preparedness, assisted, employed, sex), weighted, with high preparedness as "
         "the reference.",
))
STANDARDISATION_CELLS = register(Exercise(
    "eco-standardisation-cells", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="Compute labour_gap again with cells=['sex'] and compare its row 'gap' with the one standardised by sex "
         "and age group, and with the raw difference: what standardising by age removed comes back when age is "
         "left out.",
))
LOWEST_DIMENSION_IOM = register(Exercise(
    "eco-lowest-dimension-iom", "choice", MASTER, points=2, options=(*returns.DIMENSIONS, "cannot_tell"),
    graded_only=True,
    hint="Rank 1 in the comparison table is only the lowest point estimate. Compute the two lowest dimensions' "
         "scores with reintegration_index('iom_style'), their difference person by person and its 95% interval: "
         "if it includes 0 the data cannot tell them apart (answer 'cannot tell'); otherwise name the lowest.",
))
