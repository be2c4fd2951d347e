"""Synthetic census and permit counts for the residual estimate of irregular migration (invented numbers).

No country's census and permit registers by region of birth are available offline, and real
estimates of irregular migration by origin would single out real nationalities. This generator
makes **invented** counts for an invented destination country of about 10 million inhabitants,
one row per region of birth (the SDG regional groups of the United Nations M49 standard), laid out
as the inputs of the residual method (:func:`mlalib.irregular.residual_estimate`):

* ``foreign_born``: the foreign-born persons the census counted, estimated from its long-form
  questionnaire (country of birth asked of one household in ten), rounded to tens, with its
  standard error ``foreign_born_se`` (a 10% sample of households with a design effect of about 6,
  as migrants cluster in a few enumeration areas);
* ``residence_permits``: valid residence permits on census day, from the register of the ministry
  of the interior (recognised refugees hold one too);
* ``naturalised``: foreign-born persons who have acquired the country's citizenship, from the
  citizenship register.

How the counts are drawn (the course's assumptions, chosen so that each region shows one case of
the lesson): every region has a number of migrants in an irregular situation of which the census
misses 15%; the permit register still holds some permits of people who have left without
deregistering (a few thousand, more for "Latin America and the Caribbean" and most for "Europe and
Northern America"); the census sample adds its sampling error (see ``data/README.md``). Each cohort seed
gives its own variant.

Example
-------
>>> counts = census_and_permits(seed=3)
>>> list(counts.columns)
['region_of_birth', 'foreign_born', 'foreign_born_se', 'residence_permits', 'naturalised', 'data']
>>> census_and_permits(seed=3).equals(counts)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlalib._validate import whole_number

#: Region of birth -> (residence permits, naturalised, irregular migrants (low, high), permits of people who
#: left (low, high)): the course's orders of magnitude, not estimates for any country.
REGIONS: dict[str, tuple[int, int, tuple[int, int], tuple[int, int]]] = {
    "Sub-Saharan Africa": (120_000, 30_000, (10_000, 36_000), (0, 2_000)),
    "Northern Africa and Western Asia": (160_000, 60_000, (38_000, 52_000), (0, 3_000)),
    "Central and Southern Asia": (95_000, 15_000, (9_000, 16_000), (0, 2_000)),
    "Eastern and South-Eastern Asia": (70_000, 20_000, (4_000, 9_000), (0, 2_000)),
    "Latin America and the Caribbean": (45_000, 15_000, (0, 8_000), (0, 8_000)),
    "Europe and Northern America": (220_000, 80_000, (1_000, 4_000), (20_000, 28_000)),
}
#: Share of irregular migrants the synthetic census misses.
UNDERCOUNT = 0.15
#: Sampling fraction of the long-form questionnaire and design effect of its estimates of the foreign-born.
SAMPLING_FRACTION, DESIGN_EFFECT = 0.10, 6.0


def census_and_permits(seed: int) -> pd.DataFrame:
    """Invented census and register counts of the foreign-born of one destination country, by region of birth.

    Returns
    -------
    DataFrame
        ``region_of_birth`` (SDG regional group), ``foreign_born`` and ``foreign_born_se`` (persons, census
        long-form estimate and its standard error), ``residence_permits`` and ``naturalised`` (persons, the
        registers on census day) and ``data`` ("synthetic").
    """
    rng = np.random.default_rng([whole_number(seed, "seed"), 1074])
    rows = []
    for region, (permits, naturalised, irregular, left) in REGIONS.items():
        permits_held = int(round(permits * rng.uniform(0.9, 1.1)))
        citizens = int(round(naturalised * rng.uniform(0.9, 1.1)))
        gone = int(rng.integers(left[0], left[1] + 1))
        counted_irregular = (1 - UNDERCOUNT) * rng.uniform(*irregular)
        present = permits_held - gone + citizens + counted_irregular
        se = float(np.sqrt(present * (1 - SAMPLING_FRACTION) / SAMPLING_FRACTION * DESIGN_EFFECT))
        rows.append({"region_of_birth": region, "foreign_born": int(round(present + rng.normal(0, se), -1)),
                     "foreign_born_se": float(round(se, -1)), "residence_permits": permits_held,
                     "naturalised": citizens, "data": "synthetic"})
    return pd.DataFrame(rows)


__all__ = ["REGIONS", "census_and_permits"]
