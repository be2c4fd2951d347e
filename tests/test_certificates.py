"""Certificate rules: every branch of the e-Academy and single-course rules."""

from __future__ import annotations

import pandas as pd
import pytest

from mlalib.course.certificates import evaluate, load_rules
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
