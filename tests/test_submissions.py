"""The pieces of grading that need no kernel: answers as JSON, submissions, masters' points, the guard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlalib.course.masters import default_notebooks_dir, master_notebooks
from mlalib.course.editions import master_exercises, validate_master
from mlalib.course.gradebook import NAME_BYTES, file_names
from mlalib.course.cohort import parse_cohort
from mlalib.course.masters import Master
from mlalib.course.recipes import GRADER_CELL_ID, GRADING, Guard, Ingredients
from mlalib.course.submissions import (
    NotANotebook, find_submissions, key_references, match_master, read_notebook, touched_exercises,
)
from mlalib.errors import InputError, NotebookError
from mlalib.exercises import Context, assess, exercises
from mlalib.exercises.answers import MAX_CHARS, Unreadable, decode_answer, encode_answer
from tests.conftest import VALID_COHORT


@pytest.mark.parametrize("answer", [
    3, 2.5, np.float64(0.1 + 0.2), np.int64(7), True, "Philippines", "",
    pd.Series([1.5, 2.0], index=["PHL", "MEX"]), pd.Series([10, 20], index=[2019, 2020]),
    pd.DataFrame({"stock": [1.0, 2.0], "country": ["a", "b"]}, index=["x", "y"]),
])
def test_answers_survive_the_trip_through_json(answer):
    back = decode_answer(json.loads(json.dumps(encode_answer(answer))))
    if isinstance(answer, pd.Series):
        pd.testing.assert_series_equal(back, answer)
    elif isinstance(answer, pd.DataFrame):
        pd.testing.assert_frame_equal(back, answer)
    else:
        assert back == answer and type(back) is type(answer.item() if hasattr(answer, "item") else answer)


def test_other_answers_become_a_described_type_that_assesses_as_wrong():
    assert decode_answer(encode_answer(...)) is Ellipsis
    assert np.isnan(decode_answer(encode_answer(float("nan"))))
    odd = decode_answer(encode_answer({"a": 1}))
    assert isinstance(odd, Unreadable) and odd.type_name == "dict"
    result = assess("start-rate-of-change", odd, Context())
    assert result.status == "not_yet" and "you gave a value of type dict" in result.message
    huge = decode_answer(encode_answer("x" * (MAX_CHARS + 1)))
    assert isinstance(huge, Unreadable) and "too large" in huge.type_name
    with pytest.raises(InputError, match="encoded answer"):
        decode_answer(["not", "a", "dict"])


def test_every_master_declares_its_exercises_and_points():
    registered = exercises()
    seen = []
    for name, path in master_notebooks(default_notebooks_dir()).items():
        declared = master_exercises(nbformat.read(path, as_version=4), name)
        assert declared or name == "99_glossary", name  # the glossary is reference material, without exercises
        seen += [e.id for e in declared]
        assert all(e.id in registered and e.points >= 0 for e in declared)
    assert sorted(seen) == sorted(registered)  # every exercise is in exactly one master


def test_every_exercise_that_counts_for_grades_is_graded_only():
    registered = exercises()
    for name, path in master_notebooks(default_notebooks_dir()).items():
        for exercise in master_exercises(nbformat.read(path, as_version=4), name):
            assert registered[exercise.id].graded_only == (exercise.points > 0), exercise.id


def _master(source: str = 'answer = 1\ncheck("start-rate-of-change", answer)', metadata: dict | None = None):
    cell = nbformat.v4.new_code_cell(source, metadata=metadata or {})
    params = nbformat.v4.new_code_cell("cohort = {}", metadata={"tags": ["parameters"]})
    return nbformat.v4.new_notebook(cells=[params, cell])


@pytest.mark.parametrize("name, source, metadata, message", [
    ("00_start_here", 'check("no-such-id", 1)', None, "'no-such-id', which no exercise module declares"),
    ("demo", 'check("start-rate-of-change", 1)', None, "declared for '00_start_here', not for 'demo'"),
    ("00_start_here", 'check("start-rate-of-change", 1)\ncheck("stocks-net-migration", 1)', None, "one exercise per cell"),
    ("00_start_here", 'check("start-rate-of-change", 1)', {"mlalib": {"exercise": "start-rate-of-change", "points": 2}},
     "remove them from the master"),
    ("00_start_here", 'check("start-rate-of-change", 1)', {"tags": ["hidden-check"]}, "remove them from the master"),
])
def test_a_master_that_asks_an_exercise_wrongly_is_rejected_naming_the_cell(name, source, metadata, message):
    with pytest.raises(NotebookError, match="cell 2") as err:
        validate_master(_master(source, metadata), name)
    assert message in str(err.value)


def test_an_exercise_declared_for_a_master_but_never_asked_is_reported():
    declared = sorted(i for i, e in exercises().items() if e.master == "00_start_here")
    never = f"{', '.join(declared)} declared for this master are never checked"
    with pytest.raises(NotebookError, match=never):
        validate_master(_master("x = 1"), "00_start_here")


def test_the_parameters_cell_holds_one_cohort_assignment():
    nb = _master()
    nb.cells[0].source = "seed = 0\nlanguage = 'en'"
    with pytest.raises(NotebookError, match="one line 'cohort = {...}'"):
        validate_master(nb, "00_start_here")


def test_folder_rule(tmp_path):
    for relative, mtime in [("amina/01_stocks_and_flows.ipynb", 200), ("amina/old/01_stocks_and_flows.ipynb", 100),
                            ("bo__02_bilateral_flows.ipynb", 100), ("stray.ipynb", 100),
                            ("amina/.ipynb_checkpoints/x-checkpoint.ipynb", 300), ("__MACOSX/amina/x.ipynb", 300),
                            (".DS_Store", 300)]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
        os.utime(path, (mtime, mtime))
    found = find_submissions(tmp_path)
    assert [(s.participant, s.relative) for s in found] == [
        ("amina", "amina/01_stocks_and_flows.ipynb"), ("amina", "amina/old/01_stocks_and_flows.ipynb"),
        ("bo", "bo__02_bilateral_flows.ipynb"), ("", "stray.ipynb")]
    with pytest.raises(InputError, match="does not exist"):
        find_submissions(tmp_path / "missing")


@pytest.mark.parametrize("content, key", [
    (b"\xff\xfe\x00garbage", "not_text"), (b"my answers", "not_json"), (b'{"cells": 3}', "no_cells"),
    (b"[1, 2]", "no_cells"), (b'{"cells": [], "metadata": {}}', "invalid"),
    (b'{"cells": [{"cell_type": "code", "source": 5, "metadata": {}, "outputs": []}], "metadata": {}, '
     b'"nbformat": 4, "nbformat_minor": 5}', "invalid"),
])
def test_files_that_are_not_notebooks_say_why(tmp_path, content, key):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotANotebook) as err:
        read_notebook(path)
    assert err.value.key == key


def test_a_submission_is_matched_to_its_master_by_metadata_name_or_exercises():
    masters = {"01_stocks_and_flows": Master("01_stocks_and_flows", ()),
               "02_bilateral_flows": Master("02_bilateral_flows", tuple(
                   master_exercises(nbformat.read(default_notebooks_dir() / "02_bilateral_flows.ipynb", 4), "02_bilateral_flows")))}
    nb = nbformat.v4.new_notebook()
    nb.metadata["mlalib"] = {"master": "notebooks/02_bilateral_flows.ipynb"}
    assert match_master(nb, "whatever.ipynb", masters) == "02_bilateral_flows"
    assert match_master(nbformat.v4.new_notebook(), "01_stocks_and_flows (1).ipynb", masters) == "01_stocks_and_flows"
    asked = masters["02_bilateral_flows"].exercises[0].id
    checks = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f'check("{asked}", x)')])
    assert match_master(checks, "my_work.ipynb", masters) == "02_bilateral_flows"
    assert match_master(nbformat.v4.new_notebook(), "my_work.ipynb", masters) is None


def test_code_that_names_the_key_is_found():
    cells = ["x = 1", "from mlalib.exercises import reference_answer", "exercises.core.install_keys(path)",
             "core._EXERCISES['a'].reference(ctx)", "import mlalib.course.sandbox",
             'key = check.__globals__["_EXER" + "CISES"]', 'getattr(module, "reference_" + "answer")',
             "%matplotlib inline\nfrom mlalib.exercises import exercises as catalogue",
             "import gc\nhooks = gc.get_referrers(sys.audit)", "from mlalib.exercises import core",
             "import mlalib.exercises.core as c", "sys.modules['mlalib.exercises.core']._key_locked = False",
             "from mlalib.exercises.session import record_answers_with", "from mlalib.exercises import session",
             "lock_key = None", "import mlalib.exercises.catalogue as c\nc.lookup('a')",
             "exercises.catalogue.exercises()", 'getattr(m, "record_answers" + "_with")(print)']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    assert key_references(nb) == [
        (2, "reference_answer"), (3, "install_keys"), (3, "mlalib.exercises.core"), (4, ".reference"), (4, "_EXERCISES"), (5, "the grading guard"),
        (6, "__globals__"), (7, "reference_answer (as text)"), (8, "mlalib.exercises.exercises"),
        (9, "the grading guard"), (10, "mlalib.exercises.core"), (11, "mlalib.exercises.core"), (12, "the grading guard"),
        (13, "the grading guard"), (14, "the grading guard"), (15, "the grading guard"), (16, "mlalib.exercises.catalogue"),
        (17, "mlalib.exercises.catalogue"), (18, "the grading guard")]


@pytest.mark.parametrize("source", [
    "# I did not use reference_answer\nanswer = 3",
    'print("reference_answer and _EXERCISES are off limits")',
    "def exercises():\n    return [1, 2]\nexercises()",
    "%%time\nanswer = 3  # not the _EXERCISES",
    "answer = = reference_answer(1)",  # not Python, read token by token: a bare name still counts
])
def test_comments_texts_and_own_functions_are_not_flagged(source):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    expected = [(1, "reference_answer")] if source.startswith("answer = =") else []
    assert key_references(nb) == expected


def test_a_flag_touches_only_the_exercises_that_use_what_the_flagged_cell_computed():
    cells = ['key = check.__globals__["_EXERCISES"]["stocks-net-migration"]',
             'answer = key\ncheck("stocks-net-migration", answer)',
             'answer = 5\ncheck("stocks-rate-of-change", answer)',
             'def helper():\n    return key\nanswer = helper()\ncheck("stocks-largest-focus", answer)',
             'x = 1\ncheck("stocks-stock-or-flow", "flow")']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    assert touched_exercises(nb, 1) == {"stocks-net-migration", "stocks-largest-focus"}
    assert touched_exercises(nb, 5) == {"stocks-stock-or-flow"}


def test_the_built_participant_edition_names_no_key(tmp_path):
    from tests.grading_fixtures import COHORT_YAML, participant

    (tmp_path / "c.yaml").write_text(COHORT_YAML)
    assert key_references(participant(tmp_path / "c.yaml")) == []


def _graded(nb, folder):
    """The grading recipe applied to a submission, for the test cohort (seed 11)."""
    return GRADING.apply(nb, Ingredients(parse_cohort(VALID_COHORT), "m", guard=Guard(
        folder, folder / "r.jsonl", (folder / "p",))))


def test_grading_reinjects_the_cohort_context_and_puts_the_guard_first(tmp_path):
    cells = [nbformat.v4.new_code_cell("# Parameters\ncohort = {}", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell('cohort = {"seed": 99}', metadata={"tags": ["injected-parameters"]}),
             nbformat.v4.new_code_cell("print(cohort)", outputs=[nbformat.v4.new_output("stream", text="99")]),
             nbformat.v4.new_code_cell("assert check('a', answer)", metadata={"tags": ["hidden-check"]})]
    nb = nbformat.v4.new_notebook(cells=cells)
    work = _graded(nb, tmp_path)
    assert work.cells[0]["id"] == GRADER_CELL_ID and "sandbox" in work.cells[0].source
    assert '"seed": 11' in work.cells[1].source and "99" not in work.cells[1].source  # the cohort's own seed
    assert [c.source for c in work.cells[2:]] == ["print(cohort)"] and work.cells[2].outputs == []
    assert nb.cells[1].source == 'cohort = {"seed": 99}' and nb.cells[2].outputs  # the submission is untouched


def test_grading_puts_the_context_first_where_a_participant_deleted_its_cell(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("cohort = {'seed': 1}\nprint(cohort)")])
    work = _graded(nb, tmp_path)
    assert [c["id"] for c in work.cells[:1]] == [GRADER_CELL_ID] and '"seed": 11' in work.cells[1].source


def test_the_guard_blocks_writes_outside_reading_notebooks_and_programs(tmp_path):
    folder, record, outside = tmp_path / "work", tmp_path / "record.jsonl", tmp_path / "outside.txt"
    folder.mkdir()
    (tmp_path / "key.ipynb").write_text("{}")
    script = textwrap.dedent(f"""
        import os, subprocess
        from mlalib.course.sandbox import start
        from mlalib.exercises import check, install_keys, reference_answer
        from mlalib.exercises.session import record_answers_with
        start({str(folder)!r}, {str(record)!r}, [])
        os.chdir({str(folder)!r})
        open("inside.txt", "w").write("ok")
        for attempt in (lambda: open({str(outside)!r}, "w"), lambda: open({str(tmp_path / 'key.ipynb')!r}),
                        lambda: os.rename("inside.txt", {str(outside)!r}), lambda: subprocess.run(["true"]),
                        lambda: reference_answer("start-rate-of-change"),
                        lambda: record_answers_with(print), lambda: install_keys({str(tmp_path)!r})):
            try:
                attempt()
                print("NOT BLOCKED")
            except PermissionError:
                pass
        check("start-rate-of-change", 2.02)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "NOT BLOCKED" not in run.stdout
    events = [json.loads(line) for line in record.read_text().splitlines()]
    assert [(e["event"], e.get("what")) for e in events] == [
        ("blocked", "writing"), ("blocked", "reading"), ("blocked", "changing"),
        ("blocked", "running another program"), ("key", "reference_answer"), ("answer", None)]
    assert decode_answer(events[-1]["answer"]) == 2.02
    assert (folder / "inside.txt").is_file() and not outside.exists()


def test_participant_names_become_safe_unique_file_names():
    names = file_names(["Amina K./2026", "..", "José", "a b", "a_b-2", "a~b", "a_b", "é" * 200])
    assert names["Amina K./2026"] == "Amina_K._2026" and names["José"] == "José"  # accents stay readable
    assert names[".."] == "_"  # never a path of its own
    assert len(set(names.values())) == len(names)  # "a b", "a~b" and "a_b" never share a page
    assert names["a_b-2"] == "a_b-2"  # a name that already looks suffixed keeps its own page
    assert all(len(n.encode()) <= NAME_BYTES for n in names.values())  # within every file system's limit
    assert file_names(["a~b", "a b"]) == {k: names[k] for k in ("a~b", "a b")}  # the same name, the same file


def test_grading_and_build_kernels_keep_their_history_in_memory_once():
    from mlalib.course.kernels import NO_HISTORY_FILE, IPCKernelManager

    manager = IPCKernelManager(kernel_name="python3")
    assert manager.format_kernel_cmd().count(NO_HISTORY_FILE) == 1
    assert manager.format_kernel_cmd([NO_HISTORY_FILE]).count(NO_HISTORY_FILE) == 1


_ODD = [5, "x", None, [], [1, "a"], {"a": 1}, True, 1.5]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(["nb", "cell"]), key=st.sampled_from(
    ["mlalib", "papermill", "tags", "kernelspec", "language_info", "widgets", "jupyter", "execution", "other"]),
    value=st.sampled_from(_ODD), cut=st.integers(min_value=0, max_value=400))
def test_wrong_types_at_every_metadata_level_and_truncation_never_stop_reading(tmp_path, where, key, value, cut):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("seed = 0", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('answer = 1\ncheck("stocks-net-migration", answer)')])
    raw = json.loads(nbformat.writes(nb))
    holder = raw if where == "nb" else raw["cells"][1]
    holder["metadata"][key] = value
    text = json.dumps(raw)
    masters = {"01_stocks_and_flows": Master("01_stocks_and_flows", ())}
    for content in (text, text[:cut], text.replace('"metadata": {', '"metadata": 5, "x": {', 1)):
        path = tmp_path / "01_stocks_and_flows.ipynb"
        path.write_text(content)
        try:
            read = read_notebook(path)
        except NotANotebook:
            continue
        assert match_master(read, path.name, masters) == "01_stocks_and_flows"
        key_references(read)
        _graded(read, tmp_path)
