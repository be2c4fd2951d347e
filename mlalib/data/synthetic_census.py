"""Synthetic census-style counts by education for the brain-drain exercises (invented numbers).

No official table of emigrants by education level is available offline. These generators make
**invented** counts laid out like the public sources a participant would use at home:

* OECD, DIOC (Database on Immigrants in OECD and non-OECD Countries; rounds 2000/01, 2005/06,
  2010/11, 2015/16): persons aged 15+ (25+ for the brain-drain indicators) by country of birth,
  country of residence, sex and education level (ISCED low 0-2, medium 3-4, high 5-8), and the
  occupation (ISCO) of the employed, from censuses and registers of the destination countries;
* IAB brain-drain data (Brucker, H., S. Capuano and A. Marfouk (2013), "Education, gender and
  international migration: insights from a panel-dataset 1980-2010", Institute for Employment
  Research, Nuremberg): emigrants aged 25+ by origin, sex and education in 20 OECD destinations,
  1980-2010, with the emigration rates of Docquier and Marfouk (2006).

The resident counts stand for the origin country's own census (population 25+ by education).
Every row carries ``data = "synthetic"``; the magnitudes (emigration rates of 2-10 %, tertiary
shares of 6-22 % at home and 18-55 % abroad, over-qualification of 20-50 %) are of the order
published by these sources, but no number is real. Each cohort seed and origin gives its own
variant.

Example
-------
>>> census = education_census(seed=3, origin="SEN")
>>> sorted(census["population"].unique()), sorted(census["education"].unique())
(['emigrants', 'residents'], ['high', 'low', 'medium'])
>>> education_census(seed=3, origin="SEN").equals(census)
True
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from mlalib._validate import country_code
from mlalib.context import seed_argument

#: OECD destinations the generator draws from (those of DIOC and the IAB data).
OECD_DESTINATIONS = ("USA", "CAN", "ESP", "FRA", "GBR", "ITA", "DEU", "AUS", "JPN", "KOR", "BEL", "NLD")
EDUCATION = ("low", "medium", "high")
SEXES = ("female", "male")
#: ISCO-08 major groups 1-9 and how the employed tertiary-educated spread over them, within
#: the highly skilled jobs (1-3) and within the others (4-9).
_HIGH_GROUPS, _HIGH_WEIGHTS = (1, 2, 3), (0.15, 0.55, 0.30)
_OTHER_GROUPS, _OTHER_WEIGHTS = (4, 5, 6, 7, 8, 9), (0.25, 0.27, 0.05, 0.13, 0.12, 0.18)


def _rng(seed: int, origin: str, part: str) -> np.random.Generator:
    return np.random.default_rng([seed_argument(seed), zlib.crc32(f"{origin}/{part}".encode())])


def _origin(origin: str) -> str:
    return country_code(origin, "origin")


def _destinations(seed: int, origin: str) -> list[str]:
    rng = _rng(seed, origin, "destinations")
    pool = [d for d in OECD_DESTINATIONS if d != origin]
    return sorted(rng.choice(pool, size=6, replace=False).tolist())


def education_census(seed: int, origin: str) -> pd.DataFrame:
    """Invented population aged 25+ of ``origin`` by education: at home and in six OECD destinations.

    Returns
    -------
    DataFrame
        ``country_of_birth, country_of_residence, population`` ("residents" at home, "emigrants"
        abroad), ``sex, education`` (low, medium, high = ISCED 0-2, 3-4, 5-8), ``persons``
        (aged 25 and over) and ``data`` ("synthetic").

    Example
    -------
    >>> census = education_census(seed=1, origin="PHL")
    >>> int(census.query("population == 'residents'")["persons"].sum()) > int(census.query("population == 'emigrants'")["persons"].sum())
    True
    """
    origin = _origin(origin)
    rng = _rng(seed, origin, "census")
    residents = int(rng.integers(3_000, 60_000)) * 1_000
    high_home = rng.uniform(0.06, 0.22)
    medium_home = rng.uniform(0.25, 0.45)
    rate = rng.uniform(0.02, 0.10)
    emigrants = residents * rate / (1 - rate)
    high_abroad = rng.uniform(0.18, 0.55)
    medium_abroad = rng.uniform(0.25, 0.40)
    destinations = _destinations(seed, origin)
    weights = rng.dirichlet(np.full(len(destinations), 1.5))
    rows = []

    def add(residence: str, population: str, total: float, shares: tuple[float, float, float]) -> None:
        for education, share in zip(EDUCATION, shares):
            female = rng.uniform(0.44, 0.56)
            for sex, part in zip(SEXES, (female, 1 - female)):
                rows.append((origin, residence, population, sex, education, int(round(total * share * part))))

    add(origin, "residents", residents, (1 - high_home - medium_home, medium_home, high_home))
    for destination, weight in zip(destinations, weights):
        high = min(0.9, high_abroad * rng.uniform(0.7, 1.3))
        medium = min(1 - high, medium_abroad * rng.uniform(0.8, 1.2))
        add(destination, "emigrants", emigrants * weight, (1 - high - medium, medium, high))
    frame = pd.DataFrame.from_records(rows, columns=["country_of_birth", "country_of_residence", "population",
                                                     "sex", "education", "persons"])
    frame["data"] = "synthetic"
    return frame


def tertiary_migrant_jobs(seed: int, origin: str) -> pd.DataFrame:
    """Invented employed tertiary-educated emigrants of ``origin`` by destination and ISCO-08 major group.

    Consistent with :func:`education_census` (same seed and origin): the employed are a share of
    its tertiary-educated emigrants in each destination.

    Returns
    -------
    DataFrame ``country_of_birth, country_of_residence, occupation`` (ISCO-08 major group 1-9),
    ``persons`` and ``data`` ("synthetic").

    Example
    -------
    >>> jobs = tertiary_migrant_jobs(seed=1, origin="PHL")
    >>> sorted(jobs["occupation"].unique()) == list(range(1, 10))
    True
    """
    origin = _origin(origin)
    census = education_census(seed, origin)
    rng = _rng(seed, origin, "jobs")
    high = census[(census["population"] == "emigrants") & (census["education"] == "high")]
    by_destination = high.groupby("country_of_residence", sort=True)["persons"].sum()
    rows = []
    for destination, persons in by_destination.items():
        employed = persons * rng.uniform(0.65, 0.85)
        over = rng.uniform(0.20, 0.50)
        for groups, weights, part in ((_HIGH_GROUPS, _HIGH_WEIGHTS, 1 - over), (_OTHER_GROUPS, _OTHER_WEIGHTS, over)):
            noisy = np.asarray(weights) * rng.uniform(0.8, 1.2, size=len(weights))
            noisy = noisy / noisy.sum()
            for group, share in zip(groups, noisy):
                rows.append((origin, destination, group, int(round(employed * part * share))))
    frame = pd.DataFrame.from_records(rows, columns=["country_of_birth", "country_of_residence", "occupation",
                                                     "persons"])
    frame["data"] = "synthetic"
    return frame
