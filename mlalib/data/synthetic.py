"""Seeded synthetic data for the exercises: remittance service prices and corridor volumes.

The numbers are invented but shaped like the World Bank's Remittance Prices Worldwide (RPW)
data: one row per service (provider x product x corridor x quarter) for sending the
equivalent of USD 200, with the fee, the applied and interbank exchange rates, the speed and
the SmaRT criteria. Cost levels by corridor and provider type follow the published RPW
patterns (banks dearer than money transfer operators, digital services cheapest, corridors
from South Africa and into Sub-Saharan Africa dearest); volumes are of the order of the
KNOMAD 2017 bilateral estimates. Every cohort seed gives its own variant, so answers differ
between cohorts; the bundled data sets ``synthetic_remittance_prices`` and
``synthetic_corridor_volumes`` are the variant of seed 0 (a test checks they are identical).

Example
-------
>>> prices = remittance_prices(seed=7)
>>> sorted(prices["provider_type"].unique())
['bank', 'digital', 'mto', 'post']
>>> remittance_prices(seed=7).equals(prices)
True
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from mlalib.context import seed_argument
from mlalib.errors import MlalibWarning
from mlalib.remittances import fee_pct, fx_margin_pct

#: (sending, receiving, cost level in % of USD 200 for a typical MTO, volume in US$ million)
CORRIDORS: list[tuple[str, str, float, float]] = [
    ("USA", "MEX", 4.0, 30000), ("USA", "PHL", 4.5, 11000), ("USA", "GTM", 4.5, 8500), ("USA", "IND", 3.5, 11700),
    ("USA", "NGA", 6.5, 5500), ("USA", "SEN", 6.0, 400), ("GBR", "IND", 3.0, 3900), ("GBR", "NGA", 6.0, 3000),
    ("ARE", "IND", 2.5, 13800), ("SAU", "IND", 4.0, 11200), ("SAU", "PAK", 3.5, 5400), ("ARE", "PHL", 3.5, 2200),
    ("QAT", "NPL", 3.5, 2000), ("KWT", "EGY", 4.0, 2700), ("ZAF", "ZWE", 12.0, 900), ("ZAF", "MOZ", 11.0, 500),
    ("FRA", "SEN", 7.0, 1100), ("FRA", "MAR", 6.0, 2700), ("ESP", "MAR", 5.5, 1600), ("ITA", "SEN", 6.0, 500),
    ("DEU", "TUR", 6.5, 1300), ("RUS", "TJK", 2.0, 2300), ("KOR", "PHL", 5.5, 1100), ("JPN", "PHL", 9.0, 900),
    ("MYS", "IDN", 4.5, 3100), ("SGP", "BGD", 3.5, 400), ("CAN", "CHN", 8.5, 1600), ("AUS", "FJI", 10.0, 120),
    ("MEX", "GTM", 5.0, 100), ("CIV", "SEN", 7.5, 150),
]

#: Units of each country's currency per US dollar at the start of 2023 (rounded).
CURRENCY_PER_USD: dict[str, float] = {
    "USA": 1.0, "GBR": 0.82, "ARE": 3.6725, "SAU": 3.75, "QAT": 3.64, "KWT": 0.305, "ZAF": 17.0, "FRA": 0.93,
    "ESP": 0.93, "ITA": 0.93, "DEU": 0.93, "RUS": 70.0, "KOR": 1270.0, "JPN": 131.0, "MYS": 4.4, "SGP": 1.34,
    "CAN": 1.35, "AUS": 1.47, "MEX": 19.5, "CIV": 610.0, "PHL": 55.0, "GTM": 7.85, "IND": 82.7, "NGA": 460.0,
    "SEN": 610.0, "PAK": 227.0, "NPL": 132.0, "EGY": 24.7, "ZWE": 1.0, "MOZ": 63.9, "MAR": 10.4, "TUR": 18.8,
    "TJK": 10.2, "IDN": 15600.0, "BGD": 103.0, "CHN": 6.9, "FJI": 2.2,
}

QUARTERS = [f"{year}Q{q}" for year in (2023, 2024) for q in (1, 2, 3, 4)]

#: fee in USD (low, high), margin in % (low, high), speed in days (low, high), share of transparent services
_PROVIDER_TYPES = {
    "bank": ((5.0, 16.0), (1.0, 4.0), (1, 5), 0.85),
    "mto": ((1.5, 6.5), (0.5, 2.5), (0, 2), 0.95),
    "digital": ((0.0, 3.5), (0.0, 1.5), (0, 1), 1.0),
    "post": ((3.0, 9.0), (1.0, 3.0), (2, 7), 0.9),
}
_PRODUCTS = ("cash to cash", "account to account", "account to cash", "card to mobile wallet")


def remittance_prices(seed: int = 0) -> pd.DataFrame:
    """Service-level remittance prices for 30 corridors and 8 quarters (2023Q1-2024Q4).

    Columns: ``period, year, quarter, sending, receiving, provider, provider_type, product,
    amount, fee, applied_rate, interbank_rate, fee_pct, fx_margin_pct, total_cost_pct,
    speed_days, transparent, accessible, smart``. ``amount`` and ``fee`` are in the sending
    country's currency (``amount`` = USD 200), rates in pay-out currency per unit of sending
    currency; percentages as RPW computes them. A few services run promotions (negative margin).
    """
    rng = np.random.default_rng(seed_argument(seed))
    rows = []
    for sending, receiving, level, _ in CORRIDORS:
        n_providers = int(rng.integers(5, 10))
        types = rng.choice(list(_PROVIDER_TYPES), size=n_providers, p=[0.3, 0.4, 0.2, 0.1])
        corridor_factor = level / 4.0
        local = CURRENCY_PER_USD[sending]
        base_rate = CURRENCY_PER_USD[receiving] / local
        for k, kind in enumerate(types.tolist()):
            (fee_lo, fee_hi), (m_lo, m_hi), (s_lo, s_hi), p_transparent = _PROVIDER_TYPES[kind]
            fee_usd = rng.uniform(fee_lo, fee_hi) * corridor_factor
            margin = rng.uniform(m_lo, m_hi) * np.sqrt(corridor_factor)
            speed = int(rng.integers(s_lo, s_hi + 1))
            transparent = bool(rng.random() < p_transparent)
            accessible = bool(rng.random() < 0.9)
            product = _PRODUCTS[int(rng.integers(0, len(_PRODUCTS)))]
            trend = rng.uniform(-0.04, 0.01)  # costs drift down slowly, quarter by quarter
            for q, period in enumerate(QUARTERS):
                drift = 1.0 + trend * q + rng.normal(0, 0.03)
                interbank = base_rate * (1.0 + rng.normal(0, 0.01)) * (1.0 + 0.004 * q)
                this_margin = margin * drift
                if rng.random() < 0.01:
                    this_margin = -rng.uniform(0.2, 1.5)  # promotion
                rows.append({
                    "period": period, "year": int(period[:4]), "quarter": int(period[-1]),
                    "sending": sending, "receiving": receiving, "provider": f"{kind.upper()}-{sending}-{k + 1:02d}",
                    "provider_type": kind, "product": product,
                    "amount": round(200.0 * local, 4),
                    "fee": round(max(fee_usd * drift, 0.0) * local, 4),
                    "applied_rate": round(interbank * (1.0 - this_margin / 100.0), 8),
                    "interbank_rate": round(interbank, 8),
                    "speed_days": speed, "transparent": transparent, "accessible": accessible,
                })
    frame = pd.DataFrame(rows)
    frame["fee_pct"] = fee_pct(frame["fee"], frame["amount"]).round(6)
    with warnings.catch_warnings():  # the promotions above are negative margins on purpose
        warnings.simplefilter("ignore", MlalibWarning)
        frame["fx_margin_pct"] = fx_margin_pct(frame["applied_rate"], frame["interbank_rate"]).round(6)
    frame["total_cost_pct"] = (frame["fee_pct"] + frame["fx_margin_pct"]).round(6)
    frame["smart"] = frame["transparent"] & (frame["speed_days"] <= 5) & frame["accessible"]
    columns = ["period", "year", "quarter", "sending", "receiving", "provider", "provider_type", "product", "amount",
               "fee", "applied_rate", "interbank_rate", "fee_pct", "fx_margin_pct", "total_cost_pct", "speed_days",
               "transparent", "accessible", "smart"]
    return frame[columns].astype({c: str for c in ["period", "sending", "receiving", "provider", "provider_type",
                                                    "product"]})


def corridor_volumes(seed: int = 0) -> pd.DataFrame:
    """Annual remittance volume per corridor (US$ million), around KNOMAD 2017 magnitudes.

    Columns ``sending, receiving, volume``.
    """
    rng = np.random.default_rng(seed_argument(seed) + 1_000_003)
    volumes = [round(volume * float(rng.lognormal(0.0, 0.15)), 1) for _, _, _, volume in CORRIDORS]
    frame = pd.DataFrame({"sending": [c[0] for c in CORRIDORS], "receiving": [c[1] for c in CORRIDORS],
                          "volume": volumes})
    return frame.astype({"sending": str, "receiving": str})
