"""A cohort graded in Spanish: every page, table and line a trainer or participant reads is in Spanish, with its
numbers written the Spanish way; only what Moodle's import needs keeps a decimal point."""

from __future__ import annotations

import copy
import csv
import re
import subprocess
import sys

import pytest

from mlalib.exercises import exercises, reference_answer
from mlalib.exercises.core import Context
from tests.conftest import PROJECT
from tests.english_left import english_left, page_text
from tests.grading_fixtures import COHORT_YAML, NOTEBOOK, _cell, _write, participant, solved

pytestmark = pytest.mark.slow
#: A decimal number written with a point, in the text of a page (a version such as 0.1.0 has two points).
POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def test_a_spanish_cohort_is_graded_in_spanish_with_decimal_commas(tmp_path):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML.replace("language: en", "language: es"), encoding="utf-8")
    blank = participant(cohort)
    good = solved(blank)
    close = copy.deepcopy(good)
    rate = reference_answer("stocks-rate-of-change", Context(language="es", seed=2026, focus_countries=("PHL", "MEX", "SEN")))
    _cell(close, "stocks-rate-of-change").source = f'answer = {rate * 1.01!r}\ncheck("stocks-rate-of-change", answer)'
    downloads = tmp_path / "downloads"
    _write(downloads / "Amina Diallo_104233_assignsubmission_file_" / f"{NOTEBOOK}.ipynb", good)
    _write(downloads / "José Pérez_104240_assignsubmission_file_" / f"{NOTEBOOK}.ipynb", close)
    (tmp_path / "worksheet.csv").write_text("Identifier,Full name,Email address\nParticipant 104233,Amina Diallo,"
                                            "a@example.org\nParticipant 104240,José Pérez,j@example.org\n",
                                            encoding="utf-8")
    (tmp_path / "participation.csv").write_text("participant,assessments_completed,assessments_total\n"
                                                "Amina Diallo,1,1\nJosé Pérez,1,1\n", encoding="utf-8")
    out = tmp_path / "gradebook"
    run = subprocess.run(
        [sys.executable, "-m", "mlalib", "grade", str(cohort), str(downloads), "--out", str(out), "--jobs", "2",
         "--quiet", "--notebooks-dir", str(PROJECT / "notebooks"), "--participation", str(tmp_path / "participation.csv"),
         "--moodle-participants", str(tmp_path / "worksheet.csv"), "--isolation", "none"],
        capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Participantes" in run.stdout and "Calificación" in run.stdout and "Libro de calificaciones" in run.stdout
    with open(out / "certificates.csv", newline="", encoding="utf-8") as handle:
        certificates = {row["participant"]: row["certificate"] for row in csv.DictReader(handle)}
    assert certificates == {"Amina Diallo": "Certificado de aprovechamiento", "José Pérez": "Certificado de aprovechamiento"}
    with open(out / "moodle_grades.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Email address", NOTEBOOK, "Calificación (sobre 100)"]  # Moodle maps the columns by hand
    total = sum(e.points for e in exercises().values() if e.master == NOTEBOOK)
    score = total - exercises()["stocks-rate-of-change"].points / 2  # a close answer earns half its points
    percent = round(100 * score / total, 1)
    assert rows[2] == ["j@example.org", f"{score:g}", f"{percent:g}"]  # Moodle reads a decimal point in any language
    pages = [out / "summary.html", *sorted((out / "feedback").glob("*.html"))]
    for page in pages:
        shown = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8").split("<main", 1)[1])
        assert POINT_DECIMAL.findall(shown) == [], page.name
        assert english_left(page_text(page.read_text(encoding="utf-8"))) == [], page.name
    jose = (out / "feedback" / "José_Pérez.html").read_text(encoding="utf-8")
    assert f"{percent:g}".replace(".", ",") in jose and "Casi" in jose and 'lang="es"' in jose
