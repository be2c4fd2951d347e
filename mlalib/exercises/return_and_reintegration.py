"""Exercises of the master notebook ``05_return_and_reintegration``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/return_and_reintegration.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). ``ret-lowest-dimension`` is answered "cannot tell" when
the 95% confidence interval of the difference between the two lowest dimensions includes 0 under the cohort's
seed (the data cannot tell them apart), and only then; ``ret-two-readings`` reads the interval of a share
against 50%, a threshold the table does not show; ``ret-readiness-measured`` asks what changes when readiness
is measured by the resources asked in the survey instead of the time abroad.
"""

from __future__ import annotations

from mlalib import returns
from mlalib.exercises.catalogue import Exercise, register

MASTER = "05_return_and_reintegration"

SHARE_COMPELLED = register(Exercise(
    "ret-share-compelled", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("In the course's coding a return is freely decided only if the migrant chose it: the end of a contract, "
          "a lost job and a removal all count as not freely decided, not only the removals of "
          "return_was_voluntary. Estimate their weighted share, in per cent."),
))
TWO_READINGS = register(Exercise(
    "ret-two-readings", "choice", MASTER, points=2, options=("a", "b", "c", "d"), graded_only=True,
    hint=("Report A reads return_was_voluntary (not removed) as a free choice; the course's coding of a freely "
          "decided return is another variable. Compare the 95% interval of the share of freely decided returns "
          "with 50%: a report is supported only if the whole interval is on its side."),
))
PREPAREDNESS_PROXY = register(Exercise(
    "ret-preparedness-proxy", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Willingness asks who decided the return; readiness asks which resources (savings, skills, contacts) were "
          "mobilised. Time abroad only gives the opportunity to mobilise them."),
))
READINESS_MEASURED = register(Exercise(
    "ret-readiness-measured", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Estimate two weighted shares and compare them: returnees whose type ends with 'resources mobilised' "
          "when readiness is measured by the resources, and returnees with a long stay under the proxy. A proxy "
          "misclassifies in both directions; the difference of the two shares says which way won."),
))
COMPOSITE_MEAN = register(Exercise(
    "ret-composite-mean", "number", MASTER, points=1, abs_tol=0.001, graded_only=True,
    hint="The composite score combines all items; it is a weighted mean between 0 and 1, not on the 0-4 item scale.",
))
LOWEST_DIMENSION = register(Exercise(
    "ret-lowest-dimension", "choice", MASTER, points=2, options=(*returns.DIMENSIONS, "cannot_tell"),
    graded_only=True,
    hint=("Rank the three dimension means, then look at the difference between the two lowest: if its 95% "
          "confidence interval includes 0, the data cannot tell them apart, and the lowest point estimate is not "
          "an answer: answer 'cannot tell'. If the interval excludes 0, name the lowest dimension."),
))
