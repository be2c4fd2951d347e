"""Certificate rules: every branch of the e-Academy and single-course rules."""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib.course.certificates import evaluate, load_rules, read_participation
from mlalib.errors import ConfigError, InputError, MissingColumnError

BASE = {"plenary_forums_completed": 4, "plenary_forums_total": 4, "essay_submitted": True}
CASES = [
    ("5 electives and essay", {"electives_completed": "a;b;c;d;e"}, "Certificate of Achievement"),
    ("3 with statistics and essay", {"electives_completed": "statistics;b;c"}, "Certificate of Achievement"),
    ("3 with skills and essay", {"electives_completed": "Skills;b;c"}, "Certificate of Achievement"),
    ("4 ordinary electives", {"electives_completed": "a;b;c;d"}, "Certificate of Participation"),
    ("5 electives, no essay", {"electives_completed": "a;b;c;d;e", "essay_submitted": False},
     "Certificate of Participation"),
    ("3 ordinary electives", {"electives_completed": "a;b;c"}, "Certificate of Participation"),
    ("2 with statistics", {"electives_completed": "statistics;b"}, "Certificate of Participation"),
    ("2 ordinary electives", {"electives_completed": "a;b"}, ""),
    ("1 with statistics", {"electives_completed": "statistics"}, ""),
    ("missed a plenary forum", {"electives_completed": "a;b;c;d;e", "plenary_forums_completed": 3}, ""),
    ("nothing", {"electives_completed": ""}, ""),
]


@pytest.mark.parametrize("label,changes,expected", CASES, ids=[c[0] for c in CASES])
def test_e_academy_rules(label, changes, expected):
    record = pd.DataFrame([{"participant": label, **BASE, **changes}])
    result = evaluate(record, load_rules("e-academy-labour-migration")).iloc[0]
    assert result.certificate == expected
    assert (result.reason == "") == bool(expected)


def test_reasons_say_what_is_missing():
    records = pd.DataFrame([{"participant": "a", **BASE, "electives_completed": "a;b", "plenary_forums_completed": 3}])
    reason = evaluate(records, load_rules("e-academy-labour-migration"))["reason"].item()
    assert "completed 3 of 4 plenary forums" in reason
    assert "2 elective(s) completed; needs 3 (or 2 including skills or statistics)" in reason


@pytest.mark.parametrize("score,assessments,expected", [
    (60, 3, "Certificate of Achievement"), (59.9, 3, ""), (100, 2, ""), (59, 2, ""),
])
def test_single_course_60_boundary(score, assessments, expected):
    records = pd.DataFrame([{"participant": "p", "assessments_completed": assessments, "assessments_total": 3,
                             "final_score": score}])
    result = evaluate(records, load_rules("single-course")).iloc[0]
    assert result.certificate == expected
    if not expected and score < 60:
        assert f"final score {score:g} below 60" in result.reason


def test_rules_from_a_file_and_bad_rules(tmp_path):
    custom = tmp_path / "programme.yaml"
    custom.write_text("programme: X\ncertificates:\n  - name: Attendance\n    essay: true\n")
    rules = load_rules(custom)
    assert evaluate(pd.DataFrame([{"participant": "p", "essay_submitted": True}]), rules)["certificate"].item() == \
        "Attendance"
    custom.write_text("programme: X\ncertificates:\n  - name: A\n    essays: true\n")
    with pytest.raises(ConfigError, match="Extra inputs are not permitted"):
        load_rules(custom)
    with pytest.raises(ConfigError, match="no bundled programme of that name; known: e-academy-labour-migration"):
        load_rules("nope")


def test_bad_records():
    rules = load_rules("single-course")
    with pytest.raises(MissingColumnError, match=r"lacks the column\(s\) \['final_score'\]"):
        evaluate(pd.DataFrame([{"participant": "p", "assessments_completed": 1, "assessments_total": 1}]), rules)
    with pytest.raises(InputError, match="participants listed twice"):
        evaluate(pd.DataFrame([{"participant": "p", "assessments_completed": 1, "assessments_total": 1,
                                "final_score": 70}] * 2), rules)
    with pytest.raises(InputError, match="has no value in 'final_score'"):
        evaluate(pd.DataFrame([{"participant": "p", "assessments_completed": 1, "assessments_total": 1,
                                "final_score": None}]), rules)


HEADER = ("participant,plenary_forums_completed,plenary_forums_total,electives_completed,essay_submitted,"
          "assessments_completed,assessments_total,final_score\n")


def test_a_participation_record_is_checked_whole_one_line_per_problem(tmp_path):
    path = tmp_path / "participation.csv"
    path.write_text(HEADER + "amina,four,4,statistics;remittances;return,yes,3,3,85%\n"
                             "bo,5,4,5,maybe,1,1,\n"
                             ",1,1,a,no,1,1,101\n"
                             "amina,4,4,a,yes,1,1,\n")
    with pytest.raises(InputError) as err:
        read_participation(path, load_rules("e-academy-labour-migration"))
    lines = str(err.value).splitlines()
    assert lines[0].endswith("has 8 problem(s):")
    assert lines[1:] == [
        "  line 2 (amina): 'plenary_forums_completed' is 'four'; expected a whole number, 0 or more",
        "  line 2 (amina): 'final_score' is '85%'; expected a number from 0 to 100 (e.g. 85, without %), or empty "
        "for the graded score",
        "  line 3 (bo): 'plenary_forums_completed' (5) is more than 'plenary_forums_total' (4)",
        "  line 3 (bo): 'essay_submitted' is 'maybe'; expected yes or no",
        "  line 3 (bo): 'electives_completed' is '5'; expected the names of the electives separated by ';' "
        "(e.g. statistics;remittances), not a count",
        "  line 4: 'participant' is empty",
        "  line 4 (no participant): 'final_score' is '101'; expected a number from 0 to 100 (e.g. 85, without %), "
        "or empty for the graded score",
        "  line 5 (amina): this participant is listed twice",
    ]


@pytest.mark.parametrize("essay", ["no", "", "NON", "false"])
def test_no_essay_means_no_certificate_of_achievement(tmp_path, essay):
    path = tmp_path / "participation.csv"
    path.write_text(HEADER + f"amina,4,4,statistics;remittances;return;skills;development,{essay},3,3,90\n")
    rules = load_rules("e-academy-labour-migration")
    record = read_participation(path, rules)
    assert evaluate(record, rules)["certificate"].tolist() == ["Certificate of Participation"]


def test_the_example_participation_file_is_valid():
    from tests.conftest import PROJECT

    rules = load_rules("e-academy-labour-migration")
    record = read_participation(PROJECT / "cohorts" / "example-participation.csv", rules)
    assert record["essay_submitted"].tolist() == [True, True, False]
    assert evaluate(record.fillna({"final_score": 70}), rules)["certificate"].tolist() == [
        "Certificate of Achievement", "Certificate of Participation", ""]  # carmen missed a plenary forum
