"""Exercises of notebook 00_start_here."""

from __future__ import annotations

from mlalib.data import load
from mlalib.exercises.core import Context, Exercise, register
from mlalib.flows import annual_rate_of_change


def _world_rate_1990_2020(ctx: Context) -> float:
    world = load("undesa_world_migrant_stock_2020").query("sex == 'total'").set_index("year")["stock"]
    return float(annual_rate_of_change(world[1990], world[2020], years=30))


register(Exercise(
    id="start-rate-of-change",
    kind="number",
    reference=_world_rate_1990_2020,
    abs_tol=0.005,  # an answer rounded to two decimals is correct
    close_rel_tol=0.05,
))
