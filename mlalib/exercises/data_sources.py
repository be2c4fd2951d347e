"""Exercises of the master notebook ``11_data_sources_and_frameworks``: declared here, asked there.

The practice exercises (0 points: the source for a question, two persons to classify) keep their reference
answer here; the graded ones are graded-only, their reference answers in the course key module
``notebooks/keys/data_sources.py`` (see :func:`mlalib.exercises.catalogue.install_keys`).

The residual estimates are persons: the counted residual is exact arithmetic on the table's counts, so
its tolerance is one person. The judgements compare a 95% interval with a threshold: where a bound lies
within one person of it (the tables show whole persons), both readings are accepted (the key returns both).
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "11_data_sources_and_frameworks"
#: The answers of the claim exercises: what the 95% interval says about a claim or about zero.
CLAIM_OPTIONS = ("supported", "contradicted", "cannot_tell")
ZERO_OPTIONS = ("no_irregular", "irregular_present", "cannot_tell", "records_overcount")
PERSONS = ("refugee", "internally_displaced", "stateless", "migrant_worker", "return_migrant")
SOURCES = ("census", "labour_force_survey", "permits", "deployment_records", "border_data")

CHOOSE_SOURCE = register(Exercise(
    "src-choose-source", "choice", MASTER, points=0, options=SOURCES,
    reference=lambda ctx: "deployment_records",
    hint="The workers who left are no longer in the households a census or a survey of the origin country "
         "interviews. Which records are written when a worker leaves for a job abroad through the official "
         "channel, with the destination and the occupation?"))

COUNTED_RESIDUAL = register(Exercise(
    "src-counted-residual", "number", MASTER, points=2, abs_tol=1.0, close_rel_tol=0.01, unit="persons",
    graded_only=True,
    hint="Subtract from the foreign-born counted by the census everyone the records give a regular status: the "
         "valid residence permits and the naturalised citizens (who are foreign-born too but hold no permit)."))

RESIDUAL_CLAIM = register(Exercise(
    "src-residual-claim", "choice", MASTER, points=3, options=CLAIM_OPTIONS, graded_only=True,
    hint="Compare the whole 95% interval with 20,000, not only the estimate: a claim is supported when the whole "
         "interval lies above it, contradicted when the whole interval lies below it, and the data cannot tell "
         "when the interval includes it."))

ZERO_RESIDUAL = register(Exercise(
    "src-zero-residual", "choice", MASTER, points=2, options=ZERO_OPTIONS, graded_only=True,
    hint="A residual can never prove that a group has no irregular migrants. Look at where the 95% interval lies: "
         "including 0, entirely above 0, or entirely below 0 (which no number of migrants can be: an assumption of "
         "the method fails)."))

UNDERCOUNT_VARY = register(Exercise(
    "src-undercount-vary", "choice", MASTER, points=3, options=("a", "b", "c", "d"), graded_only=True,
    hint="The undercount divides the counted residual and its standard error alike, so the interval moves and "
         "widens by the same factor. Compare the new interval with 20,000: does the answer to the claim change?"))

CLASSIFY_A = register(Exercise(
    "src-classify-a", "choice", MASTER, points=0, options=PERSONS,
    reference=lambda ctx: "internally_displaced",
    hint="Has she crossed an internationally recognised State border? The Guiding Principles on Internal "
         "Displacement (1998) define the persons who fled but stayed within their own country."))

CLASSIFY_B = register(Exercise(
    "src-classify-b", "choice", MASTER, points=0, options=PERSONS,
    reference=lambda ctx: "stateless",
    hint="He has never moved, so he is not a migrant; what makes his situation is that no State considers him "
         "as its national (1954 Convention relating to the Status of Stateless Persons, article 1)."))
