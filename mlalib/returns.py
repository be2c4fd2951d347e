"""Return migration and reintegration indicators.

Definitions: returning migrants are "persons returning to their country of citizenship after
having been international migrants ... in another country and who are intending to stay in their
own country for at least a year" (UN *Recommendations on Statistics of International Migration*,
Rev. 1, 1998); return international migrant workers are current residents who previously were
international migrant workers abroad (20th ICLS, 2018). Sustainable reintegration is reached
"when returnees have reached levels of economic self-sufficiency, social stability, and
psychosocial well-being that make their further migration decisions a matter of choice, rather
than necessity" (IOM 2019, *Reintegration Handbook*, Module 1).

The reintegration index follows the logic of IOM's Reintegration Sustainability Survey
(MEASURE; Samuel Hall for IOM 2017): items scored on their scales, normalised to 0-1 (reversed
where a high value is worse), combined into economic, social and psychosocial dimension scores
and a composite score with **weights given as data**: the functions take the item table (scales and
weights) as an argument, and :func:`mlalib.data.reintegration_index` gives the bundled one under
each of three named weight sets, side by side in the data set ``reintegration_weights``:
``"current"`` (every item counts once in the composite, so the social dimension, with four of the
ten items, weighs 40% and the two others 30% each: the weights of ``reintegration_items``),
``"equal_dimensions"`` (one third per dimension) and ``"iom_style"`` (weights derived
statistically from the items' correlations, as IOM's RSS scoring is reported to be; IOM's own
weights are not available offline, so this is the course's approximation). No threshold for
"sustainable" is built in: pass one, with its source, if your programme uses one.

Example
-------
>>> from mlalib.data import load, reintegration_index
>>> scores = reintegration_scores(load("synthetic_returnees"), reintegration_index("current"))
>>> list(scores.columns)
['economic', 'social', 'psychosocial', 'composite']
"""

from __future__ import annotations

import warnings
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import (
    Numeric, finite_result, numeric, numeric_column, require_columns, same_labels, whole_number,
)
from mlalib.errors import InputError, MissingColumnError, MlalibWarning, shown
from mlalib.survey import Design, by_columns, estimate, require_design

DIMENSIONS = ("economic", "social", "psychosocial")
DURATION_GROUPS = ("less than 1 year", "1-2 years", "3-4 years", "5-9 years", "10 years or more")


@finite_result
def return_rate(returns: Numeric, emigrant_stock: Numeric) -> Numeric:
    """Crude return rate in per cent: returns in a period over the emigrant stock at its start.

    A conventional demographic rate (not defined by one authority); the emigrant stock may come
    from UN DESA origin tables or destination-country data, the returns from a census or survey.

    Example
    -------
    >>> float(return_rate(12_000, 400_000))
    3.0
    """
    r = numeric(returns, "returns", non_negative=True)
    stock = numeric(emigrant_stock, "emigrant_stock", positive=True)
    same_labels(returns=r, emigrant_stock=stock)
    r_all, stock_all = np.broadcast_arrays(np.asarray(r, dtype="float64"), np.asarray(stock, dtype="float64"))
    above = np.ravel(r_all > stock_all)
    if above.any():
        first = int(np.flatnonzero(above)[0])
        warnings.warn(MlalibWarning(
            f"argument 'returns' is above 'emigrant_stock' in {int(above.sum()):,} case(s) (first: "
            f"{np.ravel(r_all)[first]:g} returns, stock {np.ravel(stock_all)[first]:g}), so the rate is above "
            "100%; possible with repeated moves within the period, but check that both cover the same "
            "population and period"), stacklevel=2)
    return 100.0 * r / stock


def duration_group(years: pd.Series) -> pd.Series:
    """Years abroad (or since return) grouped: <1, 1-2, 3-4, 5-9, 10+ years.

    ``years`` is a Series (or a list or array) of numbers; missing durations stay missing
    (``<NA>``). Text (``"two"``, also ``"2"``: numbers are never read from text), True/False,
    infinite and negative values are errors naming the row.

    Example
    -------
    >>> duration_group(pd.Series([0.5, 2, 12])).tolist()
    ['less than 1 year', '1-2 years', '10 years or more']
    """
    if isinstance(years, (str, bytes)) or np.ndim(years) == 0:
        raise InputError(f"argument 'years' must be a Series of numbers of years, got {shown(years)}")
    series = years if isinstance(years, pd.Series) else pd.Series(list(years), dtype="object")
    values = numeric_column(series.to_frame("years"), "years", "", missing=True, non_negative=True,
                            subject="argument 'years'")
    groups = pd.cut(values, [0, 1, 3, 5, 10, np.inf], right=False, labels=list(DURATION_GROUPS))
    return groups.astype("string")


#: Reasons for return that were not freely decided: MIREM counts a return as the migrant's own decision
#: only when it was not "forced by unexpected circumstances" (MIREM methodology; Cassarino 2008), so the end
#: of a contract and the loss of a job abroad are not freely decided, any more than a removal.
NOT_FREELY_DECIDED = ("end of contract", "lost job", "returned by authorities")


def freely_decided(
    data: pd.DataFrame, *, reason: str = "reason_for_return", not_freely_decided: Sequence[str] = NOT_FREELY_DECIDED,
) -> pd.Series:
    """Whether each return was freely decided (Cassarino's *willingness*), from the reason for return.

    A return is freely decided unless its reason is one of ``not_freely_decided`` (default: end of
    contract, job lost, returned by the authorities; MIREM's definition of a returnee: return "may be
    independently decided by the migrant or forced by unexpected circumstances"). A "voluntary"
    return in the sense of not removed by the authorities is therefore not necessarily freely
    decided. Missing reasons are an error naming the row.

    Example
    -------
    >>> freely_decided(pd.DataFrame({"reason_for_return": ["saved enough", "end of contract"]})).tolist()
    [True, False]
    """
    if reason not in data:
        raise MissingColumnError(f"argument 'data' lacks the column '{reason}'")
    if isinstance(not_freely_decided, str):
        raise InputError("argument 'not_freely_decided' must be a list of reasons, not one string "
                         f"({not_freely_decided!r})")
    values = data[reason]
    if values.isna().any():
        first = values.index[values.isna()][0]
        raise InputError(f"column '{reason}' has {int(values.isna().sum()):,} missing value(s), first at row "
                         f"{shown(first)}; a return whose reason is unknown cannot be classified")
    text = values.map(lambda v: isinstance(v, str))
    if not text.all():
        first = values.index[~text][0]
        raise InputError(f"column '{reason}' must hold reasons as text; row {shown(first)} has {shown(values[first])}")
    return (~values.isin(list(not_freely_decided))).astype(bool).rename("freely_decided")


def returnee_typology(
    data: pd.DataFrame, *, reason: str = "reason_for_return", not_freely_decided: Sequence[str] = NOT_FREELY_DECIDED,
    duration: str = "duration_abroad_years", long_stay: float = 5, resources: Sequence[str] | None = None,
    min_resources: int = 2,
) -> pd.Series:
    """Returnees by the two conditions of return preparedness of Cassarino (2004): willingness and readiness.

    Cassarino (2004, "Theorising return migration", *International Journal on Multicultural
    Societies* 6(2)) defines return preparedness by **willingness** (the return was freely decided)
    and **readiness** (the tangible and intangible resources mobilised before return: savings,
    skills, contacts). Willingness comes from the reason for return (:func:`freely_decided`, after
    MIREM). Readiness is measured by ``resources`` when the data have them (boolean columns such as
    savings at return, skills acquired, contacts kept; ready = at least ``min_resources`` of them,
    "resources mobilised" / "few resources mobilised"); otherwise the time spent abroad is used as
    a **proxy** ("long stay" when ``duration >= long_stay`` years, else "short stay"), because a
    long stay gives time to gather resources but does not show that they were gathered.

    Types: "freely decided" or "not freely decided", then the readiness group, e.g.
    "freely decided, long stay". A teaching device, not an official classification.

    Example
    -------
    >>> frame = pd.DataFrame({"reason_for_return": ["saved enough", "lost job"], "duration_abroad_years": [6, 2]})
    >>> returnee_typology(frame).tolist()
    ['freely decided, long stay', 'not freely decided, short stay']
    """
    willing = freely_decided(data, reason=reason, not_freely_decided=not_freely_decided)
    if resources:
        min_resources = whole_number(min_resources, "min_resources", minimum=1)
        missing = [c for c in resources if c not in data]
        if missing:
            raise MissingColumnError(f"argument 'data' lacks the resource column(s) {missing}")
        count = np.zeros(len(data), dtype=int)
        for column in resources:
            flags = data[column]
            if not (pd.api.types.is_bool_dtype(flags) or flags.isin([True, False, 1, 0]).all()):
                first = flags.index[~flags.isin([True, False, 1, 0])][0]
                raise InputError(f"column '{column}' must hold True/False (or 1/0); row {shown(first)} has "
                                 f"{shown(flags[first])}")
            count += flags.astype(bool).to_numpy()
        ready = np.where(count >= min_resources, "resources mobilised", "few resources mobilised")
    else:
        if duration not in data:
            raise MissingColumnError(f"argument 'data' lacks the column '{duration}'")
        long_stay = float(numeric(long_stay, "long_stay", non_negative=True))
        years = numeric_column(data, duration, "duration", non_negative=True)
        ready = np.where(years >= long_stay, "long stay", "short stay")
    decided = np.where(willing, "freely decided", "not freely decided")
    return pd.Series([f"{d}, {r}" for d, r in zip(decided, ready)], index=data.index, name="returnee_type",
                     dtype="string")


def _items(items: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(items, pd.DataFrame):
        raise InputError(f"argument 'items' must be the item table (a DataFrame, e.g. "
                         f"mlalib.data.reintegration_index('current')), got {type(items).__name__}")
    table = items
    needed = ["item", "dimension", "min", "max", "higher_is_better"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise MissingColumnError(f"argument 'items' lacks the column(s) {missing}")
    unknown = sorted({str(d) for d in table["dimension"]} - set(DIMENSIONS))
    if unknown:
        raise InputError(f"argument 'items' has dimensions {unknown}; accepted: {list(DIMENSIONS)}")
    table = table.assign(**{column: numeric_column(table, column, "", subject=f"argument 'items': column '{column}'")
                            for column in ("min", "max")})
    if (table["max"] <= table["min"]).any():
        raise InputError(f"item {table.loc[table['max'] <= table['min'], 'item'].iloc[0]!r} has max <= min")
    return table


WEIGHT_COLUMNS = ("dimension_weight", "composite_weight")


def _with_weights(table: pd.DataFrame, weights: pd.DataFrame | None) -> pd.DataFrame:
    """The item table with the weights of ``weights`` (a table), or its own if None."""
    if weights is None:
        missing = [c for c in WEIGHT_COLUMNS if c not in table.columns]
        if missing:
            raise MissingColumnError(f"argument 'items' lacks the weight column(s) {missing}; give 'weights' or "
                                     f"an item table with weights (mlalib.data.reintegration_index)")
        return table
    chosen = weights
    if not isinstance(chosen, pd.DataFrame):
        raise InputError(f"argument 'weights' must be a DataFrame (item, dimension_weight, composite_weight), "
                         f"got {type(weights).__name__}")
    missing = [c for c in ("item", *WEIGHT_COLUMNS) if c not in chosen.columns]
    if missing:
        raise MissingColumnError(f"argument 'weights' lacks the column(s) {missing}")
    if chosen["item"].duplicated().any():
        repeated = chosen.loc[chosen["item"].duplicated(), "item"].iloc[0]
        raise InputError(f"argument 'weights' repeats the item {shown(repeated)}")
    unknown = sorted(set(chosen["item"]) - set(table["item"]))
    absent = [item for item in table["item"] if item not in set(chosen["item"])]
    if unknown or absent:
        raise InputError(f"argument 'weights' must give one weight per item of the index; unknown items {unknown}, "
                         f"items without a weight {absent}")
    chosen = chosen.assign(**{column: numeric_column(chosen, column, "", subject=f"argument 'weights': column "
                                                                                  f"'{column}'")
                              for column in WEIGHT_COLUMNS})
    merged = table.drop(columns=[c for c in WEIGHT_COLUMNS if c in table.columns]).merge(
        chosen[["item", *WEIGHT_COLUMNS]], on="item", how="left")
    return merged


def reintegration_dimension_shares(items: pd.DataFrame, weights: pd.DataFrame | None = None) -> pd.Series:
    """The share of each dimension in the composite score implied by the weights (sums to 1).

    Example
    -------
    >>> from mlalib.data import reintegration_index
    >>> reintegration_dimension_shares(reintegration_index("current")).round(2).to_dict()
    {'economic': 0.3, 'social': 0.4, 'psychosocial': 0.3}
    """
    table = _check_weights(_with_weights(_items(items), weights))
    totals = table.groupby("dimension")["composite_weight"].sum()
    return (totals / totals.sum()).reindex(list(DIMENSIONS)).rename("share")


def _check_weights(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(**{column: numeric_column(table, column, "", non_negative=True,
                                                  subject=f"item weight column '{column}'")
                           for column in WEIGHT_COLUMNS})


def reintegration_scores(data: pd.DataFrame, items: pd.DataFrame,
                         weights: pd.DataFrame | None = None) -> pd.DataFrame:
    """Economic, social, psychosocial and composite reintegration scores (0 to 1) per person.

    Each item is normalised to 0-1 over its scale ``(x - min) / (max - min)``, reversed where
    ``higher_is_better`` is False; a dimension score is the weighted mean of its items
    (``dimension_weight``), the composite the weighted mean of all items (``composite_weight``).
    Values outside an item's scale, and missing values, are errors naming the item and row.

    Parameters
    ----------
    data : one row per returnee with a column per item.
    items : the scoring table (columns item, dimension, min, max, higher_is_better, and the weights
        dimension_weight, composite_weight), e.g. :func:`mlalib.data.reintegration_index` of a
        bundled weight set (``"current"``, ``"equal_dimensions"``, ``"iom_style"``).
    weights : a table (item, dimension_weight, composite_weight) replacing the weights of ``items``;
        None: the weights of ``items``.
    """
    table = _check_weights(_with_weights(_items(items), weights))
    missing = [item for item in table["item"] if item not in data.columns]
    if missing:
        raise MissingColumnError(f"argument 'data' lacks the item column(s) {missing}")
    normalised = {}
    for row in table.itertuples(index=False):
        values = numeric_column(data, row.item, "", subject=f"item '{row.item}'")  # missing: impute or drop first
        outside = (values < row.min) | (values > row.max)
        if outside.any():
            first = values.index[outside][0]
            raise InputError(f"item '{row.item}' has {values[first]:g} at row {first!r}, outside its scale "
                             f"{row.min:g}-{row.max:g}")
        scaled = (values - row.min) / (row.max - row.min)
        normalised[row.item] = scaled if bool(row.higher_is_better) else 1.0 - scaled
    frame = pd.DataFrame(normalised, index=data.index)
    out = pd.DataFrame(index=data.index)
    for dimension in DIMENSIONS:
        chosen = table[table["dimension"] == dimension]
        weights = chosen["dimension_weight"].to_numpy(float)
        if len(chosen) == 0 or weights.sum() == 0:
            raise InputError(f"dimension '{dimension}' has no item with a positive weight")
        out[dimension] = frame[chosen["item"]].to_numpy() @ weights / weights.sum()
    weights = table["composite_weight"].to_numpy(float)
    if weights.sum() == 0:
        raise InputError("the composite weights sum to zero")
    out["composite"] = frame[table["item"]].to_numpy() @ weights / weights.sum()
    return out


def reintegration_summary(
    data: pd.DataFrame,
    items: pd.DataFrame,
    *,
    design: Design,
    by: str | Sequence[str] | None = None,
    threshold: float | None = None,
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Weighted mean reintegration scores by group, with standard errors (see :func:`reintegration_scores`).

    Returns ``score`` (economic, social, psychosocial, composite), the ``by`` columns and the
    columns of :func:`mlalib.survey.estimate`. With ``threshold``, also the share of returnees
    whose composite score reaches it (``score = "share_at_threshold"``). ``weights`` chooses the
    weight set (see :func:`reintegration_scores`); ``design`` is the survey design
    (:class:`mlalib.survey.Design`).
    """
    design = require_design(design)
    by_cols = by_columns(by)
    threshold = None if threshold is None else float(numeric(threshold, "threshold"))
    require_columns(data, [*design.columns, *by_cols], "data")
    scores = reintegration_scores(data, items, weights)
    work = pd.concat([data[[*dict.fromkeys([*design.columns, *by_cols])]], scores], axis=1)
    tables = []
    for score in scores.columns:
        tables.append(estimate(work, score, design=design, by=by).assign(score=score))
    if threshold is not None:
        work["_reached"] = work["composite"] >= threshold
        tables.append(estimate(work, "_reached", design=design, by=by,
                               statistic="proportion").assign(score="share_at_threshold"))
    out = pd.concat(tables, ignore_index=True)
    return out[["score", *[c for c in out.columns if c != "score"]]]


def reintegration_weight_comparison(
    data: pd.DataFrame,
    indices: Mapping[str, pd.DataFrame],
    *,
    design: Design,
) -> pd.DataFrame:
    """Mean scores under several weight sets side by side, with the dimensions' shares and ranks.

    ``indices`` maps each weight set's name to its item table (:func:`mlalib.data.reintegration_indices`).
    One row per weight set and score (economic, social, psychosocial, composite): ``weight_set,
    score, share`` (the dimension's share in the composite; 1 for the composite), ``estimate, se,
    ci_low, ci_high, n, cv, unreliable`` (see :func:`mlalib.survey.estimate`) and ``rank``
    (1 = the dimension with the lowest mean score in that set: where reintegration lags most).

    Example
    -------
    >>> from mlalib.data import load, reintegration_indices
    >>> from mlalib.survey import Design
    >>> returnees = load("synthetic_returnees")
    >>> table = reintegration_weight_comparison(returnees, reintegration_indices(), design=Design("weight"))
    >>> sorted(table["weight_set"].unique())
    ['current', 'equal_dimensions', 'iom_style']
    """
    if not isinstance(indices, Mapping) or not indices:
        raise InputError("argument 'indices' must map at least one weight-set name to its item table "
                         "(e.g. mlalib.data.reintegration_indices())")
    tables = []
    for name, items in indices.items():
        summary = reintegration_summary(data, items, design=design)
        shares = reintegration_dimension_shares(items)
        summary.insert(0, "weight_set", name)
        summary.insert(2, "share", summary["score"].map({**shares.to_dict(), "composite": 1.0}))
        dims = summary["score"].isin(DIMENSIONS)
        summary["rank"] = pd.array([pd.NA] * len(summary), dtype="Int64")
        summary.loc[dims, "rank"] = summary.loc[dims, "estimate"].rank(method="min").astype("int64").to_numpy()
        tables.append(summary)
    return pd.concat(tables, ignore_index=True)
