"""Cohort files: every kind of mistake gives one clear message naming the field; exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mlalib.context import DATA_VINTAGES, Context
from mlalib.course.cohort import load_cohort, parse_cohort
from mlalib.data import vintages
from mlalib.errors import ConfigError
from mlalib.exercises import configure
from tests.conftest import VALID_COHORT, write_cohort

BAD_COHORTS = [
    ({"seeed": 3}, "unknown field 'seeed' (did you mean 'seed'?)"),
    ({"language": "de"}, "field 'language': 'de' is not a course language; accepted: en (English), fr (French), es (Spanish)"),
    ({"end": "2026-01-01"}, "field 'end': 2026-01-01 is before the start date 2026-03-02"),
    ({"focus_countries": ["ZZZ"]}, "ZZZ is a user-assigned code, not an ISO 3166-1 country; the only one accepted is XKX (Kosovo)"),
    ({"focus_countries": ["QQQ"]}, "QQQ is a user-assigned code"),
    ({"focus_countries": ["ABC"]}, "'ABC' is not an ISO 3166-1 alpha-3 country code"),
    ({"focus_countries": ["PH"]}, "'PH' is not an alpha-3 code; for Philippines write PHL"),
    ({"focus_countries": ["Mexico"]}, "'Mexico' is not an alpha-3 code; for Mexico write MEX"),
    ({"focus_countries": ["MEX", "mex"]}, "MEX is listed twice"),
    ({"focus_countries": []}, "field 'focus_countries': expected at least one country code"),
    ({"seed": "abc"}, "field 'seed': expected a whole number from 0 to 4294967295, got 'abc'"),
    ({"seed": -1}, "field 'seed': expected a whole number from 0 to 4294967295, got -1"),
    ({"seed": True}, "field 'seed': expected a whole number"),
    ({"data_vintage": "2019"}, "field 'data_vintage': '2019' is not a bundled data vintage; accepted: 2020"),
    ({"start": "02/03/2026"}, "field 'start': expected a date written YYYY-MM-DD, got '02/03/2026'"),
    ({"id": "Bad Id!"}, "field 'id': expected lower-case letters, digits"),
    ({"title": ""}, "field 'title': must not be empty"),
    ({"title": None}, "field 'title' is required"),
    ({"title": ["a", "b"]}, "field 'title': Input should be a valid string"),
]


@pytest.mark.parametrize(("change", "message"), BAD_COHORTS, ids=[str(c) for c, _ in BAD_COHORTS])
def test_bad_cohort_file_names_the_problem(tmp_path, change, message):
    path = write_cohort(tmp_path / "cohort.yaml", **change)
    with pytest.raises(ConfigError) as caught:
        load_cohort(path)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert message in caught.value.problems[0]


@pytest.mark.parametrize(("change", "message"), BAD_COHORTS[:4], ids=[str(c) for c, _ in BAD_COHORTS[:4]])
def test_cli_check_prints_the_message_and_exits_2_without_traceback(tmp_path, change, message):
    path = write_cohort(tmp_path / "cohort.yaml", **change)
    run = subprocess.run([sys.executable, "-m", "mlalib.cli", "build", "--check", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_unknown_notebook_lists_the_accepted_ones(tmp_path):
    path = write_cohort(tmp_path / "cohort.yaml", notebooks=["99_missing"])
    with pytest.raises(ConfigError, match="'99_missing' is not a master notebook; accepted: 00_start_here, 01_x"):
        load_cohort(path, available_notebooks=["00_start_here", "01_x"])


def test_not_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_cohort(bad)
    with pytest.raises(ConfigError, match="file not found"):
        load_cohort(tmp_path / "none.yaml")
    with pytest.raises(ConfigError, match="expected a mapping of fields"):
        parse_cohort(["a", "list"])


def test_several_problems_are_all_listed(tmp_path):
    path = write_cohort(tmp_path / "cohort.yaml", language="de", seed=-4, extra=1)
    with pytest.raises(ConfigError) as caught:
        load_cohort(path)
    assert len(caught.value.problems) == 3


def test_valid_cohort_normalises_codes_and_accepts_kosovo(tmp_path):
    cohort = load_cohort(write_cohort(tmp_path / "c.yaml", focus_countries=["phl", "XKX"], language="fr"))
    assert cohort.focus_countries == ["PHL", "XKX"]
    assert cohort.context().parameters() == {"language": "fr", "focus_countries": ["PHL", "XKX"],
                                             "data_vintage": "2020", "seed": 11}


def test_config_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_cohort({**VALID_COHORT, "language": "xx"})


#: Cohort parameters that a cohort file and configure() both refuse, with the words of both.
BAD_PARAMETERS = [
    ({"language": "de"}, "field 'language': 'de' is not a course language; accepted: en (English), fr (French), "
                         "es (Spanish)"),
    ({"language": 5}, "field 'language': 5 is not a course language"),
    ({"focus_countries": ["ZZZ"]}, "field 'focus_countries': ZZZ is a user-assigned code, not an ISO 3166-1 "
                                   "country; the only one accepted is XKX (Kosovo)"),
    ({"focus_countries": ["PH"]}, "field 'focus_countries': 'PH' is not an alpha-3 code; for Philippines write PHL"),
    ({"focus_countries": ["MEX", "mex"]}, "field 'focus_countries': MEX is listed twice"),
    ({"focus_countries": [None]}, "field 'focus_countries': None is not a country code"),
    ({"focus_countries": []}, "field 'focus_countries': expected at least one country code"),
    ({"focus_countries": "PHL, MEX"}, "field 'focus_countries': 'PHL, MEX' is not an ISO 3166-1 alpha-3 country code"),
    ({"focus_countries": 608}, "field 'focus_countries': expected a list of ISO 3166-1 alpha-3 codes, got 608"),
    ({"data_vintage": "2019"}, "field 'data_vintage': '2019' is not a bundled data vintage; accepted: 2020"),
    ({"data_vintage": 2019}, "field 'data_vintage': 2019 is not a bundled data vintage; accepted: 2020"),
    ({"data_vintage": 2020.0}, "field 'data_vintage': 2020.0 is not a bundled data vintage"),
    ({"seed": -1}, "field 'seed': expected a whole number from 0 to 4294967295, got -1"),
    ({"seed": 2**32}, "field 'seed': expected a whole number from 0 to 4294967295, got 4294967296"),
    ({"seed": "7"}, "field 'seed': expected a whole number from 0 to 4294967295, got '7'"),
    ({"seed": True}, "field 'seed': expected a whole number from 0 to 4294967295, got True"),
    ({"seed": 7.0}, "field 'seed': expected a whole number from 0 to 4294967295, got 7.0"),
]


@pytest.mark.parametrize(("change", "message"), BAD_PARAMETERS, ids=[str(c) for c, _ in BAD_PARAMETERS])
def test_configure_refuses_what_a_cohort_file_refuses_with_the_same_words(tmp_path, change, message):
    with pytest.raises(ConfigError) as from_file:
        load_cohort(write_cohort(tmp_path / "cohort.yaml", **change))
    with pytest.raises(ConfigError) as from_configure:
        configure(change)
    with pytest.raises(ConfigError) as from_keywords:
        configure(**change)
    assert from_file.value.problems == [message] or message in from_file.value.problems[0]
    assert from_configure.value.problems == from_file.value.problems == from_keywords.value.problems
    configure()


def test_configure_lists_every_problem_at_once_like_a_cohort_file(tmp_path):
    change = {"language": "de", "seed": -1, "focus_countries": ["ZZZ", "PH"], "data_vintage": "1999"}
    with pytest.raises(ConfigError) as from_file:
        load_cohort(write_cohort(tmp_path / "cohort.yaml", **change))
    with pytest.raises(ConfigError) as from_configure:
        configure(change)
    assert len(from_configure.value.problems) == 4
    assert sorted(from_configure.value.problems) == sorted(from_file.value.problems)
    assert str(from_configure.value).startswith("cohort parameters: 4 problem(s)")


@pytest.mark.parametrize(("given", "normalised"), [
    ({"focus_countries": [" phl", "xkx"]}, {"focus_countries": ("PHL", "XKX")}),
    ({"focus_countries": "sen"}, {"focus_countries": ("SEN",)}),
    ({"language": " fr "}, {"language": "fr"}),
    ({"data_vintage": 2020}, {"data_vintage": "2020"}),
])
def test_configure_normalises_what_a_cohort_file_normalises(tmp_path, given, normalised):
    context = load_cohort(write_cohort(tmp_path / "cohort.yaml", **given)).context()
    parameters = {name: VALID_COHORT[name] for name in ("language", "seed", "focus_countries", "data_vintage")}
    assert configure({**parameters, **given}) == context == Context.from_parameters(context.parameters())
    for name, value in normalised.items():
        assert getattr(context, name) == value
    configure()


def test_the_data_vintages_of_the_cohort_context_are_those_of_the_registry():
    assert list(DATA_VINTAGES) == vintages()
