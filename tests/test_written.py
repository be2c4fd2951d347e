"""Written answers without a kernel: check() acknowledges them, the score sheet is read strictly and
merged, the trainer's pages show every text with the rubric. The end-to-end run (Moodle download,
kernels, `mlalib grade --written-scores`) is in tests/test_grading_written.py."""

from __future__ import annotations

import html
import json

import pandas as pd
import pytest

from mlalib.course.cohort import parse_cohort
from mlalib.course.gradebook import GradingReport, check_score_sheet, write_gradebook
from mlalib.course.isolation import Isolation
from mlalib.course.written import merge_written_scores, read_written_scores, score_sheet
from mlalib.errors import InputError, MlalibError
from mlalib.exercises import Context, Exercise, assess, catalogue, check, configure, register
from mlalib.exercises.catalogue import rubric
from tests.conftest import VALID_COHORT

DEMO = Exercise("test-written-demo", "written", points=3,
                rubric=(("Names the two largest destinations", 1.0), ("Interprets the trend", 2.0)))
WRITTEN = {"test-written-demo": ("07_country_profile", 3.0)}
PEOPLE = {"amina", "josé"}


@pytest.fixture(autouse=True)
def demo_exercise():
    """The demo exercise is registered for each test of this module only (the course's exercises are counted
    elsewhere)."""
    register(DEMO)
    yield
    catalogue._EXERCISES.pop(DEMO.id)


def test_check_acknowledges_a_written_answer_without_scoring_it_in_the_cohort_language():
    configure(language="fr")
    try:
        result = check("test-written-demo", "Les envois de fonds ont doublé.\n\nIls dépassent l'aide publique.")
        assert result.status == "recorded" and not result.correct
        assert "Votre texte (10 mots) est conservé" in result.message and "Il n'est pas noté ici" in result.message
        assert check("test-written-demo", ...).status == "not_answered"
        assert check("test-written-demo", '''   ''').message.startswith("Pas encore de réponse")
        assert "chaîne entre triples guillemets" in check("test-written-demo", 42).message
    finally:
        configure(language="en")
    assert assess("test-written-demo", "Text.", Context(language="es")).message.startswith("Su texto (1 palabras)")


def test_a_written_exercise_needs_a_rubric_and_no_reference():
    with pytest.raises(InputError, match="needs a rubric"):
        register(Exercise("test-written-norubric", "written"))
    with pytest.raises(InputError, match="needs a rubric"):
        register(Exercise("test-written-keyed", "written", reference=lambda ctx: "x", rubric=(("a", 1.0),)))
    with pytest.raises(InputError, match="its rubric gives 1 points, the exercise 2"):
        register(Exercise("test-written-sum", "written", points=2, rubric=(("a", 1.0),)))


def _sheet(tmp_path, text: str, name: str = "scores.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_filled_sheet_is_read_with_either_separator_and_decimal_commas(tmp_path):
    comma = _sheet(tmp_path, "participant,notebook,exercise,max,points,comment\n"
                             "amina,07_country_profile,test-written-demo,3,2.5,\"Clear, sourced\"\n"
                             "josé,07_country_profile,test-written-demo,3,,\n")
    table = read_written_scores(comma, WRITTEN, PEOPLE)
    assert table.to_dict("records") == [{"participant": "amina", "notebook": "07_country_profile",
                                         "exercise": "test-written-demo", "points": 2.5, "comment": "Clear, sourced"}]
    semicolon = _sheet(tmp_path, "\ufeffparticipant;exercise;points;comment\namina;test-written-demo;1,5;Bien\n",
                       "excel.csv")
    assert read_written_scores(semicolon, WRITTEN, PEOPLE)["points"].tolist() == [1.5]


@pytest.mark.parametrize("content, words", [
    ("participant,exercise\namina,test-written-demo\n", "lacks the column(s) points"),
    ("", "the written-scores file is empty"),
    ("participant,exercise,points\nnobody,test-written-demo,1\n", "row 2, column 'participant': 'nobody' is not a "
                                                                 "graded participant (participants: amina, josé)"),
    ("participant,exercise,points\namina,profile-nope,1\n", "row 2, column 'exercise': 'profile-nope' is not a "
                                                            "written exercise"),
    ("participant,exercise,points\namina,test-written-demo,abc\n", "row 2, column 'points': 'abc' is not a number; "
                                                                   "expected points from 0 to 3"),
    ("participant,exercise,points\namina,test-written-demo,4\n", "row 2, column 'points': '4' is not in range"),
    ("participant,exercise,points\namina,test-written-demo,-1\n", "row 2, column 'points': '-1' is not in range"),
    ("participant,exercise,points\namina,test-written-demo,1\namina,test-written-demo,2\n",
     "row 3, column 'exercise': amina's answer to 'test-written-demo' is already scored in row 2"),
    ("participant,exercise,points,comment\namina,test-written-demo,1,good,extra\n", "row 2 has 5 cells, the header 4"),
    ("participant,notebook,exercise,points\namina,01_stocks_and_flows,test-written-demo,1\n",
     "row 2, column 'notebook': '01_stocks_and_flows', but exercise 'test-written-demo' is in 07_country_profile"),
])
def test_a_malformed_sheet_gets_one_line_naming_file_row_and_column(tmp_path, content, words):
    path = _sheet(tmp_path, content)
    with pytest.raises(MlalibError) as caught:  # InputError, or MissingColumnError for a missing column
        read_written_scores(path, WRITTEN, PEOPLE)
    message = caught.value.args[0]
    assert str(path) in message and words in message and "\n" not in message


def test_a_missing_sheet_is_named(tmp_path):
    with pytest.raises(InputError, match="the written-scores file '.*none.csv' does not exist"):
        read_written_scores(tmp_path / "none.csv", WRITTEN, PEOPLE)


def _report(tmp_path, language: str = "fr") -> GradingReport:
    cohort = parse_cohort({**VALID_COHORT, "language": language, "notebooks": ["07_country_profile"]})
    rows = pd.DataFrame([
        {"participant": "amina", "notebook": "07_country_profile", "exercise": "test-written-demo", "points": 0.0,
         "max": 3.0, "feedback": "pending", "status": "written", "file": "amina/07.ipynb"},
        {"participant": "josé", "notebook": "07_country_profile", "exercise": "test-written-demo", "points": 0.0,
         "max": 3.0, "feedback": "pending", "status": "written", "file": "josé/07.ipynb"},
    ])
    answers = pd.DataFrame([
        {"participant": "amina", "notebook": "07_country_profile", "exercise": "test-written-demo", "max": 3.0,
         "answer": "Remittances <b>doubled</b>.\nSecond line."},
        {"participant": "josé", "notebook": "07_country_profile", "exercise": "test-written-demo", "max": 3.0,
         "answer": "Emigration grew."},
    ])
    scores = read_written_scores(_sheet(tmp_path, "participant,exercise,points,comment\n"
                                                  "amina,test-written-demo,2,Bien argumenté\n"), WRITTEN, PEOPLE)
    rows, written = merge_written_scores(rows, answers, scores, "scored")
    people = pd.DataFrame({"participant": ["amina", "josé"], "notebooks_submitted": [1, 1],
                           "points": [2.0, 0.0], "max": [3.0, 3.0], "score": [66.7, 0.0], "passed": [True, False]})
    exercises = pd.DataFrame(columns=["notebook", "exercise", "max", "submissions", "correct", "close", "mean_share"])
    return GradingReport(cohort, rows, people, exercises, 0.5, 60, Isolation(True, ""), written)


def test_scores_are_merged_and_pages_show_every_text_with_the_rubric(tmp_path):
    report = _report(tmp_path)
    amina = report.rows.set_index("participant").loc["amina"]
    assert (amina["points"], amina["status"], amina["feedback"]) == (2.0, "written_scored", "Bien argumenté")
    assert report.rows.set_index("participant").loc["josé", "status"] == "written"
    out = tmp_path / "gradebook"
    write_gradebook(report, out)
    raw = (out / "written" / "test-written-demo.html").read_text(encoding="utf-8")
    page = html.unescape(raw)
    assert '<html lang="fr">' in page and "Grille d'évaluation" in page and "Réponses rédigées (2)" in page
    assert "Remittances <b>doubled</b>.\nSecond line." in page and "<b>doubled" not in raw and "Emigration grew." in page
    assert "Names the two largest destinations" in page  # a criterion not translated stays English
    assert "Bien argumenté" in page
    summary = html.unescape((out / "summary.html").read_text(encoding="utf-8"))
    assert "1 réponses rédigées sur 2 ne sont pas encore notées" in summary
    assert 'href="written/test-written-demo.html"' in summary
    sheet = (out / "written_scores.csv").read_text(encoding="utf-8").splitlines()
    assert sheet == ["participant,notebook,exercise,max,points,comment",
                     "amina,07_country_profile,test-written-demo,3,2,Bien argumenté",
                     "josé,07_country_profile,test-written-demo,3,,"]
    assert "written_scores.csv" in json.loads((out / ".mlalib-gradebook").read_text())["written"]


def test_a_sheet_filled_in_place_is_never_overwritten_by_a_run_that_does_not_read_it(tmp_path):
    out = tmp_path / "gradebook"
    write_gradebook(_report(tmp_path), out)
    check_score_sheet(out, None)  # as mlalib wrote it: may be rewritten
    sheet = out / "written_scores.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("josé,07_country_profile,test-written-demo,3,,",
                                                               "josé,07_country_profile,test-written-demo,3,1,"),
                     encoding="utf-8")
    with pytest.raises(InputError, match="was changed since mlalib wrote it .* --written-scores"):
        check_score_sheet(out, None)
    check_score_sheet(out, sheet)  # given to be merged: fine


def test_a_score_for_an_answer_never_given_is_an_error():
    rows = pd.DataFrame(columns=["participant", "notebook", "exercise", "points", "max", "feedback", "status", "file"])
    answers = pd.DataFrame(columns=["participant", "notebook", "exercise", "max", "answer"])
    scores = pd.DataFrame([{"participant": "amina", "notebook": "07_country_profile", "exercise": "test-written-demo",
                            "points": 1.0, "comment": ""}])
    with pytest.raises(InputError, match="s.csv: amina gave no written answer to 'test-written-demo'"):
        merge_written_scores(rows, answers, scores, "scored", "s.csv")


def test_the_rubric_is_data_of_the_exercise():
    assert rubric("test-written-demo", "es") == [("Names the two largest destinations", 1.0),
                                                 ("Interprets the trend", 2.0)]


def test_the_score_sheet_round_trips(tmp_path):
    written = pd.DataFrame([{"participant": "amina", "notebook": "07_country_profile",
                             "exercise": "test-written-demo", "max": 3.0, "points": 1.5, "comment": "ok; fine"}])
    path = _sheet(tmp_path, score_sheet(written))
    assert read_written_scores(path, WRITTEN, PEOPLE)[["points", "comment"]].values.tolist() == [[1.5, "ok; fine"]]


def test_the_gradebook_does_not_import_the_grader():
    """One-way dependency: grading -> gradebook -> written; moodle and the gradebook never import grading."""
    import ast
    import importlib

    for name in ("mlalib.course.gradebook", "mlalib.course.written", "mlalib.course.moodle"):
        tree = ast.parse(open(importlib.import_module(name).__file__, encoding="utf-8").read())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
            {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "mlalib.course.grading" not in imported, name


def test_answers_awaiting_the_trainer_do_not_count_in_an_exercise_s_difficulty(tmp_path):
    from mlalib.course.certificates import load_rules
    from mlalib.course.gradebook import participants_table
    from mlalib.course.masters import Master
    from mlalib.course.editions import MasterExercise

    report = _report(tmp_path)
    masters = {"07_country_profile": Master("07_country_profile", (MasterExercise("test-written-demo", 3.0, "c1"),))}
    _, difficulty = participants_table(report.rows, ["amina", "josé"], masters, None, load_rules("single-course"))
    row = difficulty.set_index("exercise").loc["test-written-demo"]
    assert (row["submissions"], row["mean_share"]) == (1, round(2 / 3, 3))  # José's pending answer left out
