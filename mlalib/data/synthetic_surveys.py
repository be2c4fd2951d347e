"""Seeded synthetic survey microdata: a labour force survey with a migration module, and a returnee survey.

Invented people, realistic shape. The labour force survey (LFS) is a stratified two-stage
sample (strata = region x urban/rural, PSUs = enumeration areas, design weights with a
non-response adjustment; urban strata oversampled, so unweighted estimates of the migrant share
are biased: see ``STRATUM_POPULATION_SHARES`` and ``data/README.md``) of people aged 15 and over
in a country of measurement, with the
questions the 20th ICLS (2018) guidelines on labour migration statistics rely on: country of
birth and of citizenship, years since arrival, reason for migration, previous residence and work
abroad, years since return, labour force status, status in employment, informality,
occupation, sector, earnings, and the recruitment costs and first earnings abroad of return
migrant workers (SDG 10.7.1). Marginals follow the published patterns: migrants are a larger
share of workers than of the population because their participation is higher (ILO Global
Estimates, 3rd edition 2021, for 2019: 69.0% vs 60.4%), their unemployment and informality are
higher, their earnings lower, women participate less, and recruitment costs are skewed (a median of one to two months
of earnings, some pay nothing).

The returnee survey has the items of a reintegration index in its economic, social and
psychosocial dimensions (in the spirit of IOM's Reintegration Sustainability Survey; the
items and their scoring are in the data set ``reintegration_items``).

The bundled ``synthetic_lfs`` (20,000 persons) and ``synthetic_returnees`` are seed 0; a cohort
seed gives its own variant.

Example
-------
>>> lfs = labour_force_survey(seed=3, n=2_000)
>>> len(lfs), round(float(lfs["weight"].sum()) / 1e6, 1) > 1
(2000, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlalib._validate import country_code, numeric_column, whole_number
from mlalib.context import seed_argument
from mlalib.errors import InputError, shown
from mlalib.reintegration import AGE_GROUPS, ASSISTANCE, RETURN_REASONS, SAVINGS_USES  # the documented codes

ORIGINS = ["IDN", "CHN", "IND", "VNM", "USA", "KOR", "JPN", "MYS", "NPL", "GBR"]
DESTINATIONS_ABROAD = ["SAU", "ARE", "QAT", "KWT", "USA", "HKG", "SGP", "JPN", "KOR", "ITA", "CAN"]
EDUCATION = ["basic or less", "intermediate", "advanced"]
STATUS = ["employee", "employer", "own-account worker", "contributing family worker"]
SECTORS = ["agriculture", "industry", "services"]
REASONS = ["work", "family", "study", "protection", "other"]


#: Share of the population aged 15+ in each stratum of the LFS (region R1..R5 x urban, rural, in the
#: order of the stratum codes 0..9). Urban strata hold 27.5% of the population but, with the same
#: number of PSUs in every stratum, half of the sample: the migration module oversamples the urban
#: areas where most migrants live, so unweighted estimates overstate the migrant share.
STRATUM_POPULATION_SHARES = (0.135, 0.165, 0.0625, 0.1875, 0.04, 0.16, 0.0225, 0.1275, 0.015, 0.085)


def _design_weights(stratum: np.ndarray, adjustment: np.ndarray, population: float) -> np.ndarray:
    """Design weights ``N_h / n_h`` of each stratum ``h`` (unequal selection probabilities across strata),
    times a person-level factor for the unequal PSU sizes and non-response (``adjustment``), calibrated
    so that each stratum's weights add up to its population ``N_h``."""
    shares = np.asarray(STRATUM_POPULATION_SHARES)
    weight = adjustment.astype(float).copy()
    for h, share_h in enumerate(shares):
        members = stratum == h
        weight[members] *= population * share_h / weight[members].sum()
    return weight


#: The most persons a synthetic survey has (a larger one would not fit in memory).
MAX_PERSONS = 10_000_000


def age_group(age: pd.Series) -> pd.Series:
    """The five age groups of the course tables: 15-24, 25-34, 35-44, 45-54, 55+.

    ``age`` is a Series of whole years from 15 up, none missing.

    >>> age_group(pd.Series([15, 34, 80])).tolist()
    ['15-24', '25-34', '55+']
    """
    if not isinstance(age, pd.Series):
        raise InputError(f"argument 'age' must be a Series of ages in years, got {shown(age)}")
    years = numeric_column(age.to_frame("age"), "age", "argument 'age':")
    if (years < 15).any():
        raise InputError(f"argument 'age': the age groups start at 15; row {shown(years.index[years < 15][0])} has "
                         f"{years[years < 15].iloc[0]:g}")
    bins = [15, 25, 35, 45, 55, np.inf]
    return pd.cut(years, bins=bins, right=False, labels=list(AGE_GROUPS)).astype(str).rename(age.name)


def _persons(n: object, minimum: int) -> int:
    count = whole_number(n, "n", minimum=minimum)
    if count > MAX_PERSONS:
        raise InputError(f"argument 'n' must be at most {MAX_PERSONS:,} persons, got {count:,}")
    return count


def labour_force_survey(seed: int = 0, n: int = 20_000, country: str = "PHL") -> pd.DataFrame:
    """A synthetic LFS of ``n`` persons aged 15+ living in ``country`` (ISO3 of the country of measurement).

    One row per person. Columns: ``person_id, stratum, psu, weight, sex, age, age_group,
    education, country_of_birth, citizenship, years_since_arrival, reason_for_migration,
    lived_abroad, worked_abroad, years_since_return, country_worked_abroad, labour_status,
    status_in_employment, informal, occupation, sector, monthly_earnings, recruitment_cost,
    first_month_earnings_abroad, employee_abroad`` (True where the job abroad was as an employee,
    the population of SDG 10.7.1; False for the self-employed abroad). Columns that do not apply to a
    person are missing (e.g. earnings of people not employed as employees); codes are ISO 3166-1
    alpha-3. The decent-work questions follow (``isced_level, in_education_or_training,
    domestic_worker, isco_unit, contributes_to_pension, nonfatal_injury_cases,
    fatal_occupational_injury``; see ``_decent_work_module`` and ``data/README.md``), then the usual weekly
    hours of the main job (``usual_hours``, employed only; :func:`_usual_hours`).
    """
    seed, country = seed_argument(seed), country_code(country, "country")
    n_strata, per_psu = len(STRATUM_POPULATION_SHARES), 25
    n = _persons(n, 2 * n_strata)  # every PSU has a respondent
    rng = np.random.default_rng(seed)
    n_psu = max(2 * n_strata, int(np.ceil(n / per_psu)))
    psu_stratum = np.arange(n_psu) % n_strata
    psu = rng.integers(0, n_psu, size=n)
    psu[: n_psu] = np.arange(n_psu)  # every PSU has respondents
    stratum = psu_stratum[psu]
    urban = stratum % 2 == 0
    weight = _design_weights(stratum, rng.lognormal(0, 0.25, size=n), population=60_000_000 * n / 20_000)

    sex = np.where(rng.random(n) < 0.51, "female", "male")
    age = np.clip((15 + rng.gamma(2.2, 12.0, size=n)).astype(int), 15, 89)
    education = rng.choice(EDUCATION, size=n, p=[0.45, 0.38, 0.17])
    psu_effect = rng.normal(0, 0.35, size=n_psu)[psu]

    # migration background: foreign-born (more in cities), returnees
    foreign_born = rng.random(n) < np.where(urban, 0.11, 0.05) * np.where((age >= 25) & (age < 55), 1.3, 0.7)
    country_of_birth = np.where(foreign_born, rng.choice(ORIGINS, size=n), country)
    naturalised = foreign_born & (rng.random(n) < 0.3)
    citizenship = np.where(foreign_born & ~naturalised, country_of_birth, country)
    # a few native-born foreign citizens (children of migrants)
    second = ~foreign_born & (rng.random(n) < 0.01)
    citizenship = np.where(second, rng.choice(ORIGINS, size=n), citizenship)
    years_since_arrival = np.where(foreign_born, np.minimum(rng.exponential(9, size=n).astype(int), age - 15), -1)
    reason = np.where(foreign_born, rng.choice(REASONS, size=n, p=[0.55, 0.25, 0.08, 0.07, 0.05]), "")

    lived_abroad = ~foreign_born & (age >= 18) & (rng.random(n) < np.where((age >= 25) & (age < 60), 0.09, 0.03))
    worked_abroad = lived_abroad & (rng.random(n) < 0.8)
    years_since_return = np.where(lived_abroad, np.minimum(rng.exponential(5, size=n).astype(int), age - 18), -1)
    country_worked = np.where(worked_abroad, rng.choice(DESTINATIONS_ABROAD, size=n), "")

    # labour force status: ILO global estimates pattern (migrants participate more)
    migrant = foreign_born | (citizenship != country)
    logit = (0.75 + np.where(sex == "male", 0.9, -0.35) - 0.05 * np.abs(age - 40) / 5 - np.where(age >= 60, 1.8, 0.0)
             + np.where(age < 25, -1.0, 0.0) + np.where(migrant & (reason == "work"), 1.2, 0.0)
             + np.where(migrant & (reason != "work"), 0.1, 0.0) + np.where(worked_abroad, 0.3, 0.0)
             + np.where(education == "advanced", 0.4, 0.0) + 0.3 * psu_effect)
    in_labour_force = rng.random(n) < 1 / (1 + np.exp(-logit))
    unemployment = 0.045 + np.where(migrant, 0.025, 0.0) + np.where(age < 25, 0.08, 0.0) + np.where(
        worked_abroad & (years_since_return <= 1), 0.06, 0.0)
    unemployed = in_labour_force & (rng.random(n) < unemployment)
    employed = in_labour_force & ~unemployed
    labour_status = np.where(employed, "employed", np.where(unemployed, "unemployed", "outside labour force"))

    status_p = np.array([0.62, 0.03, 0.28, 0.07])
    status = np.where(employed, rng.choice(STATUS, size=n, p=status_p), "")
    status = np.where(employed & worked_abroad & (rng.random(n) < 0.15), "employer", status)
    informal_p = 0.45 + np.where(migrant, 0.12, 0.0) + np.where(status != "employee", 0.3, 0.0) - np.where(
        education == "advanced", 0.25, 0.0) - np.where(urban, 0.08, 0.0)
    informal = np.where(employed, rng.random(n) < np.clip(informal_p, 0.02, 0.98), False)
    sector = np.where(employed, rng.choice(SECTORS, size=n, p=[0.22, 0.20, 0.58]), "")
    sector = np.where(employed & migrant & (rng.random(n) < 0.25), "services", sector)

    log_earnings = (np.log(18_000) + np.where(education == "advanced", 0.6, 0.0)
                    + np.where(education == "intermediate", 0.25, 0.0) + np.where(sex == "male", 0.15, 0.0)
                    - np.where(migrant, 0.14, 0.0) - np.where(informal, 0.3, 0.0) + 0.01 * np.minimum(age - 15, 30)
                    + 0.2 * psu_effect + rng.normal(0, 0.45, size=n))
    earnings = np.where(status == "employee", np.round(np.exp(log_earnings), -1), np.nan)

    first_abroad = np.where(worked_abroad, np.round(np.exp(np.log(35_000) + rng.normal(0, 0.35, size=n)), -1), np.nan)
    months = np.exp(np.log(1.4) + np.where(sex == "female", 0.15, 0.0) + rng.normal(0, 0.8, size=n))
    pays_nothing = rng.random(n) < 0.15
    recruitment_cost = np.where(worked_abroad, np.where(pays_nothing, 0.0, np.round(months * first_abroad, -1)), np.nan)
    # status in employment of the job abroad (SDG 10.7.1 covers employees only); drawn last so that
    # the other columns of a seed do not change
    employee_abroad = worked_abroad & (rng.random(n) < 0.85)

    decent_work = _decent_work_module(seed, sex=sex, age=age, education=education, migrant=migrant, employed=employed,
                                      employee=status == "employee", informal=informal, sector=sector)
    occupation = decent_work.pop("occupation").to_numpy()
    decent_work["usual_hours"] = _usual_hours(seed, sex=sex, migrant=migrant, employed=employed, earnings=earnings,
                                              domestic=decent_work["domestic_worker"].fillna(False).to_numpy(bool))
    frame = pd.DataFrame({
        "person_id": np.arange(1, n + 1), "stratum": [f"R{s // 2 + 1}-{'urban' if s % 2 == 0 else 'rural'}"
                                                      for s in stratum],
        "psu": psu + 1, "weight": np.round(weight, 3), "sex": sex, "age": age, "education": education,
        "country_of_birth": country_of_birth, "citizenship": citizenship,
        "years_since_arrival": pd.array(np.where(years_since_arrival >= 0, years_since_arrival, -1), dtype="Int64"),
        "reason_for_migration": reason, "lived_abroad": lived_abroad, "worked_abroad": worked_abroad,
        "years_since_return": pd.array(years_since_return, dtype="Int64"), "country_worked_abroad": country_worked,
        "labour_status": labour_status, "status_in_employment": status, "informal": informal,
        "occupation": occupation, "sector": sector, "monthly_earnings": earnings,
        "recruitment_cost": recruitment_cost, "first_month_earnings_abroad": first_abroad,
        "employee_abroad": pd.array(np.where(worked_abroad, employee_abroad, None), dtype="boolean"),
    })
    frame.loc[frame["years_since_arrival"] < 0, "years_since_arrival"] = pd.NA
    frame.loc[frame["years_since_return"] < 0, "years_since_return"] = pd.NA
    frame.insert(6, "age_group", age_group(frame["age"]))
    frame["informal"] = pd.array(np.where(employed, informal, None), dtype="boolean")
    frame["occupation"] = pd.array(np.where(employed, occupation, None), dtype="Int64")
    text = ["stratum", "sex", "age_group", "education", "country_of_birth", "citizenship", "labour_status"]
    optional = ["reason_for_migration", "country_worked_abroad", "status_in_employment", "sector"]
    for column in optional:  # "does not apply" is missing, not an empty string
        frame[column] = pd.array(frame[column].where(frame[column] != "", None), dtype="string")
    return pd.concat([frame.astype({c: str for c in text}), decent_work], axis=1)


# --- Decent-work module of the LFS: its own random stream, so the sampling design can change apart ---

#: ISCO-08 unit groups drawn within each major group (a few typical ones; ILO 2012, ISCO-08 vol. 1), with
#: the relative frequency among women and among men.
ISCO_UNITS: dict[int, list[tuple[int, float, float]]] = {
    1: [(1120, 1, 2), (1420, 2, 2)],
    2: [(2211, 1, 1), (2221, 3, 0.5), (2222, 0.5, 0), (2341, 3, 1), (2342, 1, 0.1), (2411, 1, 1), (2512, 0.5, 2),
        (2611, 0.5, 1)],
    3: [(3115, 0.2, 2), (3221, 2, 0.4), (3222, 0.4, 0), (3313, 1, 1), (3412, 1, 0.5)],
    4: [(4110, 2, 1), (4222, 1, 1)],
    5: [(5120, 1, 1), (5131, 1, 1), (5223, 2, 1), (5311, 1, 0.05), (5312, 0.5, 0.05), (5321, 1, 0.2),
        (5322, 1, 0.1), (5414, 0.1, 1)],
    6: [(6111, 1, 2), (6121, 1, 1)],
    7: [(7112, 0.05, 2), (7231, 0.05, 1), (7531, 1, 0.3)],
    8: [(8160, 1, 1), (8322, 0.1, 2)],
    9: [(9112, 2, 1), (9211, 1, 2), (9313, 0.1, 2), (9329, 1, 1)],
}
#: Occupations of domestic workers (employed by households): domestic cleaners and helpers, domestic
#: housekeepers, child care workers, home-based personal care workers (ISCO-08), with weights.
DOMESTIC_UNITS = [(9111, 0.70), (5152, 0.08), (5311, 0.12), (5322, 0.10)]
#: ISCO-08 major groups 1-9 by ILO aggregate education level of the worker (employed persons).
_MAJOR_GROUP_P = {
    "basic or less": [0.02, 0.00, 0.02, 0.03, 0.17, 0.20, 0.13, 0.10, 0.33],
    "intermediate": [0.04, 0.03, 0.10, 0.11, 0.24, 0.09, 0.14, 0.11, 0.14],
    "advanced": [0.12, 0.43, 0.23, 0.07, 0.06, 0.01, 0.02, 0.01, 0.05],
}
#: ISCED 2011 levels within each ILO aggregate level (basic: 0-2, intermediate: 3-4, advanced: 5-8).
_ISCED_P = {"basic or less": ([0, 1, 2], [0.12, 0.38, 0.50]), "intermediate": ([3, 4], [0.85, 0.15]),
            "advanced": ([5, 6, 7, 8], [0.15, 0.62, 0.20, 0.03])}


def _decent_work_module(seed: int, *, sex: np.ndarray, age: np.ndarray, education: np.ndarray, migrant: np.ndarray,
                        employed: np.ndarray, employee: np.ndarray, informal: np.ndarray,
                        sector: np.ndarray) -> pd.DataFrame:
    """The decent-work questions of the synthetic LFS (see ``data/README.md`` for sources and magnitudes).

    Returns ``occupation`` (ISCO-08 major group, 0 if not employed; the caller stores it) and the new
    columns ``isced_level, in_education_or_training, domestic_worker, isco_unit, contributes_to_pension,
    nonfatal_injury_cases, fatal_occupational_injury``. Columns of employed persons only are missing
    for the others.
    """
    rng = np.random.default_rng([seed, 14])
    n = len(sex)
    woman = sex == "female"
    isced = np.zeros(n, dtype=np.int64)
    for level, (codes, p) in _ISCED_P.items():
        here = education == level
        isced[here] = rng.choice(codes, size=int(here.sum()), p=p)

    # education or training (SDG 8.6.1): most teenagers, fewer at 20-24, a few adults; migrant youth less
    study_p = np.select([age < 18, age < 21, age < 25], [0.90, 0.62, 0.32], 0.02) * np.where(migrant, 0.6, 1.0)
    study_p = np.where(employed, 0.5 * study_p, np.minimum(1.5 * study_p, 0.97))
    in_education = rng.random(n) < study_p

    # domestic workers among employees in services: ILO (2015) 12.7% of women and 3.7% of men migrant
    # workers; ILO (2021) 4.5% of women's and 1.0% of men's employment overall
    domestic_p = np.where(migrant, np.where(woman, 0.127, 0.037), np.where(woman, 0.045, 0.010))
    services_employee = employed & employee & (sector == "services")
    share = max(services_employee.mean() / max(employed.mean(), 1e-9), 1e-9)
    domestic = services_employee & (rng.random(n) < np.minimum(domestic_p / share, 0.95))

    # occupation: by education level; tertiary-educated migrants more often below their level (ILO 2018 guidelines
    # on skills mismatch; OECD/EU: over-qualification of foreign-born well above that of the native-born)
    major = np.zeros(n, dtype=np.int64)
    for level, p in _MAJOR_GROUP_P.items():
        here = employed & (education == level)
        major[here] = rng.choice(np.arange(1, 10), size=int(here.sum()), p=p)
    graduate = employed & (isced >= 6) & (major == 3) & (rng.random(n) < 0.7)  # most bachelor's or more: group 2
    major[graduate] = 2
    downgraded = employed & migrant & (education == "advanced") & (major <= 3) & (rng.random(n) < 0.22)
    major[downgraded] = rng.choice([4, 5, 9], size=int(downgraded.sum()), p=[0.3, 0.4, 0.3])
    unit = np.zeros(n, dtype=np.int64)
    draws = rng.random(n)
    for group, units in ISCO_UNITS.items():
        codes = np.array([u[0] for u in units])
        for is_woman in (True, False):
            here = (major == group) & (woman == is_woman) & ~domestic
            p = np.array([u[1] if is_woman else u[2] for u in units], dtype=float)
            unit[here] = codes[np.minimum(np.searchsorted(np.cumsum(p / p.sum()), draws[here]), len(codes) - 1)]
    domestic_codes = np.array([u[0] for u in DOMESTIC_UNITS])
    unit[domestic] = domestic_codes[np.minimum(np.searchsorted(np.cumsum([u[1] for u in DOMESTIC_UNITS]),
                                                               draws[domestic]), len(domestic_codes) - 1)]
    major[domestic] = unit[domestic] // 1000

    # pension contributions follow formality (21st ICLS 2023: an employee's job is formal when the employer
    # registers it with social security); migrants contribute less where eligibility is restricted
    pension_p = np.where(informal, 0.04, np.where(migrant, 0.78, 0.90))
    pension = employed & (rng.random(n) < pension_p)

    # occupational injuries in the last 12 months (SDG 8.8.1): non-fatal about 3% of workers (Eurostat, EU-LFS
    # 2013 ad hoc module: 3.2%), fatal about 10 per 100,000 (ILO 2019: about 380,000 fatal occupational
    # injuries a year); higher in agriculture and industry, for men, and for migrant workers
    risk = (np.where(np.isin(sector, ["agriculture", "industry"]), 1.6, 0.8) * np.where(woman, 0.7, 1.25)
            * np.where(migrant, 1.5, 1.0))
    injured = employed & (rng.random(n) < 0.025 * risk)
    cases = injured.astype(np.int64) + (injured & (rng.random(n) < 0.12))
    fatal = employed & (rng.random(n) < 10e-5 * risk)

    def among_employed(values: np.ndarray, dtype: str) -> pd.arrays.ExtensionArray:
        return pd.array(np.where(employed, values, None), dtype=dtype)

    return pd.DataFrame({
        "occupation": major,
        "isced_level": isced,
        "in_education_or_training": in_education,
        "domestic_worker": among_employed(domestic, "boolean"),
        "isco_unit": among_employed(unit, "Int64"),
        "contributes_to_pension": among_employed(pension, "boolean"),
        "nonfatal_injury_cases": among_employed(cases, "Int64"),
        "fatal_occupational_injury": among_employed(fatal, "boolean"),
    })


def _usual_hours(seed: int, *, sex: np.ndarray, migrant: np.ndarray, employed: np.ndarray, earnings: np.ndarray,
                 domestic: np.ndarray) -> pd.arrays.IntegerArray:
    """Usual weekly hours of the main job (employed only; missing for the others), from their own random stream.

    Full-time hours average about 42 for men and 40 for women, four more for migrant workers and eight more
    for domestic workers (long hours of migrant and domestic workers: ILO 2021, *Making decent work a reality
    for domestic workers*; ILO 2020, *The migrant pay gap*); part-time work (10-30 hours) is more frequent among
    women and among employees with low monthly earnings, so that hourly earnings stay plausible. Orders of
    magnitude chosen by the course (see data/README.md), not estimates.
    """
    rng = np.random.default_rng([seed, 15])
    n = len(sex)
    woman = sex == "female"
    known = np.isfinite(earnings)
    rank = np.full(n, 0.5)
    if known.any():  # low monthly earners work part time more often
        rank[known] = pd.Series(earnings[known]).rank(pct=True).to_numpy()
    part_time_p = np.where(woman, 0.16, 0.06) * np.where(migrant, 0.7, 1.0) * (0.4 + 1.2 * (1 - rank))
    part_time = rng.random(n) < part_time_p
    full = (np.where(woman, 40.0, 42.0) + np.where(migrant, 4.0, 0.0) + np.where(domestic, 8.0, 0.0)
            + 2.0 * (rank - 0.5) + rng.normal(0, 4.5, size=n))
    hours = np.where(part_time, rng.integers(10, 31, size=n), np.clip(np.round(full), 31, 84))
    return pd.array(np.where(employed, hours, None), dtype="Int64")


def returnee_survey(seed: int = 0, n: int = 3_000) -> pd.DataFrame:
    """A synthetic survey of ``n`` return migrants with reintegration items (0-4 scales unless noted).

    Columns: ``person_id, stratum, psu, weight, sex, age, age_group, country_returned_from,
    year_left, year_returned, duration_abroad_years, years_since_return, reason_for_return,
    return_was_voluntary, labour_status, started_business, intends_to_reemigrate``, and the items
    of the data set ``reintegration_items`` (``income_sufficiency``, ``debt_burden``,
    ``employment_quality``, ``access_to_services``, ``housing``, ``social_network``,
    ``community_participation``, ``wellbeing``, ``discrimination``, ``sense_of_belonging``), then
    the economic reintegration module: ``planned_return, savings_at_return, use_of_savings,
    skills_acquired_abroad, skills_used_in_work, qualification_abroad, qualification_recognised,
    status_in_employment, monthly_earnings, pension_contributor, household_health_coverage,
    assistance_received`` (codes and sources in ``data/README.md``; the columns before them are
    drawn first, so adding this module left them unchanged), and the skills and social protection module
    from its own random stream: ``isced_level, occupation_abroad, occupation, skills_certified,
    contributed_abroad, social_security_agreement, pension_rights_kept`` (:func:`_skills_and_protection`).
    """
    n_strata, per_psu = 6, 20
    n = _persons(n, 2 * n_strata)  # every PSU has a respondent
    rng = np.random.default_rng(seed_argument(seed) + 7_919)
    n_psu = max(2 * n_strata, int(np.ceil(n / per_psu)))
    psu = rng.integers(0, n_psu, size=n)
    psu[:n_psu] = np.arange(n_psu)
    stratum = psu % n_strata
    weight = 400_000 / n * (0.7 + 0.1 * stratum) * rng.lognormal(0, 0.2, size=n)
    sex = np.where(rng.random(n) < 0.38, "female", "male")
    age = np.clip((20 + rng.gamma(3.0, 6.0, size=n)).astype(int), 20, 75)
    survey_year = 2025
    since = np.minimum(rng.exponential(4.0, size=n).astype(int), age - 20)
    duration = np.maximum(1, np.minimum(rng.gamma(2.0, 2.5, size=n).round().astype(int), age - 18 - since))
    reason = rng.choice(RETURN_REASONS, size=n, p=[0.34, 0.22, 0.14, 0.10, 0.12, 0.08])
    voluntary = reason != "returned by authorities"
    preparedness = rng.normal(0, 1, size=n) + np.where(voluntary, 0.5, -0.8) + 0.08 * np.minimum(duration, 10)
    preparedness += np.where(reason == "saved enough", 0.6, 0.0)
    time_effect = 0.15 * np.minimum(since, 6)

    def item(shift: np.ndarray, noise: float = 0.9) -> np.ndarray:
        return np.clip(np.round(2 + 0.55 * shift + rng.normal(0, noise, size=n)), 0, 4).astype(int)

    employed = rng.random(n) < 1 / (1 + np.exp(-(0.4 + 0.5 * preparedness + 0.2 * time_effect
                                                  + np.where(sex == "male", 0.5, -0.3))))
    unemployed = ~employed & (rng.random(n) < 0.45)
    labour = np.where(employed, "employed", np.where(unemployed, "unemployed", "outside labour force"))
    frame = pd.DataFrame({
        "person_id": np.arange(1, n + 1), "stratum": [f"province-{s + 1}" for s in stratum], "psu": psu + 1,
        "weight": np.round(weight, 3), "sex": sex, "age": age,
        "country_returned_from": rng.choice(DESTINATIONS_ABROAD, size=n),
        "year_left": survey_year - since - duration, "year_returned": survey_year - since,
        "duration_abroad_years": duration, "years_since_return": since, "reason_for_return": reason,
        "return_was_voluntary": voluntary, "labour_status": labour,
        "started_business": employed & (rng.random(n) < 0.12 + 0.08 * (preparedness > 0.5)),
        "income_sufficiency": item(preparedness + time_effect + 0.6 * employed),
        "debt_burden": item(-preparedness - 0.3 * time_effect),  # higher is worse
        "employment_quality": item(preparedness + 1.2 * employed - 0.6),
        "access_to_services": item(0.3 * preparedness + 0.2),
        "housing": item(0.5 * preparedness + time_effect),
        "social_network": item(0.4 * preparedness + time_effect),
        "community_participation": item(0.3 * preparedness + 0.5 * time_effect - 0.2),
        "wellbeing": item(0.6 * preparedness + 0.3 * time_effect),
        "discrimination": item(-0.4 * preparedness - 0.2 * time_effect - 0.3),  # higher is worse
        "sense_of_belonging": item(0.5 * preparedness + 0.4 * time_effect),
    })
    frame["intends_to_reemigrate"] = rng.random(n) < 1 / (1 + np.exp(-(-0.2 - 0.5 * preparedness
                                                                         - 0.5 * employed)))
    frame = pd.concat([frame, _economic_reintegration(rng, frame, preparedness, employed)], axis=1)
    frame = pd.concat([frame, _skills_and_protection(seed, frame, preparedness)], axis=1)
    frame.insert(6, "age_group", age_group(frame["age"]))
    text = ["stratum", "sex", "age_group", "country_returned_from", "reason_for_return", "labour_status",
            "use_of_savings", "assistance_received"]
    return frame.astype({c: str for c in text})


def _economic_reintegration(rng: np.random.Generator, frame: pd.DataFrame, preparedness: np.ndarray,
                            employed: np.ndarray) -> pd.DataFrame:
    """The economic reintegration module of the returnee survey (drawn after every other column).

    Readiness in Cassarino's sense (2004: resources gathered before return) is carried by the latent
    ``preparedness`` of :func:`returnee_survey`; a planned return and assistance also depend on
    ``return_was_voluntary`` (not removed by the authorities). The shares are the course's
    assumptions of plausible orders of magnitude (see data/README.md), not estimates.
    """
    n = len(frame)
    voluntary = frame["return_was_voluntary"].to_numpy()
    business = frame["started_business"].to_numpy()
    duration = frame["duration_abroad_years"].to_numpy()
    male = (frame["sex"] == "male").to_numpy()

    def chance(logit: np.ndarray) -> np.ndarray:
        return rng.random(n) < 1 / (1 + np.exp(-logit))

    planned = chance(-0.9 + 0.9 * preparedness + np.where(voluntary, 0.4, -1.5))
    savings = chance(-0.6 + 0.6 * preparedness + 0.08 * np.minimum(duration, 10)) | business
    other_use = rng.choice(SAVINGS_USES[:5], size=n, p=[0.08, 0.30, 0.20, 0.30, 0.12])
    use = np.where(~savings, "no savings", np.where(business & (rng.random(n) < 0.75), "business investment",
                                                    other_use))
    skills = chance(-0.6 + 0.12 * np.minimum(duration, 10) + 0.3 * preparedness)
    skills_used = skills & employed & (rng.random(n) < 0.55)
    qualification = skills & (rng.random(n) < 0.30)
    recognised = qualification & chance(-0.9 + 0.4 * preparedness)
    status = np.where(business, np.where(rng.random(n) < 0.3, "employer", "own-account worker"),
                      rng.choice(["employee", "own-account worker", "contributing family worker"], size=n,
                                 p=[0.62, 0.30, 0.08]))
    status = np.where(employed, status, None)
    log_earnings = (np.log(18_000) + np.where(male, 0.15, 0.0) + 0.10 * skills_used + 0.15 * recognised
                    + 0.05 * preparedness + rng.normal(0, 0.45, size=n))
    earnings = np.where(status == "employee", np.round(np.exp(log_earnings), -1), np.nan)
    pension = employed & chance(np.where(status == "employee", -0.1, -2.2) + 0.2 * preparedness)
    health = chance(-0.5 + 0.9 * pension + 0.2 * preparedness)
    assistance = np.where(chance(np.where(voluntary, -1.3, 0.6)),
                          rng.choice(ASSISTANCE[1:], size=n, p=[0.35, 0.30, 0.20, 0.15]), "none")
    return pd.DataFrame({
        "planned_return": planned, "savings_at_return": savings, "use_of_savings": use,
        "skills_acquired_abroad": skills, "skills_used_in_work": skills_used, "qualification_abroad": qualification,
        "qualification_recognised": recognised,
        "status_in_employment": pd.array(status, dtype="string"), "monthly_earnings": earnings,
        "pension_contributor": pension, "household_health_coverage": health, "assistance_received": assistance,
    }, index=frame.index)


#: ISCED 2011 levels 0-8 of the returnees (course assumption: mostly secondary education, a fifth tertiary).
_RETURNEE_ISCED_P = (0.02, 0.10, 0.22, 0.33, 0.08, 0.06, 0.15, 0.035, 0.005)
#: ISCO-08 major groups 1-9 of the last job abroad, by ILO aggregate education level (basic: ISCED 0-2,
#: intermediate: 3-4, advanced: 5-8): many tertiary graduates worked below their level abroad.
_ABROAD_GROUP_P = {
    "basic": (0.0, 0.0, 0.01, 0.02, 0.22, 0.05, 0.25, 0.15, 0.30),
    "intermediate": (0.01, 0.01, 0.05, 0.06, 0.30, 0.03, 0.24, 0.15, 0.15),
    "advanced": (0.03, 0.20, 0.19, 0.08, 0.20, 0.01, 0.08, 0.04, 0.17),
}
#: ISCO-08 major groups 1-9 of a job found at home after return (employed returnees who change occupation).
_HOME_GROUP_P = {
    "basic": (0.01, 0.0, 0.01, 0.03, 0.25, 0.12, 0.22, 0.12, 0.24),
    "intermediate": (0.03, 0.02, 0.08, 0.10, 0.28, 0.08, 0.18, 0.11, 0.12),
    "advanced": (0.10, 0.30, 0.20, 0.10, 0.13, 0.02, 0.05, 0.03, 0.07),
}
#: Countries of destination where, in the synthetic data, most migrant workers contribute to a pension
#: scheme, and those linked to the (fictitious) country of origin by a social security agreement that
#: covers pensions. Both lists are the course's invention, not a description of any country's law.
CONTRIBUTING_DESTINATIONS = ("USA", "JPN", "KOR", "ITA", "CAN")
AGREEMENT_DESTINATIONS = ("JPN", "KOR", "ITA", "CAN")


def _skills_and_protection(seed: int, frame: pd.DataFrame, preparedness: np.ndarray) -> pd.DataFrame:
    """The skills and social protection module of the returnee survey, from its own random stream.

    Education (ISCED 2011) and the ISCO-08 major group of the last job abroad and of the current job
    (employed only) give over-qualification before and after return (normative approach of the 20th ICLS
    guidelines on skills mismatch); ``skills_certified`` is a recognition of prior learning (RPL) of the
    skills acquired abroad since return; ``contributed_abroad``, ``social_security_agreement`` and
    ``pension_rights_kept`` describe the portability of pension rights earned abroad (ILO C157; bilateral
    social security agreements). Shares are the course's assumptions (see data/README.md), not estimates.
    """
    rng = np.random.default_rng([seed, 7_919, 12])
    n = len(frame)
    employed = (frame["labour_status"] == "employed").to_numpy()
    skills = frame["skills_acquired_abroad"].to_numpy(bool)
    recognised = frame["qualification_recognised"].to_numpy(bool)
    country = frame["country_returned_from"].to_numpy()
    reason = frame["reason_for_return"].to_numpy()
    duration = frame["duration_abroad_years"].to_numpy()
    training = (frame["assistance_received"] == "training or job placement").to_numpy()

    isced = rng.choice(np.arange(9), size=n, p=_RETURNEE_ISCED_P)
    level = np.select([isced <= 2, isced <= 4], ["basic", "intermediate"], "advanced")
    abroad = np.zeros(n, dtype=np.int64)
    home = np.zeros(n, dtype=np.int64)
    for name in ("basic", "intermediate", "advanced"):
        here = level == name
        abroad[here] = rng.choice(np.arange(1, 10), size=int(here.sum()), p=_ABROAD_GROUP_P[name])
        home[here] = rng.choice(np.arange(1, 10), size=int(here.sum()), p=_HOME_GROUP_P[name])
    # RPL after return: more often for those who planned their return or had training or job placement
    certified = skills & (rng.random(n) < 1 / (1 + np.exp(-(-2.2 + 0.4 * preparedness + 1.4 * training))))
    # most keep the kind of work they did abroad; recognised or certified graduates find a job at their level
    keep = rng.random(n) < 0.6
    current = np.where(keep, abroad, home)
    upgraded = (level == "advanced") & (current >= 4) & (recognised | certified) & (rng.random(n) < 0.6)
    current = np.where(upgraded, rng.choice([2, 3], size=n), current)
    # pension contributions abroad, and rights kept through a social security agreement (or not)
    # (fewer for removed migrants, often without a regular contract, and for fixed-term contract workers)
    covered = np.isin(country, CONTRIBUTING_DESTINATIONS)
    contributed = rng.random(n) < (np.where(covered, 0.78, 0.07) * np.select(
        [reason == "returned by authorities", reason == "end of contract"], [0.4, 0.8], 1.0))
    # an agreement totalises periods and pays pensions abroad; without one, only long careers abroad
    # reach the minimum contribution period of a pension payable abroad
    agreement = np.isin(country, AGREEMENT_DESTINATIONS)
    kept_p = np.where(agreement, 0.80, 0.08 + 0.04 * np.minimum(duration, 10))
    kept = contributed & (rng.random(n) < kept_p)
    return pd.DataFrame({
        "isced_level": isced, "occupation_abroad": abroad,
        "occupation": pd.array(np.where(employed, current, None), dtype="Int64"),
        "skills_certified": certified, "contributed_abroad": contributed, "social_security_agreement": agreement,
        "pension_rights_kept": kept,
    }, index=frame.index)
