"""The fixture set of submissions for the grading tests, made from the real participant edition.

Every participant stands for one thing participants actually submit; ``EXPECTED`` is the
gradebook each must produce (points per exercise of ``01_stocks_and_flows`` and the status,
plus the notes about files). The benchmark ``benchmarks/grade_bench.py`` reuses ``solved``.
"""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path

import nbformat

from mlalib.course.masters import COURSE_KEYS, default_notebooks_dir
from mlalib.course.recipes import participant_edition
from mlalib.course.cohort import load_cohort
from mlalib.exercises import Context, install_keys, reference_answer

install_keys(default_notebooks_dir() / COURSE_KEYS)  # the fixtures use the key (as a trainer would)

NOTEBOOK = "01_stocks_and_flows"
EXERCISES = ["stocks-net-migration", "stocks-stock-or-flow", "stocks-largest-focus", "stocks-rate-of-change",
             "stocks-data-type"]
POINTS = [2, 1, 1, 2, 2]
COHORT_YAML = """\
id: grading-test-2026
title: Grading test cohort
course: statistics-elective
start: 2026-03-02
end: 2026-04-10
language: en
focus_countries: [PHL, MEX, SEN]
data_vintage: "2020"
seed: 2026
notebooks: [00_start_here, 01_stocks_and_flows]
output: build
"""

#: participant -> {exercise: (points, status)} and the statuses of notes about their files.
EXPECTED: dict[str, dict[str, tuple[float, str]]] = {
    "correct": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "partly": {"stocks-net-migration": (2, "correct"), "stocks-stock-or-flow": (0, "not_yet"),
               "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (1, "close"),
               "stocks-data-type": (2, "correct")},
    "empty": {e: (0, "not_answered") for e in EXERCISES},
    "notjson": {e: (0, "not_submitted") for e in EXERCISES},
    "othercohort": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "oldversion": {"stocks-net-migration": (2, "correct"), "stocks-stock-or-flow": (1, "correct"),
                   "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (0, "missing"),
                   "stocks-data-type": (2, "correct")},
    "reordered": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "loop": {"stocks-net-migration": (2, "correct"), "stocks-stock-or-flow": (1, "correct"),
             "stocks-largest-focus": (0, "timeout"), "stocks-rate-of-change": (2, "correct"),
             "stocks-data-type": (2, "correct")},
    "stubborn": {"stocks-net-migration": (2, "correct"), "stocks-stock-or-flow": (0, "not_reached"),
                 "stocks-largest-focus": (0, "not_reached"), "stocks-rate-of-change": (0, "not_reached"),
                 "stocks-data-type": (0, "not_reached")},
    "crash": {"stocks-net-migration": (2, "correct"), "stocks-stock-or-flow": (1, "correct"),
              "stocks-largest-focus": (0, "not_reached"), "stocks-rate-of-change": (0, "not_reached"),
              "stocks-data-type": (0, "not_reached")},
    "huge": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    # a flag costs only the exercises whose answers used what the flagged cell got
    "cheater": {"stocks-net-migration": (0, "key"), "stocks-stock-or-flow": (1, "correct"),
                "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (2, "correct"),
                "stocks-data-type": (2, "correct")},
    "sneaky": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "writer": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "dupes": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "typo": {"stocks-net-migration": (0, "error"), "stocks-stock-or-flow": (1, "correct"),
             "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (2, "correct"),
             "stocks-data-type": (2, "correct")},
    "memory": {"stocks-net-migration": (0, "error"), "stocks-stock-or-flow": (1, "correct"),
               "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (2, "correct"),
               "stocks-data-type": (2, "correct")},
    "absent": {e: (0, "not_submitted") for e in EXERCISES},
    # metadata of the wrong type at every level is set aside; the answers are graded
    "oddmeta": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    "oddcells": {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)},
    # files that are not notebooks: a row each, the run goes on
    "nested": {e: (0, "not_submitted") for e in EXERCISES},
    "noise": {e: (0, "not_submitted") for e in EXERCISES},
    "truncated": {e: (0, "not_submitted") for e in EXERCISES},
}
NOTES: dict[str, list[str]] = {
    "notjson": ["not_a_notebook", "not_a_notebook"],
    "othercohort": ["other_cohort"],
    "oldversion": ["other_version"],
    "huge": ["output"],
    "sneaky": ["blocked", "key"],
    "writer": ["blocked", "blocked"],
    "dupes": ["superseded"],
    "": ["no_participant"],
    "nested": ["not_a_notebook"],
    "noise": ["not_a_notebook"],
    "truncated": ["not_a_notebook"],
}


def master() -> nbformat.NotebookNode:
    return nbformat.read(default_notebooks_dir() / f"{NOTEBOOK}.ipynb", as_version=4)


def participant(cohort_file: Path) -> nbformat.NotebookNode:
    """The participant edition of the notebook, as ``mlalib build`` writes it."""
    return participant_edition(master(), load_cohort(cohort_file), NOTEBOOK)


def solved(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A participant edition whose exercise cells hold the master's solution code."""
    solutions = {c.get("id"): c.source for c in master().cells if "BEGIN SOLUTION" in c.source}
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.get("id") in solutions:
            cell.source = solutions[cell.get("id")]
    return out


def _cell(nb: nbformat.NotebookNode, exercise: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if f'check("{exercise}"' in c.source)


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)


def _write(path: Path, nb: nbformat.NotebookNode | str, mtime: int = 1_800_000_000) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nb if isinstance(nb, str) else json.dumps(nb, indent=1), encoding="utf-8")
    os.utime(path, (mtime, mtime))


def make_submissions(folder: Path, cohort_file: Path, outside: Path) -> None:
    """Write the fixture set under ``folder``; ``outside`` is a file the "writer" tries to create."""
    blank = participant(cohort_file)
    good = solved(blank)
    ctx = Context(seed=2026, focus_countries=("PHL", "MEX", "SEN"))
    name = f"{NOTEBOOK}.ipynb"

    _write(folder / "correct" / name, good)
    partly = copy.deepcopy(good)
    _cell(partly, "stocks-stock-or-flow").source = 'answer = "stock"\ncheck("stocks-stock-or-flow", answer)'
    rate = reference_answer("stocks-rate-of-change", ctx)
    _cell(partly, "stocks-rate-of-change").source = f'answer = {rate * 1.01!r}\ncheck("stocks-rate-of-change", answer)'
    _write(folder / "partly" / name, partly)
    _write(folder / "empty" / name, blank)
    _write(folder / "notjson" / name, "I saved my answers in Word, sorry")
    _write(folder / "notjson" / "answers.json", '{"answer": 42}')

    other = copy.deepcopy(good)
    other.metadata["mlalib"]["cohort_id"] = "another-2025-fr"
    [parameters] = [c for c in other.cells if "parameters" in c.metadata.get("tags", [])]
    parameters.source = 'cohort = {"language": "fr", "seed": 1, "focus_countries": ["ITA"], "data_vintage": "2020"}'
    _write(folder / "othercohort" / name, other)

    old = copy.deepcopy(good)
    old.metadata["mlalib"]["mlalib_version"] = "0.0.9"
    old.cells = [c for c in old.cells if 'check("stocks-rate-of-change"' not in c.source]
    for number, cell in enumerate(old.cells):
        cell["id"] = f"old-{number}"
    _write(folder / "oldversion" / name, old)

    reordered = copy.deepcopy(good)
    moved = _cell(reordered, "stocks-stock-or-flow")
    reordered.cells = [c for c in reordered.cells if c is not moved and c.cell_type == "code"] + [moved]
    _write(folder / "reordered" / name, reordered)

    loop = copy.deepcopy(good)
    _cell(loop, "stocks-largest-focus").source = "while True:\n    pass\n" + _cell(loop, "stocks-largest-focus").source
    _write(folder / "loop" / name, loop)

    stubborn = copy.deepcopy(good)
    index = stubborn.cells.index(_cell(stubborn, "stocks-net-migration"))
    stubborn.cells.insert(index + 1, _code(
        "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except KeyboardInterrupt:\n        pass"))
    _write(folder / "stubborn" / name, stubborn)

    crash = copy.deepcopy(good)
    index = crash.cells.index(_cell(crash, "stocks-stock-or-flow"))
    crash.cells.insert(index + 1, _code("import os\nos._exit(1)"))
    _write(folder / "crash" / name, crash)

    huge = copy.deepcopy(good)
    huge.cells.append(_code('for _ in range(30):\n    print("x" * 1_000_000)'))
    _write(folder / "huge" / name, huge)

    cheater = copy.deepcopy(good)
    _cell(cheater, "stocks-net-migration").source = (
        "from mlalib.exercises import reference_answer\n"
        'answer = reference_answer("stocks-net-migration")\ncheck("stocks-net-migration", answer)')
    _write(folder / "cheater" / name, cheater)

    sneaky = copy.deepcopy(good)
    trainer_copy = default_notebooks_dir() / name
    sneaky.cells.insert(5, _code(
        "import importlib\nmodule = importlib.import_module('mlalib.exercises')\n"
        "try:\n    getattr(module, 'reference_' + 'answer')('stocks-net-migration')\nexcept PermissionError:\n    pass\n"
        f"try:\n    key = open({str(trainer_copy)!r}).read()\nexcept PermissionError:\n    pass"))
    _write(folder / "sneaky" / name, sneaky)

    writer = copy.deepcopy(good)
    writer.cells.insert(5, _code(
        f"try:\n    open({str(outside)!r}, 'w').write('hello')\nexcept PermissionError:\n    pass\n"
        "import os\ntry:\n    os.remove('../../record.jsonl')\nexcept (PermissionError, FileNotFoundError):\n    pass\n"
        "open('inside.txt', 'w').write('allowed')"))
    _write(folder / "writer" / name, writer)

    # two files for one notebook: the one that answers more exercises counts, whatever the file times
    _write(folder / "dupes" / "01_stocks_and_flows_final.ipynb", good, mtime=1_800_000_000)
    _write(folder / "dupes" / name, blank, mtime=1_800_000_100)
    _write(folder / "dupes" / ".ipynb_checkpoints" / f"{NOTEBOOK}-checkpoint.ipynb", good)

    typo = copy.deepcopy(good)
    _cell(typo, "stocks-net-migration").source = 'answer = acounts["net"]\ncheck("stocks-net-migration", answer)'
    _write(folder / "typo" / name, typo)

    memory = copy.deepcopy(good)  # graded with a limit of 2 GB
    _cell(memory, "stocks-net-migration").source = "big = bytearray(3 * 2**30)\n" + \
        _cell(memory, "stocks-net-migration").source
    _write(folder / "memory" / name, memory)

    _write(folder / name, good)  # at the top level, with no participant in its name

    odd = copy.deepcopy(good)
    odd.metadata["mlalib"] = "hello"
    odd.metadata["papermill"] = "x"
    odd.metadata["kernelspec"] = 3
    odd.metadata["language_info"] = ["python"]
    _write(folder / "oddmeta" / name, odd)
    cells = json.loads(json.dumps(good))
    cells["cells"][0]["metadata"] = {"tags": 5, "mlalib": "hello", "papermill": "x"}
    cells["cells"][1]["metadata"] = ["not", "a", "dict"]
    cells["cells"][2]["metadata"] = {"tags": ["fine", 7, None], "jupyter": 1}
    cells["cells"][3]["source"] = cells["cells"][3]["source"].splitlines(keepends=True)
    _write(folder / "oddcells" / name, json.dumps(cells))
    _write(folder / "nested" / name, "[" * 200_000 + "]" * 200_000)  # 400 KB of nesting
    (folder / "noise").mkdir()
    (folder / "noise" / name).write_bytes(random.Random(15).randbytes(4096))
    _write(folder / "truncated" / name, json.dumps(good)[:5000])
