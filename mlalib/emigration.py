"""The origin-country view: emigrants, where they live, emigration rates, brain drain, remittances per emigrant.

Pure functions of DataFrames and numbers; every one names its source.

* **Emigrants** of a country are the international migrants born there (or its citizens, where the
  destination records citizenship only) counted by the countries where they live: the column sums
  of UN DESA's origin-destination table (UN DESA, *International Migrant Stock 2019*; definition of
  the international migrant stock: United Nations 1998, *Recommendations on Statistics of
  International Migration, Revision 1*). The tidy table they come from (``od``) has the columns
  ``year, origin_iso3, destination_iso3, stock``: the bundled data set
  ``undesa_migrant_stock_2019_by_origin`` or :func:`mlalib.data.read_undesa_origin_destination`.
* **Emigration rate** ``100 * E / (R + E)``: the emigrants ``E`` as a share of the emigrants plus
  the **total resident population** ``R`` of the origin, immigrants included (Docquier, F. and
  A. Marfouk (2006), "International migration by education attainment, 1990-2000", in Ozden and
  Schiff (eds.), *International Migration, Remittances and the Brain Drain*, World Bank and
  Palgrave Macmillan, ch. 5; Docquier, Lowell and Marfouk (2009), *Population and Development
  Review* 35(2): 297-321). ``R + E`` stands for the native-born population at home and abroad:
  the natives at home are seldom known apart from the immigrants, so the resident population
  approximates them (Dumont, Spielvogel and Widmaier (2010), "International migrants in developed,
  emerging and developing countries: an extended profile", OECD Social, Employment and Migration
  Working Papers No. 114, who also give the rate with the native-born residents where they are
  known). Docquier and Marfouk's rates are for persons aged 25 and over (so are the IAB data);
  the OECD DIOC tables have age groups, and Dumont et al. publish them for ages 15 and over.
  With UN DESA's stocks, as in the course, both terms are of all ages: ``R`` is the total
  population at mid-year (UN DESA, World Population Prospects 2019, as published with the
  migrant stock).
* **Brain drain**: the same rate for the tertiary-educated (ISCED 5-8) aged 25 and over
  (Docquier and Marfouk 2006), the selection ratio (share of the tertiary-educated among emigrants
  divided by that share among residents), and **brain waste**, the over-qualification rate of
  tertiary-educated migrants: the share of those employed who work in a job of ISCO-08 major
  groups 4-9, i.e. not of the highly skilled (OECD/European Union (2023), *Indicators of Immigrant
  Integration 2023: Settling In*, indicator "over-qualification rate"; Mattoo, Neagu and Ozden
  (2008), "Brain waste? Educated immigrants in the US labor market", *Journal of Development
  Economics* 87(2): 255-269). Official by-education data: OECD DIOC (Database on Immigrants in
  OECD and non-OECD Countries) and the IAB brain-drain data set (Brucker, Capuano and Marfouk 2013).
* **Remittances** received per emigrant: WDI personal remittances received (BX.TRF.PWKR.CD.DT)
  divided by the emigrant stock; bilateral estimates allocate a country's inflows over the
  countries where its emigrants live (:func:`mlalib.remittances.allocate_bilateral`, Ratha and
  Shaw 2007).

Example
-------
>>> od = pd.DataFrame({"year": [2019] * 3, "origin_iso3": ["SEN", "SEN", "MLI"],
...                    "destination_iso3": ["FRA", "GMB", "SEN"], "stock": [130, 70, 50]})
>>> emigrants(od, 2019).to_dict()
{'MLI': 50.0, 'SEN': 200.0}
>>> float(emigration_rate(200, 800))
20.0
"""

from __future__ import annotations

import warnings
from typing import Any, Iterable

import numpy as np
import pandas as pd

from mlalib._validate import (
    Numeric, country_code, country_code_column, country_codes, finite_result, numeric, numeric_column, require_columns,
    same_labels,
)
from mlalib.errors import InputError, MlalibWarning, shown, summarise
from mlalib.remittances import allocate_bilateral

OD_COLUMNS = ["year", "origin_iso3", "destination_iso3", "stock"]
#: ISCO-08 major groups of the highly skilled (managers, professionals, technicians and associate
#: professionals); a tertiary-educated person employed in groups 4-9 is over-qualified (OECD/EU 2023).
HIGH_SKILL_GROUPS = (1, 2, 3)
EDUCATION_LEVELS = ("low", "medium", "high")


# --- emigrant stocks ---------------------------------------------------------------------------------------------

def _od(od: Any, name: str = "od") -> pd.DataFrame:
    require_columns(od, OD_COLUMNS, name)
    numeric_column(od, "stock", f"'{name}'", missing=True, non_negative=True)
    years = numeric_column(od, "year", f"'{name}'")
    if (years != years.round()).any():
        fraction = years != years.round()
        raise InputError(f"'{name}' column 'year' must hold whole years; row {shown(years.index[fraction][0])} "
                         f"has {years[fraction].iloc[0]:g}")
    for column in ("origin_iso3", "destination_iso3"):
        uniques = pd.unique(od[column].to_numpy(dtype=object))
        if column == "destination_iso3" and "" in set(uniques):
            first = od.index[(od[column] == "").to_numpy()][0]
            raise InputError(f"'{name}' has sub-region rows (empty 'destination_iso3', first at row {shown(first)}): "
                             "they count again migrants counted in their countries' rows; read the file without "
                             "subregion_rows")
        country_code_column(od, column, f"'{name}'", uniques)
    if od.duplicated(["year", "origin_iso3", "destination_iso3"]).any():
        first = od[od.duplicated(["year", "origin_iso3", "destination_iso3"])].iloc[0]
        raise InputError(f"argument '{name}' has the pair {first['origin_iso3']} -> {first['destination_iso3']} "
                         f"of {first['year']} twice; expected one row per year, origin and destination")
    return od


def _year(od: pd.DataFrame, year: Any, name: str = "od") -> int:
    years = sorted(int(y) for y in od["year"].unique())
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or int(year) not in years:
        raise InputError(f"argument 'year' must be one of the years of '{name}' {years}, got {shown(year)}")
    return int(year)


def _finite(values: Any, what: str) -> Any:
    """``values`` (sums of stocks) if finite; an :class:`InputError` if adding them up overflowed.

    Pass the sum as a function (``lambda: ...``) to compute it without numpy's overflow warning.
    """
    if callable(values):
        with np.errstate(over="ignore", invalid="ignore"):
            values = values()
    if not np.isfinite(np.asarray(values, dtype="float64")).all():
        raise InputError(f"the {what} are too large to add up (the sum overflows); check them: they are numbers "
                         "of persons")
    return values


def available_origins(od: pd.DataFrame, countries: Iterable[str] | str) -> tuple[list[str], list[str]]:
    """Split ``countries`` into those with emigrants in ``od`` and those absent from it (e.g. Kosovo,
    counted within Serbia by UN DESA, or a small territory), so that a lesson can say so instead of failing.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019], "origin_iso3": ["SEN"], "destination_iso3": ["FRA"], "stock": [5]})
    >>> available_origins(od, ["SEN", "XKX"])
    (['SEN'], ['XKX'])
    """
    _od(od)
    return _split_origins(od, country_codes(countries, "countries"))


def _split_origins(od: pd.DataFrame, codes: list[str]) -> tuple[list[str], list[str]]:
    present = set(pd.unique(od["origin_iso3"]))
    return [c for c in codes if c in present], [c for c in codes if c not in present]


def _known(od: pd.DataFrame, codes: list[str]) -> None:
    """Every code of ``codes`` is an origin of ``od`` (checked before, by :func:`_od`)."""
    _, absent = _split_origins(od, codes)
    if absent:
        raise InputError(f"no emigrants of {summarise(absent)} in 'od' (not a country of origin of the table; "
                         "available_origins() tells which countries are)")


def emigrants(od: pd.DataFrame, year: int) -> pd.Series:
    """Emigrant stock of every origin in ``year``: the sum over destinations (persons).

    Pairs published as not available ('..') count as unknown, not as zero: the sum is over the
    pairs with a value, and :func:`not_available_pairs` says how many pairs each origin lacks.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019, 2019], "origin_iso3": ["PHL", "PHL"],
    ...                    "destination_iso3": ["USA", "SAU"], "stock": [2047269, 1000]})
    >>> int(emigrants(od, 2019)["PHL"])
    2048269
    """
    _od(od)
    return _emigrants(od, _year(od, year))


def _emigrants(od: pd.DataFrame, year: int) -> pd.Series:
    """:func:`emigrants` of a table checked before."""
    rows = od[od["year"] == year]
    return _finite(lambda: rows.groupby("origin_iso3")["stock"].sum().astype("float64").rename("emigrants"),
                   "emigrant stocks of 'od'")


def not_available_pairs(od: pd.DataFrame, year: int) -> pd.Series:
    """Number of destinations whose count of an origin's emigrants is not available in ``year``."""
    _od(od)
    year = _year(od, year)
    rows = od[od["year"] == year]
    return rows["stock"].isna().groupby(rows["origin_iso3"]).sum().astype(int).rename("not_available")


def emigrant_change(od: pd.DataFrame, countries: Iterable[str] | str, start: int = 1990, end: int = 2019) -> pd.DataFrame:
    """Emigrant stock of ``countries`` in ``start`` and ``end``, its change and annual rate of change.

    The annual rate of change is exponential, ``100 * ln(E_end / E_start) / (end - start)``, as
    UN DESA computes it for the migrant stock (International Migrant Stock, Table 5).

    Returns
    -------
    DataFrame
        Indexed by country: ``emigrants_<start>, emigrants_<end>, change, change_pct, annual_rate_pct``.

    Example
    -------
    >>> od = pd.DataFrame({"year": [1990, 2019], "origin_iso3": ["SEN", "SEN"],
    ...                    "destination_iso3": ["FRA", "FRA"], "stock": [100, 200]})
    >>> emigrant_change(od, "SEN").loc["SEN", ["change", "change_pct"]].tolist()
    [100.0, 100.0]
    """
    codes = country_codes(countries, "countries")
    _od(od)
    _known(od, codes)
    first, last = _emigrants(od, _year(od, start)), _emigrants(od, _year(od, end))
    if end <= start:
        raise InputError(f"argument 'end' ({end}) must be after 'start' ({start})")
    table = pd.DataFrame({f"emigrants_{start}": first.reindex(codes).fillna(0.0),
                          f"emigrants_{end}": last.reindex(codes).fillna(0.0)})
    table["change"] = table.iloc[:, 1] - table.iloc[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["change_pct"] = np.where(table.iloc[:, 0] > 0, 100.0 * table["change"] / table.iloc[:, 0], np.nan)
        both = (table.iloc[:, 0] > 0) & (table.iloc[:, 1] > 0)
        table["annual_rate_pct"] = np.where(both, 100.0 * np.log(table.iloc[:, 1] / table.iloc[:, 0]) / (end - start),
                                            np.nan)
    if table["change_pct"].isna().any():
        zero = list(table.index[table["change_pct"].isna()])
        warnings.warn(f"no emigrants of {summarise(zero)} in {start}: the change in per cent and the annual rate "
                      "are undefined (NaN)", MlalibWarning, stacklevel=2)
    gone = table["change_pct"].notna() & table["annual_rate_pct"].isna()
    if gone.any():
        warnings.warn(f"no emigrants of {summarise(list(table.index[gone]))} in {end}: the annual rate of change "
                      "(a logarithm of the ratio) is undefined (NaN)", MlalibWarning, stacklevel=2)
    return table.rename_axis("country")


def top_destinations(od: pd.DataFrame, country: str, year: int = 2019, n: int = 10) -> pd.DataFrame:
    """The ``n`` countries where most emigrants of ``country`` live in ``year``, largest first.

    Returns
    -------
    DataFrame
        ``destination_iso3, stock, share_pct`` (share of all the country's emigrants, per cent),
        ``n`` rows at most.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019] * 3, "origin_iso3": ["SEN"] * 3,
    ...                    "destination_iso3": ["FRA", "GMB", "ITA"], "stock": [129790, 132518, 103744]})
    >>> top_destinations(od, "SEN", n=2)["destination_iso3"].tolist()
    ['GMB', 'FRA']
    """
    code = country_code(country, "country")
    _od(od)
    return _top_destinations(od, code, _year(od, year), n)


def _top_destinations(od: pd.DataFrame, code: str, year: int, n: Any) -> pd.DataFrame:
    """:func:`top_destinations` of a table checked before."""
    _known(od, [code])
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"argument 'n' must be a whole number of at least 1, got {shown(n)}")
    rows = od[(od["year"] == year) & (od["origin_iso3"] == code) & od["stock"].notna()]
    rows = rows[rows["stock"] > 0]
    total = float(_finite(lambda: rows["stock"].astype("float64").sum(), f"emigrant stocks of {code} in 'od'"))
    top = rows.sort_values(["stock", "destination_iso3"], ascending=[False, True]).head(int(n))
    out = pd.DataFrame({"destination_iso3": top["destination_iso3"].astype(str).to_numpy(),
                        "stock": top["stock"].astype("float64").to_numpy()})
    out["share_pct"] = 100.0 * out["stock"] / total if total > 0 else np.nan
    return out


def largest_corridors(od: pd.DataFrame, countries: Iterable[str] | str, year: int = 2019, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest corridors (origin -> destination) of each country in ``countries`` in ``year``.

    Returns ``origin_iso3, destination_iso3, stock`` (for a Sankey diagram), largest first per origin.
    """
    codes = country_codes(countries, "countries")
    _od(od)
    year = _year(od, year)
    parts = []
    for code in codes:
        top = _top_destinations(od, code, year, n)
        parts.append(pd.DataFrame({"origin_iso3": code, "destination_iso3": top["destination_iso3"],
                                   "stock": top["stock"]}))
    return pd.concat(parts, ignore_index=True)


# --- rates and the net position ----------------------------------------------------------------------------------

@finite_result
def emigration_rate(emigrants: Numeric, residents: Numeric) -> Numeric:
    """Emigration rate, per cent: ``100 * emigrants / (residents + emigrants)`` (Docquier and Marfouk 2006).

    ``residents`` is the total resident population of the origin, immigrants included: with the
    emigrants, it stands for the native-born population at home and abroad, which is seldom known
    (Dumont, Spielvogel and Widmaier 2010). The rate is of the ages both terms count (all ages with
    UN DESA's stocks; 25 and over in Docquier and Marfouk's data).

    Example
    -------
    >>> float(emigration_rate(emigrants=650_000, residents=16_300_000))  # doctest: +ELLIPSIS
    3.8348...
    """
    e = numeric(emigrants, "emigrants", non_negative=True)
    r = numeric(residents, "residents", non_negative=True)
    same_labels(emigrants=e, residents=r)
    total = e + r
    if np.any(np.asarray(total) == 0):
        raise InputError("arguments 'emigrants' and 'residents' are both 0: the emigration rate is undefined")
    return 100.0 * e / total


@finite_result
def net_position(immigrants: Numeric, emigrants: Numeric) -> Numeric:
    """Immigrants minus emigrants (persons): negative for a country with more of its people abroad than
    foreign-born at home (a net country of emigration), positive for a net country of immigration.

    Both stocks from the same source and year (UN DESA). A comparison of two stocks, not a flow: it
    is not net migration, which counts arrivals and departures during a period.

    Example
    -------
    >>> float(net_position(immigrants=275_000, emigrants=650_000))
    -375000.0
    """
    i = numeric(immigrants, "immigrants", non_negative=True)
    e = numeric(emigrants, "emigrants", non_negative=True)
    same_labels(immigrants=i, emigrants=e)
    return i - e


def origin_summary(od: pd.DataFrame, totals: pd.DataFrame, countries: Iterable[str] | str, year: int = 2019) -> pd.DataFrame:
    """Emigrants, immigrants, residents, emigration rate and net position of ``countries`` in ``year``.

    Parameters
    ----------
    od : tidy origin-destination table (``undesa_migrant_stock_2019_by_origin``).
    totals : ``iso3, year, immigrants, population_thousands`` (``undesa_migrant_stock_2019_totals``):
        the immigrant stock (destination totals, which include migrants of unknown origin) and the
        total population at mid-year, in thousands.

    Returns
    -------
    DataFrame indexed by country: ``emigrants, immigrants, residents, emigration_rate_pct,
    net_position, immigrants_per_emigrant``.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019], "origin_iso3": ["SEN"], "destination_iso3": ["FRA"], "stock": [600]})
    >>> totals = pd.DataFrame({"iso3": ["SEN"], "year": [2019], "immigrants": [300], "population_thousands": [5.4]})
    >>> origin_summary(od, totals, ["SEN"]).loc["SEN", ["emigration_rate_pct", "net_position"]].tolist()
    [10.0, -300.0]
    """
    codes = country_codes(countries, "countries")
    _od(od)
    _known(od, codes)
    year = _year(od, year)
    require_columns(totals, ["iso3", "year", "immigrants", "population_thousands"], "totals")
    rows = totals[(totals["year"] == year) & totals["iso3"].isin(codes)]
    if rows["iso3"].duplicated().any():
        raise InputError(f"argument 'totals' has {rows['iso3'][rows['iso3'].duplicated()].iloc[0]} twice in {year}")
    lacking = [c for c in codes if c not in set(rows["iso3"])]
    if lacking:
        raise InputError(f"argument 'totals' has no row for {summarise(lacking)} in {year}")
    rows = rows.set_index("iso3").reindex(codes)
    immigrants = numeric_column(rows, "immigrants", "'totals'", non_negative=True)
    residents = 1000.0 * numeric_column(rows, "population_thousands", "'totals'", positive=True)
    out = pd.DataFrame({"emigrants": _emigrants(od, year).reindex(codes), "immigrants": immigrants,
                        "residents": residents})
    out["emigration_rate_pct"] = emigration_rate(out["emigrants"], out["residents"])
    out["net_position"] = net_position(out["immigrants"], out["emigrants"])
    out["immigrants_per_emigrant"] = out["immigrants"] / out["emigrants"].where(out["emigrants"] > 0)
    return out.rename_axis("country")


# --- brain drain -------------------------------------------------------------------------------------------------

@finite_result
def tertiary_emigration_rate(tertiary_emigrants: Numeric, tertiary_residents: Numeric) -> Numeric:
    """Tertiary (high-skilled) emigration rate, per cent (Docquier and Marfouk 2006):
    ``100 * tertiary emigrants / (tertiary residents + tertiary emigrants)``, both aged 25 and over;
    the tertiary residents are all of them, immigrants included.

    Example
    -------
    >>> float(tertiary_emigration_rate(100_000, 900_000))
    10.0
    """
    return emigration_rate(numeric(tertiary_emigrants, "tertiary_emigrants", non_negative=True),
                           numeric(tertiary_residents, "tertiary_residents", non_negative=True))


@finite_result
def selection_ratio(tertiary_emigrants: Numeric, emigrants: Numeric, tertiary_residents: Numeric,
                    residents: Numeric) -> Numeric:
    """Share of the tertiary-educated among emigrants divided by that share among residents (aged 25+).

    Above 1: emigrants are more educated than those who stay (positive selection); below 1, less.
    It equals the tertiary emigration rate's odds relative to the overall emigration odds:
    ``(He / E) / (Hr / R)``. Docquier and Marfouk (2006) compare these two shares; Docquier,
    Lowell and Marfouk (2009) use the related ratio of the tertiary to the total emigration rate.

    Example
    -------
    >>> float(selection_ratio(tertiary_emigrants=40, emigrants=100, tertiary_residents=200, residents=1000))
    2.0
    """
    he = numeric(tertiary_emigrants, "tertiary_emigrants", non_negative=True)
    e = numeric(emigrants, "emigrants", positive=True)
    hr = numeric(tertiary_residents, "tertiary_residents", positive=True)
    r = numeric(residents, "residents", positive=True)
    same_labels(tertiary_emigrants=he, emigrants=e, tertiary_residents=hr, residents=r)
    if np.any(np.asarray(he > e)) or np.any(np.asarray(hr > r)):
        raise InputError("the tertiary-educated cannot outnumber all emigrants (or all residents): check that "
                         "'tertiary_emigrants' <= 'emigrants' and 'tertiary_residents' <= 'residents'")
    return np.divide(np.divide(he, e), np.divide(hr, r))  # numpy: an underflow to 0 is caught as inf, not raised


def overqualification_rate(jobs: pd.DataFrame, *, occupation: str = "occupation", persons: str = "persons",
                           by: str | list[str] | None = None) -> pd.DataFrame | float:
    """Brain waste: per cent of employed tertiary-educated migrants working in ISCO-08 major groups 4-9
    (OECD/EU 2023, "over-qualification rate").

    Parameters
    ----------
    jobs : employed tertiary-educated persons by ISCO-08 major group (``occupation``, 1-9; armed
        forces, 0, are left out of numerator and denominator), with their number (``persons``; a
        survey weight or a census count).
    by : columns to compute the rate for each group of (e.g. ``"destination_iso3"``).

    Returns
    -------
    The rate (per cent), or a DataFrame of ``by`` and ``overqualification_pct`` when ``by`` is given.

    Example
    -------
    >>> jobs = pd.DataFrame({"occupation": [2, 3, 5, 9], "persons": [40, 20, 25, 15]})
    >>> overqualification_rate(jobs)
    40.0
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if keys is None or not all(isinstance(key, str) for key in keys):
        raise InputError(f"argument 'by' must be a column name or a list of column names, got {shown(by)}")
    require_columns(jobs, [occupation, persons, *keys], "jobs")
    groups = numeric_column(jobs, occupation, "'jobs'")
    if not groups.isin(range(10)).all():
        bad = groups[~groups.isin(range(10))].iloc[0]
        raise InputError(f"'jobs' column '{occupation}' must hold ISCO-08 major groups 0-9, got {bad:g}")
    counts = numeric_column(jobs, persons, "'jobs'", non_negative=True)
    civil = groups != 0
    frame = pd.DataFrame({"low": counts.where(~groups.isin(HIGH_SKILL_GROUPS), 0.0)[civil],
                          "all": counts[civil]})
    for key in keys:
        if jobs[key].isna().any():
            raise InputError(f"'jobs' column '{key}' (argument 'by') has {int(jobs[key].isna().sum()):,} missing "
                             f"value(s), first at row {shown(jobs.index[jobs[key].isna()][0])}; their persons would be "
                             "left out")
        frame[key] = jobs.loc[civil, key]
    if not keys:
        low, total = _finite(lambda: frame[["low", "all"]].sum(), "persons of 'jobs'")
        if total == 0:
            raise InputError("argument 'jobs' counts nobody employed (outside the armed forces)")
        return float(100.0 * low / total)
    sums = _finite(lambda: frame.groupby(keys, sort=True)[["low", "all"]].sum(), "persons of 'jobs'")
    if (sums["all"] == 0).any():
        raise InputError(f"nobody employed in the groups {list(sums.index[sums['all'] == 0])[:5]} of 'jobs'")
    return (100.0 * sums["low"] / sums["all"]).rename("overqualification_pct").reset_index()


def brain_drain_indicators(census: pd.DataFrame) -> pd.Series:
    """Emigration rate, tertiary emigration rate and selection ratio from census-style counts by education.

    Parameters
    ----------
    census : ``population`` ("residents" or "emigrants"), ``education`` ("low", "medium",
        "high" = ISCED 0-2, 3-4, 5-8) and ``persons`` (aged 25+), any other columns (destination,
        sex) being summed over: the layout of OECD DIOC and of
        :func:`mlalib.data.synthetic_census.education_census`.

    Returns
    -------
    Series: ``emigrants, residents, tertiary_emigrants, tertiary_residents, emigration_rate_pct,
    tertiary_emigration_rate_pct, tertiary_share_emigrants_pct, tertiary_share_residents_pct, selection_ratio``.

    Example
    -------
    >>> census = pd.DataFrame({"population": ["residents"] * 2 + ["emigrants"] * 2,
    ...                        "education": ["low", "high"] * 2, "persons": [800, 200, 60, 40]})
    >>> brain_drain_indicators(census)[["tertiary_emigration_rate_pct", "selection_ratio"]].round(3).tolist()
    [16.667, 2.0]
    """
    require_columns(census, ["population", "education", "persons"], "census")
    counts = numeric_column(census, "persons", "'census'", non_negative=True)
    bad_pop = sorted(set(census["population"]) - {"residents", "emigrants"}, key=str)
    bad_edu = sorted(set(census["education"]) - set(EDUCATION_LEVELS), key=str)
    if bad_pop or bad_edu:
        what = (f"'population' {bad_pop} (expected 'residents' or 'emigrants')" if bad_pop
                else f"'education' {bad_edu} (expected {list(EDUCATION_LEVELS)})")
        raise InputError(f"argument 'census' has values of {what}")
    table = _finite(lambda: counts.groupby([census["population"], census["education"]]).sum(), "persons of 'census'")
    total = _finite(lambda: table.groupby(level=0).sum(), "persons of 'census'")
    if set(total.index) != {"residents", "emigrants"}:
        raise InputError("argument 'census' needs rows of both 'residents' and 'emigrants'")
    high = table.reindex(pd.MultiIndex.from_product([["residents", "emigrants"], ["high"]])).droplevel(1).fillna(0.0)
    e, r, he, hr = total["emigrants"], total["residents"], high["emigrants"], high["residents"]
    for count, who in ((e, "emigrants"), (r, "residents"), (hr, "tertiary-educated ('high') residents")):
        if count == 0:
            raise InputError(f"argument 'census' counts no {who}: the emigration rates and the selection ratio need "
                             "some")
    return pd.Series({
        "emigrants": e, "residents": r, "tertiary_emigrants": he, "tertiary_residents": hr,
        "emigration_rate_pct": float(emigration_rate(e, r)),
        "tertiary_emigration_rate_pct": float(tertiary_emigration_rate(he, hr)),
        "tertiary_share_emigrants_pct": 100.0 * he / e, "tertiary_share_residents_pct": 100.0 * hr / r,
        "selection_ratio": float(selection_ratio(he, e, hr, r)),
    })


# --- remittances from the origin side ----------------------------------------------------------------------------

@finite_result
def remittances_per_emigrant(remittances: Numeric, emigrants: Numeric) -> Numeric:
    """Personal remittances received (current US$) divided by the emigrant stock: US$ per emigrant per year.

    An average over all emigrants, whether they send money or not; remittances also include
    compensation of short-term and cross-border workers, who are not in the migrant stock
    (WDI BX.TRF.PWKR.CD.DT definition), and miss informal channels.

    Example
    -------
    >>> float(remittances_per_emigrant(35_167_000_000, 5_996_161))  # doctest: +ELLIPSIS
    5864.9...
    """
    r = numeric(remittances, "remittances", non_negative=True)
    e = numeric(emigrants, "emigrants", positive=True)
    same_labels(remittances=r, emigrants=e)
    return r / e


def bilateral_remittances(inflows: pd.Series, od: pd.DataFrame, year: int = 2019) -> pd.DataFrame:
    """Remittances received by each country of ``inflows``, allocated over the countries where its emigrants live.

    Uses :func:`mlalib.remittances.allocate_bilateral` with the migrant-stock rule (Ratha and Shaw
    2007, equation 2A.1): a country's inflows are shared among destinations in proportion to its
    emigrants there. Assumptions: every emigrant sends the same amount wherever he or she lives
    (no account of incomes or costs of living in the destination, which the published KNOMAD matrix
    adds); all inflows come from the emigrants counted in the stock (no second generation, no
    short-term workers); destinations whose count is not available ('..') receive nothing.

    Parameters
    ----------
    inflows : Series of remittances received (e.g. US$), by origin country (ISO3).
    od : tidy origin-destination table; ``year`` selects the stocks.

    Returns
    -------
    DataFrame ``receiving, sending, remittances, share_pct``, largest first per receiving country.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019] * 2, "origin_iso3": ["SEN"] * 2, "destination_iso3": ["FRA", "GMB"],
    ...                    "stock": [300, 100]})
    >>> bilateral_remittances(pd.Series({"SEN": 2000.0}), od)["remittances"].tolist()
    [1500.0, 500.0]
    """
    if not isinstance(inflows, pd.Series):
        raise InputError("argument 'inflows' must be a Series of remittances received by origin country (ISO3)")
    codes = country_codes(list(inflows.index), "inflows (its index)")
    _od(od)
    _known(od, codes)
    year = _year(od, year)
    rows = od[(od["year"] == year) & od["origin_iso3"].isin(codes)]
    unknown = rows["stock"].isna()
    if unknown.any():
        warnings.warn(f"{int(unknown.sum())} destination(s) of {sorted(set(rows.loc[unknown, 'origin_iso3']))} have "
                      "no emigrant count ('..'): they receive no share", MlalibWarning, stacklevel=2)
    matrix = rows.pivot(index="origin_iso3", columns="destination_iso3", values="stock").astype("float64").fillna(0.0)
    received = pd.Series(numeric(inflows, "inflows", non_negative=True).to_numpy(), index=codes)
    allocated = allocate_bilateral(received, matrix.reindex(codes))
    long = allocated.stack().rename("remittances").reset_index()
    long = long[long["remittances"] > 0]
    long["share_pct"] = 100.0 * long["remittances"] / long.groupby("receiving")["remittances"].transform("sum")
    long = long.sort_values(["receiving", "remittances", "sending"], ascending=[True, False, True])
    return long[["receiving", "sending", "remittances", "share_pct"]].reset_index(drop=True)


def remittance_summary(wdi: pd.DataFrame, od: pd.DataFrame, totals: pd.DataFrame, countries: Iterable[str] | str,
                       year: int = 2019) -> pd.DataFrame:
    """Remittances received by ``countries`` in ``year``, per emigrant and per resident.

    Parameters
    ----------
    wdi : ``iso3, year, value``: personal remittances received, current US$ (the bundled data set
        ``wdi_remittances_received_2025``, WDI BX.TRF.PWKR.CD.DT).
    od, totals : the UN DESA 2019 tables of :func:`origin_summary` (emigrants, population).

    Returns
    -------
    DataFrame indexed by country: ``remittances_usd, emigrants, residents, usd_per_emigrant,
    usd_per_resident``. A country without a WDI value for ``year`` has a missing remittance row,
    so that no figure is invented (the table keeps the country and says so with ``<NA>``, and a
    :class:`~mlalib.errors.MlalibWarning` names it).

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019], "origin_iso3": ["SEN"], "destination_iso3": ["FRA"], "stock": [500]})
    >>> totals = pd.DataFrame({"iso3": ["SEN"], "year": [2019], "immigrants": [0], "population_thousands": [2.0]})
    >>> wdi = pd.DataFrame({"iso3": ["SEN"], "year": [2019], "value": [1e6]})
    >>> remittance_summary(wdi, od, totals, "SEN").loc["SEN", ["usd_per_emigrant", "usd_per_resident"]].tolist()
    [2000.0, 500.0]
    """
    codes = country_codes(countries, "countries")
    require_columns(wdi, ["iso3", "year", "value"], "wdi")
    summary = origin_summary(od, totals, codes, year)
    rows = wdi[(wdi["year"] == year) & wdi["iso3"].isin(codes)]
    if rows["iso3"].duplicated().any():
        raise InputError(f"argument 'wdi' has {rows['iso3'][rows['iso3'].duplicated()].iloc[0]} twice in {year}")
    received = numeric_column(rows.set_index("iso3"), "value", "'wdi'", missing=True, non_negative=True)
    out = pd.DataFrame({"remittances_usd": received.reindex(codes), "emigrants": summary["emigrants"],
                        "residents": summary["residents"]})
    known = out["remittances_usd"].notna()
    if not known.all():
        warnings.warn(f"argument 'wdi' has no remittances received by {summarise(list(out.index[~known]))} in {year}: "
                      "their remittance columns are missing (NaN), none is invented", MlalibWarning, stacklevel=2)
    out["usd_per_emigrant"] = np.nan
    out["usd_per_resident"] = np.nan
    if known.any():
        out.loc[known, "usd_per_emigrant"] = remittances_per_emigrant(out.loc[known, "remittances_usd"],
                                                                      out.loc[known, "emigrants"])
        out.loc[known, "usd_per_resident"] = out.loc[known, "remittances_usd"] / out.loc[known, "residents"]
    return out.rename_axis("country")


def emigrants_by_source(od: pd.DataFrame, knomad: pd.DataFrame, countries: Iterable[str] | str,
                        year: int = 2019) -> pd.DataFrame:
    """Emigrants of ``countries`` according to UN DESA (``year``) and the World Bank 2017 bilateral matrix.

    The two are not the same measure, nor the same year: the World Bank matrix (2017) is built from UN DESA data with
    its own estimates where destinations do not report, and keeps a residual 'Other North'/'Other
    South' destination; UN DESA 2019 counts only destinations that report or that it estimates.

    Parameters
    ----------
    knomad : ``origin_code, destination_code, migrants`` (bundled ``knomad_migrant_stock_2017``).

    Returns
    -------
    DataFrame indexed by country: ``undesa``, ``world_bank_2017``, ``difference_pct`` (World Bank
    relative to UN DESA, per cent; missing, with a warning, where UN DESA counts no emigrants). Pairs
    of the World Bank matrix without an estimate count as unknown, not as zero, as in :func:`emigrants`.

    Example
    -------
    >>> od = pd.DataFrame({"year": [2019], "origin_iso3": ["SEN"], "destination_iso3": ["FRA"], "stock": [500]})
    >>> kn = pd.DataFrame({"origin_code": ["SEN"], "destination_code": ["FRA"], "migrants": [550.0]})
    >>> emigrants_by_source(od, kn, "SEN").loc["SEN"].round(6).tolist()
    [500.0, 550.0, 10.0]
    """
    codes = country_codes(countries, "countries")
    _od(od)
    _known(od, codes)
    require_columns(knomad, ["origin_code", "destination_code", "migrants"], "knomad")
    migrants = numeric_column(knomad, "migrants", "'knomad'", missing=True, non_negative=True)
    world_bank = _finite(lambda: migrants.dropna().groupby(knomad["origin_code"]).sum(), "migrants of 'knomad'")
    lacking = [c for c in codes if c not in world_bank.index]
    if lacking:
        raise InputError(f"argument 'knomad' has no emigrants of {summarise(lacking)}")
    out = pd.DataFrame({"undesa": _emigrants(od, _year(od, year)).reindex(codes),
                        "world_bank_2017": world_bank.reindex(codes)})
    none = out["undesa"] == 0
    if none.any():
        warnings.warn(f"UN DESA counts no emigrants of {summarise(list(out.index[none]))} in {year}: the difference "
                      "in per cent is undefined (NaN)", MlalibWarning, stacklevel=2)
    out["difference_pct"] = 100.0 * (out["world_bank_2017"] / out["undesa"].where(~none) - 1.0)
    return out.rename_axis("country")
