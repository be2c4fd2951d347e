"""What a grading run is given, however odd: participant names, symbolic links, old notebooks, formulas,
participants files and translations. These runs start no kernel (the files are not notebooks of the course,
or the notebooks are refused), so every case is cheap."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlalib.course.grading import GradingOptions, grade_cohort
from mlalib.course.moodle import read_participants
from mlalib.course.submissions import find_submissions, participant_name, read_notebook
from mlalib.course.written import read_written_scores
from mlalib.errors import CatalogError, ConfigError
from mlalib.i18n import read_catalog
from tests.conftest import PROJECT
from tests.grading_fixtures import COHORT_YAML, NOTEBOOK, _write

OPTIONS = GradingOptions(cell_timeout=20, notebook_timeout=60, isolation="none")


@pytest.fixture()
def cohort(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.yaml"
    path.write_text(COHORT_YAML, encoding="utf-8")
    return path


def _grade(cohort: Path, submissions: Path, out: Path, **kwargs):
    return grade_cohort(cohort, submissions, out, jobs=1, progress=False, options=OPTIONS, **kwargs)


def _page_name(page: str) -> str:
    """The participant a feedback page is about, from its title."""
    title = html.unescape(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))
    return title


def test_a_long_name_gets_a_page_within_the_file_systems_limit(cohort, tmp_path):
    long = "Ñ" * 120 + " " + "Z" * 10  # 251 bytes of UTF-8: a folder name the file system allows
    _write(tmp_path / "subs" / long / "notes.txt", "my answers are in the notebook")
    report = _grade(cohort, tmp_path / "subs", tmp_path / "out")
    [(person, page)] = report.feedback_files.items()
    assert person == long and len(Path(page).name.encode()) <= 110
    assert _page_name((tmp_path / "out" / page).read_text(encoding="utf-8")).endswith(long)


def test_names_that_clean_to_the_same_file_name_never_share_a_page(cohort, tmp_path):
    names = ["a b", "a_b-2", "a~b", "a_b"]
    for name in names:
        _write(tmp_path / "subs" / name / "notes.txt", name)
    report = _grade(cohort, tmp_path / "subs", tmp_path / "out")
    pages = report.feedback_files
    assert len(set(pages.values())) == 4
    for name, page in pages.items():
        assert _page_name((tmp_path / "out" / page).read_text(encoding="utf-8")).endswith(name)


def test_names_that_look_like_formulas_are_text_in_every_csv_and_read_back_intact(cohort, tmp_path):
    names = ["=HYPERLINK(\"x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "=1+1"]
    for name in names:
        _write(tmp_path / "subs" / name / "notes.txt", "x")
    participation = tmp_path / "participation.csv"
    with open(participation, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["participant", "assessments_completed", "assessments_total"],
                                      *([participant_name(n), 3, 3] for n in names)])
    _grade(cohort, tmp_path / "subs", tmp_path / "out", participation=participation)
    expected = {participant_name(n) for n in names}
    for table in ("gradebook.csv", "participants.csv", "certificates.csv"):
        with open(tmp_path / "out" / table, newline="", encoding="utf-8") as handle:
            cells = [row[0] for row in csv.reader(handle)][1:]
        assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells), table
        assert {cell[1:] if cell.startswith("'") else cell for cell in cells} == expected, table


def test_symbolic_links_are_refused_with_a_row_and_never_followed(cohort, tmp_path):
    subs = tmp_path / "subs"
    _write(subs / "bo" / "notes.txt", "x")
    (subs / "amina").mkdir()
    os.symlink(PROJECT / "notebooks" / f"{NOTEBOOK}.ipynb", subs / "amina" / f"{NOTEBOOK}.ipynb")  # the master
    os.symlink(subs / "bo" / "notes.txt", subs / "amina" / "copied.ipynb")  # another participant's file
    os.symlink("/etc/passwd", subs / "amina" / "system.ipynb")
    os.symlink(subs / "bo", subs / "carmen")  # a linked folder
    (subs / "dora").mkdir()
    os.symlink(subs / "dora" / "loop", subs / "dora" / "loop")  # a link loop
    os.mkfifo(subs / "bo" / "pipe.ipynb")  # never read (reading a pipe would wait for ever)
    found = {s.relative: s.kind for s in find_submissions(subs)}
    assert found == {"amina/01_stocks_and_flows.ipynb": "link", "amina/copied.ipynb": "link",
                     "amina/system.ipynb": "link", "bo/notes.txt": "file", "bo/pipe.ipynb": "special",
                     "carmen": "link", "dora/loop": "link"}
    report = _grade(cohort, subs, tmp_path / "out")
    notes = report.rows[report.rows["exercise"] == ""].set_index("file")
    for link in ("amina/01_stocks_and_flows.ipynb", "amina/copied.ipynb", "amina/system.ipynb", "carmen", "dora/loop"):
        assert "symbolic link" in notes.loc[link, "feedback"] and notes.loc[link, "status"] == "not_a_notebook"
    assert "not a regular file" in notes.loc["bo/pipe.ipynb", "feedback"]
    marks = report.rows[report.rows["exercise"] != ""]
    assert set(marks.loc[marks["participant"] == "amina", "status"]) == {"not_submitted"}  # no full marks
    assert {"carmen", "dora"} <= set(report.participants["participant"])  # every file still gets a row


def test_a_name_with_spaces_or_control_characters_round_trips_through_the_score_sheet(tmp_path):
    found = []
    for raw in ("  Amina Diallo ", "Bo\x1b[31m\x07", "Zoe\u0308\u202e"):
        _write(tmp_path / "subs" / raw / "a.txt", "x")
    found = sorted(s.participant for s in find_submissions(tmp_path / "subs"))
    assert found == ["Amina Diallo", "Bo\\x1b[31m\\x07", "Zoë\\u202e"]
    sheet = tmp_path / "scores.csv"
    sheet.write_text("participant,exercise,points\n" + "".join(f'"{n}",essay,1\n' for n in found), encoding="utf-8")
    scores = read_written_scores(sheet, {"essay": ("07_country_profile", 2.0)}, set(found))
    assert sorted(scores["participant"]) == found


def test_control_characters_never_reach_the_terminal(cohort, tmp_path):
    _write(tmp_path / "subs" / "Eve\x1b[2J\x07" / "notes.txt", "x")
    run = subprocess.run([sys.executable, "-m", "mlalib", "grade", str(cohort), str(tmp_path / "subs"), "--out",
                          str(tmp_path / "out"), "--isolation", "none", "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "Eve\\x1b[2J\\x07" in run.stdout


def test_a_version_3_notebook_is_converted(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "answer = 2.02\ncheck(\"stocks-rate-of-change\", answer)", "language": "python",
         "outputs": [], "metadata": {}}], "metadata": {}}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(v3), encoding="utf-8")
    nb = read_notebook(path)
    assert nb.nbformat == 4 and nb.cells[0].source.startswith("answer = 2.02")


@pytest.mark.parametrize("content, words", [
    ("Full name,Email address\nAmina,a@x.org\nBo,a@x.org\n", "'Email address' 'a@x.org' is also on row 2, for another "
                                                              "person: one person per identifier"),
    ("Full name,Email address\nAmina,a@x.org\nAmina,b@x.org\n", "'Amina' is also on row 2 with another 'Email address'"),
    ("Full name,Email address\nAmina,\n", "row 2: column 'Email address' is empty"),
    ("Identifier,Email address\nParticipant 1,a@x.org\nParticipant 2,A@x.org\n", "one person per identifier"),
])
def test_the_participants_file_has_one_identifier_per_person_and_one_person_per_identifier(tmp_path, content, words):
    path = tmp_path / "people.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_participants(path)
    assert str(path) in caught.value.one_line() and words in caught.value.one_line()


@pytest.mark.parametrize("msgstr, words", [
    ("Lisez le **guide** <script>alert(1)</script>.", "adds <script>, </script>"),
    ('Lisez le <img src=x onerror="alert(1)"> guide.', "adds <img onerror src>"),
    ("Lisez le [guide](javascript:alert(1)).", "adds link javascript:alert(1"),
    ("Lisez le guide `import os`.", "adds `import os`"),
])
def test_a_translation_may_not_add_markup_or_code(tmp_path, msgstr, words):
    catalog = tmp_path / "fr.po"
    catalog.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       f'msgid "Read the **guide**."\nmsgstr "{msgstr.replace(chr(34), chr(92) + chr(34))}"\n',
                       encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(catalog)
    assert f"{catalog}:5" in str(caught.value) and words in str(caught.value)


def test_a_code_comment_translation_stays_on_one_line(tmp_path):
    catalog = tmp_path / "fr.po"
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       "#. 01.ipynb, code comment: keep it on one line\n"
                       'msgid "Parameters"\nmsgstr "Paramètres\\nimport os"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=f"{re.escape(str(catalog))}:6: .* line break"):
        read_catalog(catalog)


@st.composite
def folder_names(draw) -> str:
    """A name a file system allows for a participant's folder: any Unicode, up to 255 bytes."""
    name = draw(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
                        max_size=80))
    name = name.encode("utf-8")[:255].decode("utf-8", errors="ignore")
    if not name.strip() or name.startswith(".") or name in ("__MACOSX",) or "__" in name:
        return "x" + name.replace(".", "_")[:50].replace("__", "_")
    return name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(names=st.lists(folder_names(), min_size=1, max_size=4, unique_by=lambda n: unicodedata.normalize("NFC", n)))
def test_any_names_grade_without_a_crash_and_each_page_names_its_own_participant(tmp_path_factory, names):
    root = tmp_path_factory.mktemp("names")
    (root / "cohort.yaml").write_text(COHORT_YAML, encoding="utf-8")
    for name in names:
        try:
            _write(root / "subs" / name / "notes.txt", "x")
        except OSError:  # a name this file system refuses (there are a few): not a participant's folder
            continue
    if not (root / "subs").is_dir():
        return
    report = _grade(root / "cohort.yaml", root / "subs", root / "out")
    pages = report.feedback_files
    assert len(set(pages.values())) == len(pages)
    for person, page in pages.items():
        assert _page_name((root / "out" / page).read_text(encoding="utf-8")).endswith(person)
