"""Exercises of the master notebook ``08_emigrants_and_diasporas``: declared here, asked there.

Graded-only: their reference answers are in the course key module
``notebooks/keys/emigrants_and_diasporas.py`` (see :func:`mlalib.exercises.catalogue.install_keys`).

Tolerances: the emigrant stock is a count published to the person; rounding to the nearest
hundred stays within ``rel_tol=1e-4`` for any country with 500,000 emigrants or more (smaller
ones need fewer digits dropped). The rates are asked in per cent: ``abs_tol=0.005`` accepts an
answer rounded to two decimals, and rejects the usual slip of dividing by the residents only,
which overstates the rate by about rate² / 100 (0.01 point or more above a 1 % rate) and, for the
tertiary rate, the share of the tertiary-educated among emigrants (a different quantity). US$ per
emigrant: ``abs_tol=0.5`` accepts rounding to the dollar.

Reasoning: ``emig-rate-change`` varies the year (1990 instead of 2019) and asks what changed and
why; ``emig-sources-differ`` and ``emig-brain-drain`` ask for a judgement that needs numbers the
lesson does not show side by side (three counts of two sources; two rates the participant computes).
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "08_emigrants_and_diasporas"

EMIGRANTS_2019 = register(Exercise(
    "emig-emigrants-2019", "number", MASTER, points=2, rel_tol=1e-4, close_rel_tol=0.02, unit="persons",
    graded_only=True,
    hint=("Emigrants are counted where they live: add up your country's stock over all destinations in 2019 "
          "(emigration.emigrants(od, 2019) gives every country of origin). Answer in persons, not thousands."),
))
EMIGRATION_RATE = register(Exercise(
    "emig-emigration-rate", "number", MASTER, points=2, abs_tol=0.005, close_rel_tol=0.1, unit="percent",
    graded_only=True,
    hint=("The denominator is the resident population plus the emigrants, which stands for everyone born in the "
          "country, at home and abroad: 100 x emigrants / (residents + emigrants). Dividing by the residents only "
          "overstates the rate. Answer in per cent (5.3, not 0.053)."),
))
RATE_CHANGE = register(Exercise(
    "emig-rate-change", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("A rate compares two numbers: it rises only if the emigrants grow faster than the residents. Compare "
          "the emigrants of 2019 with those of 1990, and the residents of 2019 with those of 1990, not only the "
          "number of emigrants."),
))
SOURCES_DIFFER = register(Exercise(
    "emig-sources-differ", "choice", MASTER, points=2, options=("between", "above", "below"), graded_only=True,
    hint=("Put the three counts of your country in order: UN DESA 2015, World Bank 2017, UN DESA 2019. The sign "
          "of the difference with 2019 alone does not say it: a 2017 count below the 2019 one may still be above "
          "the 2015 one."),
))
TERTIARY_RATE = register(Exercise(
    "emig-tertiary-rate", "number", MASTER, points=2, abs_tol=0.005, close_rel_tol=0.1, unit="percent",
    graded_only=True,
    hint=("Keep only the tertiary-educated (education 'high'): 100 x those abroad / (those at home + those abroad). "
          "It is not their share among the emigrants."),
))
BRAIN_DRAIN = register(Exercise(
    "emig-brain-drain", "choice", MASTER, points=2, options=("larger", "smaller"), graded_only=True,
    hint=("Compare two emigration rates computed the same way: the tertiary-educated abroad among all the "
          "tertiary-educated, and all emigrants aged 25 and over among everyone aged 25 and over. A high share of "
          "graduates among emigrants says nothing alone: the share among residents matters too."),
))
REMITTANCES_PER_EMIGRANT = register(Exercise(
    "emig-remittances-per-emigrant", "number", MASTER, points=2, abs_tol=0.5, close_rel_tol=0.05, graded_only=True,
    hint=("Divide the remittances received in 2019 (US$) by the emigrants of 2019, not by the residents: an "
          "average in US$ per emigrant and per year."),
))
