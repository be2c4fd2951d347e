"""Exercises of the master notebook ``02_bilateral_flows``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/bilateral_flows.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "02_bilateral_flows"

TOTAL_MOVERS = register(Exercise(
    "flows-total-movers", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Sum the whole origin-destination table (its diagonal is zero: stayers are not movers).",
))
D_TO_B = register(Exercise(
    "flows-d-to-b", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Rows are origins, columns destinations: read the cell in row D, column B.",
))
EFFECTIVENESS = register(Exercise(
    "flows-effectiveness", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Effectiveness = 100 x (sum of |net migration|) / (sum of turnover), both from flows.region_summary.",
))
