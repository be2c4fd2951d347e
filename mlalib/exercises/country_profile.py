"""Exercises of the master notebook ``07_country_profile``: declared here, asked there.

The checked exercises are graded-only: their reference answers are in the course key module
``notebooks/keys/country_profile.py`` (see :func:`mlalib.exercises.catalogue.install_keys`). Parts C
and D of the profile are **written** exercises: the participant's text is kept, not scored in the
notebook, and the trainer grades it with the rubric below (criteria translated in the library
catalogs; :func:`mlalib.exercises.catalogue.rubric`); their "key" in the key module is a model answer
for the trainer edition, built from the cohort's data for the country profiled, never compared with
anything.

The indicators of the origin-country view (emigrants, emigration rate, net position, remittances per
emigrant) are asked in ``08_emigrants_and_diasporas``, which comes before this lesson: here they are
evidence to judge statements with (``profile-immigrant-share``, ``profile-main-destinations``), to
vary (``profile-remittances-trend``: another year) and to write findings with, not numbers to compute
again.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "07_country_profile"

FEMALE_SHARE = register(Exercise(
    "profile-female-share", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint="Women in the 2020 stock divided by the total of the same year and edition, in per cent.",
))
IMMIGRANT_SHARE = register(Exercise(
    "profile-immigrant-share", "choice", MASTER, points=2, options=("above", "below"), graded_only=True,
    hint=("Divide the immigrants by the residents of 2019 (both from the 2019 edition), in per cent, and compare "
          "with 3.5%. Not the emigration rate: that counts the country's people abroad, not the migrants living in "
          "it."),
))
MAIN_DESTINATIONS = register(Exercise(
    "profile-main-destinations", "choice", MASTER, points=2, options=("yes", "no"), graded_only=True,
    hint=("Add up the shares of the first three destinations (share_pct of destinations) and compare the sum with "
          "50%: the first destination alone does not answer it."),
))
REMITTANCES_TREND = register(Exercise(
    "profile-remittances-trend", "choice", MASTER, points=2, options=("a", "b"), graded_only=True,
    hint=("Compute remittances per emigrant for 2010 as well (the same function, year=2010) and compare with 2019. "
          "The total received may grow while the amount per emigrant falls, if the emigrants grow faster."),
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
