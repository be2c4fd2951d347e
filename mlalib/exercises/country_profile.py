"""Exercises of the master notebook ``07_country_profile``: declared here, asked there.

The checked exercises are graded-only: their reference answers are in the course key module
``notebooks/keys/country_profile.py`` (see :func:`mlalib.exercises.catalogue.install_keys`). Parts C
and D of the profile are **written** exercises: the participant's text is kept, not scored in the
notebook, and the trainer grades it with the rubric below (criteria translated in the library
catalogs; :func:`mlalib.exercises.catalogue.rubric`); their "key" in the key module is a model answer
for the trainer edition, never compared with anything.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "07_country_profile"

FEMALE_SHARE = register(Exercise(
    "profile-female-share", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint="Women in the 2020 stock divided by the total, in per cent.",
))
EMIGRATION_RATE = register(Exercise(
    "profile-emigration-rate", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint="Emigrants divided by the native population at home and abroad (residents plus emigrants), times 100.",
))
NET_POSITION = register(Exercise(
    "profile-net-position", "choice", MASTER, points=1, options=("emigration", "immigration"), graded_only=True,
    hint="The net position is immigrants minus emigrants: negative when more of the country's people live "
         "abroad than migrants live in it.",
))
REMITTANCES_PER_EMIGRANT = register(Exercise(
    "profile-remittances-per-emigrant", "number", MASTER, points=2, abs_tol=0.5, graded_only=True,
    hint="Personal remittances received in 2019 (US$) divided by the emigrants of 2019, not by the residents.",
))
UNEMPLOYMENT_GAP = register(Exercise(
    "profile-unemployment-gap", "number", MASTER, points=1, abs_tol=0.05, graded_only=True,
    hint="Take the unemployment rate (per cent of the labour force) of migrants minus that of non-migrants; "
         "the result is in percentage points.",
))
GOVERNANCE = register(Exercise(
    "profile-governance", "written", MASTER, points=4, graded_only=True, rubric=(
        ("Names the main policies and laws on migration (labour migration, diaspora, return and reintegration)", 1),
        ("Describes the institutions in charge of migration and how they coordinate", 1),
        ("Names the international commitments: ILO Conventions Nos. 97 and 143, the 1990 Convention, bilateral "
         "labour agreements, the Global Compact for Migration", 1),
        ("Gives the sources of what it states", 1),
    ),
))
FINDINGS = register(Exercise(
    "profile-findings", "written", MASTER, points=4, graded_only=True, rubric=(
        ("States three findings of parts A and B, each with its figure and source", 2),
        ("Keeps official and synthetic figures apart: no synthetic figure is presented as a finding", 1),
        ("Makes two recommendations for development planning that follow from the findings", 1),
    ),
))
