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
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "08_emigrants_and_diasporas"

EMIGRANTS_2019 = register(Exercise(
    "emig-emigrants-2019", "number", MASTER, points=2, rel_tol=1e-4, close_rel_tol=0.02, graded_only=True,
    hint=("Emigrants are counted where they live: add up your country's stock over all destinations in 2019 "
          "(emigration.emigrants(od, 2019) gives every country of origin). Answer in persons, not thousands."),
))
EMIGRATION_RATE = register(Exercise(
    "emig-emigration-rate", "number", MASTER, points=2, abs_tol=0.005, close_rel_tol=0.1, graded_only=True,
    hint=("The denominator is the whole native population, at home and abroad: 100 x emigrants / (residents + "
          "emigrants). Dividing by the residents only overstates the rate. Answer in per cent (5.3, not 0.053)."),
))
NET_POSITION = register(Exercise(
    "emig-net-position", "choice", MASTER, points=1, options=("emigration", "immigration"), graded_only=True,
    hint=("Net position = immigrants - emigrants. Negative: more of the country's people live abroad than "
          "foreign-born people live in it."),
))
TERTIARY_RATE = register(Exercise(
    "emig-tertiary-rate", "number", MASTER, points=2, abs_tol=0.005, close_rel_tol=0.1, graded_only=True,
    hint=("Keep only the tertiary-educated (education 'high'): 100 x those abroad / (those at home + those abroad). "
          "It is not their share among the emigrants."),
))
REMITTANCES_PER_EMIGRANT = register(Exercise(
    "emig-remittances-per-emigrant", "number", MASTER, points=2, abs_tol=0.5, close_rel_tol=0.05, graded_only=True,
    hint=("Divide the remittances received in 2019 (US$) by the emigrants of 2019, not by the residents: an "
          "average in US$ per emigrant and per year."),
))
BRAIN_DRAIN = register(Exercise(
    "emig-brain-drain", "choice", MASTER, points=1, options=("larger", "smaller"), graded_only=True,
    hint=("Compare the two bars of your country: the share of the tertiary-educated among emigrants and among "
          "residents. If it is higher abroad, the country loses a larger share of its tertiary-educated than of "
          "its population as a whole (selection ratio above 1)."),
))
