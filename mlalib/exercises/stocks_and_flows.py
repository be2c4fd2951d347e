"""Exercises of the master notebook ``01_stocks_and_flows``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/stocks_and_flows.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "01_stocks_and_flows"

NET_MIGRATION = register(Exercise(
    "stocks-net-migration", "number", MASTER, points=2, abs_tol=0.5, close_rel_tol=0.02, graded_only=True,
    hint=("Net migration is what the population change leaves after natural increase: (P1 - P0) - (B - D). "
          "flows.net_migration_residual does it."),
))
STOCK_OR_FLOW = register(Exercise(
    "stocks-stock-or-flow", "choice", MASTER, points=1, options=("stock", "flow"), graded_only=True,
    hint="Is it counted at one moment, or over a period?",
))
LARGEST_FOCUS = register(Exercise(
    "stocks-largest-focus", "text", MASTER, points=1, graded_only=True,
    hint="Compare the 2020 totals of your focus countries and answer with the three-letter code.",
))
RATE_OF_CHANGE = register(Exercise(
    "stocks-rate-of-change", "number", MASTER, points=2, abs_tol=0.005, graded_only=True,
    hint=("Take the total (both sexes) stocks of 2015 and 2020 for the country named in the exercise, and use t "
          "= 5 years."),
))
