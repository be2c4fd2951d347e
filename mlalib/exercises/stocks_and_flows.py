"""Exercises of the master notebook ``01_stocks_and_flows``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/stocks_and_flows.py``
(see :func:`mlalib.exercises.catalogue.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "01_stocks_and_flows"

NET_MIGRATION = register(Exercise(
    "stocks-net-migration", "number", MASTER, points=2,
    abs_tol=0.5,  # a count of persons: exact to the person
    close_rel_tol=0.02, unit="persons", graded_only=True,
    hint="Net migration is the part of the population change that births and deaths do not explain: "
         "(P1 − P0) − (B − D). A negative value means that more people left than arrived."))

STOCK_OR_FLOW = register(Exercise(
    "stocks-stock-or-flow", "choice", MASTER, points=1, options=("stock", "flow"), graded_only=True,
    hint="A stock is a number of people at one moment; a flow is a number of events (moves) during a period. "
         "Does the sentence describe a moment or a period?"))

LARGEST_FOCUS = register(Exercise(
    "stocks-largest-focus", "text", MASTER, points=1, graded_only=True,
    hint="Compare the 2020 estimates of your focus countries in the table (column stock). The question asks for "
         "the largest estimate; the code or the country's name are both accepted."))

DATA_TYPE = register(Exercise(
    "stocks-data-type", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint="Read the type of data of each country: B means people born abroad, C people with a foreign citizenship, "
         "R that refugees and asylum seekers were added. Both stocks carry R; what differs?"))

RATE_OF_CHANGE = register(Exercise(
    "stocks-rate-of-change", "number", MASTER, points=2,
    abs_tol=0.005,  # the lesson asks for two decimals
    close_rel_tol=0.05, unit="percent", graded_only=True,
    hint="Use the stocks of 2015 and 2020: 100 × ln(stock 2020 / stock 2015) / 5. The rate is per year, so "
         "divide by the five years of the period."))
