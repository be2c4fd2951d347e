"""Weighted logistic regression with design-based standard errors.

:func:`logistic_regression` fits ``logit P(y = 1) = X b`` by maximising the weighted
(pseudo-)likelihood ``sum_i w_i [y_i log p_i + (1 - y_i) log(1 - p_i)]`` (Newton-Raphson, which
for the logit link is the same as iteratively reweighted least squares), as R's
``survey::svyglm(family = quasibinomial)`` does (Lumley 2010, *Complex Surveys*;
Binder 1983, *International Statistical Review* 51:279-292).

Standard errors are design-based (Taylor linearisation, "sandwich"): with the score of person
``i``, ``u_i = w_i x_i (y_i - p_i)``, and ``H = sum_i w_i p_i (1 - p_i) x_i x_i'``, the covariance
of the coefficients is ``H^-1 V H^-1`` where ``V`` is the between-PSU covariance within strata
of the PSU totals of ``u`` (``sum_h n_h / (n_h - 1) sum_j (z_hj - zbar_h)(z_hj - zbar_h)'``), the
same with-replacement (ultimate cluster) formula as :func:`mlalib.survey.estimate`. Intervals
use the normal quantile; odds ratios are ``exp(b)`` with the interval ``exp(b +- z se)``.

Only numpy is used: the computation is a few lines of linear algebra, and statsmodels (which
has no design-based variance for strata and PSUs anyway) would add a large dependency to the
participants' install, which must also work offline.

Example
-------
>>> df = pd.DataFrame({"y": [1, 0, 1, 1, 0, 0, 1, 0], "x": ["a", "a", "a", "a", "b", "b", "b", "b"],
...                    "w": [1.0] * 8})
>>> fit = logistic_regression(df, "y", ["x"], design=Design("w"))
>>> round(float(fit.table.loc[1, "odds_ratio"]), 4)   # (1/3) / (3/1)
0.1111
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from mlalib._validate import require_columns, share, whole_number
from mlalib.errors import ConvergenceError, InputError, shown
from mlalib.survey import Design, require_design

#: Fitted probabilities closer than this to 0 or 1 mean (quasi-)complete separation.
_EXTREME = 1e-8
#: Most categories a categorical predictor may have: each one is a coefficient, estimated from its respondents.
MAX_CATEGORIES = 50


@dataclass(frozen=True)
class LogisticFit:
    """A fitted weighted logistic regression.

    ``table`` has one row per term: ``term, variable, level, coefficient, se, ci_low, ci_high,
    odds_ratio, or_ci_low, or_ci_high, z, p_value``; ``covariance`` is the design-based
    covariance of the coefficients (terms as labels); ``n`` the respondents used and
    ``iterations`` the Newton steps taken.
    """

    outcome: str
    predictors: tuple[str, ...]
    table: pd.DataFrame
    covariance: pd.DataFrame
    n: int
    iterations: int


def _outcome(data: pd.DataFrame, outcome: str) -> np.ndarray:
    values = data[outcome]
    if values.isna().any():
        first = values.index[values.isna()][0]
        raise InputError(f"outcome column '{outcome}' has {int(values.isna().sum()):,} missing value(s), first at row "
                         f"{shown(first)}; drop those rows explicitly before fitting")
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype="float64")
    if not pd.api.types.is_numeric_dtype(values) or not values.isin([0, 1]).all():
        bad = values[~values.isin([0, 1])] if pd.api.types.is_numeric_dtype(values) else values
        raise InputError(f"outcome column '{outcome}' must be True/False or 1/0; row {shown(bad.index[0])} has "
                         f"{shown(bad.iloc[0])}")
    return values.to_numpy(dtype="float64")


def _design_matrix(data: pd.DataFrame, predictors: list[str], reference: Mapping[str, object]
                   ) -> tuple[np.ndarray, list[tuple[str, str, object]]]:
    """Columns of X: an intercept, numbers as they are, one 0/1 column per non-reference category."""
    columns, terms = [np.ones(len(data))], [("(intercept)", "", None)]
    for name in predictors:
        values = data[name]
        if values.isna().any():
            first = values.index[values.isna()][0]
            raise InputError(f"predictor column '{name}' has {int(values.isna().sum()):,} missing value(s), first at "
                             f"row {shown(first)}; recode them (e.g. as a category 'unknown') or drop the rows")
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            if name in reference:
                raise InputError(f"argument 'reference' gives a reference category for '{name}', a numeric predictor "
                                 "(numbers enter the model as they are, with no categories); leave it out of "
                                 "'reference', or make the column categorical first (astype('category'))")
            array = values.to_numpy(dtype="float64")
            if not np.isfinite(array).all():
                first = values.index[~np.isfinite(array)][0]
                raise InputError(f"predictor column '{name}' has a non-finite value at row {shown(first)}")
            columns.append(array)
            terms.append((name, name, None))
            continue
        levels = _categories(values, name)
        base = reference.get(name, levels[0])
        if base not in levels:
            raise InputError(f"reference category {shown(base)} of predictor '{name}' is not in the data; "
                             f"categories: {[str(v) for v in levels]}")
        for level in levels:
            if level == base:
                continue
            columns.append((values == level).to_numpy(dtype="float64"))
            terms.append((f"{name}: {level}", name, level))
    return np.column_stack(columns), terms


def _categories(values: pd.Series, name: str) -> list:
    """The categories of a text, boolean or categorical predictor, sorted; numbers written as text and more
    than :data:`MAX_CATEGORIES` categories are errors (checked before any column of X is built)."""
    uniques = pd.unique(values)
    if not isinstance(values.dtype, pd.CategoricalDtype) and all(isinstance(v, str) for v in uniques) \
            and pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").notna().all():
        first = values.index[0]
        raise InputError(f"predictor column '{name}' holds numbers written as text (row {shown(first)} has "
                         f"{shown(values[first])}); numbers are never converted: read the column as numbers "
                         "(pd.to_numeric) to use it as a number, or make it categorical (astype('category')) "
                         "if its values are codes")
    levels = sorted(uniques, key=str)
    if len(levels) < 2:
        raise InputError(f"predictor column '{name}' has a single category ({shown(levels[0])}); "
                         "it cannot explain anything: leave it out")
    if len(levels) > MAX_CATEGORIES:
        raise InputError(f"predictor column '{name}' has {len(levels):,} categories; a logistic model estimates one "
                         f"coefficient per category, at most {MAX_CATEGORIES}: group the categories first (or, if "
                         "they are numbers, give the column as numbers)")
    return levels


def _check_rank(x: np.ndarray, terms: list[tuple[str, str, object]]) -> None:
    """A term that is a linear combination of others (e.g. two columns coding the same thing) is an error."""
    scale = np.sqrt((x ** 2).sum(axis=0))
    if (scale == 0).any():
        term = terms[int(np.flatnonzero(scale == 0)[0])][0]
        raise InputError(f"term '{term}' is zero for every respondent; leave it out")
    gram = (x / scale).T @ (x / scale)  # k x k: the rank checks cost nothing however many respondents
    for k in range(1, x.shape[1]):
        if np.linalg.matrix_rank(gram[: k + 1, : k + 1], tol=1e-10) <= k:
            raise InputError(f"term '{terms[k][0]}' is a linear combination of the terms before it "
                             f"({', '.join(t[0] for t in terms[:k])}); the model cannot separate their effects: "
                             "drop one of the variables involved")


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, max_iter: int, tol: float
         ) -> tuple[np.ndarray, np.ndarray, int, bool]:
    beta = np.zeros(x.shape[1])
    wn = w / w.mean()  # the estimates do not depend on the scale of the weights; this keeps H well scaled
    p = np.full(len(y), 0.5)
    for iteration in range(1, max_iter + 1):
        eta = np.clip(x @ beta, -700.0, 700.0)
        p = 1.0 / (1.0 + np.exp(-eta))
        hessian = x.T @ (x * (wn * p * (1.0 - p))[:, None])
        gradient = x.T @ (wn * (y - p))
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            return beta, p, iteration, False
        beta = beta + step
        if not np.isfinite(beta).all():
            return beta, p, iteration, False
        if np.max(np.abs(step)) < tol * (1.0 + np.max(np.abs(beta))):
            p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -700.0, 700.0)))
            return beta, p, iteration, True
    return beta, p, max_iter, False


def logistic_regression(
    data: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    *,
    design: Design,
    reference: Mapping[str, object] | None = None,
    level: float = 0.95,
    max_iter: int = 50,
) -> LogisticFit:
    """Weighted logistic regression of ``outcome`` on ``predictors`` with design-based standard errors.

    Parameters
    ----------
    data : one row per respondent.
    outcome : a True/False (or 1/0) column.
    predictors : columns; numbers enter as they are, text, boolean or categorical columns as one
        0/1 term per category other than the reference category (at most :data:`MAX_CATEGORIES`).
        Numbers written as text are refused, not read as categories.
    design : the survey design (:class:`mlalib.survey.Design`; its ``lonely_psu`` treats strata with
        a single PSU).
    reference : reference category per categorical predictor (default: the first in sorted order).
    level : confidence level of the intervals.
    max_iter : Newton steps before giving up.

    Returns
    -------
    LogisticFit
        ``table`` (coefficients, SE, CI, odds ratios, z, p-value), ``covariance``, ``n``,
        ``iterations``.

    Raises
    ------
    MissingColumnError
        A column is not in ``data``.
    InputError
        Missing values, an outcome that is not 0/1, a non-positive weight, a predictor with a
        single category or more than :data:`MAX_CATEGORIES`, numbers written as text, a
        reference category for a numeric predictor, or terms that are linear combinations of
        each other (named).
    ConvergenceError
        The fit does not converge, or the outcome is (almost) perfectly predicted by some
        predictors (separation); the message names the outcome and the predictors involved.

    Example
    -------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 0, 1, 1], "x": [0.0, 1.0, 2.0, 0.5, 1.5, 2.5], "w": [1.0] * 6})
    >>> list(logistic_regression(df, "y", ["x"], design=Design("w")).table["term"])
    ['(intercept)', 'x']
    """
    design = require_design(design)
    if isinstance(predictors, str):
        predictors = [predictors]
    predictors = list(predictors)
    if not predictors:
        raise InputError("argument 'predictors' is empty; name at least one column")
    if outcome in predictors:
        raise InputError(f"column '{outcome}' is both the outcome and a predictor")
    level = share(level, "level", open_interval=True)
    max_iter = whole_number(max_iter, "max_iter", minimum=1)
    require_columns(data, [outcome, *predictors, *design.columns], "data")
    if len(data) == 0:
        raise InputError("argument 'data' has no rows; there is nothing to fit")
    reference = dict(reference or {})
    unknown = [k for k in reference if k not in predictors]
    if unknown:
        raise InputError(f"argument 'reference' names {unknown}, which are not predictors {predictors}")
    bound = design.bind(data)
    w = bound.weights
    y = _outcome(data, outcome)
    x, terms = _design_matrix(data, predictors, reference)
    _check_rank(x, terms)

    beta, p, iterations, converged = _fit(x, y, w, max_iter, 1e-10)
    involved = ", ".join(f"'{v}'" for v in predictors)
    if not converged:
        raise ConvergenceError(f"the logistic model of '{outcome}' on {involved} did not converge in {max_iter} "
                               "steps; look for categories with (almost) no cases of one outcome, or merge "
                               "categories")
    extreme = (p < _EXTREME) | (p > 1 - _EXTREME)
    if extreme.any():
        big = [terms[k][1] for k in np.argsort(-np.abs(beta)) if k > 0 and abs(beta[k]) > 10]
        named = ", ".join(f"'{v}'" for v in dict.fromkeys(big)) or involved
        raise ConvergenceError(f"the logistic model of '{outcome}' does not converge: {int(extreme.sum()):,} "
                               f"respondent(s) are perfectly predicted (separation) by {named}; merge the "
                               "categories with no (or only) cases, or leave those variables out")

    hessian = x.T @ (x * (w * p * (1.0 - p))[:, None])
    bread = np.linalg.inv(hessian)
    covariance = bread @ bound.covariance(x * (y - p)[:, None]) @ bread
    se = np.sqrt(np.maximum(np.diag(covariance), 0.0))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        zstat = np.where(se > 0, beta / se, np.nan)
    p_value = np.array([2 * (1 - NormalDist().cdf(abs(v))) if np.isfinite(v) else np.nan for v in zstat])
    labels = [t[0] for t in terms]
    table = pd.DataFrame({
        "term": labels, "variable": [t[1] for t in terms], "level": [t[2] for t in terms],
        "coefficient": beta, "se": se, "ci_low": beta - z * se, "ci_high": beta + z * se,
        "odds_ratio": np.exp(beta), "or_ci_low": np.exp(beta - z * se), "or_ci_high": np.exp(beta + z * se),
        "z": zstat, "p_value": p_value,
    })
    return LogisticFit(outcome, tuple(predictors), table, pd.DataFrame(covariance, index=labels, columns=labels),
                       int(len(data)), iterations)

