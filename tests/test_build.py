"""Cohort builds on small master notebooks: layout, determinism, skipping, atomicity, failures."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mlalib.course import build as build_module
from mlalib import files
from mlalib.context import Context
from mlalib.course.build import build_cohort
from tests.conftest import FAILING_MASTER, make_master, write_cohort

pytestmark = pytest.mark.slow


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".mlalib-build" not in p.parts}


def test_build_writes_the_editions_with_header_and_metadata(tmp_path, masters):
    cohort = write_cohort(tmp_path / "c.yaml", notebooks=["01_good"])
    report = build_cohort(cohort, notebooks_dir=masters, output=tmp_path / "out", progress=False, jobs=1)
    assert report.ok, report.table()
    root = tmp_path / "out" / "test-cohort"
    assert sorted(_files(root)) == ["participant-html/01_good.html", "participant-html/index.html",
                                    "participant/01_good.ipynb", "participant/course_map.md",
                                    "test-cohort-participant.zip", "trainer-html/01_good.html",
                                    "trainer/01_good.ipynb"]  # no figure: no plotly.min.js
    participant = nbformat.read(root / "participant" / "01_good.ipynb", as_version=4)
    trainer = nbformat.read(root / "trainer" / "01_good.ipynb", as_version=4)
    for nb, edition in [(participant, "participant"), (trainer, "trainer")]:
        header = nb.cells[0].source
        for fact in ["Test cohort", "test-cohort", "Statistics elective: Measuring and analysing labour migration", "2026-03-02", "2026-04-10",
                     "Philippines (PHL), Mexico (MEX)", "2020"]:
            assert fact in header
        assert nb.metadata["mlalib"]["edition"] == edition
        assert nb.metadata["mlalib"]["focus_countries"] == ["PHL", "MEX"]
        [parameters] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert '"seed": 11' in parameters.source and "cohort = {" in parameters.source
    assert all(not c.get("outputs") for c in participant.cells if c.cell_type == "code")
    assert "the secret recipe" not in json.dumps(participant)
    printed = "".join(o.get("text", "") for c in trainer.cells if c.cell_type == "code" for o in c.outputs)
    assert "answered" in printed and "focus: ['PHL', 'MEX']" in printed
    for page in ("trainer-html", "participant-html"):  # lesson outputs in both
        text = html.unescape((root / page / "01_good.html").read_text())
        assert "focus: ['PHL', 'MEX']" in text
    participant_page = html.unescape((root / "participant-html" / "01_good.html").read_text())
    assert "the secret recipe" not in participant_page
    assert "the secret recipe" in html.unescape((root / "trainer-html" / "01_good.html").read_text())


def test_two_builds_give_identical_bytes_and_a_rebuild_skips(tmp_path, masters):
    cohort = write_cohort(tmp_path / "c.yaml", notebooks=["01_good"])
    first = build_cohort(cohort, notebooks_dir=masters, output=tmp_path / "a", progress=False, jobs=1)
    second = build_cohort(cohort, notebooks_dir=masters, output=tmp_path / "b", progress=False, jobs=1)
    assert first.ok and second.ok
    assert _files(tmp_path / "a" / "test-cohort") == _files(tmp_path / "b" / "test-cohort")
    again = build_cohort(cohort, notebooks_dir=masters, output=tmp_path / "a", progress=False, jobs=1)
    assert {s.status for s in again.steps} == {"skipped"}
    changed = write_cohort(tmp_path / "c.yaml", seed=12, notebooks=["01_good"])
    rebuilt = build_cohort(changed, notebooks_dir=masters, output=tmp_path / "a", progress=False, jobs=1)
    assert {s.status for s in rebuilt.steps} == {"built"}


def test_a_failing_notebook_does_not_stop_the_others(tmp_path, masters):
    make_master(masters / "02_broken.ipynb", FAILING_MASTER)
    cohort = write_cohort(tmp_path / "c.yaml", notebooks=["01_good", "02_broken"])
    run = subprocess.run(
        [sys.executable, "-m", "mlalib.cli", "build", str(cohort), "--notebooks-dir", str(masters),
         "--output", str(tmp_path / "out"), "--jobs", "2", "--quiet"],
        capture_output=True, text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "02_broken" in run.stderr
    line = next(line for line in run.stdout.splitlines() if line.startswith("02_broken") and "trainer" in line)
    assert "failed: cell" in line and "ZeroDivisionError" in line
    root = tmp_path / "out" / "test-cohort"
    assert (root / "trainer" / "01_good.ipynb").is_file() and (root / "trainer-html" / "01_good.html").is_file()
    assert (root / "trainer" / "02_broken.failed.ipynb").is_file()
    assert not (root / "trainer" / "02_broken.ipynb").exists()
    assert (root / "participant" / "02_broken.ipynb").is_file()


def test_a_broken_master_is_reported_not_raised(tmp_path, masters):
    (masters / "03_not_json.ipynb").write_text("this is not a notebook")
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["01_good", "03_not_json"]), notebooks_dir=masters,
                          output=tmp_path / "o", progress=False, jobs=1)
    assert not report.ok
    failed = [s for s in report.steps if s.status == "failed"]
    assert [s.notebook for s in failed] == ["03_not_json"]
    assert "03_not_json" in report.table()


def test_interrupted_write_leaves_no_half_written_file(tmp_path, monkeypatch):
    target = tmp_path / "edition.ipynb"
    target.write_text("old complete content")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new content")
    assert target.read_text() == "old complete content"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.ipynb"]


def test_written_files_have_ordinary_permissions(tmp_path):
    files.write_atomic(tmp_path / "x.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "x.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_leak_in_participant_edition_fails_that_notebook(tmp_path, masters, monkeypatch):
    # Simulate a stripping bug: the participant edition keeps the master's sources.
    from mlalib.course.recipes import PARTICIPANT, Recipe, strip_solutions

    monkeypatch.setattr(build_module, "PARTICIPANT",
                        Recipe("participant", tuple(s for s in PARTICIPANT.steps if s is not strip_solutions)))
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["01_good"]), notebooks_dir=masters,
                          output=tmp_path / "o", progress=False, jobs=1)
    step = next(s for s in report.steps if s.edition == "participant")
    assert step.status == "failed" and "LeakError" in step.detail and "secret recipe" in step.detail
    assert not (tmp_path / "o" / "test-cohort" / "participant" / "01_good.ipynb").exists()


def _practice_master(folder: Path, wrong: bool = False) -> Path:
    """A master named like 00_start_here that asks every exercise declared for it, with the reference answer
    as solution (``wrong``: the first one answered 1.0 instead)."""
    from mlalib.exercises import exercises, reference_answer

    asked = sorted(e.id for e in exercises().values() if e.master == "00_start_here")
    answers = {i: 1.0 if wrong and i == "start-rate-of-change" else reference_answer(i, Context(seed=11, focus_countries=("PHL", "MEX"))) for i in asked}
    return make_master(folder / "00_start_here.ipynb", [
        ("code", "from mlalib.exercises import check, configure\nctx = configure(cohort)", []),
        *[("code", f"### BEGIN SOLUTION\nanswer = {answers[i]!r}\n### END SOLUTION\ncheck('{i}', answer)", [])
          for i in asked],
    ])


def test_the_build_derives_metadata_and_hidden_checks_from_the_exercise_module(tmp_path):
    masters = tmp_path / "masters"
    _practice_master(masters)
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["00_start_here"]), notebooks_dir=masters,
                          output=tmp_path / "out", progress=False, jobs=1, allow_incomplete_translations=True)
    assert report.ok, report.table()
    root = tmp_path / "out" / "test-cohort"
    trainer = nbformat.read(root / "trainer" / "00_start_here.ipynb", as_version=4)
    participant = nbformat.read(root / "participant" / "00_start_here.ipynb", as_version=4)
    for nb in (trainer, participant):
        [asked] = [c for c in nb.cells if "check('start-rate-of-change'" in c.source and "assert" not in c.source]
        assert asked.metadata["mlalib"] == {"exercise": "start-rate-of-change", "points": 0.0}
    hidden = [c.source.split(".correct")[0] for c in trainer.cells if "hidden-check" in c.metadata.get("tags", [])]
    assert "assert check('start-rate-of-change', answer)" in hidden
    assert len(hidden) == sum(1 for c in trainer.cells if "mlalib" in c.metadata)
    assert not any("hidden-check" in c.metadata.get("tags", []) for c in participant.cells)


def test_a_solution_that_fails_its_check_fails_the_trainer_edition_in_the_cohort_language(tmp_path):
    masters = tmp_path / "masters"
    _practice_master(masters, wrong=True)
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["00_start_here"], language="fr"),
                          notebooks_dir=masters, output=tmp_path / "out", progress=False, jobs=1,
                          allow_incomplete_translations=True)
    trainer = next(s for s in report.steps if s.edition == "trainer")
    assert trainer.status == "failed"
    assert "start-rate-of-change : la solution ne passe pas sa propre vérification" in trainer.detail
