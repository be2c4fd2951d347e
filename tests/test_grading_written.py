"""`mlalib grade` with written answers, end to end: notebook 07 submitted as an e-Campus (Moodle) download, each
written exercise's texts collected on one page with its rubric, the trainer's score sheet merged into the gradebook
without executing the notebooks again, a missing or malformed sheet refused in one line (exit code 2)."""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path

import pandas as pd
import pytest

from mlalib.cli import main
from mlalib.course.recipes import participant_edition
from mlalib.course.cohort import load_cohort
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow

NOTEBOOK = "07_country_profile"
OPTIONS = ["--cell-timeout", "60", "--timeout", "300", "--memory-limit", "2048", "--jobs", "2", "--quiet"]
COHORT_YAML = f"""\
id: written-test-2026
title: Cohorte d'essai
course: mainstreaming-migration
start: 2026-03-02
end: 2026-04-10
language: fr
focus_countries: [PHL, MEX, SEN]
data_vintage: "2020"
seed: 2026
notebooks: [{NOTEBOOK}]
"""
GOVERNANCE = "La loi 8042 de 1995 régit la migration de main-d'œuvre.\n\nLe DMW coordonne; sources : NORMLEX."
FINDINGS = "Les émigrés sont 6,1 millions (DAES 2019)."


def _answered(nb, texts: dict[str, str]):
    """A participant edition in which the written exercises hold ``texts`` (the others left blank)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for name, exercise in (("governance", "profile-governance"), ("findings", "profile-findings")):
            if f'check("{exercise}"' in cell.source and exercise in texts:
                cell.source = f"{name} = {texts[exercise]!r}\ncheck({exercise!r}, {name})"
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("written")
    cohort = root / "cohort.yaml"
    cohort.write_text(COHORT_YAML, encoding="utf-8")
    blank = participant_edition(__import__("nbformat").read(PROJECT / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4),
                                load_cohort(cohort), NOTEBOOK)
    downloads = root / "downloads"
    for folder, nb in [
        ("Amina Diallo_104233_assignsubmission_file_", _answered(blank, {"profile-governance": GOVERNANCE,
                                                                         "profile-findings": FINDINGS})),
        ("José Pérez_104240_assignsubmission_file_", _answered(blank, {"profile-governance": "Texte <court>.",
                                                                       "profile-findings": "   "})),
        ("Zoë Nguyen_104251_assignsubmission_file_", blank),
    ]:
        (downloads / folder).mkdir(parents=True)
        (downloads / folder / f"{NOTEBOOK}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    out = root / "gradebook"
    code = main(["grade", str(cohort), str(downloads), "--out", str(out), *OPTIONS])
    return {"root": root, "cohort": cohort, "downloads": downloads, "out": out, "code": code}


def _book(out: Path) -> dict[tuple[str, str], tuple[float, str, str]]:
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False)
    written = book[book["exercise"].isin(["profile-governance", "profile-findings"])]
    return {(r.participant, r.exercise): (float(r.points), r.status, r.feedback) for r in written.itertuples()}


def test_written_answers_are_collected_per_exercise_with_the_rubric(graded):
    assert graded["code"] == 0
    book = _book(graded["out"])
    assert {k: v[:2] for k, v in book.items()} == {
        ("Amina Diallo", "profile-governance"): (0.0, "written"), ("Amina Diallo", "profile-findings"): (0.0, "written"),
        ("José Pérez", "profile-governance"): (0.0, "written"), ("José Pérez", "profile-findings"): (0.0, "not_answered"),
        ("Zoë Nguyen", "profile-governance"): (0.0, "not_answered"), ("Zoë Nguyen", "profile-findings"): (0.0, "not_answered"),
    }
    assert book[("Amina Diallo", "profile-governance")][2].startswith("Réponse rédigée : votre formateur")
    assert book[("José Pérez", "profile-findings")][2] == "Non noté : la réponse a été laissée vide."  # it ran
    assert book[("Zoë Nguyen", "profile-findings")][2].startswith("Pas encore de réponse")
    page = html.unescape((graded["out"] / "written" / "profile-governance.html").read_text(encoding="utf-8"))
    assert "Grille d'évaluation" in page and "Décrit les institutions chargées des migrations" in page
    assert GOVERNANCE in page and "Texte <court>." in page and "Réponses rédigées (2)" in page
    assert "Zoë" not in page
    sheet = (graded["out"] / "written_scores.csv").read_text(encoding="utf-8").splitlines()
    assert sheet == ["participant,notebook,exercise,max,points,comment",
                     f"Amina Diallo,{NOTEBOOK},profile-governance,4,,", f"José Pérez,{NOTEBOOK},profile-governance,4,,",
                     f"Amina Diallo,{NOTEBOOK},profile-findings,4,,"]
    summary = html.unescape((graded["out"] / "summary.html").read_text(encoding="utf-8"))
    assert "3 réponses rédigées sur 3 ne sont pas encore notées" in summary


def test_a_filled_sheet_is_merged_without_executing_again(graded, capsys):
    out = graded["out"]
    cache = sorted((out / ".mlalib-grading-cache").iterdir())
    assert len(cache) == 3  # kept while written answers await their points
    stamps = [p.stat().st_mtime_ns for p in cache]
    stale = out / ".mlalib-grading-cache" / f"{'0' * 40}.json"  # an execution of a submission no longer there
    stale.write_text("{}", encoding="utf-8")
    sheet = out / "written_scores.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8")
                     .replace("Amina Diallo,07_country_profile,profile-governance,4,,",
                              'Amina Diallo,07_country_profile,profile-governance,4,3.5,"Complet, sources citées"')
                     .replace("José Pérez,07_country_profile,profile-governance,4,,",
                              "José Pérez,07_country_profile,profile-governance,4,\"2,5\",")
                     , encoding="utf-8")
    code = main(["grade", str(graded["cohort"]), str(graded["downloads"]), "--out", str(out), *OPTIONS])
    assert code == 2 and "was changed since mlalib wrote it" in capsys.readouterr().err  # not read: never overwritten
    code = main(["grade", str(graded["cohort"]), str(graded["downloads"]), "--out", str(out),
                 "--written-scores", str(sheet), *OPTIONS])
    assert code == 0
    assert [p.stat().st_mtime_ns for p in sorted((out / ".mlalib-grading-cache").iterdir())] == stamps
    assert not stale.exists()
    book = _book(out)
    assert book[("Amina Diallo", "profile-governance")] == (3.5, "written_scored", "Complet, sources citées")
    assert book[("José Pérez", "profile-governance")][:2] == (2.5, "written_scored")
    assert book[("Amina Diallo", "profile-findings")][:2] == (0.0, "written")
    people = pd.read_csv(out / "participants.csv").set_index("participant")
    amina = pd.read_csv(out / "gradebook.csv", keep_default_na=False).query("participant == 'Amina Diallo' and exercise != ''")
    assert people.loc["Amina Diallo", "points"] == pytest.approx(amina["points"].sum())
    feedback = html.unescape((out / "feedback" / "Amina_Diallo.html").read_text(encoding="utf-8"))
    assert "Complet, sources citées" in feedback
    assert '3.5,"Complet, sources citées"' in (out / "written_scores.csv").read_text(encoding="utf-8")  # merged into the new sheet


@pytest.mark.parametrize("content, words", [
    (None, "does not exist"),
    ("participant,exercise\n", "lacks the column(s) points"),
    ("participant,exercise,points\nAmina Diallo,profile-governance,abc\n", "row 2, column 'points': 'abc' is not a number"),
    ("participant,exercise,points\nAmina Diallo,profile-governance,5\n", "row 2, column 'points': '5' is not in range"),
    ("participant,exercise,points\nNobody,profile-governance,1\n", "row 2, column 'participant': 'Nobody'"),
    ("participant,exercise,points\nAmina Diallo,profile-emigration-rate,1\n",
     "row 2, column 'exercise': 'profile-emigration-rate' is not a written exercise"),
])
def test_a_missing_or_malformed_sheet_is_one_line_with_exit_code_2(graded, tmp_path, capsys, content, words):
    sheet = tmp_path / "scores.csv"
    if content is not None:
        sheet.write_text(content, encoding="utf-8")
    code = main(["grade", str(graded["cohort"]), str(graded["downloads"]), "--out", str(tmp_path / "book"),
                 "--written-scores", str(sheet), *OPTIONS])
    err = capsys.readouterr().err
    assert code == 2 and words in err and str(sheet) in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "book").exists()  # refused before any submission runs
