"""Exercises of notebook 07_country_profile: the answer key.

Reference answers computed from the cohort context, kinds, tolerances and options.
"""

from __future__ import annotations

from mlalib import remittances
from mlalib.data import load
from mlalib.data.lessons import profile_country
from mlalib.exercises.core import Context, Exercise, register
from mlalib.exercises.lessons._shared import migrant_stock


def _female_share(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    return 100 * migrant_stock(code, 2020, "female") / migrant_stock(code, 2020)


def _remittance_growth(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries or ("PHL",))
    wdi = load("wdi_remittances_received_2025")
    series = wdi[wdi.iso3 == code].set_index("year")["value"].dropna().astype(float)
    return float(remittances.growth_pct(series).iloc[-1])


register(Exercise("profile-stock-2020", "number",
                  lambda ctx: migrant_stock(profile_country(ctx.focus_countries or ("PHL",)), 2020), abs_tol=0.5))
register(Exercise("profile-female-share", "number", _female_share, abs_tol=0.05))
register(Exercise("profile-remittance-growth", "number", _remittance_growth, abs_tol=0.05))
