"""Exercises of the master notebook ``00_start_here``: practice, with instant feedback (0 points)."""

from __future__ import annotations

from mlalib.context import Context
from mlalib.data import load
from mlalib.exercises.catalogue import Exercise, register
from mlalib.flows import annual_rate_of_change

MASTER = "00_start_here"


def _world_rate_1990_2020(ctx: Context) -> float:
    world = load("undesa_world_migrant_stock_2020").query("sex == 'total'").set_index("year")["stock"]
    return float(annual_rate_of_change(world[1990], world[2020], years=30))


RATE_OF_CHANGE = register(Exercise(
    "start-rate-of-change", "number", MASTER, points=0,
    reference=_world_rate_1990_2020,
    abs_tol=0.005,  # an answer rounded to two decimals is correct
    close_rel_tol=0.05, unit="percent",
    hint=("The rate is exponential: take the natural logarithm of the 2020 stock divided by the 1990 stock, "
          "divide by the 30 years between them, and multiply by 100 to get per cent a year. "
          "mlalib.flows.annual_rate_of_change does it for you."),
))
REFUGEES_INCLUDED = register(Exercise(
    "start-refugees-included", "choice", MASTER, points=0, options=("yes", "no"),
    reference=lambda ctx: "yes",  # R: refugees and asylum seekers added (UN DESA, International Migrant Stock 2020)
    hint=("In UN DESA's type of data, B means that the stock counts the foreign-born, C the foreign citizens, and R "
          "that refugees and asylum seekers were added to it."),
))
