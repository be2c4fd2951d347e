"""The diploma across cohorts (mlalib.course.diploma and diploma_records, ``mlalib diploma``) and the
certificate file it reads.

Five cohorts' certificate files are written by the grader's own writer (``certificates_csv``), as
``mlalib grade --participation`` writes them: an e-Academy cohort (2021), and single-course cohorts of
mainstreaming (2019 and 2023), reintegration (2024) and the statistics elective (2026). The people:

* Amina Diallo: the Academy, three courses within five years, a capstone: qualifies;
* José Pérez: the same, identified by name in the Academy cohort (no participants file) and by e-mail in the
  others, his name spelled three ways: qualifies;
* Li Wei: everything but the capstone;
* Fatou Ndiaye: a Certificate of Participation of the Academy (Achievement needed), three courses, a capstone;
* Ravi Kumar: the Academy (2021) and mainstreaming (2019) too long before his later courses;
* Maria Garcia: two e-mail addresses in two cohorts, and by name only in the Academy cohort (notes; one person
  with an aliases file);
* Omar Haddad: a course without a certificate;
* a participant whose name is a spreadsheet formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mlalib.cli import main
from mlalib.course.certificates import CERTIFICATE_FILE_COLUMNS
from mlalib.course.cohort import parse_cohort
from mlalib.course.diploma import DIPLOMAS, diploma_csv, diploma_table, load_diploma_rules, standing
from mlalib.course.diploma_records import people, read_inputs
from mlalib.course.gradebook import GradingReport, certificates_csv
from mlalib.course.isolation import Isolation
from mlalib.course.moodle import read_participants
from mlalib.errors import ConfigError
from mlalib.files import csv_restore

TODAY = dt.date(2026, 11, 30)
ACADEMY, SINGLE = "e-Academy on Labour Migration", "Single course"
ACHIEVEMENT, PARTICIPATION = "Certificate of Achievement", "Certificate of Participation"
FORMULA = '=HYPERLINK("http://example.org","x")'
EMAILS = {"Amina Diallo": "amina.diallo@example.org", "José Pérez": "jose.perez@example.org",
          "PÉREZ, José": "Jose.Perez@example.org", "Li Wei": "li.wei@example.org",
          "Fatou Ndiaye": "fatou.ndiaye@example.org", "Ravi Kumar": "ravi.kumar@example.org",
          "Omar Haddad": "omar.haddad@example.org",
          FORMULA: "formula@example.org"}
#: cohort id -> (course, programme, end date, {participant: certificate}, e-mails of that cohort's participants file)
COHORTS = {
    "mainstreaming-2019": ("mainstreaming-migration", SINGLE, "2019-11-29", {"Ravi Kumar": ACHIEVEMENT}, EMAILS),
    "academy-2021": ("statistics-elective", ACADEMY, "2021-07-16", {
        "Amina Diallo": ACHIEVEMENT, "Jose Perez": ACHIEVEMENT, "Li Wei": ACHIEVEMENT,
        "Fatou Ndiaye": PARTICIPATION, "Ravi Kumar": ACHIEVEMENT, "María García": ACHIEVEMENT}, None),
    "mainstreaming-2023": ("mainstreaming-migration", SINGLE, "2023-06-09", {
        "Amina Diallo": ACHIEVEMENT, "José Pérez": ACHIEVEMENT, "Li Wei": ACHIEVEMENT, "Fatou Ndiaye": ACHIEVEMENT,
        "Maria Garcia": ACHIEVEMENT}, {**EMAILS, "Maria Garcia": "maria.garcia@example.org"}),
    "reintegration-2024": ("reintegration", SINGLE, "2024-10-18", {
        "Amina Diallo": ACHIEVEMENT, "PÉREZ, José": ACHIEVEMENT, "Li Wei": ACHIEVEMENT, "Fatou Ndiaye": ACHIEVEMENT,
        "Ravi Kumar": ACHIEVEMENT, "Maria Garcia": ACHIEVEMENT}, {**EMAILS, "Maria Garcia": "mgarcia@example.net"}),
    "statistics-2026": ("statistics-elective", SINGLE, "2026-04-10", {
        "Amina Diallo": ACHIEVEMENT, "José Pérez": ACHIEVEMENT, "Li Wei": ACHIEVEMENT, "Fatou Ndiaye": ACHIEVEMENT,
        "Ravi Kumar": ACHIEVEMENT, "Omar Haddad": "", FORMULA: ACHIEVEMENT}, EMAILS),
}
CAPSTONES = """\
identifier,name,title,approved,notes
amina.diallo@example.org,Amina Diallo,Fair recruitment in the Senegal-France corridor,2026-09-01,
,Jose PEREZ,Remittance costs in Central America,2026-10-05,by name only
fatou.ndiaye@example.org,Fatou Ndiaye,Reintegration of returnees in Dakar,2026-06-30,
ravi.kumar@example.org,Ravi Kumar,Skills recognition for migrant workers,2026-07-15,
ana.nobody@example.org,Ana Nobody,Labour inspection and migrant workers,2026-03-02,
"""


def certificate_file(folder: Path, cohort_id: str) -> Path:
    """The cohort's certificates.csv, written by the grader's writer (with its participants file, if any)."""
    course, programme, end, certificates, emails = COHORTS[cohort_id]
    day = dt.date.fromisoformat(end)
    cohort = parse_cohort({"id": cohort_id, "title": cohort_id, "course": course, "start": str(day - dt.timedelta(40)),
                           "end": end, "language": "en", "focus_countries": ["PHL"], "data_vintage": "2020",
                           "seed": 1})
    people = pd.DataFrame([{"participant": name, "certificate": cert, "reason": "" if cert else "Certificate: no"}
                           for name, cert in certificates.items()])
    participants = None
    if emails is not None:
        worksheet = folder / f"{cohort_id}-participants.csv"
        worksheet.write_text("Full name,Email address\n" + "".join(
            f'"{name.replace(chr(34), 2 * chr(34))}",{emails[name]}\n' for name in certificates), encoding="utf-8")
        participants = read_participants(worksheet)
    report = GradingReport(cohort, pd.DataFrame(), people, pd.DataFrame(), 0.5, 60.0, Isolation(False),
                           moodle=participants, programme=programme)
    path = folder / cohort_id / "certificates.csv"
    path.parent.mkdir(parents=True)
    path.write_text(certificates_csv(report), encoding="utf-8")
    return path


@pytest.fixture()
def cohorts(tmp_path) -> list[Path]:
    return [certificate_file(tmp_path, cohort_id) for cohort_id in COHORTS]


@pytest.fixture()
def capstones(tmp_path) -> Path:
    path = tmp_path / "capstones.csv"
    path.write_text(CAPSTONES, encoding="utf-8")
    return path


def rows_by_name(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    return {row[table.columns[1]]: dict(row) for _, row in table.iterrows()}


def test_the_certificate_file_tells_the_cohort_course_programme_date_and_person(cohorts):
    with open(cohorts[2], newline="", encoding="utf-8") as handle:  # mainstreaming-2023, with a participants file
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CERTIFICATE_FILE_COLUMNS
    assert rows[1] == {"participant": "José Pérez", "certificate": ACHIEVEMENT, "reason": "",
                       "cohort": "mainstreaming-2023", "course": "mainstreaming-migration", "programme": SINGLE,
                       "course_end": "2023-06-09", "identifier": "jose.perez@example.org", "identifier_field": "email"}
    with open(cohorts[1], newline="", encoding="utf-8") as handle:  # academy-2021: no participants file
        academy = list(csv.DictReader(handle))
    assert {(r["participant"], r["identifier"], r["identifier_field"], r["programme"]) for r in academy} >= {
        ("Jose Perez", "", "", ACADEMY), ("Fatou Ndiaye", "", "", ACADEMY)}


def test_a_formula_name_is_written_as_text_and_read_back_intact(cohorts, capstones):
    raw = cohorts[4].read_text(encoding="utf-8")
    assert "\n\"'=HYPERLINK(" in raw and "\n=HYPERLINK" not in raw and '\n"=HYPERLINK' not in raw
    table = diploma_table(read_inputs(cohorts, capstones, today=TODAY), load_diploma_rules("labour-migration-experts"),
                          today=TODAY)
    assert FORMULA in set(table["Name"])
    text = diploma_csv(table)
    cells = [cell for row in csv.reader(text.splitlines()) for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert FORMULA in {csv_restore(cell) for cell in cells}


def test_who_qualifies_and_what_each_lacks_in_english(cohorts, capstones):
    rules = load_diploma_rules("labour-migration-experts")
    table = diploma_table(read_inputs(cohorts, capstones, today=TODAY), rules, "en", TODAY)
    assert list(table.columns) == ["Identifier", "Name", "Qualifies", "Academy", "Courses counted", "Capstone project",
                                   "Still lacking", "Not counted", "Notes"]
    rows = rows_by_name(table)
    amina = rows["Amina Diallo"]
    assert (amina["Qualifies"], amina["Still lacking"]) == ("yes", "")
    assert amina["Academy"] == "e-Academy on Labour Migration (academy-2021, ended July 16, 2021)"
    assert amina["Courses counted"] == (
        "Mainstreaming migration into development planning (mainstreaming-2023, ended June 9, 2023); "
        "Reintegration of return migrants (reintegration-2024, ended October 18, 2024); "
        "Statistics elective: Measuring and analysing labour migration (statistics-2026, ended April 10, 2026)")
    assert amina["Capstone project"] == "Fair recruitment in the Senegal-France corridor (approved September 1, 2026)"
    jose = rows["José Pérez"]  # the name of his latest cohort; "Jose Perez" and "PÉREZ, José" are him too
    assert (jose["Qualifies"], jose["Identifier"]) == ("yes", "jose.perez@example.org")
    assert "academy-2021" in jose["Academy"] and jose["Capstone project"].startswith("Remittance costs")
    assert not any(name.startswith(("Jose Perez", "PÉREZ")) for name in rows)
    li = rows["Li Wei"]
    assert (li["Qualifies"], li["Still lacking"]) == ("no", "the capstone project")
    fatou = rows["Fatou Ndiaye"]
    assert fatou["Qualifies"] == "no"
    assert fatou["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour Migration, "
                                      "ending by June 9, 2028")
    assert fatou["Not counted"] == ("e-Academy on Labour Migration (academy-2021, ended July 16, 2021, Certificate of "
                                    "Participation): does not count for the diploma")
    ravi = rows["Ravi Kumar"]
    assert ravi["Qualifies"] == "no"
    assert ravi["Courses counted"].count("ended") == 2 and "mainstreaming-2019" not in ravi["Courses counted"]
    assert ravi["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour Migration, ending by "
                                     "October 18, 2029; one more eligible course, ending by October 18, 2029")
    assert ravi["Not counted"].count("outside the 5 years counted, from October 18, 2024 to October 18, 2029") == 2
    assert rows["Ana Nobody"]["Notes"] == "in the capstone list (line 6) but in no certificate file"
    assert rows["Omar Haddad"]["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour "
                                                    "Migration; 3 eligible courses within 5 years; "
                                                    "the capstone project")
    formula = rows[FORMULA]
    assert formula["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour Migration, ending "
                                        "by April 10, 2031; 2 more eligible courses, ending by April 10, 2031; "
                                        "the capstone project")


def test_what_is_lacking_in_french(cohorts, capstones):
    rules = load_diploma_rules("labour-migration-experts")
    table = diploma_table(read_inputs(cohorts, capstones, today=TODAY), rules, "fr", TODAY)
    assert list(table.columns)[:3] == ["Identifiant", "Nom", "Remplit les conditions"]
    rows = rows_by_name(table)
    assert rows["Amina Diallo"]["Remplit les conditions"] == "oui"
    assert rows["Li Wei"]["Manque encore"] == "le projet final"
    assert rows["Fatou Ndiaye"]["Manque encore"] == (
        "le certificat de réussite du programme e-Académie sur les migrations de main-d'œuvre, "
        "au plus tard le 9 juin 2028")
    assert rows["Ravi Kumar"]["Manque encore"].endswith(
        " ; un cours éligible de plus, au plus tard le 18 octobre 2029")
    assert "Réintégration des migrants de retour (reintegration-2024, achevé le 18 octobre 2024)" \
        in rows["Amina Diallo"]["Cours comptés"]


def test_a_person_with_two_identifiers_gets_a_note_and_an_alias_makes_them_one(cohorts, capstones, tmp_path):
    rules = load_diploma_rules("labour-migration-experts")
    table = diploma_table(read_inputs(cohorts, capstones, today=TODAY), rules, "en", TODAY)
    by_name = [dict(r) for _, r in table.iterrows() if r["Name"] == "María García"]  # the Academy: no identifier
    assert len(by_name) == 1 and by_name[0]["Identifier"] == "" and by_name[0]["Academy"] == ""
    assert by_name[0]["Not counted"] == ("e-Academy on Labour Migration (academy-2021, ended July 16, 2021, "
                                         "Certificate of Achievement): its 5 years ended on July 16, 2026")
    assert by_name[0]["Notes"] == ("María García (without an identifier) has the name of several people "
                                   "(maria.garcia@example.org, mgarcia@example.net): counted apart; say who it is "
                                   "in an aliases file (--aliases)")
    rows = [dict(r) for _, r in table.iterrows() if r["Name"] == "Maria Garcia"]
    assert sorted(r["Identifier"] for r in rows) == ["maria.garcia@example.org", "mgarcia@example.net"]
    assert {r["Notes"] for r in rows} == {
        "the name Maria Garcia also has the identifier(s) mgarcia@example.net: counted as different people; if they "
        "are one person, say so in an aliases file (--aliases)",
        "the name Maria Garcia also has the identifier(s) maria.garcia@example.org: counted as different people; if "
        "they are one person, say so in an aliases file (--aliases)"}
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("person,same_as\nmaria.garcia@example.org,MGarcia@example.net\n", encoding="utf-8")
    table = diploma_table(read_inputs(cohorts, capstones, aliases, today=TODAY), rules, "en", TODAY)
    maria = [dict(r) for _, r in table.iterrows() if "Garc" in r["Name"]]
    assert len(maria) == 1 and maria[0]["Notes"] == "" and maria[0]["Name"] == "Maria Garcia"
    assert maria[0]["Identifier"] == "maria.garcia@example.org, mgarcia@example.net"
    assert maria[0]["Courses counted"].count("ended") == 2 and maria[0]["Academy"] == ""
    assert maria[0]["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour Migration, "
                                         "ending by June 9, 2028; one more eligible course, ending by June 9, 2028; "
                                         "the capstone project")
    assert maria[0]["Not counted"].endswith("(academy-2021, ended July 16, 2021, Certificate of Achievement): outside "
                                            "the 5 years counted, from June 9, 2023 to June 9, 2028")


def test_the_window_opened_by_the_academy_counts_while_it_is_open(cohorts):
    rules = load_diploma_rules("labour-migration-experts")
    inputs = read_inputs(cohorts, today=dt.date(2026, 7, 1))
    ravi = next(p for p in people(inputs) if p.name == "Ravi Kumar")
    result = standing(ravi, rules, dt.date(2026, 7, 1))  # the window from July 16, 2021 is still open
    assert result.academy is not None and result.academy.cohort == "academy-2021"
    assert [c.cohort for c in result.courses] == ["reintegration-2024", "statistics-2026"]
    assert result.window == (dt.date(2021, 7, 16), dt.date(2026, 7, 16))
    later = standing(ravi, rules, TODAY)
    assert later.academy is None and later.window == (dt.date(2024, 10, 18), dt.date(2029, 10, 18))


def test_a_capstone_bound_to_the_window_by_the_rules(cohorts, capstones, tmp_path):
    rules_file = tmp_path / "rules.yaml"
    bundled = DIPLOMAS / "labour-migration-experts.yaml"
    rules_file.write_text(bundled.read_text(encoding="utf-8").replace("within: [academy, courses]",
                                                                      "within: [academy, courses, capstone]"),
                          encoding="utf-8")
    rules = load_diploma_rules(rules_file)
    rows = rows_by_name(diploma_table(read_inputs(cohorts, capstones, today=TODAY), rules, "en", TODAY))
    # Amina: the Academy (July 16, 2021) and the capstone (September 1, 2026) are more than five years apart
    assert rows["Amina Diallo"]["Qualifies"] == "no"
    assert rows["Amina Diallo"]["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour "
                                                     "Migration, ending by June 9, 2028")
    # Li Wei: the window opened by her Academy closed on July 16, 2026 without a capstone; the next one is open
    assert rows["Li Wei"]["Still lacking"] == ("the Certificate of Achievement of the e-Academy on Labour Migration, "
                                               "ending by June 9, 2028; the capstone project, approved by June 9, 2028")


def test_bad_certificate_files_capstone_list_and_aliases_get_one_line_each(cohorts, capstones, tmp_path):
    bad = tmp_path / "bad" / "certificates.csv"
    bad.parent.mkdir()
    header = ",".join(CERTIFICATE_FILE_COLUMNS)
    bad.write_text(f"{header}\n"
                   "Ana,Certificate of Achievement,,bad-2026,statistics,Single course,2026-04-10,,\n"
                   "Bo,Certificate of Achievement,,bad-2026,statistics,Single course,2027-01-15,,\n"
                   "Ana,,,bad-2026,statistics,Single course,2026-04-10,ana@example.org,phone\n", encoding="utf-8")
    twice = tmp_path / "copy" / "certificates.csv"
    twice.parent.mkdir()
    shutil.copy(cohorts[0], twice)
    old = tmp_path / "old.csv"
    old.write_text("participant,certificate,reason\nAna,Certificate of Achievement,\n", encoding="utf-8")
    capstone_list = tmp_path / "capstones.csv"
    capstone_list.write_text("identifier,name,title,approved\n"
                             ",,A title,2026-01-01\n"
                             "x@example.org,X,,2026-02-30\n"
                             "x@example.org,X,Again,2027-01-01\n", encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("person,same_as\nnobody@example.org,Amina Diallo\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_inputs([*cohorts, bad, twice, old, cohorts[0]], capstone_list, aliases, today=TODAY)
    problems = caught.value.problems
    assert problems == [
        f"{bad}, line 2, column 'course': 'statistics' is not a course of the catalogue; expected one of "
        "statistics-elective, mainstreaming-migration, reintegration",
        f"{bad}, line 3, column 'course_end': '2027-01-15' differs from line 2 ('2026-04-10'); expected one cohort "
        "per certificate file",
        f"{bad}, line 3, column 'course': 'statistics' is not a course of the catalogue; expected one of "
        "statistics-elective, mainstreaming-migration, reintegration",
        f"{bad}, line 3, column 'course_end': 2027-01-15 is after today (2026-11-30); expected the end date of a "
        "course that has ended",
        f"{bad}, line 4, column 'participant': 'Ana' is listed twice (also line 2, as 'Ana'); expected one line per "
        "participant, and an identifier (--moodle-participants) for two people of the same name",
        f"{bad}, line 4, column 'course': 'statistics' is not a course of the catalogue; expected one of "
        "statistics-elective, mainstreaming-migration, reintegration",
        f"{bad}, line 4, column 'identifier_field': 'phone' is not an e-Campus user field; expected email, username, "
        "idnumber or empty",
        f"{twice}, column 'cohort': 'mainstreaming-2019' is also the cohort of '{cohorts[0]}'; expected one "
        "certificate file per cohort (the same cohort's file given twice?)",
        f"{old}, line 1: lacks the column(s) cohort, course, programme, course_end, identifier, identifier_field; "
        "expected a certificates.csv written by 'mlalib grade --participation' (participant, certificate, reason, "
        "cohort, course, programme, course_end, identifier, identifier_field)",
        f"{cohorts[0]}: given twice (also as '{cohorts[0]}'); expected each cohort's certificate file once",
        f"{capstone_list}, line 2: 'identifier' and 'name' are both empty; expected the person's e-Campus "
        "identifier or name",
        f"{capstone_list}, line 3, column 'title': empty; expected the capstone project's title",
        f"{capstone_list}, line 3, column 'approved': '2026-02-30' is not a date; expected YYYY-MM-DD (e.g. "
        "2026-04-10)",
        f"{capstone_list}, line 4, column 'identifier': 'x@example.org' has a capstone on line 3 already; expected "
        "one line per person",
        f"{capstone_list}, line 4, column 'approved': 2027-01-01 is after today (2026-11-30); expected the date the "
        "project was approved",
        f"{aliases}, line 2, column 'person': 'nobody@example.org' is in no certificate file and not in the capstone "
        "list; expected an identifier or a name written there",
    ]


def test_bad_rules_files_name_every_problem(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("diploma: D\nacademy: {programme: Single course, certificates: []}\n"
                     "courses: {count: 4, eligible: [{course: reintegration, programme: Single course, "
                     "certificates: [A]}, {course: nowhere, programme: X, certificates: [A]}]}\n"
                     "window: {years: 0, within: [academy]}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_diploma_rules(rules)
    assert caught.value.problems == [
        "academy.certificates: List should have at least 1 item after validation, not 0, got []",
        "courses.eligible.1.course: 'nowhere' is not a course of the catalogue (statistics-elective, "
        "mainstreaming-migration, reintegration)",
        "window.years: Input should be greater than or equal to 1, got 0",
        "window.within: must list 'courses' (the eligible courses are always counted within the window)",
        "extra: Extra inputs are not permitted, got 1",
    ]
    with pytest.raises(ConfigError, match="no bundled diploma of that name; known: labour-migration-experts"):
        load_diploma_rules("nowhere")


def test_the_command_writes_the_table_and_prints_the_summary(cohorts, capstones, tmp_path, capsys):
    out = tmp_path / "diploma.csv"
    code = main(["diploma", *map(str, cohorts), "--capstones", str(capstones), "--on", "2026-11-30",
                 "--language", "fr", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.splitlines()[0] == ("Diplôme pour les experts et praticiens des migrations de main-d'œuvre : "
                                       "2 personne(s) sur 11 remplissent les conditions au 30 novembre 2026")
    assert "  Li Wei (li.wei@example.org): il manque le projet final" in printed
    assert f"Tableau : {out}" in printed
    with open(out, newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert {r["Nom"] for r in written if r["Remplit les conditions"] == "oui"} == {"Amina Diallo", "José Pérez"}


def test_the_command_exits_2_with_one_line_per_problem(cohorts, capstones, tmp_path, capsys):
    future = tmp_path / "future.csv"
    future.write_text("identifier,name,title,approved\namina.diallo@example.org,Amina,T,2026-12-24\n",
                      encoding="utf-8")
    assert main(["diploma", str(cohorts[0]), str(cohorts[0]), "--capstones", str(future), "--on", "2026-11-30",
                 "--out", str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["mlalib: error: the diploma's input files: 2 problem(s)",
                   f"  {cohorts[0]}: given twice (also as '{cohorts[0]}'); expected each cohort's certificate file "
                   "once",
                   f"  {future}, line 2, column 'approved': 2026-12-24 is after today (2026-11-30); expected the date "
                   "the project was approved"]
    assert not (tmp_path / "d.csv").exists()
    assert main(["diploma", str(cohorts[0]), "--on", "30/11/2026"]) == 2
    assert capsys.readouterr().err.strip() == ("mlalib: error: option '--on' must be a date written YYYY-MM-DD, "
                                               "got '30/11/2026'")
    assert main(["diploma", str(cohorts[0]), "--out", str(cohorts[0])]) == 2
    assert "option '--out' names an input file" in capsys.readouterr().err


def test_the_command_runs_as_a_program(cohorts, tmp_path):
    run = subprocess.run([sys.executable, "-m", "mlalib", "diploma", *map(str, cohorts), "--on", "2026-11-30",
                          "--out", str(tmp_path / "d.csv")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "0 of 10 people qualify on November 30, 2026" in run.stdout
    assert "Amina Diallo (amina.diallo@example.org): lacks the capstone project" in run.stdout


def test_one_person_on_two_lines_of_the_capstone_list_keeps_the_first_approved(cohorts, tmp_path):
    capstones = tmp_path / "two.csv"
    capstones.write_text(CAPSTONES + ",DIALLO Amina,A second project,2026-10-01,\n", encoding="utf-8")
    rules = load_diploma_rules("labour-migration-experts")
    amina = rows_by_name(diploma_table(read_inputs(cohorts, capstones, today=TODAY), rules, "en", TODAY))["Amina Diallo"]
    assert amina["Qualifies"] == "yes"
    assert amina["Capstone project"] == "Fair recruitment in the Senegal-France corridor (approved September 1, 2026)"
    assert amina["Notes"] == ("two lines of the capstone list are this person's (lines 2 and 7); the first approved "
                              "counts (line 2)")


def test_rules_that_nobody_could_meet_are_refused(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("diploma: D\nacademy: {programme: Academy, certificates: [A]}\n"
                     "courses: {count: 3, eligible: [{course: reintegration, programme: Single course, "
                     "certificates: [A]}, {course: reintegration, programme: single COURSE, certificates: [B]}, "
                     "{course: mainstreaming-migration, programme: academy, certificates: [A]}]}\n"
                     "window: {years: 5, within: [courses]}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_diploma_rules(rules)
    assert caught.value.problems == [
        "courses.eligible.1: course 'reintegration' with this programme is listed twice",
        "courses.eligible: a course of the Academy's programme cannot count as an eligible course too",
        "courses.count: 3 courses are asked for, but only 2 are eligible; nobody could qualify",
    ]


def test_unreadable_files_and_wrong_layouts_get_one_line_each(tmp_path):
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00participant")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n", encoding="utf-8")
    short = tmp_path / "short.csv"
    short.write_text(",".join(CERTIFICATE_FILE_COLUMNS) + "\nAna,Certificate of Achievement\n", encoding="utf-8")
    capstones = tmp_path / "capstones.csv"
    capstones.write_text("identifier,name,title,approved,approved by\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_inputs([binary, empty, short, tmp_path / "absent.csv"], capstones, today=TODAY)
    assert caught.value.problems == [
        f"{binary}: not a UTF-8 text file (byte 0); expected a CSV file saved as 'CSV UTF-8'",
        f"{empty}: the file is empty; expected a header row",
        f"{short}, line 2: has 2 cells; the header has 9",
        f"{tmp_path / 'absent.csv'}: file not found",
        f"{capstones}, line 1: has the columns identifier, name, title, approved, approved by; expected identifier, "
        "name, title, approved (and, if you wish, notes), each once",
    ]
