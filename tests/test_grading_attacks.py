"""Attacks on grading, inside the bubblewrap sandbox, and grading without it.

The attack notebooks run only inside the sandbox: without bubblewrap (or where it cannot
create namespaces) their tests skip and say why. One grading run is shared by every assertion.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from mlalib.cli import main
from mlalib.course import grading, running
from mlalib.course.masters import default_notebooks_dir
from mlalib.course.grading import GradingOptions, grade_cohort
from mlalib.course.isolation import Isolation, isolation
from tests.attack_fixtures import EXPECTED_ATTACKS, TIMING_DEPENDENT, make_attacks
from tests.grading_fixtures import COHORT_YAML, EXERCISES, NOTEBOOK, POINTS, _write, participant, solved

pytestmark = pytest.mark.slow
OPTIONS = ["--cell-timeout", "20", "--timeout", "60", "--memory-limit", "2048", "--jobs", "2", "--quiet"]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    found = isolation()
    if not found.available:
        pytest.skip(f"the attack notebooks run only inside the bubblewrap sandbox, which is unavailable here: "
                    f"{found.reason}")
    root = tmp_path_factory.mktemp("attacks")
    cohort = root / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    shm = f"mlalib-attack-{os.getpid()}"
    make_attacks(root / "submissions", cohort, root / "outside.txt", default_notebooks_dir(), shm)
    before = _snapshot(root / "submissions")
    code = main(["grade", str(cohort), str(root / "submissions"), "--out", str(root / "gradebook"),
                 "--isolation", "required", "--output-limit", "20", *OPTIONS])
    return {"root": root, "code": code, "shm": Path("/dev/shm") / shm, "before": before,
            "book": pd.read_csv(root / "gradebook" / "gradebook.csv", keep_default_na=False)}


def test_every_attack_earns_no_more_than_its_honest_work_and_gets_its_row(attacked):
    assert attacked["code"] == 0
    book = attacked["book"]
    flood = book[(book["participant"].isin(TIMING_DEPENDENT)) & (book["exercise"] != "")]
    assert len(flood) == len(EXERCISES) and flood["points"].sum() <= sum(POINTS) and (flood["feedback"] != "").all()
    book = book[~book["participant"].isin(TIMING_DEPENDENT)]
    marks = book[book["exercise"] != ""]
    got = {(r.participant, r.exercise): (float(r.points), r.status) for r in marks.itertuples()}
    assert got == {(p, e): (float(points), status) for p, (rows, _) in EXPECTED_ATTACKS.items()
                   for e, (points, status) in rows.items()}
    notes = book[book["exercise"] == ""]
    assert {p: sorted(g["status"]) for p, g in notes.groupby("participant")} == \
        {p: sorted(n) for p, (_, n) in EXPECTED_ATTACKS.items() if n}
    assert (book.loc[book["status"] == "key", "feedback"].str.contains("trainer will review")).all()


def test_attacks_harm_no_one_and_nothing_outside(attacked):
    book = attacked["book"]
    for honest in ("correct", "honest"):
        own = book[book["participant"] == honest]
        assert own["points"].sum() == sum(POINTS) and set(own["status"]) == {"correct"}
    assert not (attacked["root"] / "outside.txt").exists()
    assert not attacked["shm"].exists()
    assert _snapshot(attacked["root"] / "submissions") == attacked["before"]
    summary = (attacked["root"] / "gradebook" / "summary.html").read_text()
    assert "its own bubblewrap sandbox" in summary and "NOT isolated" not in summary


def test_without_isolation_grading_runs_and_says_so(tmp_path, capsys):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    _write(tmp_path / "submissions" / "amina" / f"{NOTEBOOK}.ipynb", solved(participant(cohort)))
    code = main(["grade", str(cohort), str(tmp_path / "submissions"), "--out", str(tmp_path / "gradebook"),
                 "--isolation", "none", *OPTIONS])
    assert code == 0
    err = capsys.readouterr().err
    assert "Submissions were NOT isolated (switched off (--isolation none))" in err
    assert "NOT isolated" in (tmp_path / "gradebook" / "summary.html").read_text()
    book = pd.read_csv(tmp_path / "gradebook" / "gradebook.csv", keep_default_na=False)
    assert book["points"].sum() == sum(POINTS)


def test_isolation_required_but_unavailable_is_refused_before_anything_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(grading, "isolation", lambda: Isolation(False, "bubblewrap (bwrap) is not installed"))
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    (tmp_path / "submissions").mkdir()
    code = main(["grade", str(cohort), str(tmp_path / "submissions"), "--out", str(tmp_path / "o"),
                 "--isolation", "required"])
    assert code == 2 and "cannot be isolated" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_an_interrupted_run_resumes_and_gives_the_same_gradebook(tmp_path, monkeypatch):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    good = solved(participant(cohort))
    _write(tmp_path / "submissions" / "amina" / f"{NOTEBOOK}.ipynb", good)
    good.cells.append(nbformat.v4.new_markdown_cell("My notes"))  # another notebook (the same one is run once)
    _write(tmp_path / "submissions" / "bo" / f"{NOTEBOOK}.ipynb", good)
    options = GradingOptions(cell_timeout=20, notebook_timeout=60, memory_limit_mb=2048)

    def interrupted(function, tasks, **_):
        function(tasks[0])
        raise KeyboardInterrupt

    monkeypatch.setattr(running, "run_parallel", interrupted)
    with pytest.raises(KeyboardInterrupt):
        grade_cohort(cohort, tmp_path / "submissions", tmp_path / "out", jobs=1, progress=False, options=options)
    assert len(list((tmp_path / "out" / grading.CACHE_DIR).glob("*.json"))) == 1
    monkeypatch.undo()
    executed = []
    real = running.execute_submission
    monkeypatch.setattr(running, "execute_submission", lambda job: executed.append(job) or real(job))
    report = grade_cohort(cohort, tmp_path / "submissions", tmp_path / "out", jobs=1, progress=False, options=options)
    assert len(executed) == 1  # the other one was taken from the interrupted run
    assert list(report.participants["score"]) == [100, 100]
    assert not (tmp_path / "out" / grading.CACHE_DIR).exists()
    rows = report.rows
    assert set(rows["status"]) == {"correct"} and len(rows) == 2 * len(EXERCISES)


def test_the_gradebook_folder_is_mlalibs_own(tmp_path, capsys):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(COHORT_YAML)
    (tmp_path / "submissions").mkdir()
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes")
    assert main(["grade", str(cohort), str(tmp_path / "submissions"), "--out", str(mine), "--quiet"]) == 2
    assert "holds files mlalib did not write (notes.txt)" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text() == "my own notes" and len(list(mine.iterdir())) == 1
    out = tmp_path / "gradebook"
    assert main(["grade", str(cohort), str(tmp_path / "submissions"), "--out", str(out), "--quiet"]) == 0
    (out / "feedback").mkdir(exist_ok=True)
    (out / "feedback" / "kept.html").write_text("a trainer's page")
    assert main(["grade", str(cohort), str(tmp_path / "submissions"), "--out", str(out), "--quiet"]) == 0
    assert (out / "feedback" / "kept.html").read_text() == "a trainer's page"
