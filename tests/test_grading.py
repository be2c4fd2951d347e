"""`mlalib grade` on a fixture set of submissions covering what participants actually submit."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mlalib.cli import main
from mlalib.course.editions import secrets
from mlalib.course.grading import GradingOptions
from mlalib.exercises import Context, reference_answer
from tests.grading_fixtures import COHORT_YAML, EXERCISES, EXPECTED, NOTEBOOK, NOTES, POINTS, make_submissions, master

pytestmark = pytest.mark.slow

#: Time limits short enough for the looping and stubborn submissions, with room for an honest one under load.
OPTIONS = ["--cell-timeout", "12", "--timeout", "36", "--memory-limit", "2048", "--jobs", "2", "--quiet"]
PARTICIPATION = """\
participant,assessments_completed,assessments_total
correct,3,3
partly,3,3
empty,3,3
absent,3,3
"""


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    cohort = root / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    submissions = root / "submissions"
    outside = root / "outside.txt"
    make_submissions(submissions, cohort, outside)
    (root / "participation.csv").write_text(PARTICIPATION)
    before = _snapshot(submissions)
    code = main(["grade", str(cohort), str(submissions), "--out", str(root / "gradebook"),
                 "--participation", str(root / "participation.csv"), *OPTIONS])
    return {"root": root, "cohort": cohort, "submissions": submissions, "out": root / "gradebook",
            "outside": outside, "before": before, "code": code}


def test_every_fixture_submission_gets_the_expected_rows(graded):
    assert graded["code"] == 0
    book = pd.read_csv(graded["out"] / "gradebook.csv", keep_default_na=False, dtype={"participant": str})
    assert list(book.columns) == ["participant", "notebook", "exercise", "points", "max", "feedback", "status", "file"]
    marks = book[(book["exercise"] != "") & (book["notebook"] == NOTEBOOK)]
    got = {(r.participant, r.exercise): (float(r.points), r.status) for r in marks.itertuples()}
    expected = {(person, e): (float(p), s) for person, rows in EXPECTED.items() for e, (p, s) in rows.items()}
    assert got == expected
    assert (marks["max"] == marks["exercise"].map(dict(zip(EXERCISES, POINTS)))).all()
    notes = book[book["exercise"] == ""]
    assert {p: sorted(g["status"]) for p, g in notes.groupby("participant")} == {p: sorted(s) for p, s in NOTES.items()}
    assert (book["feedback"] != "").all()


def test_each_reason_is_stated_clearly(graded):
    book = pd.read_csv(graded["out"] / "gradebook.csv", keep_default_na=False, dtype={"participant": str})

    def feedback(participant: str, exercise: str = "", status: str | None = None) -> str:
        rows = book[(book["participant"] == participant) & (book["exercise"] == exercise)]
        if status:
            rows = rows[rows["status"] == status]
        return " | ".join(rows["feedback"])

    assert "not valid JSON" in feedback("notjson")
    assert "not a notebook (it has no list of cells)" in feedback("notjson")
    assert "could not be read (notjson/01_stocks_and_flows.ipynb)" in feedback("notjson", "stocks-net-migration")
    assert "cohort another-2025-fr" in feedback("othercohort")
    assert "mlalib 0.0.9" in feedback("oldversion")
    assert "cell that checks this exercise was deleted" in feedback("oldversion", "stocks-rate-of-change")
    assert "ran longer than 12 s" in feedback("loop", "stocks-largest-focus")
    assert "longer than 36 s in all" in feedback("stubborn", "stocks-stock-or-flow")
    assert "kernel stopped in cell" in feedback("crash", "stocks-largest-focus")
    assert "30 MB of output" in feedback("huge")
    assert "reference_answer" in feedback("cheater", "stocks-net-migration")
    assert "answer key (cell 6" in feedback("sneaky", status="key") and "no points were taken off" in feedback("sneaky")
    assert str(graded["outside"]) in feedback("writer", status="blocked")
    assert "record.jsonl" in feedback("writer", status="blocked")
    assert "dupes/01_stocks_and_flows_final.ipynb was chosen for this notebook (it answers more exercises: " \
        f"{len(EXERCISES)} against 0)" in feedback("dupes")
    assert "NameError" in feedback("typo", "stocks-net-migration")
    assert "MemoryError" in feedback("memory", "stocks-net-migration")
    assert "put it in a folder named after the participant" in feedback("")
    assert feedback("absent", "stocks-net-migration") == "Not submitted."
    assert feedback("partly", "stocks-rate-of-change").startswith("Close")
    assert "not valid JSON: nested too deeply" in feedback("nested")
    assert "not a notebook" in feedback("noise") and "not valid JSON" in feedback("truncated")


def test_submissions_are_never_modified_and_nothing_is_written_outside(graded):
    assert _snapshot(graded["submissions"]) == graded["before"]
    assert not graded["outside"].exists()
    assert not any(p.name == "inside.txt" for p in graded["root"].rglob("*"))  # the scratch folder is removed


def test_participants_scores_and_certificates(graded):
    people = pd.read_csv(graded["out"] / "participants.csv", keep_default_na=False, dtype={"participant": str})
    people = people.set_index("participant")
    assert people.loc["correct", "score"] == 100 and bool(people.loc["correct", "passed"])
    assert people.loc["partly", "score"] == round(100 * sum(p for p, _ in EXPECTED["partly"].values()) / sum(POINTS), 1)
    assert people.loc["correct", "max"] == sum(POINTS)  # 00_start_here is practice (0 points)
    assert people.loc["correct", "certificate"] == "Certificate of Achievement"
    assert people.loc["partly", "certificate"] == "Certificate of Achievement"  # its score is at least 60
    assert people.loc["empty", "certificate"] == "" and "final score 0 below 60" in people.loc["empty", "reason"]
    assert people.loc["absent", "notebooks_submitted"] == 0
    assert people.loc["crash", "reason"] == "not in the participation record"
    hardest = pd.read_csv(graded["out"] / "exercises.csv")
    assert list(hardest["mean_share"]) == sorted(hardest["mean_share"])


def test_pages_show_feedback_but_never_the_key(graded):
    out = graded["out"]
    pages = sorted((out / "feedback").glob("*.html"))
    assert {p.stem for p in pages} == set(EXPECTED) | {"absent"} - {""}
    page = (out / "feedback" / "partly.html").read_text()
    assert "stocks-rate-of-change" in page and "Close" in page and "75" in page
    summary = (out / "summary.html").read_text()
    assert "Score distribution" in summary and "stocks-stock-or-flow" in summary
    review = summary.split("To review before the grades are final", 1)[1].split("<h2>", 1)[0]
    assert ">cheater<" in review and ">sneaky<" in review and ">writer<" in review  # key uses, blocked attempts
    assert "The certificate follows the programme" in summary  # why a certificate may sit next to "no"
    assert ">nan<" not in summary and all(">nan<" not in p.read_text() for p in pages)
    manifest = (out / ".mlalib-gradebook").read_text()
    assert '"certificates.csv"' in manifest
    ctx = Context(seed=2026, focus_countries=("PHL", "MEX", "SEN"))
    numbers = [reference_answer(e, ctx) for e in ("stocks-net-migration", "stocks-rate-of-change")]
    forms = {f for n in numbers for f in (f"{n:g}", f"{n:.2f}", f"{n:,.0f}") if len(f) >= 4}
    assert forms
    solution_lines = secrets(master())
    for path in [*pages, out / "summary.html", out / "gradebook.csv"]:
        content = path.read_text()
        assert not [f for f in forms if re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", content)], path
        assert not [line for line in solution_lines if line in content], path


def test_a_rerun_gives_the_same_gradebook(graded, tmp_path):
    # the submissions whose feedback could vary between runs: temporary paths, timeouts, a crash, duplicates
    subset = tmp_path / "submissions"
    persons = ("crash", "dupes", "loop", "notjson", "partly", "writer")
    for person in persons:
        for path in (graded["submissions"] / person).rglob("*"):
            if path.is_file():
                copy = subset / path.relative_to(graded["submissions"])
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
    # graded again, alone: the same rows and the same feedback pages as in the run of the whole folder
    assert main(["grade", str(graded["cohort"]), str(subset), "--out", str(tmp_path / "again"),
                 "--participation", str(graded["root"] / "participation.csv"), *OPTIONS]) == 0
    again, full = (pd.read_csv(out / "gradebook.csv", keep_default_na=False) for out in (tmp_path / "again", graded["out"]))
    assert again[again["participant"].isin(persons)].reset_index(drop=True).equals(
        full[full["participant"].isin(persons)].reset_index(drop=True))
    for person in persons:
        page = f"feedback/{person}.html"
        assert (tmp_path / "again" / page).read_bytes() == (graded["out"] / page).read_bytes(), page


def test_bad_arguments_get_one_clear_message(tmp_path, capsys, graded):
    assert main(["grade", str(graded["cohort"]), str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "submissions folder" in capsys.readouterr().err
    inside = graded["submissions"] / "gradebook"
    assert main(["grade", str(graded["cohort"]), str(graded["submissions"]), "--out", str(inside)]) == 2
    assert "must be separate" in capsys.readouterr().err
    assert not inside.exists()
    code = main(["grade", str(graded["cohort"]), str(graded["submissions"]), "--out", str(tmp_path / "o"),
                 "--participation", str(graded["root"] / "participation.csv"),
                 "--programme", "e-academy-labour-migration"])
    assert code == 2 and "lacks the column(s) ['plenary_forums_completed'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # checked before any submission runs
    with pytest.raises(ValueError, match="close_credit"):
        GradingOptions(close_credit=2)


def test_ctrl_c_during_grading_ends_in_one_line_and_stops_every_kernel(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    import nbformat

    from tests.grading_fixtures import participant, solved

    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    for number in range(12):  # slow answers, so that grading is surely running when Ctrl-C comes
        nb = solved(participant(cohort))
        nb.cells.insert(3, nbformat.v4.new_code_cell("import time\ntime.sleep(20)"))
        nb.metadata["variant"] = number
        folder = tmp_path / "submissions" / f"p{number:02d}"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
    marker = f"MLALIB_CTRL_C_TEST={os.getpid()}"
    grading = subprocess.Popen(
        [sys.executable, "-m", "mlalib", "grade", str(cohort), str(tmp_path / "submissions"),
         "--out", str(tmp_path / "out"), *OPTIONS],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "MLALIB_CTRL_C_TEST": str(os.getpid())},
    )
    def running() -> list[int]:
        """The processes of this grading run (kernels, sandboxes, workers) but the command itself."""
        found = []
        for environ in Path("/proc").glob("[0-9]*/environ"):
            try:
                if marker.encode() in environ.read_bytes() and int(environ.parent.name) not in (os.getpid(), grading.pid):
                    found.append(int(environ.parent.name))
            except OSError:
                continue
        return found

    deadline = time.monotonic() + 60
    while len(running()) < 3 and time.monotonic() < deadline:  # a worker and its kernel at least
        time.sleep(0.5)
    time.sleep(2)  # the kernels are in their slow cells
    grading.send_signal(signal.SIGINT)
    out, err = grading.communicate(timeout=120)
    assert grading.returncode == 130, out + err
    assert err.strip().splitlines() == ["mlalib: interrupted; files already written are complete, the rest were not written"]
    time.sleep(2)
    assert running() == []
