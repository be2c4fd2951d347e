"""Submissions that attack grading, with the gradebook rows each must get.

Each attacker solves the notebook honestly (the master's solutions) and adds one attack; the
expected rows say that the attack earns nothing beyond that honest work and harms no one.
These notebooks must only ever run inside the bubblewrap sandbox
(``tests/test_grading_attacks.py`` skips without it).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from tests.grading_fixtures import EXERCISES, NOTEBOOK, POINTS, _cell, _code, _write, participant, solved

FULL = {e: (p, "correct") for e, p in zip(EXERCISES, POINTS)}
#: Attacks that add a cell before the exercises: source, given the paths an attacker might aim at.
ADDED_CELL = {
    # read the key through the globals of check and of the catalogue, the names split to pass a text search
    "globals": 'key = check.__globals__["look" + "up"].__globals__["_EXER" + "CISES"]["stocks-net-migration"]'
               '.reference(context())',
    # the course key module, read from the masters' folder
    "keyfile": "import runpy\ntry:\n    key = runpy.run_path('{masters}/keys/stocks_and_flows.py')\nexcept OSError:\n    pass",
    # unlock the key again
    "unlock": "import mlalib.exercises.session as s\ns._key_locked = False\n"
              "from mlalib.exercises import reference_answer\nkey = reference_answer('stocks-net-migration')",
    # rewrite the audit hook's closure found through gc
    "closure": "import gc, sys\nfor hook in [o for o in gc.get_objects() if getattr(o, '__name__', '') == 'audit']:\n"
               "    hook.__code__ = (lambda event, args: None).__code__",
    # another participant's submission, its path read from the guard cell (_ih[1])
    "link": "import os, re\nroot = re.findall(r\"'([^']*submissions)'\", _ih[1])[0]\ntry:\n"
            "    os.link(os.path.join(root, 'correct', '{notebook}.ipynb'), 'stolen.ipynb')\nexcept OSError:\n    pass",
    # a file of the masters' folder through dir_fd
    "dirfd": "import os\nroot = os.open('/', os.O_RDONLY)\ntry:\n"
             "    os.close(os.open('{masters}'.lstrip('/'), os.O_RDONLY, dir_fd=root))\n"
             "    open('found.txt', 'w').write('read the master')\nexcept OSError:\n    pass",
    # start programs with ctypes (no audit event): write outside, and into /dev/shm
    "ctypes": "import ctypes\nlibc = ctypes.CDLL(None)\nlibc.system(b'echo pwned > {outside}; echo hi > /dev/shm/{shm}')",
    # a key-access line appended to every record file the shell can find
    "records": "import ctypes\nctypes.CDLL(None).system(b\"for f in /tmp/mlalib-grading-*/*/record.jsonl; do "
               "echo '{{\\\"event\\\": \\\"key\\\", \\\"what\\\": \\\"forged\\\"}}' >> $f; done\")",
    # read every process's environment and kill every other process
    "killall": "import os, signal\nfor pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
               "    try:\n        open(f'/proc/{{pid}}/environ', 'rb').read()\n"
               "        if pid != os.getpid():\n            os.kill(pid, signal.SIGKILL)\n"
               "    except OSError:\n        pass",
    # kill the grader
    "parent": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    # flood the grader with output (graded with --output-limit 20)
    "flood": "while True:\n    print('x' * 1_000_000)",
}
#: Attackers whose rows depend on timing (checked apart: a row each, no more than the honest points):
#: how far the flood gets before the output limit or the cell time limit stops it varies.
TIMING_DEPENDENT = ("flood",)
#: The gradebook rows of each attacker's exercises (points, status), and the statuses of its notes.
EXPECTED_ATTACKS: dict[str, tuple[dict[str, tuple[float, str]], list[str]]] = {
    # the key cell's result feeds no answer: a note for the trainer, nothing lost, nothing gained
    "globals": (FULL, ["key"]),
    "keyfile": (FULL, ["blocked", "key"]),  # blocked and noted; in the sandbox the masters (and the key) do not exist
    "unlock": ({e: (0, "key") for e in EXERCISES}, []),  # reaches for the guard: every exercise
    "closure": ({e: (0, "key") for e in EXERCISES}, []),
    "link": (FULL, []),
    "dirfd": (FULL, []),  # the guard does not see it; in the sandbox the masters' folder does not exist
    "ctypes": (FULL, []),
    "records": (FULL, ["key"]),  # its own record only: the forged line is its own
    "killall": (FULL, []),
    "parent": (FULL, []),
    # check() as an oracle: bisect on the number, try every option; in a graded run it only says "recorded"
    "oracle": ({"stocks-net-migration": (0, "not_yet"), "stocks-stock-or-flow": (0, "not_yet"),
                "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (2, "correct"),
                "stocks-data-type": (2, "correct")}, []),
    # the key used for the answer, read from the key's code: costs that exercise only
    "keyed": ({"stocks-net-migration": (0, "key"), "stocks-stock-or-flow": (1, "correct"),
               "stocks-largest-focus": (1, "correct"), "stocks-rate-of-change": (2, "correct"),
               "stocks-data-type": (2, "correct")}, []),
    # honest participants graded next to the attackers
    "correct": (FULL, []),
    "honest": (FULL, []),
}
ORACLE_NUMBER = '''lo, hi = -1e7, 1e7
for _ in range(60):
    mid = (lo + hi) / 2
    if check("stocks-net-migration", mid).status == "correct":
        break
    lo = mid
answer = mid
check("stocks-net-migration", answer)'''
ORACLE_CHOICE = '''answer = "stock"
for option in ["flow", "stock"]:
    if check("stocks-stock-or-flow", option).status == "correct":
        answer = option
check("stocks-stock-or-flow", answer)'''
KEYED = '''key = check.__globals__["lookup"]("stocks-net-migration")
answer = key.reference(context()) if key.reference else 0
check("stocks-net-migration", answer)'''


def make_attacks(folder: Path, cohort_file: Path, outside: Path, masters: Path, shm: str) -> None:
    """Write the attackers and two honest participants under ``folder`` (see ``EXPECTED_ATTACKS``)."""
    good = solved(participant(cohort_file))
    name = f"{NOTEBOOK}.ipynb"
    index = good.cells.index(_cell(good, EXERCISES[0]))
    values = {"outside": outside, "masters": masters / name, "shm": shm, "notebook": NOTEBOOK}
    for person, source in ADDED_CELL.items():
        nb = copy.deepcopy(good)
        nb.cells.insert(index, _code("from mlalib.exercises import context\n" + source.format(**values)))
        _write(folder / person / name, nb)
    oracle = copy.deepcopy(good)
    _cell(oracle, "stocks-net-migration").source = ORACLE_NUMBER
    _cell(oracle, "stocks-stock-or-flow").source = ORACLE_CHOICE
    _write(folder / "oracle" / name, oracle)
    keyed = copy.deepcopy(good)
    _cell(keyed, "stocks-net-migration").source = KEYED
    _write(folder / "keyed" / name, keyed)
    _write(folder / "correct" / name, good)
    _write(folder / "honest" / name, nbformat.from_dict(copy.deepcopy(good)))
