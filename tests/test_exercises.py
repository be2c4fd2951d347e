"""Exercise checks: statuses, answer kinds, languages, and the catalogs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlalib.errors import ConfigError, UnknownExerciseError
from mlalib.exercises import Context, Exercise, check, configure, exercises, reference_answer
from mlalib.exercises import catalogue, session
from mlalib.i18n import LANGUAGES, catalog, translated


@pytest.fixture(autouse=True)
def english():
    configure(language="en")
    yield
    configure(language="en")


@pytest.fixture
def temporary_exercises():
    added = []

    def add(exercise: Exercise) -> str:
        catalogue.register(exercise)
        added.append(exercise.id)
        return exercise.id

    yield add
    for exercise_id in added:
        del catalogue._EXERCISES[exercise_id]


def test_rate_of_change_accepts_the_solution_and_rejects_typical_mistakes():
    expected = reference_answer("start-rate-of-change")
    assert expected == pytest.approx(2.0219199, rel=1e-6)
    assert check("start-rate-of-change", expected).status == "correct"
    assert check("start-rate-of-change", 2.02).status == "correct"
    assert check("start-rate-of-change", 2.0).status == "close"
    forgot_100 = check("start-rate-of-change", 0.020219)  # a share for a percentage: close, and the unit named
    assert forgot_100.status == "close" and "percentage" in forgot_100.message
    assert check("start-rate-of-change", 83.4).status == "not_yet"  # total growth in %, not per year
    assert check("start-rate-of-change", ...).status == "not_answered"
    assert check("start-rate-of-change", np.float64(2.0219)).correct


def test_feedback_gives_a_hint_but_not_the_answer():
    result = check("start-rate-of-change", 1.5)
    assert result.hint and "2.02" not in repr(result) and "2.02" not in result._repr_html_()
    assert "Hint:" in repr(result)
    assert check("start-rate-of-change", 2.02).hint == ""


def test_wrong_kind_of_answer_says_what_is_expected():
    result = check("start-rate-of-change", "two percent")
    assert result.status == "not_yet" and "should be a number, you gave a text ('two percent')" in result.message
    assert check("start-rate-of-change", True).status == "not_yet"
    assert check("start-rate-of-change", float("nan")).status == "not_yet"


def test_messages_follow_the_cohort_language():
    configure(language="es")
    assert check("start-rate-of-change", 2.02).message == "¡Correcto!"
    configure(language="fr")
    assert check("start-rate-of-change", ...).message.startswith("Pas encore de réponse")
    with pytest.raises(ConfigError, match="field 'language': 'de' is not a course language; accepted: en"):
        configure(language="de")


def test_unknown_exercise_lists_the_ids():
    with pytest.raises(UnknownExerciseError, match="no exercise with id 'x'; known ids: .*start-rate-of-change"):
        check("x", 1)


def test_series_frame_choice_and_text_answers(temporary_exercises):
    series = pd.Series([1.0, 2.0], index=["a", "b"])
    frame = pd.DataFrame({"v": [1.0, 2.0], "k": ["x", "y"]}, index=["a", "b"])
    sid = temporary_exercises(Exercise("t-series", "series", reference=lambda ctx: series, rel_tol=1e-3))
    fid = temporary_exercises(Exercise("t-frame", "frame", reference=lambda ctx: frame, rel_tol=1e-3))
    cid = temporary_exercises(Exercise("t-choice", "choice", reference=lambda ctx: "flow", options=("stock", "flow")))
    tid = temporary_exercises(Exercise("t-text", "text", reference=lambda ctx: "foreign-born", accepted=("born abroad",)))
    assert check(sid, series[["b", "a"]]).correct
    assert check(sid, series * 1.02).status == "close"
    assert "labels a, b" in check(sid, series.rename({"b": "c"})).message
    assert check(sid, [1.0, 2.0]).status == "not_yet"
    assert check(fid, frame.copy()).correct
    assert check(fid, frame.assign(k=["x", "z"])).status == "not_yet"
    assert check(cid, " FLOW ").correct and check(cid, "stock").status == "not_yet"
    assert "not one of the options (stock, flow)" in check(cid, "rate").message
    assert check(tid, "Foreign born").correct and check(tid, "Born abroad!").correct
    assert check(tid, "citizens").status == "not_yet"


def test_results_are_recorded_for_grading():
    check("start-rate-of-change", 2.02)
    assert session.results()["start-rate-of-change"].correct
    configure(language="en", seed=3, focus_countries=["PHL"])
    assert session.results() == {}
    assert session.context() == Context("en", 3, ("PHL",), "2020")


def test_every_exercise_has_a_hint_in_every_language():
    for exercise in exercises().values():
        if exercise.kind == "written":  # never "not yet": the trainer grades it with its rubric (tests/test_written.py)
            continue
        assert exercise.hint, exercise.id
        for language in LANGUAGES:
            hint = translated(exercise.hint, language)
            assert (hint == exercise.hint) == (language == "en"), (language, exercise.id)


def test_catalogs_have_the_same_keys_and_placeholders():
    import string

    english = catalog("en")
    for language in LANGUAGES:
        other = catalog(language)
        assert set(other) == set(english), language
        for key, message in english.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(message) if f}
            assert fields == {f for _, f, _, _ in string.Formatter().parse(other[key]) if f}, (language, key)
