"""Fair comparisons (mlalib.exercises.comparison): unit slips, both ways, are "close" and named; names are accepted
as well as codes."""

from __future__ import annotations

import pytest

from mlalib.exercises.catalogue import Exercise
from mlalib.exercises.comparison import compare
from mlalib.i18n import text

PERCENT = Exercise("t-percent", "number", abs_tol=0.5, close_rel_tol=0.02, unit="percent")
MONTHS = Exercise("t-months", "number", abs_tol=0.05, close_rel_tol=0.02, unit="months")
PERSONS = Exercise("t-persons", "number", rel_tol=0.005, close_rel_tol=0.02, unit="persons")
PLAIN = Exercise("t-plain", "number", abs_tol=0.5, close_rel_tol=0.02)
SHARE = Exercise("t-share", "number", abs_tol=0.005, close_rel_tol=0.02, unit="share")
EARNINGS = Exercise("t-earnings", "number", abs_tol=0.5, close_rel_tol=0.02, unit="percent_of_earnings")
THOUSANDS = Exercise("t-thousands", "number", rel_tol=0.005, close_rel_tol=0.02, unit="thousands")
MILLIONS = Exercise("t-millions", "number", rel_tol=0.005, close_rel_tol=0.02, unit="millions")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("exercise, answer, expected, key", [
    (PERCENT, 0.742, 74.21, "check.unit.share_for_percent"),      # a share for a percentage
    (PERCENT, 0.74, 74.21, "check.unit.share_for_percent"),       # ... rounded
    (MONTHS, 180, 1.80, "check.unit.percent_for_months"),         # per cent of monthly earnings for months
    (MONTHS, 183.4, 1.834, "check.unit.percent_for_months"),
    (PERSONS, 2_230, 2_229_720, "check.unit.thousands_for_persons"),
    (PERSONS, 2.23, 2_229_720, "check.unit.millions_for_persons"),
    (SHARE, 74.2, 0.7421, "check.unit.percent_for_share"),        # the reverse slips
    (SHARE, 74, 0.7421, "check.unit.percent_for_share"),
    (EARNINGS, 1.80, 180.0, "check.unit.months_for_percent"),
    (THOUSANDS, 2_229_720, 2_230, "check.unit.persons_for_thousands"),
    (MILLIONS, 2_229_720, 2.23, "check.unit.persons_for_millions"),
])
def test_a_unit_slip_is_close_and_named(exercise, answer, expected, key, language):
    status, message = compare(exercise, answer, expected, language)
    assert (status, message) == ("close", text(key, language))


@pytest.mark.parametrize("exercise, answer, expected", [
    (PERCENT, 74.2, 74.21), (MONTHS, 1.8, 1.80), (PERSONS, 2_230_000, 2_229_720), (SHARE, 0.742, 0.7421),
    (THOUSANDS, 2_230, 2_229.72), (MILLIONS, 2.23, 2.22972)])
def test_the_right_unit_is_correct(exercise, answer, expected):
    assert compare(exercise, answer, expected, "en")[0] == "correct"


@pytest.mark.parametrize("exercise, answer, expected", [
    (PERCENT, 0.60, 74.21),       # a share, but of something else
    (PERCENT, 0.0, 74.21),
    (MONTHS, 1.80, 180.0),        # the other way round is no known slip
    (PERSONS, 22_300, 2_229_720),
    (SHARE, 7.42, 0.7421),        # a tenth of the percentage: no slip
    (PLAIN, 0.742, 74.21),        # no unit declared: no guess
])
def test_what_no_unit_explains_is_not_yet(exercise, answer, expected):
    assert compare(exercise, answer, expected, "en")[0] == "not_yet"


def test_the_unit_field_comes_last_and_defaults_to_none():
    from dataclasses import fields

    assert fields(Exercise)[-1].name == "unit" and Exercise("x", "number").unit is None


COUNTRY_TEXT = Exercise("t-country", "text")
COUNTRY_CHOICE = Exercise("t-choice", "choice", options=("PHL", "MEX", "SEN"))


@pytest.mark.parametrize("exercise", [COUNTRY_TEXT, COUNTRY_CHOICE])
@pytest.mark.parametrize("answer", ["MEX", "mex", "Mexico", "Mexique", "México", "mexico ", "United Mexican States"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_country_names_in_every_course_language_are_accepted(exercise, answer, language):
    assert compare(exercise, answer, "MEX", language)[0] == "correct"


@pytest.mark.parametrize("exercise", [COUNTRY_TEXT, COUNTRY_CHOICE])
@pytest.mark.parametrize("answer", ["PHL", "Philippines", "Filipinas", "Senegal", "Sénégal", "New Mexico"])
def test_another_country_is_not_accepted(exercise, answer):
    assert compare(exercise, answer, "MEX", "en")[0] == "not_yet"


def test_choice_options_keep_their_translations():
    flow = Exercise("t-flow", "choice", options=("stock", "flow"))
    assert compare(flow, "flux", "flow", "fr")[0] == "correct"
    assert compare(flow, "flujo", "flow", "en")[0] == "correct"
    assert compare(flow, "stock", "flow", "es")[0] == "not_yet"


@pytest.mark.parametrize("answer, expected, status", [
    ("yes", "yes", "correct"), ("oui", "yes", "correct"), ("sí", "yes", "correct"), ("si", "yes", "correct"),
    ("non", "no", "correct"), ("no", "no", "correct"), ("oui", "no", "not_yet")])
def test_yes_and_no_in_every_course_language(answer, expected, status):
    yes_no = Exercise("t-yes-no", "choice", options=("yes", "no"))
    assert compare(yes_no, answer, expected, "fr")[0] == status


def test_an_unknown_unit_is_refused_and_the_units_named():
    from mlalib.errors import InputError
    from mlalib.exercises.catalogue import register

    with pytest.raises(InputError, match="unit must be one of percent, share, .*got 'percents'"):
        register(Exercise("t-unknown-unit", "number", reference=lambda ctx: 1.0, unit="percents"))
