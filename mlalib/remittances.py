"""Remittances: the cost of sending money (SDG 10.c.1) and remittances in relation to the economy.

Costs follow the World Bank's Remittance Prices Worldwide (RPW) methodology and the SDG 10.c.1
metadata (World Bank, custodian; metadata of 2 Feb 2018). Prices are per *service*: one
provider x product x corridor (sending country -> receiving country) x period, for sending the
equivalent of USD 200. Costs are in per cent of the amount sent:

* fee: ``100 * fee / amount``; exchange-rate margin: ``100 * (1 - applied / interbank)``, with
  both rates in units of pay-out currency per unit of sending currency; total cost = fee +
  margin (SDG 10.c.1 metadata, DATA_COMP);
* corridor average: simple mean over the services of a corridor in a period (RPW "Average Total
  Cost to remit in corridor"); global average (SDG 10.c.1): simple mean over **all services**,
  not a mean of corridor means; regional averages: simple mean over the services sent from (or
  to) the countries of a group; weighted average: corridor averages weighted by corridor
  remittance volumes, renormalised over the corridors priced in the period (the RPW Global
  Weighted Average; its official weights are not published); SmaRT: mean of the three
  cheapest services that meet the SmaRT criteria (transparent, at most 5 days, accessible;
  World Bank 2016, "Getting SmaRT about remittance price monitoring");
* SDG target 10.c has two components (SDG 10.c.1 metadata, STAT_CONC_DEF): the Global Average
  below 3% by 2030, and no corridor above 5%, the latter measured with the **SmaRT** average of
  each corridor, not its simple average (:func:`corridor_compliance`).

Macro ratios follow the WDI definitions (SDG 17.3.2: remittances received in % of GDP), with
group aggregates as ratios of sums over the countries with both values, as the World Bank
computes them (17.3.2 metadata, REG_AGG), never as means of country ratios.

Price tables are DataFrames with one row per service; the functions name the columns they
need and raise :class:`~mlalib.errors.MissingColumnError` or
:class:`~mlalib.errors.InputError` naming the column and the offending value.

Example
-------
>>> round(float(total_cost_pct(fee=5, amount=200, applied_rate=18.9, interbank_rate=19.5)), 3)
5.577
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from mlalib._validate import (
    Numeric, finite_result, no_overflow, numeric, numeric_column, require_columns, same_labels, whole_number,
)
from mlalib.errors import InputError, MlalibWarning, shown, summarise

CORRIDOR = ["sending", "receiving"]
#: Margins outside this band (per cent) are flagged as implausible: rates may be inverted or in
#: another currency (the RPW workbook stores some rates in an unrecorded pay-out currency).
SANE_MARGIN = (-10.0, 30.0)


@finite_result
def fee_pct(fee: Numeric, amount: Numeric) -> Numeric:
    """Fee in per cent of the amount sent: ``100 * fee / amount`` (RPW; SDG 10.c.1).

    Example
    -------
    >>> float(fee_pct(5, 200))
    2.5
    """
    f = numeric(fee, "fee", non_negative=True)
    a = numeric(amount, "amount", positive=True)
    same_labels(fee=f, amount=a)
    return 100.0 * f / a


@finite_result
def fx_margin_pct(applied_rate: Numeric, interbank_rate: Numeric) -> Numeric:
    """Exchange-rate margin in per cent: ``100 * (1 - applied / interbank)`` (RPW; SDG 10.c.1).

    Both rates in units of pay-out currency per unit of sending currency. A positive margin means
    the receiver gets less than at the interbank (mid-market) rate. Negative margins (an applied
    rate above the interbank rate) occur in promotions and are returned as computed, with an
    :class:`~mlalib.errors.MlalibWarning` naming how many and the first one, because inverted
    rates or rates in another currency give them too (see :func:`price_flags`).

    Example
    -------
    >>> round(float(fx_margin_pct(18.9, 19.5)), 4)
    3.0769
    """
    applied = numeric(applied_rate, "applied_rate", positive=True)
    interbank = numeric(interbank_rate, "interbank_rate", positive=True)
    same_labels(applied_rate=applied, interbank_rate=interbank)
    margin = 100.0 * (1.0 - applied / interbank)
    negative = np.ravel(np.asarray(margin) < 0)
    if negative.any():
        first = float(np.ravel(np.asarray(margin))[int(np.argmax(negative))])
        warnings.warn(MlalibWarning(
            f"argument 'applied_rate' is above 'interbank_rate' in {int(negative.sum()):,} of {negative.size:,} "
            f"price(s) (first margin {first:.2f}%): a negative exchange-rate margin, as in promotions; check that "
            "the rates are not inverted or in another currency"), stacklevel=_caller_level())
    return margin


@finite_result
def total_cost_pct(fee: Numeric, amount: Numeric, applied_rate: Numeric, interbank_rate: Numeric) -> Numeric:
    """Total cost in per cent of the amount sent: fee % + exchange-rate margin (SDG 10.c.1).

    An applied rate above the interbank rate (negative margin) gives a warning, as in
    :func:`fx_margin_pct`; the cost is returned as computed.

    Example
    -------
    >>> round(float(total_cost_pct(5, 200, 18.9, 19.5)), 4)
    5.5769
    """
    same_labels(fee=numeric(fee, "fee", non_negative=True), amount=numeric(amount, "amount", positive=True),
                applied_rate=numeric(applied_rate, "applied_rate", positive=True),
                interbank_rate=numeric(interbank_rate, "interbank_rate", positive=True))
    return fee_pct(fee, amount) + fx_margin_pct(applied_rate, interbank_rate)


def _caller_level() -> int:
    """Stack level of the first caller outside this module, so a warning points at the user's line."""
    import sys

    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    return level


def _warn_negative(averages: pd.DataFrame, keys: list[str], cost: str) -> None:
    """A negative *average* is no promotion of one service: most likely signs or rates are wrong."""
    negative = averages["total_cost_pct"] < 0
    if negative.any():
        first = averages[negative].iloc[0]
        where = ", ".join(f"{k} {shown(first[k])}" for k in keys)
        warnings.warn(MlalibWarning(
            f"the average of column '{cost}' is negative in {int(negative.sum()):,} group(s) (first: "
            f"{first['total_cost_pct']:g}% for {where}); single services may be negative (promotions, kept as RPW "
            "does) but a negative average suggests inverted rates or signs"), stacklevel=_caller_level())


def _costs(prices: pd.DataFrame, cost: str) -> pd.Series:
    values = prices[cost]
    if not pd.api.types.is_numeric_dtype(values):
        raise InputError(f"column '{cost}' of 'prices' must be numeric")
    if values.isna().any():
        first = values.index[values.isna()][0]
        raise InputError(f"column '{cost}' of 'prices' has {int(values.isna().sum()):,} missing value(s), first at "
                         f"row {shown(first)}; drop or fill them explicitly (RPW leaves non-transparent margins "
                         "unknown)")
    if pd.api.types.is_bool_dtype(values):
        raise InputError(f"column '{cost}' of 'prices' must hold costs in per cent, it holds booleans")
    costs = values.astype("float64")
    if np.isinf(costs).any():
        first = costs.index[np.isinf(costs)][0]
        raise InputError(f"column '{cost}' of 'prices' has an infinite cost at row {shown(first)}")
    return costs


def _mean_by(prices: pd.DataFrame, keys: list[str], cost: str) -> pd.DataFrame:
    require_columns(prices, [*keys, cost], "prices")
    costs = _costs(prices, cost)
    grouped = costs.groupby([prices[k] for k in keys], sort=True, observed=True)
    averages = pd.DataFrame({"total_cost_pct": grouped.mean(), "n_services": grouped.size()}).reset_index()
    _warn_negative(averages, keys, cost)
    return averages


@no_overflow
def corridor_average(prices: pd.DataFrame, *, period: str = "period", cost: str = "total_cost_pct") -> pd.DataFrame:
    """Average total cost per corridor and period: the simple mean over services (RPW ``ATCR.CORR``).

    Negative costs of single services (promotions) are kept, as RPW does; a negative corridor
    average gives an :class:`~mlalib.errors.MlalibWarning` (likely inverted rates or signs).
    Returns ``sending, receiving, <period>, total_cost_pct, n_services``.
    """
    return _mean_by(prices, [*CORRIDOR, period], cost)


@no_overflow
def global_average(prices: pd.DataFrame, *, period: str = "period", cost: str = "total_cost_pct") -> pd.DataFrame:
    """SDG 10.c.1 Global Average: the simple mean over **all services** in each period.

    Not the mean of corridor means: a corridor with more services weighs more. Returns
    ``<period>, total_cost_pct, n_services``.
    """
    return _mean_by(prices, [period], cost)


@no_overflow
def regional_average(
    prices: pd.DataFrame,
    groups: pd.Series,
    *,
    by: Literal["receiving", "sending"] = "receiving",
    period: str = "period",
    cost: str = "total_cost_pct",
) -> pd.DataFrame:
    """Simple mean over the services sent to (or from) the countries of each group (SDG 10.c.1 REG_AGG).

    ``groups`` maps country codes to group names (e.g. region of the receiving country). A
    country of the prices that ``groups`` does not map is an error, not silently left out.
    Returns ``group, <period>, total_cost_pct, n_services``.
    """
    if by not in CORRIDOR:
        raise InputError(f"argument 'by' must be 'receiving' or 'sending', got {by!r}")
    require_columns(prices, [by, period, cost], "prices")
    if not isinstance(groups, pd.Series):
        raise InputError("argument 'groups' must be a Series mapping country codes to group names")
    unmapped = sorted(set(prices[by]) - set(groups.index))
    if unmapped:
        raise InputError(f"argument 'groups' has no group for the {by} countries {unmapped[:8]}")
    labelled = prices.assign(group=prices[by].map(groups))
    return _mean_by(labelled, ["group", period], cost)


@no_overflow
def weighted_average(
    prices: pd.DataFrame,
    volumes: pd.DataFrame,
    *,
    period: str = "period",
    cost: str = "total_cost_pct",
    volume: str = "volume",
) -> pd.DataFrame:
    """Corridor averages weighted by corridor remittance volumes, per period.

    ``sum_c w_c avg_c / sum_c w_c`` over the corridors priced in the period (weights renormalised
    over covered corridors), as the RPW Global Weighted Average weighs corridors by the size of
    their remittance flows (RPW reports; the exact official weights are not published).
    ``volumes`` has ``sending, receiving, <volume>``, e.g. from the KNOMAD bilateral remittance
    matrix. A priced corridor without a volume is an error. The SDG 10.c.1 Global Average is
    unweighted (:func:`global_average`): where the big corridors are cheap, it overstates the
    cost of the average dollar sent. Returns ``<period>, total_cost_pct, n_corridors,
    volume_covered``.

    Example
    -------
    >>> from mlalib.data.synthetic import corridor_volumes, remittance_prices
    >>> prices, volumes = remittance_prices(seed=2026), corridor_volumes(seed=2026)
    >>> last = lambda t: round(float(t.query("period == '2024Q4'")["total_cost_pct"].item()), 2)
    >>> last(weighted_average(prices, volumes)), last(global_average(prices))
    (3.96, 4.97)
    """
    require_columns(volumes, [*CORRIDOR, volume], "volumes")
    if volumes.duplicated(CORRIDOR).any():
        raise InputError("argument 'volumes' lists a corridor twice: "
                         f"{volumes.loc[volumes.duplicated(CORRIDOR), CORRIDOR].iloc[0].tolist()}")
    w = numeric(volumes[volume], volume, non_negative=True)
    averages = corridor_average(prices, period=period, cost=cost)
    merged = averages.merge(volumes.assign(**{volume: w})[[*CORRIDOR, volume]], on=CORRIDOR, how="left")
    missing = merged[merged[volume].isna()]
    if len(missing):
        raise InputError(f"argument 'volumes' has no volume for the corridor {missing[CORRIDOR].iloc[0].tolist()} "
                         f"(and {len(missing[CORRIDOR].drop_duplicates()) - 1} more)")
    merged["weighted"] = merged["total_cost_pct"] * merged[volume]
    grouped = merged.groupby(period, sort=True)
    covered = grouped[volume].sum()
    if (covered == 0).any():
        raise InputError(f"the corridors priced in {list(covered.index[covered == 0])} all have volume 0")
    return pd.DataFrame({
        "total_cost_pct": grouped["weighted"].sum() / covered,
        "n_corridors": grouped.size(),
        "volume_covered": covered,
    }).reset_index()


@no_overflow
def smart_average(
    prices: pd.DataFrame,
    *,
    period: str = "period",
    cost: str = "total_cost_pct",
    qualifies: str = "smart",
    n_cheapest: int = 3,
    incomplete: Literal["exclude", "average"] = "exclude",
) -> pd.DataFrame:
    """SmaRT per corridor: the mean total cost of the ``n_cheapest`` services meeting the SmaRT criteria.

    ``qualifies`` names a boolean column (transparent, at most 5 days, accessible). Corridors
    with fewer qualifying services than ``n_cheapest`` are left out (``incomplete="exclude"``,
    as RPW drops corridors without qualifying services) or averaged over what they have
    (``"average"``); the World Bank does not document this case. Returns ``sending, receiving,
    <period>, smart_cost_pct, n_qualifying``.
    """
    if incomplete not in ("exclude", "average"):
        raise InputError(f"argument 'incomplete' must be 'exclude' or 'average', got {incomplete!r}")
    n_cheapest = whole_number(n_cheapest, "n_cheapest", minimum=1)
    require_columns(prices, [*CORRIDOR, period, cost, qualifies], "prices")
    flags = prices[qualifies]
    if not pd.api.types.is_bool_dtype(flags):
        raise InputError(f"column '{qualifies}' of 'prices' must be boolean (True where a service meets SmaRT)")
    keys = [*CORRIDOR, period]
    chosen = prices.loc[flags.astype(bool), keys].assign(cost=_costs(prices, cost)[flags.astype(bool)])
    chosen = chosen.sort_values([*keys, "cost"], kind="stable")
    cheapest = chosen.groupby(keys, observed=True, sort=True).head(n_cheapest)
    grouped = cheapest.groupby(keys, observed=True, sort=True)["cost"]
    out = pd.DataFrame({"smart_cost_pct": grouped.mean(), "n_qualifying": grouped.size()}).reset_index()
    counts = chosen.groupby(keys, observed=True, sort=True).size().reindex(
        pd.MultiIndex.from_frame(out[keys])).to_numpy()
    out["n_qualifying"] = counts
    if incomplete == "exclude":
        out = out[out["n_qualifying"] >= n_cheapest].reset_index(drop=True)
    return out


#: Status of a corridor against the SDG 10.c corridor target, in :func:`corridor_compliance`.
COMPLIANCE_STATUSES = ("meets the target", "above the target", "too few SmaRT services")


@no_overflow
def corridor_compliance(
    prices: pd.DataFrame,
    threshold: float = 5.0,
    *,
    period: str = "period",
    cost: str = "total_cost_pct",
    qualifies: str = "smart",
    n_cheapest: int = 3,
) -> pd.DataFrame:
    """Each corridor against the SDG 10.c target "no corridor above 5%", measured with SmaRT.

    Target 10.c: "eliminate remittance corridors with costs higher than 5 per cent". The SDG
    10.c.1 metadata (World Bank, STAT_CONC_DEF and DATA_COMP) measure this component with the
    **SmaRT** average (World Bank 2016, "Getting SmaRT about remittance price monitoring"): a
    corridor meets it when at least ``n_cheapest`` (3) services meet the SmaRT criteria
    (transparent, at most 5 days, accessible) and the mean of the three cheapest of them is at
    most ``threshold`` (5%). The simple corridor average over all services (RPW ``ATCR.CORR``)
    is shown beside it for comparison, not used for the target.

    Returns one row per corridor and period: ``sending, receiving, <period>, average_cost_pct``
    (simple mean of all services), ``n_services``, ``smart_cost_pct`` (missing where fewer than
    ``n_cheapest`` services qualify: no SmaRT average exists), ``n_qualifying``, ``status``
    (one of :data:`COMPLIANCE_STATUSES`) and ``meets_target``. A corridor with too few
    qualifying services does not meet the target (it cannot show three affordable services).

    Example
    -------
    >>> from mlalib.data.synthetic import remittance_prices
    >>> table = corridor_compliance(remittance_prices(seed=2026)).query("period == '2024Q4'")
    >>> table["status"].value_counts().to_dict()
    {'meets the target': 27, 'above the target': 2, 'too few SmaRT services': 1}
    """
    threshold = float(numeric(threshold, "threshold"))
    averages = corridor_average(prices, period=period, cost=cost).rename(columns={"total_cost_pct": "average_cost_pct"})
    smart = smart_average(prices, period=period, cost=cost, qualifies=qualifies, n_cheapest=n_cheapest,
                          incomplete="average")
    table = averages.merge(smart, on=[*CORRIDOR, period], how="left")
    table["n_qualifying"] = table["n_qualifying"].fillna(0).astype(int)
    enough = table["n_qualifying"] >= n_cheapest
    table["smart_cost_pct"] = table["smart_cost_pct"].where(enough)
    table["status"] = np.where(~enough, COMPLIANCE_STATUSES[2],
                               np.where(table["smart_cost_pct"] > threshold, COMPLIANCE_STATUSES[1],
                                        COMPLIANCE_STATUSES[0]))
    table["meets_target"] = table["status"] == COMPLIANCE_STATUSES[0]
    return table[[*CORRIDOR, period, "average_cost_pct", "n_services", "smart_cost_pct", "n_qualifying", "status",
                  "meets_target"]]


def share_of_corridors_above(
    corridor_costs: pd.DataFrame, threshold: float = 5.0, *, period: str = "period", cost: str = "total_cost_pct"
) -> pd.DataFrame:
    """Per period, the share (per cent) of corridors whose cost is above ``threshold``.

    ``corridor_costs`` is one row per corridor and period. For the SDG 10.c corridor target
    ("no corridor above 5%") the official measure is the SmaRT average (SDG 10.c.1 metadata):
    pass :func:`smart_average` with ``cost="smart_cost_pct"``; corridors without three
    qualifying services then have no SmaRT average and are not counted (see
    :func:`corridor_compliance` for them). With :func:`corridor_average` (all services) the
    share is larger, because dear services that a remitter need not use are averaged in.
    Returns ``<period>, share_above_pct, n_above, n_corridors``.

    Example
    -------
    >>> from mlalib.data.synthetic import remittance_prices
    >>> prices = remittance_prices(seed=2026)
    >>> smart = share_of_corridors_above(smart_average(prices), 5, cost="smart_cost_pct")
    >>> round(float(smart.query("period == '2024Q4'")["share_above_pct"].item()), 1)
    6.9
    >>> simple = share_of_corridors_above(corridor_average(prices), 5)
    >>> round(float(simple.query("period == '2024Q4'")["share_above_pct"].item()), 1)
    33.3
    """
    require_columns(corridor_costs, [*CORRIDOR, period, cost], "corridor_costs")
    if corridor_costs.duplicated([*CORRIDOR, period]).any():
        raise InputError("argument 'corridor_costs' must have one row per corridor and period; "
                         "pass corridor_average(prices), not the service-level prices")
    above = _costs(corridor_costs, cost) > numeric(threshold, "threshold")
    grouped = above.groupby(corridor_costs[period], sort=True)
    return pd.DataFrame({"share_above_pct": 100.0 * grouped.mean(), "n_above": grouped.sum().astype(int),
                         "n_corridors": grouped.size()}).reset_index()


@finite_result
def savings_at_target(volume: Numeric, current_cost_pct: Numeric, target_pct: float = 3.0) -> Numeric:
    """Money that senders and families would keep if costs fell to the target (SDG 10.c: 3%).

    ``volume * (current - target) / 100``, and 0 where the cost is already at or below the target.
    Same unit as ``volume``. A negative current cost (a promotion) saves nothing and gives a
    warning.

    Example
    -------
    >>> float(savings_at_target(1_000_000, 6.5))
    35000.0
    """
    v = numeric(volume, "volume", non_negative=True)
    current = numeric(current_cost_pct, "current_cost_pct")
    target = numeric(target_pct, "target_pct", non_negative=True)
    same_labels(volume=v, current_cost_pct=current, target_pct=target)
    negative = np.ravel(np.asarray(current) < 0)
    if negative.any():
        warnings.warn(MlalibWarning(
            f"argument 'current_cost_pct' has {int(negative.sum()):,} negative cost(s) (first: "
            f"{float(np.ravel(np.asarray(current))[int(np.argmax(negative))]):g}%); nothing is saved there, but check "
            "they are not data errors"), stacklevel=2)
    return v * np.maximum(current - target, 0.0) / 100.0


def price_flags(
    prices: pd.DataFrame, *, applied: str = "applied_rate", interbank: str = "interbank_rate", fee: str = "fee",
    amount: str = "amount", cost: str = "total_cost_pct",
) -> pd.DataFrame:
    """Flag service prices that need a look; nothing is dropped or changed.

    Columns returned (booleans, one row per service, same index): ``negative_cost`` (promotions:
    kept, but worth knowing), ``implausible_margin`` (margin outside ``SANE_MARGIN``, e.g. rates
    inverted or in another currency), ``fee_above_amount`` and ``above_100pct``. Columns that
    ``prices`` lacks give no flag.
    """
    require_columns(prices, [], "prices")

    def column(name: str) -> pd.Series:
        return numeric_column(prices, name, "prices", missing=True)

    flags = pd.DataFrame(index=prices.index)
    if cost in prices:
        costs = column(cost)
        flags["negative_cost"] = costs < 0
        flags["above_100pct"] = costs > 100
    if applied in prices and interbank in prices:
        with np.errstate(divide="ignore", invalid="ignore"):
            margin = 100.0 * (1.0 - column(applied) / column(interbank))
        flags["implausible_margin"] = (margin < SANE_MARGIN[0]) | (margin > SANE_MARGIN[1]) | ~np.isfinite(margin)
    if fee in prices and amount in prices:
        flags["fee_above_amount"] = column(fee) > column(amount)
    return flags


@finite_result
def remittances_pct_gdp(remittances: Numeric, gdp: Numeric) -> Numeric:
    """Remittances in per cent of GDP, both in current US$ of the same year (SDG 17.3.2; WDI BX.TRF.PWKR.DT.GD.ZS).

    Example
    -------
    >>> float(remittances_pct_gdp(40e9, 400e9))
    10.0
    """
    r = numeric(remittances, "remittances", non_negative=True)
    g = numeric(gdp, "gdp", positive=True)
    same_labels(remittances=r, gdp=g)
    return 100.0 * r / g


@finite_result
def per_capita(values: Numeric, population: Numeric) -> Numeric:
    """Value per person (e.g. remittances per inhabitant, or per migrant with a migrant stock)."""
    v = numeric(values, "values")
    p = numeric(population, "population", positive=True)
    same_labels(values=v, population=p)
    return v / p


def growth_pct(series: pd.Series) -> pd.Series:
    """Year-on-year growth in per cent of a Series indexed by year (first year: missing, by definition)."""
    if not isinstance(series, pd.Series) or not series.index.is_monotonic_increasing:
        raise InputError("argument 'series' must be a Series indexed by increasing years")
    values = numeric(series, "series")
    previous = values.shift(1)
    if (previous == 0).any():
        raise InputError(f"growth is undefined after a zero value (year {previous.index[previous == 0][0]})")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        growth = (100.0 * (values / previous - 1.0)).rename("growth_pct")
    if not np.isfinite(growth.iloc[1:].to_numpy(dtype="float64")).all():  # the first year is missing by definition
        raise InputError("growth_pct: the values are too large or too small to combine (the result overflows); "
                         "rescale them, e.g. to thousands or millions")
    return growth


@no_overflow
def real_terms(values: pd.Series, deflator: pd.Series, base_year: int) -> pd.Series:
    """Values in constant prices of ``base_year``: ``value_t * deflator_base / deflator_t``.

    Both Series are indexed by year; ``deflator`` (e.g. a price index) must cover every year of
    ``values``.
    """
    if not isinstance(values, pd.Series) or not isinstance(deflator, pd.Series):
        raise InputError("arguments 'values' and 'deflator' must be Series indexed by year")
    missing = sorted(set(values.index) - set(deflator.index))
    if missing:
        raise InputError(f"argument 'deflator' lacks the years {missing[:5]}")
    if base_year not in deflator.index:
        raise InputError(f"argument 'base_year' {base_year} is not a year of 'deflator'")
    d = numeric(deflator, "deflator", positive=True)
    return (numeric(values, "values") * d[base_year] / d.reindex(values.index)).rename(values.name)


@no_overflow
def group_ratio(
    numerator: pd.Series, denominator: pd.Series, groups: pd.Series, *, scale: float = 100.0
) -> pd.DataFrame:
    """Group aggregates as ratios of sums: ``scale * sum(numerator) / sum(denominator)`` per group.

    Only countries with both values count (as the World Bank aggregates WDI ratios such as
    remittances in % of GDP); the table says how many countries each group used. All three
    Series are indexed by country code.
    """
    for name, series in [("numerator", numerator), ("denominator", denominator), ("groups", groups)]:
        if not isinstance(series, pd.Series):
            raise InputError(f"argument '{name}' must be a Series indexed by country")
    table = pd.DataFrame({"num": numerator, "den": denominator}).dropna()
    unmapped = sorted(set(table.index) - set(groups.index))
    if unmapped:
        raise InputError(f"argument 'groups' has no group for {unmapped[:8]}")
    if groups.index.has_duplicates or table.index.has_duplicates:
        raise InputError("arguments 'numerator', 'denominator' and 'groups' must list each country once")
    table["num"] = numeric(table["num"].astype(object), "numerator")
    table["den"] = numeric(table["den"].astype(object), "denominator", non_negative=True)
    scale = float(numeric(scale, "scale"))
    table["group"] = groups.reindex(table.index)
    if table["group"].isna().any():
        unlabelled = list(table.index[table["group"].isna()])
        raise InputError(f"argument 'groups' has no group (a missing value) for {summarise(unlabelled)}")
    grouped = table.groupby("group", sort=True)
    den = grouped["den"].sum()
    if (den == 0).any():
        raise InputError(f"the denominator sums to 0 in the groups {list(den.index[den == 0])}")
    return pd.DataFrame({"ratio": scale * grouped["num"].sum() / den, "n_countries": grouped.size()}).reset_index()


def allocate_bilateral(
    inflows: pd.Series,
    migrant_stock: pd.DataFrame,
    host_income: pd.Series | None = None,
    rule: Literal["stock", "stock-income"] = "stock",
) -> pd.DataFrame:
    """Bilateral remittances by allocating each country's inflows over the countries where its emigrants live.

    Ratha & Shaw (2007), World Bank Working Paper 102; Mohapatra & Ratha (2010), annex
    "Estimating bilateral remittances". With ``M[i, j]`` the migrants born in i living in j and
    ``R_i`` the inflows of i: ``R[j -> i] = w_ij * R_i`` with

    * ``rule="stock"``: ``w_ij = M_ij / sum_j M_ij`` (equation 2A.1);
    * ``rule="stock-income"``: ``w_ij = M_ij * y_j / sum_j M_ij * y_j``, y the host country's
      income per capita (``host_income``).

    The published KNOMAD matrices use a third rule that also uses origin incomes; its functional
    form is not given in the published sources, so it is not implemented and those matrices
    cannot be reproduced exactly.

    Parameters
    ----------
    inflows : Series by receiving (origin) country.
    migrant_stock : DataFrame, rows origin, columns destination (host).
    host_income : Series by host country, for ``rule="stock-income"``.

    Returns
    -------
    DataFrame
        Rows sending (host) country, columns receiving (origin) country, as in the KNOMAD layout.

    Example
    -------
    >>> stock = pd.DataFrame({"USA": [300.0, 0.0], "ESP": [100.0, 50.0]}, index=["MEX", "MAR"])
    >>> float(allocate_bilateral(pd.Series({"MEX": 40.0, "MAR": 10.0}), stock).loc["USA", "MEX"])
    30.0
    """
    if rule not in ("stock", "stock-income"):
        raise InputError(f"argument 'rule' must be 'stock' or 'stock-income', got {rule!r}")
    if not isinstance(migrant_stock, pd.DataFrame):
        raise InputError("argument 'migrant_stock' must be a DataFrame (rows origin, columns destination)")
    if not isinstance(inflows, pd.Series):
        raise InputError("argument 'inflows' must be a Series by receiving country")
    missing = sorted(set(inflows.index) - set(migrant_stock.index))
    if missing:
        raise InputError(f"argument 'migrant_stock' has no emigrants for the receiving countries {missing[:8]}")
    stock = numeric(migrant_stock.loc[inflows.index].stack(), "migrant_stock", non_negative=True).unstack()
    stock = stock.reindex(columns=migrant_stock.columns)
    r = numeric(inflows, "inflows", non_negative=True)
    if rule == "stock-income":
        if not isinstance(host_income, pd.Series):
            raise InputError("rule='stock-income' needs 'host_income', a Series of income per capita by host country, "
                             f"got {shown(host_income)}")
        absent = sorted(set(stock.columns) - set(host_income.index))
        if absent:
            raise InputError(f"argument 'host_income' lacks the host countries {absent[:8]}")
        stock = stock * numeric(host_income.reindex(stock.columns), "host_income", positive=True)
    with np.errstate(over="ignore", invalid="ignore"):
        totals = stock.sum(axis=1)
    if not np.isfinite(totals.to_numpy(dtype="float64")).all():
        raise InputError("the values of 'migrant_stock'" + (" times 'host_income'" if rule == "stock-income" else "")
                         + " are too large to add up (the sum overflows); rescale them, e.g. to thousands")
    empty = totals[(totals == 0) & (r > 0)]
    if len(empty):
        raise InputError(f"{list(empty.index[:5])} receive remittances but have no emigrants in 'migrant_stock'")
    weights = stock.div(totals.where(totals > 0, 1.0), axis=0)
    return weights.mul(r, axis=0).T.rename_axis(index="sending", columns="receiving")
