"""Exercises of the master notebook ``12_returnee_skills_and_protection``: declared here, asked there.

Graded-only: their reference answers are in the course key module
``notebooks/keys/returnee_skills_and_protection.py`` (see :func:`mlalib.exercises.catalogue.install_keys`).
Shares are asked in per cent and accepted to 0.05 (one decimal; their standard errors are 2 to 3 points);
a proportion given for a percentage is a unit slip ("close", and named). The two judgements accept
"cannot tell" where the 95% confidence interval of the difference includes 0, and only then.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "12_returnee_skills_and_protection"

OVERQUALIFIED_NOW = register(Exercise(
    "rsp-overqualified-now", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("Take the row 'now' of the table of over-qualification before and after return: its population is the "
          "tertiary-educated returnees employed now, not all returnees, and it is already weighted and in per "
          "cent."),
))
SKILL_CHANGE = register(Exercise(
    "rsp-skill-change", "choice", MASTER, points=2, options=("supported", "contradicted", "cannot_tell"),
    graded_only=True,
    hint=("Compare the same persons abroad and now: read the row 'change' (now minus abroad) and its 95% "
          "confidence interval. Above 0 the statement is supported, below 0 contradicted; an interval that "
          "includes 0 means the data cannot tell, whatever the two point estimates say."),
))
RIGHTS_KEPT = register(Exercise(
    "rsp-rights-kept", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("The share of pension_rights_kept is counted among the returnees who contributed abroad (its domain), "
          "not among all returnees: read its row in the indicators table and multiply the proportion by 100."),
))
PROFILE_GAP = register(Exercise(
    "rsp-profile-gap", "choice", MASTER, points=2, options=("long_term", "temporary", "cannot_tell"),
    graded_only=True,
    hint=("Two profiles of one sample are compared with the interval of their difference (share_gap), not by "
          "their point estimates: a difference whose 95% interval includes 0 cannot be told apart from no "
          "difference, however large it looks. Few long-term emigrants contributed abroad, so the interval is wide."),
))
LONG_TERM_THRESHOLD = register(Exercise(
    "rsp-long-term-threshold", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Recode the profiles with returnee_profile(returnees, long_term=5), compute share_gap again and compare "
          "n_first and the width of the interval (ci_high - ci_low) with those of the 10-year threshold: then "
          "look whether the new interval includes 0."),
))
