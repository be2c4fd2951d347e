"""Key of 07_country_profile (see README.md in this folder)."""

from __future__ import annotations

from mlalib import remittances
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, migrant_stock, profile_country
from mlalib.exercises import country_profile as ex


def _female_share(ctx: Context) -> float:
    code = profile_country(ctx.focus_countries)
    return 100 * migrant_stock(ctx, code, 2020, "female") / migrant_stock(ctx, code, 2020)


def _remittance_growth(ctx: Context) -> float:
    wdi = lesson_data("remittances", ctx)
    series = wdi[wdi.iso3 == profile_country(ctx.focus_countries)].set_index("year")["value"].dropna().astype(float)
    return float(remittances.growth_pct(series).iloc[-1])


KEYS = {
    ex.STOCK_2020: lambda ctx: migrant_stock(ctx, profile_country(ctx.focus_countries), 2020),
    ex.FEMALE_SHARE: _female_share,
    ex.REMITTANCE_GROWTH: _remittance_growth,
}
