"""Exercises of the master notebook ``02_bilateral_flows``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/bilateral_flows.py``
(see :func:`mlalib.exercises.catalogue.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "02_bilateral_flows"

TOTAL_MOVERS = register(Exercise(
    "flows-total-movers", "number", MASTER, points=1,
    abs_tol=0.05,  # the table shows one decimal
    graded_only=True,
    hint="Movers are the people whose origin differs from their destination: add up every cell of the "
         "origin–destination table (its diagonal, the people who stayed, is zero)."))

RETURNS = register(Exercise(
    "flows-returns", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="Each row of the estimates has the mover's place of birth. Add up the moves whose destination is the "
         "mover's place of birth and compare them with half of all moves: a move back to one's place of birth "
         "is a return, not an emigration."))

MINIMUM = register(Exercise(
    "flows-minimum", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="The method only compares where people lived at the two dates, and finds the fewest moves that explain "
         "the change between them."))

EFFECTIVENESS = register(Exercise(
    "flows-effectiveness", "number", MASTER, points=2,
    abs_tol=0.05,  # one decimal is asked for
    close_rel_tol=0.02, unit="percent", graded_only=True,
    hint="Gross migration (turnover) is inflow plus outflow. Add up the absolute net migration of every region, "
         "divide by the total gross migration and multiply by 100."))

REDISTRIBUTION = register(Exercise(
    "flows-redistribution", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="The largest net gain says where people ended up, not how much of the moving went there. Compare the "
         "inflow of D with all the moves, and read the effectiveness index: below 50, most moves are offset by "
         "moves in the opposite direction."))

OPEN_SYSTEM = register(Exercise(
    "flows-open-system", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="Read the net migration of region B in the table under each assumption, and compare their signs. The "
         "open system lets the difference between the two tables come from outside the regions instead of "
         "sharing it between them."))
