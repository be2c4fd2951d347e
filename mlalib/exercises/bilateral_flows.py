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

D_TO_B = register(Exercise(
    "flows-d-to-b", "number", MASTER, points=1,
    abs_tol=0.05,  # the table shows one decimal
    graded_only=True,
    hint="Rows are origins and columns destinations: the flow from D to B is in row D, column B."))

MINIMUM = register(Exercise(
    "flows-minimum", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="The method only compares where people lived at the two dates, and finds the fewest moves that explain "
         "the change between them."))

EFFECTIVENESS = register(Exercise(
    "flows-effectiveness", "number", MASTER, points=2,
    abs_tol=0.05,  # one decimal is asked for
    close_rel_tol=0.02, unit="percent", graded_only=True,
    hint="Turnover is inflow plus outflow. Add up the absolute net migration of every region, divide by the total "
         "turnover and multiply by 100."))
