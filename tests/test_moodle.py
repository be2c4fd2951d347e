"""e-Campus (Moodle): a folder in the layout of Moodle's "Download all submissions", with accented
names, graded into Moodle's CSV grade-import format and a certificates CSV.

Moodle's CSV grade import reads a header row, then one row per user; one column identifies the
user by a field Moodle can map ("Email address" -> useremail, "Username" -> username, "ID number"
-> useridnumber) and every other column is mapped to a grade item; numbers use a decimal point.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import unicodedata

import pytest

from mlalib.course.certificates import CERTIFICATE_FILE_COLUMNS
from mlalib.course.moodle import read_participants
from mlalib.course.submissions import Submission, find_submissions, moodle_folder, with_moodle_names
from mlalib.errors import InputError, MissingColumnError
from tests.conftest import PROJECT
from tests.grading_fixtures import COHORT_YAML, NOTEBOOK, _write, participant, solved

NFD = "Zoe\u0308 Nguye\u0302\u0303n"  # "Zoë Nguyễn" as macOS file systems store it (decomposed)
WORKSHEET = """\
Identifier,Full name,Email address,Status,Grade,Maximum Grade
Participant 104233,Amina Diallo,amina.diallo@example.org,Submitted for grading,,100
Participant 104240,José Pérez,jose.perez@example.org,Submitted for grading,,100
Participant 104251,Zoë Nguyễn,zoe.nguyen@example.org,Submitted for grading,,100
"""


def test_moodle_folder_names():
    assert moodle_folder("Amina Diallo_104233_assignsubmission_file_") == ("Amina Diallo", "104233")
    assert moodle_folder("José Pérez_104240_assignsubmission_onlinetext_") == ("José Pérez", "104240")
    assert moodle_folder("María_José García_7_assignsubmission_file_01_stocks.ipynb") == ("María_José García", "7")
    assert moodle_folder(NFD + "_3_assignsubmission_file_") == ("Zoë Nguyễn", "3")
    assert moodle_folder("amina") is None and moodle_folder("amina_12") is None


def test_same_name_different_people_are_told_apart(tmp_path):
    def sub(folder: str) -> Submission:
        return Submission("", tmp_path / folder / "a.ipynb", f"{folder}/a.ipynb")

    subs = with_moodle_names([sub("Ana Silva_1_assignsubmission_file_"), sub("Ana Silva_2_assignsubmission_file_"),
                              sub("Ana Silva_2_assignsubmission_onlinetext_"), sub("Bob_9_assignsubmission_file_")])
    assert [s.participant for s in subs] == ["Ana Silva (1)", "Ana Silva (2)", "Ana Silva (2)", "Bob"]


def test_participants_files(tmp_path):
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(WORKSHEET, encoding="utf-8")
    people = read_participants(worksheet)
    assert people.column == "Email address"
    assert people.lookup("Amina Diallo", "104233") == "amina.diallo@example.org"
    assert people.lookup("Zoë Nguyễn", None) == "zoe.nguyen@example.org"
    export = tmp_path / "export.csv"  # Moodle's gradebook export, saved by Excel with a BOM
    export.write_bytes("\ufeffFirst name,Last name,ID number,Institution,Department,Email address\n"
                       "José,Pérez,ILO-0042,,,jose.perez@example.org\n".encode("utf-8"))
    assert read_participants(export, "idnumber").lookup(unicodedata.normalize("NFD", "José Pérez"), None) == "ILO-0042"
    with pytest.raises(MissingColumnError, match="has no column 'Username'"):
        read_participants(export, "username")
    bare = tmp_path / "bare.csv"
    bare.write_text("Full name,Status\nAmina Diallo,x\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="no column 'Email address' or 'Username' or 'ID number'"):
        read_participants(bare)
    with pytest.raises(InputError, match="does not exist"):
        read_participants(tmp_path / "absent.csv")


@pytest.mark.slow
def test_a_moodle_download_grades_into_a_moodle_import_file(tmp_path):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML, encoding="utf-8")
    blank = participant(cohort)
    downloads = tmp_path / "downloads"
    _write(downloads / "Amina Diallo_104233_assignsubmission_file_" / f"{NOTEBOOK}.ipynb", solved(blank))
    _write(downloads / "Amina Diallo_104233_assignsubmission_onlinetext_" / "onlinetext.html", "<p>Merci</p>")
    _write(downloads / "José Pérez_104240_assignsubmission_file_" / f"{NOTEBOOK}.ipynb", blank)
    _write(downloads / f"{NFD}_104251_assignsubmission_file_" / f"{NOTEBOOK}.ipynb", blank)
    (tmp_path / "worksheet.csv").write_text(WORKSHEET, encoding="utf-8")
    (tmp_path / "participation.csv").write_text("participant,assessments_completed,assessments_total\n"
                                                "Amina Diallo,1,1\nJosé Pérez,0,1\n", encoding="utf-8")
    assert {s.participant for s in find_submissions(downloads)} == {"Amina Diallo", "José Pérez", "Zoë Nguyễn"}
    out = tmp_path / "gradebook"
    run = subprocess.run(
        [sys.executable, "-m", "mlalib", "grade", str(cohort), str(downloads), "--out", str(out), "--jobs", "2",
         "--quiet", "--notebooks-dir", str(PROJECT / "notebooks"), "--participation", str(tmp_path / "participation.csv"),
         "--moodle-participants", str(tmp_path / "worksheet.csv")],
        capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    with open(out / "moodle_grades.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["Email address", NOTEBOOK, "Score (out of 100)"],
                    ["amina.diallo@example.org", "8", "100"],
                    ["jose.perez@example.org", "0", "0"],
                    ["zoe.nguyen@example.org", "0", "0"]]
    with open(out / "certificates.csv", newline="", encoding="utf-8") as handle:
        certificates = list(csv.DictReader(handle))
    assert [tuple(c) for c in certificates[:1]] == [CERTIFICATE_FILE_COLUMNS]
    assert [(c["participant"], c["certificate"], c["identifier"], c["identifier_field"]) for c in certificates] == [
        ("Amina Diallo", "Certificate of Achievement", "amina.diallo@example.org", "email"),
        ("José Pérez", "", "jose.perez@example.org", "email"), ("Zoë Nguyễn", "", "zoe.nguyen@example.org", "email")]
    assert {(c["cohort"], c["course"], c["programme"], c["course_end"]) for c in certificates} == {
        ("grading-test-2026", "statistics-elective", "Single course", "2026-04-10")}
    assert certificates[2]["reason"] == "not in the participation record"
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        gradebook = list(csv.DictReader(handle))
    assert {row["participant"] for row in gradebook} == {"Amina Diallo", "José Pérez", "Zoë Nguyễn"}
    assert any(row["file"].startswith("Amina Diallo_104233_assignsubmission_onlinetext_/") for row in gradebook)
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == ["Amina_Diallo.html", "José_Pérez.html", "Zoë_Nguyễn.html"]
    assert "José Pérez" in (out / "feedback" / "José_Pérez.html").read_text(encoding="utf-8")
    assert "moodle_grades.csv (identify users by: Email address)" in run.stdout
