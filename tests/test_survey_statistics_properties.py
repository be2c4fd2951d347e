"""Random bad input to every public function of the survey statistics: survey, labour, decent_work,
reintegration, models and returns.

Generated tables have 0 to 10 rows and every column a function may read, each of a random kind (clean
codes, numbers, True/False; or missing values, infinities, text, numbers written as text, unknown codes);
weights may be zero, negative, missing or text; strata often have a single PSU; domains are often empty;
a column is sometimes missing; designs name or omit strata and PSUs, with any lonely-PSU treatment.
Every function returns a result or raises an mlalib error: never another exception, never a numpy
warning (its silent NaN or inf), and never a missing or infinite number in a table row that the table
does not flag (``unreliable`` with a ``reason``; or a cv that is infinite because the estimate is 0, in a
row flagged unreliable). A test checks that every public function of these modules is exercised.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from mlalib import decent_work, labour, models, reintegration, returns, survey
from mlalib.data import reintegration_index
from mlalib.errors import MlalibError, MlalibWarning
from tests.test_bad_input_properties import SETTINGS, numbers, scalar

MODULES = (survey, labour, decent_work, reintegration, models, returns)
FEW = settings(SETTINGS, max_examples=15, phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking:
# the tables are wide, and the failing example is printed as drawn
INDEX = reintegration_index("current")
ITEMS = list(INDEX["item"])

# --- columns: a clean strategy, and bad values mixed in -------------------------------------------------------------

BAD = [None, np.nan, np.inf, -1, "x", "5", True]
flag = st.booleans()
CLEAN: dict[str, st.SearchStrategy] = {
    "weight": st.floats(0.5, 10.0),
    "stratum": st.sampled_from(["s1", "s2"]),
    "psu": st.sampled_from([1, 2, 3]),
    "g": st.sampled_from(["g1", "g2"]),
    "y": st.floats(-100, 100),
    "x": st.floats(0.5, 10),
    "sex": st.sampled_from(["female", "male"]),
    "age": st.integers(15, 70),
    "age_group": st.sampled_from(["15-24", "25-34", "55+"]),
    "country_of_birth": st.sampled_from(["PHL", "IDN"]),
    "citizenship": st.sampled_from(["PHL", "IDN"]),
    "labour_status": st.sampled_from(["employed", "employed", "unemployed", "outside labour force"]),
    "migrant_status": st.sampled_from(["migrant", "non-migrant"]),
    "international_migrant": flag,
    "return_migrant_worker": flag,
    "fatal_occupational_injury": flag, "informal": flag, "contributes_to_pension": flag,
    "in_education_or_training": flag, "domestic_worker": flag,
    "nonfatal_injury_cases": st.integers(0, 2),
    "isced_level": st.integers(0, 8),
    "occupation": st.integers(0, 9),
    "isco_unit": st.sampled_from([2221, 5322, 9111, 110]),
    "monthly_earnings": st.one_of(st.floats(100, 1e5), st.just(np.nan)),
    "usual_hours": st.integers(1, 80),
    "sector": st.sampled_from(["agriculture", "services"]),
    "recruitment_cost": st.floats(0, 5_000),
    "first_month_earnings_abroad": st.floats(100, 5_000),
    "worked_abroad": flag, "employee_abroad": flag,
    "years_since_return": st.floats(0, 12),
    "reason_for_return": st.sampled_from(["end of contract", "saved enough", "family reasons"]),
    "duration_abroad_years": st.floats(0, 20),
    "use_of_savings": st.sampled_from(["business investment", "no savings", "education"]),
    "assistance_received": st.sampled_from(["none", "business support"]),
    **{name: flag for name in reintegration.FLAGS},
    **{item: st.integers(0, 4) for item in ITEMS},
}
ODD: dict[str, list] = {  # values outside the documented codes, per column
    "sex": ["other"], "labour_status": ["retired"], "migrant_status": ["foreign"], "isced_level": [9, -1],
    "occupation": [12], "usual_hours": [0], "isco_unit": [91], "weight": [0.0, -2.0], "nonfatal_injury_cases": [1.5], "use_of_savings": ["cattle"],
    "reason_for_return": ["bored"], "age_group": ["0-14"], **{item: [7] for item in ITEMS},
}


@st.composite
def survey_table(draw, names: tuple[str, ...]) -> pd.DataFrame:
    """The columns ``names``: mostly clean, sometimes with bad or unknown values; one may be missing."""
    n = draw(st.integers(0, 10))
    columns = {}
    for name in names:
        clean = CLEAN[name]
        values = st.one_of(clean, clean, clean, st.sampled_from(BAD + ODD.get(name, [])))
        columns[name] = draw(st.lists(clean if draw(st.integers(0, 3)) else values, min_size=n, max_size=n))
    table = pd.DataFrame(columns, index=range(n))
    if draw(st.integers(0, 7)) == 0:
        table = table.drop(columns=draw(st.sampled_from(list(names))))
    if draw(st.booleans()):  # course-like column types: booleans as booleans, codes as text
        table = table.infer_objects()
    return table


DESIGN_COLUMNS = ("weight", "stratum", "psu")
#: The columns each module's functions read (a table draws only these: wide tables are slow to generate).
READS = {
    "survey": (*DESIGN_COLUMNS, "g", "y", "x", "sex", "labour_status"),
    "labour": (*DESIGN_COLUMNS, "g", "y", "x", "sex", "country_of_birth", "citizenship", "labour_status",
               "migrant_status", "international_migrant", "sector", "monthly_earnings", "recruitment_cost",
               "first_month_earnings_abroad", "worked_abroad", "employee_abroad", "years_since_return"),
    "decent_work": (*DESIGN_COLUMNS, "sex", "migrant_status", "labour_status", "fatal_occupational_injury", "informal",
                    "contributes_to_pension", "in_education_or_training", "domestic_worker", "nonfatal_injury_cases",
                    "isced_level", "occupation", "isco_unit", "age", "monthly_earnings", "usual_hours"),
    "reintegration": (*DESIGN_COLUMNS, "g", "sex", "age_group", "labour_status", "migrant_status",
                      "return_migrant_worker", "monthly_earnings", "use_of_savings", "reason_for_return",
                      *reintegration.FLAGS),
    "models": (*DESIGN_COLUMNS, "started_business", "y", "sex"),
    "returns": (*DESIGN_COLUMNS, "x", "sex", "reason_for_return", "duration_abroad_years", "savings_at_return",
                "planned_return", *ITEMS),
}


designs = st.builds(lambda strata, psu, lonely, weight: survey.Design(weight, strata=strata, psu=psu,
                                                                      lonely_psu=lonely),
                    st.sampled_from([None, "stratum"]), st.sampled_from([None, "psu"]), st.sampled_from(survey.LONELY_PSU),
                    st.sampled_from(["weight", "weight", "weight", "nope"]))
options = st.fixed_dictionaries({"level": st.one_of(st.just(0.95), scalar), "min_n": st.one_of(st.just(1), scalar),
                                 "max_cv": st.one_of(st.just(20.0), scalar)})


def _get(data: pd.DataFrame, column: str) -> pd.Series:
    return data[column] if column in data else pd.Series(dtype=object)


def _one(x: Any, *allowed: Any, default: Any = None) -> Any:
    """``x`` if it is one of ``allowed`` (the drawn extra argument picks an option), else ``default``."""
    return x if isinstance(x, (str, int, type(None))) and not isinstance(x, bool) and x in allowed else default


# --- one call per public function ----------------------------------------------------------------------------------

Call = Callable[[pd.DataFrame, survey.Design, dict, Any], Any]
CASES: dict[str, Call] = {
    # survey
    "survey.Design": lambda d, design, o, x: survey.Design(
        x if o["min_n"] == 1 else "weight", strata=None if o["min_n"] == 1 else x,
        lonely_psu=x if o["level"] != 0.95 else "adjust"),
    "survey.BoundDesign": lambda d, design, o, x: design.bind(d).ratios(
        _get(d, "y").to_numpy(), _get(d, "x").to_numpy(), survey.domain_codes(d, ["g"])[0], 2),
    "survey.require_design": lambda d, design, o, x: survey.require_design(x),
    "survey.by_columns": lambda d, design, o, x: survey.by_columns(x),
    "survey.domain_codes": lambda d, design, o, x: survey.domain_codes(d, ["sex", "g"], levels={
        "sex": ["female", "male"], "g": ["g1", "g2", "g3"]}),
    "survey.level_codes": lambda d, design, o, x: survey.level_codes(_get(d, "labour_status"), labour.LABOUR_STATUSES,
                                                                     "labour_status"),
    "survey.check_reliability": lambda d, design, o, x: survey.check_reliability(o["level"], o["min_n"], o["max_cv"]),
    "survey.estimate": lambda d, design, o, x: survey.estimate(
        d, "y", design=design, by=_one(x, "g", None, default="g"), statistic="mean", **o),
    # labour
    "labour.icls_categories": lambda d, design, o, x: labour.icls_categories(d, _one(x, "PHL", "fr", None, default="PHL")),
    "labour.migrant_criterion": lambda d, design, o, x: labour.migrant_criterion(
        d if _one(x, 1) else labour.icls_categories(d, "PHL")),
    "labour.migrants_by_criterion": lambda d, design, o, x: labour.migrants_by_criterion(d, "PHL", design=design),
    "labour.gap_between": lambda d, design, o, x: labour.gap_between(
        pd.DataFrame({"indicator": "participation_rate", "migrant_status": _get(d, "migrant_status"),
                      "estimate": _get(d, "y"), "se": _get(d, "x")}), "participation_rate", level=o["level"]),
    "labour.labour_indicators": lambda d, design, o, x: labour.labour_indicators(d, by="g", design=design,
                                                                                 level=o["level"]),
    "labour.share_of_migrants": lambda d, design, o, x: labour.share_of_migrants(d, design=design, by="g"),
    "labour.distribution": lambda d, design, o, x: labour.distribution(d, "sector", by="g", design=design,
                                                                       among="international_migrant"),
    "labour.weighted_quantile": lambda d, design, o, x: labour.weighted_quantile(x, _get(d, "x"), o["level"]),
    "labour.quantile_function": lambda d, design, o, x: labour.quantile_function(_get(d, "y"), x)(o["level"]),
    "labour.median_with_ci": lambda d, design, o, x: labour.median_with_ci(d, "monthly_earnings", design=design,
                                                                           by="g", level=o["level"]),
    "labour.median_earnings_gap": lambda d, design, o, x: labour.median_earnings_gap(
        d, "monthly_earnings", group="migrant_status", reference="non-migrant", design=design, by="sex"),
    "labour.indicator_gap": lambda d, design, o, x: labour.indicator_gap(
        d, _one(x, "participation_rate", "employment_rate", default="unemployment_rate"), by="migrant_status",
        design=design, level=o["level"]),
    "labour.recruitment_cost_indicator": lambda d, design, o, x: labour.recruitment_cost_indicator(
        d, design=design, by=_one(x, "sex")),
    "labour.recruitment_cost_gap": lambda d, design, o, x: labour.recruitment_cost_gap(d, design=design,
                                                                                       level=o["level"]),
    # decent_work
    **{f"decent_work.{name}": (lambda function: lambda d, design, o, x: function(
        d, design=design, by=_one(x, "sex", "migrant_status", None, default=("sex", "migrant_status")), **o))(
        getattr(decent_work, name))
       for name in ("occupational_injury_rates", "informality_rate", "pension_coverage", "neet_rate",
                    "overqualification_rate", "occupation_group_shares", "decent_work_indicators")},
    "decent_work.pay_gap": lambda d, design, o, x: decent_work.pay_gap(d, design=design, by=_one(x, "sex"), level=o["level"], min_n=o["min_n"]),
    "decent_work.hourly_earnings": lambda d, design, o, x: decent_work.hourly_earnings(d)[
        _get(d, "monthly_earnings").notna()],  # missing where earnings are missing, as documented
    "decent_work.qualification_match": lambda d, design, o, x: decent_work.qualification_match(
        _get(d, "isced_level"), _get(d, "occupation") if x is None else x),
    # reintegration
    "reintegration.check_codes": lambda d, design, o, x: reintegration.check_codes(d, ["labour_status",
                                                                                       "started_business"]),
    "reintegration.share": lambda d, design, o, x: reintegration.share(
        d, _get(d, "started_business"), design=design, by="g", domain=_get(d, "savings_at_return") if _one(x, 1) else None,
        min_n=o["min_n"], max_cv=o["max_cv"]),
    "reintegration.indicators": lambda d, design, o, x: reintegration.indicators(d, design=design, by="sex",
                                                                                 min_n=o["min_n"], max_cv=o["max_cv"]),
    "reintegration.crosstab": lambda d, design, o, x: reintegration.crosstab(
        d, "intends_to_reemigrate", ["sex", "labour_status"], design=design, min_n=o["min_n"], max_cv=o["max_cv"]),
    "reintegration.preparedness": lambda d, design, o, x: reintegration.preparedness(d),
    "reintegration.labour_gap": lambda d, design, o, x: reintegration.labour_gap(
        d, "earnings" if _one(x, "g") else "employment", design=design, by=_one(x, "g", "sex"),
        cells=[] if _one(x, 0) == 0 else ("sex", "age_group"), min_n=o["min_n"], max_cv=o["max_cv"]),
    "reintegration.labelled": lambda d, design, o, x: reintegration.labelled(
        reintegration.indicators(d, design=design), _one(x, "fr", "es", "PHL", default="en")),
    # models
    "models.logistic_regression": lambda d, design, o, x: models.logistic_regression(
        d, "started_business", ["y", "sex"], design=design, level=o["level"]),
    # returns
    "returns.return_rate": lambda d, design, o, x: returns.return_rate(x, _get(d, "x")),
    "returns.duration_group": lambda d, design, o, x: returns.duration_group(_get(d, "duration_abroad_years")),
    "returns.freely_decided": lambda d, design, o, x: returns.freely_decided(d),
    "returns.returnee_typology": lambda d, design, o, x: returns.returnee_typology(
        d, long_stay=o["level"], resources=["savings_at_return", "planned_return"] if _one(x, 1) else None),
    "returns.reintegration_dimension_shares": lambda d, design, o, x: returns.reintegration_dimension_shares(INDEX),
    "returns.reintegration_scores": lambda d, design, o, x: returns.reintegration_scores(d, INDEX),
    "returns.reintegration_summary": lambda d, design, o, x: returns.reintegration_summary(
        d, INDEX, design=design, by=_one(x, "sex"), threshold=o["level"] if _one(x, "sex") else None),
    "returns.reintegration_weight_comparison": lambda d, design, o, x: returns.reintegration_weight_comparison(
        d, {"current": INDEX}, design=design),
}
#: Public names that are no function of tables, with the reason.
NOT_CALLED = {
    "survey.Estimates": "the engine's result (arrays), made by BoundDesign",
    "models.LogisticFit": "the result of logistic_regression",
}
#: Columns that may hold missing values in rows flagged by nothing, as their function documents.
DOCUMENTED_GAPS = {
    "labour.icls_categories": {"*"},  # copies the input columns as they are
    "returns.reintegration_weight_comparison": {"rank"},  # ranks the dimensions only, not the composite score
    "models.logistic_regression": {"z", "p_value"},  # undefined where the standard error is 0
}
extra = st.one_of(st.none(), st.sampled_from(["g", "sex", "migrant_status", "PHL", "fr", "es", 0, 1, True, "weight"]),
                  numbers())


def _public() -> set[str]:
    return {f"{module.__name__.split('.')[-1]}.{name}" for module in MODULES for name, item in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(item) or inspect.isclass(item))
            and item.__module__ == module.__name__}


def _flagged(table: pd.DataFrame, column: str, bad: np.ndarray) -> bool:
    """Missing or infinite numbers in rows that say why: unreliable with a reason, or an infinite cv."""
    if "unreliable" not in table:
        return False
    rows = table[bad]
    if not rows["unreliable"].astype(bool).all():
        return False
    if column == "cv" and np.isinf(rows[column].astype("float64")).all():
        return True
    return "reason" in table and (rows["reason"].astype(str) != "").all()


def _check(name: str, result: Any) -> None:
    allowed = DOCUMENTED_GAPS.get(name, set())
    if "*" in allowed:
        return
    if isinstance(result, models.LogisticFit):
        result = result.table
    if isinstance(result, survey.Estimates):
        defined = ~np.isnan(result.estimate)
        assert np.isfinite(result.estimate[defined]).all() and np.isfinite(result.se[defined]).all(), result
        return
    if isinstance(result, pd.DataFrame):
        for column in result.columns:
            values = result[column]
            if column in allowed or not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                continue
            bad = ~np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
            assert not bad.any() or _flagged(result, column, bad), f"{name}: silent NaN or inf in {column!r}:\n{result}"
    elif isinstance(result, pd.Series) and pd.api.types.is_numeric_dtype(result) \
            and not pd.api.types.is_bool_dtype(result):
        assert np.isfinite(result.to_numpy(dtype="float64", na_value=np.nan)).all(), f"{name}: NaN or inf\n{result}"
    elif isinstance(result, (float, np.floating, np.ndarray)) and np.asarray(result).dtype.kind == "f":
        assert np.isfinite(result).all(), f"{name}: NaN or inf in {result!r}"


def _run(name: str, call: Callable[[], Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MlalibWarning)  # stated warnings are fine
        warnings.simplefilter("error", RuntimeWarning)  # numpy's silent NaN or inf is not
        try:
            result = call()
        except MlalibError:
            return
    _check(name, result)


def test_every_public_function_is_exercised():
    assert _public() == set(CASES) | set(NOT_CALLED)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_result_or_an_mlalib_error(name):
    @FEW
    @given(data=survey_table(READS[name.split(".")[0]]), design=designs, chosen=options, x=extra)
    def check(data, design, chosen, x):
        _run(name, lambda: CASES[name](data, design, chosen, x))

    check()
