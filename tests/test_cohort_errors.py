"""Cohort files, certificate rules and the command line: each bad input gets one clear error.

Library cases assert the error class and the words naming the problem; command-line cases assert
exit code 2 and a single line on stderr.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlalib.course.certificates import load_rules
from mlalib.course.cohort import load_cohort, output_problem
from mlalib.course.yamlfile import MAX_VALUES, parse_yaml, read_yaml
from mlalib.errors import ConfigError
from tests.conftest import PROJECT, VALID_COHORT, make_master, write_cohort

VALID_TEXT = """\
id: test-cohort
title: Test cohort
course: statistics-elective
start: 2026-03-02
end: 2026-04-10
language: en
focus_countries: [PHL, MEX]
data_vintage: "2020"
seed: 11
"""

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))


def _with(text: str, **replace: str) -> str:
    lines = text.splitlines()
    for key, value in replace.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        if not any(line.startswith(f"{key}:") for line in lines):
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "mlalib.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def _problems(tmp_path: Path, text: str, **kwargs) -> list[str]:
    path = tmp_path / "cohort.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_cohort(path, **kwargs)
    return caught.value.problems


# --- the YAML reader -------------------------------------------------------------------------------

def test_norway_yes_and_on_stay_text():
    assert parse_yaml("focus_countries: [NO, SE]\nx: ON\ny: YES\nz: true\n", "f.yaml") == {
        "focus_countries": ["NO", "SE"], "x": "ON", "y": "YES", "z": True}


def test_norway_is_read_as_text_not_false(tmp_path):
    problems = _problems(tmp_path, _with(VALID_TEXT, focus_countries="[NO, SEN]"))
    assert problems == ["field 'focus_countries': 'NO' is not an alpha-3 code; for Norway write NOR"]
    path = tmp_path / "cohort.yaml"
    path.write_text(_with(VALID_TEXT, focus_countries="[NOR, SEN]"))
    assert load_cohort(path).focus_countries == ["NOR", "SEN"]


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    problems = _problems(tmp_path, VALID_TEXT + "seed: 99\n")
    assert len(problems) == 1
    assert "the key 'seed' is written twice (first at line 9)" in problems[0]
    assert "line 10" in problems[0]


def test_alias_bomb_is_refused_with_a_short_message(tmp_path):
    assert len(ALIAS_BOMB) < 800  # expands to 10^9 values: refused before anything is built from it
    problems = _problems(tmp_path, VALID_TEXT + ALIAS_BOMB)
    assert problems == [f"the file's aliases (*name) expand to more than {MAX_VALUES:,} values; write the values "
                        "out instead of nesting aliases"]


def test_merge_keys_may_be_overridden_but_not_written_twice():
    text = "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n"
    assert parse_yaml(text, "f.yaml")["c"] == {"x": 3, "y": 2}
    with pytest.raises(ConfigError, match="the key 'x' is written twice"):
        parse_yaml("c:\n  x: 1\n  x: 2\n", "f.yaml")


def test_huge_list_gives_a_bounded_message(tmp_path):
    path = tmp_path / "cohort.yaml"
    path.write_text(_with(VALID_TEXT, focus_countries="[" + ", ".join(["ABC"] * 60_000) + "]"))
    with pytest.raises(ConfigError) as caught:
        load_cohort(path)
    message = caught.value.one_line()
    assert len(message) < 3_000
    assert "and 59,997 more problems in 60,000 entries" in message


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 1_100_000 + "\n")
    with pytest.raises(ConfigError, match="1,100,003 bytes; a configuration file may have at most 1,000,000"):
        read_yaml(path)


@pytest.mark.parametrize(("content", "words"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a UTF-8 text file"),
    (b"id: x\x00\x00\n", "not a text file (it contains NUL bytes)"),
])
def test_binary_file_is_refused(tmp_path, content, words):
    path = tmp_path / "cohort.yaml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        read_yaml(path)


# --- cohort fields ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "words"), [
    ("start", "2026-02-30", "field 'start': 2026-02-30 is not a date in the calendar (day is out of range for month); "
                            "expected YYYY-MM-DD"),
    ("start", "2026-13-07", "field 'start': 2026-13-07 is not a date in the calendar (month must be in 1..12)"),
    ("end", "2026-04-31", "field 'end': 2026-04-31 is not a date in the calendar"),
    ("notebooks", "[]", "field 'notebooks': expected at least one notebook name; leave the field out"),
    ("notebooks", "[01_good, 01_good]", "field 'notebooks': '01_good' listed twice; list each notebook once"),
    ("focus_countries", "[NOR, nor]", "NOR is listed twice"),
    ("focus_countries", "[ON]", "'ON' is not an ISO 3166-1 alpha-3 country code"),
])
def test_field_errors(tmp_path, field, value, words):
    problems = _problems(tmp_path, _with(VALID_TEXT, **{field: value}))
    assert len(problems) == 1, problems
    assert words in problems[0]


def test_end_before_start_is_reported_with_the_other_errors(tmp_path):
    problems = _problems(tmp_path, _with(VALID_TEXT, end="2026-01-01", language="de", seed="-4"))
    assert len(problems) == 3
    assert "field 'end': 2026-01-01 is before the start date 2026-03-02" in problems
    assert any("field 'language': 'de' is not a course language; accepted: en (English)" in p for p in problems)


def test_every_problem_is_listed_at_once_with_the_accepted_values(tmp_path):
    problems = _problems(tmp_path, _with(VALID_TEXT, start="2026-02-30", language="de", data_vintage="'1999'",
                                         notebooks="[]", focus_countries="[XYZ]"))
    assert len(problems) == 5, problems
    assert any("accepted: 2020" in p for p in problems)


def test_output_pointing_at_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("my notes")
    problems = _problems(tmp_path, _with(VALID_TEXT, output=str(tmp_path / "taken")), check_output=True)
    assert "field 'output':" in problems[0] and "taken' is a file" in problems[0]
    assert (tmp_path / "taken").read_text() == "my notes"


def test_read_only_output_folder_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "readonly"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    assert f"cannot write in {str(folder)!r} (read-only)" in output_problem(folder / "new" / "cohort")


def test_read_only_folder_for_real(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions do not make a folder read-only here (see the monkeypatched test)")
        problems = _problems(tmp_path, _with(VALID_TEXT, output=str(folder)), check_output=True)
        assert "(read-only)" in problems[0]
    finally:
        folder.chmod(0o755)


def test_output_is_not_checked_where_nothing_is_written(tmp_path):
    (tmp_path / "taken").write_text("x")
    path = tmp_path / "cohort.yaml"
    path.write_text(_with(VALID_TEXT, output=str(tmp_path / "taken"), notebooks="[01_good]"))
    assert load_cohort(path).output == str(tmp_path / "taken")  # grading reads the cohort, writes elsewhere


# --- certificate rules -----------------------------------------------------------------------------

def test_binary_programme_file_is_a_config_error(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ConfigError, match="(?s)rules.yaml: 1 problem.*not a UTF-8 text file"):
        load_rules(path)


def test_programme_with_a_duplicate_key_is_refused(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("programme: x\npassing_score: 60\npassing_score: 50\ncertificates:\n  - name: A\n")
    with pytest.raises(ConfigError, match="the key 'passing_score' is written twice"):
        load_rules(path)


# --- the command line --------------------------------------------------------------------------------

def _assert_one_line(run: subprocess.CompletedProcess, *words: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("mlalib: error: ")
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(("text", "words"), [
    (_with(VALID_TEXT, start="2026-02-30"), ["field 'start': 2026-02-30 is not a date in the calendar"]),
    (_with(VALID_TEXT, start="2026-13-07"), ["field 'start': 2026-13-07 is not a date"]),
    (VALID_TEXT + "seed: 99\n", ["the key 'seed' is written twice"]),
    (VALID_TEXT + ALIAS_BOMB, ["expand to more than"]),
    (_with(VALID_TEXT, notebooks="[]"), ["field 'notebooks': expected at least one notebook name"]),
    (_with(VALID_TEXT, notebooks="[01_good, 01_good]"), ["'01_good' listed twice"]),
    (_with(VALID_TEXT, end="2026-01-01", language="de"), ["2 problem(s)", "is before the start date",
                                                           "accepted: en (English)"]),
])
def test_cli_check_one_line_exit_2(tmp_path, masters, text, words):
    path = tmp_path / "cohort.yaml"
    path.write_text(text)
    _assert_one_line(_cli("build", "--check", str(path), "--notebooks-dir", str(masters)), *words)


def test_cli_check_refuses_an_output_file(tmp_path, masters):
    (tmp_path / "taken").write_text("keep me")
    path = tmp_path / "cohort.yaml"
    path.write_text(_with(VALID_TEXT, output=str(tmp_path / "taken"), notebooks="[01_good]"))
    _assert_one_line(_cli("build", "--check", str(path), "--notebooks-dir", str(masters)), "field 'output'", "is a file")
    _assert_one_line(_cli("build", str(path), "--notebooks-dir", str(masters), "--quiet"), "is a file")
    assert (tmp_path / "taken").read_text() == "keep me"


def test_cli_check_refuses_an_output_option_that_is_a_file(tmp_path, masters):
    (tmp_path / "taken").write_text("keep me")
    path = write_cohort(tmp_path / "cohort.yaml", notebooks=["01_good"])
    _assert_one_line(_cli("build", "--check", str(path), "--notebooks-dir", str(masters), "--output",
                          str(tmp_path / "taken")), "option '--output'", "is a file")


@pytest.mark.parametrize(("option", "value"), [("--timeout", "0"), ("--timeout", "-5"), ("--jobs", "0")])
def test_cli_refuses_impossible_numbers(tmp_path, masters, option, value):
    path = write_cohort(tmp_path / "cohort.yaml", notebooks=["01_good"])
    _assert_one_line(_cli("build", str(path), "--notebooks-dir", str(masters), option, value),
                     f"option '{option}' must be at least 1", f"got {value}")


def test_cli_binary_cohort_file(tmp_path):
    path = tmp_path / "cohort.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")
    _assert_one_line(_cli("build", "--check", str(path)), "not a UTF-8 text file")


@pytest.mark.slow
def test_ctrl_c_during_a_build_prints_one_line(tmp_path):
    """Ctrl-C reaches every process of the group (as in a terminal); only the main process says something."""
    folder = tmp_path / "masters"
    for i in range(3):
        make_master(folder / f"0{i}_slow.ipynb", [("code", "import time\ntime.sleep(120)", [])])
    cohort = write_cohort(tmp_path / "cohort.yaml", output=str(tmp_path / "out"),
                          notebooks=[f"0{i}_slow" for i in range(3)])
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen([sys.executable, "-m", "mlalib.cli", "build", str(cohort), "--notebooks-dir", str(folder),
                             "--jobs", "2", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60  # wait until the workers run their kernels
        while time.monotonic() < deadline and not _kernels_of(proc.pid):
            time.sleep(0.5)
        time.sleep(2)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.splitlines() == ["mlalib: interrupted; files already written are complete, the rest were not written"]


def _kernels_of(pid: int) -> bool:
    """True once a descendant of ``pid`` runs a Jupyter kernel (kernels start in a session of their own)."""
    rows = [line.split(None, 2) for line in subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True,
                                                            text=True).stdout.splitlines() if line.strip()]
    children: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        children.setdefault(row[1], []).append((row[0], row[2] if len(row) > 2 else ""))
    stack = [str(pid)]
    while stack:
        for child, args in children.get(stack.pop(), []):
            if "ipykernel" in args:
                return True
            stack.append(child)
    return False


def test_valid_cohort_still_valid(tmp_path):
    path = tmp_path / "cohort.yaml"
    path.write_text(VALID_TEXT)
    cohort = load_cohort(path, check_output=True)
    assert cohort.start.isoformat() == VALID_COHORT["start"]
