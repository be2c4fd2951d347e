"""Exercises of the master notebook ``07_country_profile``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/country_profile.py``
(see :func:`mlalib.exercises.core.install_keys`).
"""

from __future__ import annotations

from mlalib.exercises.core import Exercise, register

MASTER = "07_country_profile"

STOCK_2020 = register(Exercise(
    "profile-stock-2020", "number", MASTER, points=2, abs_tol=0.5, graded_only=True,
    hint="The total (both sexes) for 2020 of the profile country, in persons.",
))
FEMALE_SHARE = register(Exercise(
    "profile-female-share", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Women in the 2020 stock divided by the total, in per cent.",
))
REMITTANCE_GROWTH = register(Exercise(
    "profile-remittance-growth", "number", MASTER, points=2, abs_tol=0.05, graded_only=True,
    hint="Growth from the second-to-last to the last year with data, in per cent (remittances.growth_pct).",
))
