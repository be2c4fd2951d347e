"""Collecting a course hub's homes for grading (mlalib collect): the layout mlalib grade reads, read-only,
atomic, links never followed, a notebook being saved read again, the identifiers e-Campus matches."""

from __future__ import annotations

import csv
import json
import os
import threading
import time
from dataclasses import asdict

import nbformat
import pytest

from mlalib.cli import main
from mlalib.course import collect as collecting
from mlalib.course.collect import collect
from mlalib.course.hub import HubSettings, system_name
from mlalib.course.moodle import read_participants
from mlalib.course.submissions import find_submissions

PEOPLE = [("amina@example.org", "Amina Diallo"), ("bruno@example.org", "Bruno Costa"),
          ("amina.d@example.org", "Amina Diallo"), ("chen@example.org", "")]


def _notebook(text: str = "x = 1") -> str:
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)]))


@pytest.fixture
def hub(tmp_path):
    """A hub folder with its record of four participants and their homes (as the hub leaves them)."""
    folder = tmp_path / "hub"
    settings = HubSettings("c1", "en", "lti11", "email", str(tmp_path / "homes"), "http://h/", "http://h/", 3600,
                           "chp", "py")
    (folder / "state").mkdir(parents=True)
    (folder / "hub.json").write_text(json.dumps(asdict(settings)))
    rows = [{"system_user": system_name(email), "identifier": email, "name": name, "email": email}
            for email, name in PEOPLE]
    with open(folder / "state" / "participants.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for row in rows:
        home = tmp_path / "homes" / row["system_user"]
        (home / "c1").mkdir(parents=True)
        (home / "c1" / "01_stocks_and_flows.ipynb").write_text(_notebook())
        (home / "c1" / ".ipynb_checkpoints").mkdir()
        (home / "c1" / ".ipynb_checkpoints" / "01_stocks_and_flows-checkpoint.ipynb").write_text(_notebook())
        (home / ".local").mkdir()
        (home / ".local" / "secret.ipynb").write_text(_notebook())
    return folder


def test_each_participant_gets_a_folder_mlalib_grade_reads(hub, tmp_path, capsys):
    out = tmp_path / "submissions"
    assert main(["collect", str(hub), "--out", str(out)]) == 0
    found = find_submissions(out)
    assert sorted({s.participant for s in found}) == ["Amina Diallo (amina.d@example.org)",
                                                       "Amina Diallo (amina@example.org)", "Bruno Costa",
                                                       "chen@example.org"]
    assert {s.relative.split("/", 1)[1] for s in found} == {"c1/01_stocks_and_flows.ipynb"}
    people = read_participants(tmp_path / "submissions.participants.csv", "email")
    assert people.lookup("Bruno Costa", None) == "bruno@example.org"
    assert people.lookup("Amina Diallo (amina.d@example.org)", None) == "amina.d@example.org"
    assert "4 notebook(s) of 4 participant(s)" in capsys.readouterr().out


def test_symbolic_links_are_never_followed(hub, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "not-mine.ipynb").write_text(_notebook())
    home = tmp_path / "homes" / system_name("bruno@example.org")
    (home / "link.ipynb").symlink_to(outside / "not-mine.ipynb")
    (home / "linked-folder").symlink_to(outside)
    snapshot = collect(hub, tmp_path / "out")
    assert snapshot.notebooks["Bruno Costa"] == 1
    assert not list((tmp_path / "out").rglob("not-mine.ipynb")) and not list((tmp_path / "out").rglob("link*"))


def test_the_homes_are_only_read(hub, tmp_path):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "homes").rglob("*") if p.is_file()}
    collect(hub, tmp_path / "out")
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "homes").rglob("*") if p.is_file()}
    assert before == after


def test_a_notebook_being_saved_is_read_again_until_it_parses(hub, tmp_path, monkeypatch):
    monkeypatch.setattr(collecting, "PAUSE", 0.2)
    path = tmp_path / "homes" / system_name("bruno@example.org") / "c1" / "01_stocks_and_flows.ipynb"
    whole = _notebook("y = 2")
    path.write_text(whole[: len(whole) // 2])  # the participant's save has written half of the file

    def finish_saving():
        time.sleep(0.3)
        path.write_text(whole)

    saver = threading.Thread(target=finish_saving)
    saver.start()
    snapshot = collect(hub, tmp_path / "out")
    saver.join()
    assert snapshot.unreadable == []
    assert (tmp_path / "out" / "Bruno Costa" / "c1" / "01_stocks_and_flows.ipynb").read_text() == whole


def test_a_notebook_that_never_parses_is_copied_as_it_is_and_named(hub, tmp_path, monkeypatch):
    monkeypatch.setattr(collecting, "PAUSE", 0.01)
    path = tmp_path / "homes" / system_name("chen@example.org") / "c1" / "01_stocks_and_flows.ipynb"
    path.write_text("{ not json")
    snapshot = collect(hub, tmp_path / "out")
    assert snapshot.unreadable == ["chen@example.org/c1/01_stocks_and_flows.ipynb"]
    assert (tmp_path / "out" / "chen@example.org" / "c1" / "01_stocks_and_flows.ipynb").read_text() == "{ not json"


def test_a_snapshot_never_replaces_another_and_a_failed_one_leaves_nothing(hub, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["collect", str(hub), "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    out.rmdir()

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(collecting, "_read_consistent", broken)
    with pytest.raises(OSError):
        collect(hub, out)
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_before_anyone_logged_in_there_is_nothing_to_collect(hub, tmp_path, capsys):
    os.remove(hub / "state" / "participants.csv")
    assert main(["collect", str(hub), "--out", str(tmp_path / "out")]) == 2
    assert "no participant has logged in yet" in capsys.readouterr().err


def test_homes_it_may_not_read_get_one_line(hub, tmp_path, monkeypatch, capsys):
    def closed(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(collecting, "_read_consistent", closed)
    assert main(["collect", str(hub), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err.strip()
    assert "run mlalib collect as root" in error and len(error.splitlines()) == 1
    assert not (tmp_path / "out").exists()
