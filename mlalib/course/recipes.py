"""Editions are recipes: named lists of small notebook-to-notebook steps.

Every notebook a participant, a trainer or the grader gets is made from a master (or from a
submission) by one of these recipes, each a tuple of steps ``(notebook, ingredients) -> notebook``
that do one thing each (:mod:`mlalib.course.editions` holds the transformations themselves):

* :data:`PARTICIPANT`: header, where the lesson is on the cohort's path (previous/next), cohort
  context, exercise metadata, solutions replaced by placeholders, outputs cleared, ids
  normalised, refused if a solution line is left;
* :data:`TRAINER`: header, path, cohort context, exercise metadata, the options of choice
  answers in the cohort's language and a hidden check after every exercise; executed by :mod:`mlalib.course.execution`, then :data:`TRAINER_AFTER` normalises it
  and :data:`TRAINER_VIEW` links its path to the HTML pages;
* :data:`PARTICIPANT_VIEW`: the executed trainer edition as a participant sees it (the
  participant HTML page, made without a kernel);
* :data:`GRADING`: a submission made ready to grade: cells numbered, hidden checks and earlier
  grader cells dropped, outputs cleared, the cohort context injected again, the grading guard first.

The cohort context enters every notebook one way, :func:`inject_context`: papermill's
parameterisation (the cell tagged ``parameters`` of a master gives way to papermill's
``injected-parameters`` cell, which papermill replaces again at grading).

Example
-------
>>> import nbformat
>>> from mlalib.course.cohort import parse_cohort
>>> cohort = parse_cohort({"id": "demo", "title": "Demo", "course": "reintegration", "start": "2026-03-02",
...     "end": "2026-04-10", "language": "fr", "focus_countries": ["SEN"], "data_vintage": "2020", "seed": 7})
>>> cell = nbformat.v4.new_code_cell('# Parameters\\ncohort = {}')
>>> cell.metadata["tags"] = ["parameters"]
>>> nb = inject_context(nbformat.v4.new_notebook(cells=[cell]), Ingredients(cohort, "demo"))
>>> print(nb.cells[0].source)
# Parameters
cohort = {"language": "fr", "seed": 7, "focus_countries": ["SEN"], "data_vintage": "2020"}
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from mlalib.course.cohort import Cohort
from mlalib.course.courses import Stop
from mlalib.course.editions import (
    CHECK_CALL, HEADER_ID, HIDDEN_TAG, PARAMETER_NAME, PARAMETERS_TAG, assigned_names, check_no_leaks,
    clear_outputs, cohort_metadata, header_cell, normalise, parameters_comment, reads, secrets, solution_blocks,
    strip_solution, with_exercise_metadata, with_hidden_checks,
)
from mlalib.i18n import text

if TYPE_CHECKING:
    from nbformat import NotebookNode

#: papermill's tag of the cell it writes the parameters into.
INJECTED_TAG = "injected-parameters"
#: The id of the grading guard's cell (first in a submission being graded).
GRADER_CELL_ID = "mlalib-grader"
#: Cell metadata key holding a cell's number in the submission as it was handed in (for feedback).
CELL_NUMBER = "mlalib-cell"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass(frozen=True)
class Guard:
    """Where a graded submission's guard writes (its grading folder and record file) and what it may
    not read (the protected folders: submissions, gradebook, masters, the cohort's build)."""

    folder: Path
    record: Path
    protected: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Ingredients:
    """What the steps of a recipe may read: the cohort, the master's name, the master itself
    (translated into the cohort's language; for the steps that compare with it), the cohort's path
    through the course (for the previous/next lines) and, for grading, the guard."""

    cohort: Cohort
    name: str
    master: NotebookNode | None = None
    guard: Guard | None = None
    path: tuple[Stop, ...] = ()


Step = Callable[["NotebookNode", Ingredients], "NotebookNode"]


@dataclass(frozen=True)
class Recipe:
    """A named list of steps; :meth:`apply` runs them in order on a copy of a notebook."""

    name: str
    steps: tuple[Step, ...]

    def apply(self, nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
        nb = copy.deepcopy(nb)
        for step in self.steps:
            nb = step(nb, ingredients)
        return nb


def header(edition: str) -> Step:
    """The step that puts the cohort's header cell first (or replaces it) and its metadata, for ``edition``."""

    def add_header(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
        cell = header_cell(ingredients.cohort, edition)
        nb.cells = [cell] + [c for c in nb.cells if c.get("id") != HEADER_ID]
        nb.metadata["mlalib"] = cohort_metadata(ingredients.cohort, edition, ingredients.name)
        return nb

    add_header.__name__ = f"header_{edition.replace('-', '_')}"
    return add_header


#: Tag of the cells that say where a lesson is on the cohort's path (made by :func:`navigation`).
NAVIGATION_TAG = "mlalib-navigation"
#: The course map next to the participant editions, and the page that is its HTML edition.
COURSE_MAP = {"ipynb": "course_map.md", "html": "index.html"}


def navigation(suffix: str) -> Step:
    """The step that writes where a lesson is on the cohort's path, in the cohort's language: after the
    header, its number, minutes and a link to the course map, then the previous and next lessons (links
    to their ``.ipynb`` or ``.html`` editions); at the end, the next lesson again. Earlier navigation
    cells are replaced; a notebook not on the path gets none."""

    def add_navigation(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:

        import nbformat
        nb.cells = [c for c in nb.cells if NAVIGATION_TAG not in c.metadata.get("tags", [])]
        names = [stop.name for stop in ingredients.path]
        if ingredients.name not in names:
            return nb
        lang, here = ingredients.cohort.language, names.index(ingredients.name)
        stop = ingredients.path[here]

        def link(other: Stop) -> str:
            return f"[{other.title}]({other.name}.{suffix})"

        facts = text("navigation.position", lang, number=here + 1, total=len(names))
        if stop.minutes is not None:
            facts += " · " + text("navigation.minutes", lang, minutes=stop.minutes)
        facts += f" · [{text('navigation.course_map', lang)}]({COURSE_MAP[suffix]})"
        previous = text("navigation.previous", lang, lesson=link(ingredients.path[here - 1])) if here else \
            text("navigation.first", lang)
        following = text("navigation.next", lang, lesson=link(ingredients.path[here + 1])) \
            if here + 1 < len(names) else text("navigation.last", lang)
        top = nbformat.v4.new_markdown_cell(f"{facts}\n\n{previous} · {following}")
        bottom = nbformat.v4.new_markdown_cell(following)
        for cell, place in ((top, "top"), (bottom, "bottom")):
            cell.metadata["tags"] = [NAVIGATION_TAG]
            cell["id"] = f"{NAVIGATION_TAG}-{place}"  # not a random id: the same cohort file, the same bytes
        at = 1 if nb.cells and nb.cells[0].get("id") == HEADER_ID else 0
        nb.cells = [*nb.cells[:at], top, *nb.cells[at:], bottom]
        return nb

    add_navigation.__name__ = f"navigation_{suffix}"
    return add_navigation


def set_kernel(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Every edition runs in the ``python3`` kernel, whatever kernel the notebook names."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


def inject_context(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """The cohort's context as the notebook's parameters, by papermill: ``cohort = {...}``.

    papermill writes the parameters cell (tag ``injected-parameters``) after the master's
    ``parameters`` cell, or replaces the one it wrote before (a built edition handed in for
    grading); the master's own ``parameters`` cell, which holds its default values, is then left
    out, and the injected cell keeps its id and its comment (in the edition's language) and is
    tagged both ``parameters`` and ``injected-parameters``: the edition's one parameters cell. A
    notebook without either cell (a participant deleted it) gets the parameters first.
    """
    from papermill.parameterize import parameterize_notebook

    tags = [c.metadata.get("tags", []) for c in nb.cells]
    own = next((i for i, t in enumerate(tags) if INJECTED_TAG in t),
               next((i for i, t in enumerate(tags) if PARAMETERS_TAG in t), None))
    comment = parameters_comment(nb.cells[own]) if own is not None else "Parameters"
    own_id = nb.cells[own].get("id") if own is not None else None
    untagged = [c for c in nb.cells if "tags" not in c.metadata]
    for cell in untagged:  # papermill reads the tags of every cell
        cell.metadata["tags"] = []
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, {PARAMETER_NAME: ingredients.cohort.context().parameters()}, comment=comment,
                               kernel_name=_translator(), language=_translator())
    nb.metadata.pop("papermill", None)
    for cell in untagged:
        del cell.metadata["tags"]
    placed = next(i for i, c in enumerate(nb.cells) if INJECTED_TAG in c.metadata.get("tags", []))
    nb.cells[placed].metadata["tags"] = [PARAMETERS_TAG, INJECTED_TAG]  # the edition's one parameters cell
    if own_id is not None:
        nb.cells[placed]["id"] = own_id
    nb.cells = [c for i, c in enumerate(nb.cells)
                if i == placed or not {PARAMETERS_TAG, INJECTED_TAG} & set(c.metadata.get("tags", []))]
    return nb


def mark_exercises(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Each checking cell declares its exercise and points (``metadata.mlalib``, read by the grader)."""
    return with_exercise_metadata(nb, ingredients.name)


def add_hidden_checks(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """A hidden check after every exercise: the solution must pass it (trainer editions)."""
    return with_hidden_checks(nb, ingredients.cohort.language)


def localise_answers(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """In the solution of a choice exercise, each option written as a text (``"yes"``) is written in the
    cohort's language (``"oui"``), as its participants answer (``check`` accepts both)."""
    from mlalib.exercises import exercises
    from mlalib.exercises.comparison import option_labels

    declared = exercises()
    for cell in nb.cells:
        exercise = declared.get(cell.metadata.get("mlalib", {}).get("exercise", ""))
        if cell.cell_type != "code" or exercise is None or not exercise.options:
            continue
        words = {option: option_labels(option)[ingredients.cohort.language] for option in exercise.options}
        lines = cell.source.splitlines()
        for begin, end in solution_blocks(cell.source):
            for number in range(begin + 1, end):
                lines[number] = _OPTION_LITERAL.sub(
                    lambda m: f"{m.group(1)}{words.get(m.group(2), m.group(2))}{m.group(1)}", lines[number])
        cell.source = "\n".join(lines)
    return nb


_OPTION_LITERAL = re.compile(r"""(["'])([^"'\\]+)\1""")


def strip_solutions(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Solutions replaced by placeholders (``answer = ...``), with the comment in the edition's language."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source, ingredients.cohort.language)
    return nb


def clear(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Outputs, execution counts and widget state removed."""
    return clear_outputs(nb)


def normalised(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Ids and timings made deterministic (the same cohort file gives the same bytes)."""
    kept = frozenset(str(cell.get("id")) for cell in ingredients.master.cells) if ingredients.master else frozenset()
    return normalise(nb, ingredients.name, kept)


def refuse_leaks(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Raise :class:`~mlalib.errors.LeakError` if any solution line of the master is left."""
    check_no_leaks(nb, secrets(ingredients.master) if ingredients.master else [], ingredients.name)
    return nb


def drop_hidden_checks(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Hidden checks and earlier grader cells removed."""
    nb.cells = [c for c in nb.cells if HIDDEN_TAG not in c.metadata.get("tags", []) and c.get("id") != GRADER_CELL_ID]
    return nb


def hide_answers(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Every exercise cell, and every cell that reads a name a solution assigns, gets its participant
    source (placeholders) and no output; lesson cells keep their outputs (no lesson cell depends on a
    solution, so a participant gets the same ones)."""
    answers: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        blocks = solution_blocks(cell.source)
        for begin, end in blocks:
            answers.update(assigned_names(lines[begin + 1:end]))
        if blocks or CHECK_CALL.search(cell.source) or reads(cell.source) & answers:
            cell.source = strip_solution(cell.source, ingredients.cohort.language)
            cell.outputs = []
            cell.execution_count = None
    return nb


def number_cells(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Each cell carries its number in the submission as handed in (feedback names cells by it)."""
    for number, cell in enumerate(nb.cells, start=1):
        cell.metadata[CELL_NUMBER] = number
    return nb


def tag_every_cell(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:
    """Every cell has a list of tags (papermill reads the tags of every cell), and at most one injected
    parameters cell is kept: several, or one with no ``parameters`` cell to follow, are dropped."""
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    injected = [i for i, c in enumerate(nb.cells) if INJECTED_TAG in c.metadata["tags"]]
    if len(injected) > 1:
        nb.cells = [c for i, c in enumerate(nb.cells) if i not in injected]
    return nb


def add_guard(nb: NotebookNode, ingredients: Ingredients) -> NotebookNode:


    import nbformat
    """The grading guard (:mod:`mlalib.course.sandbox`) as the first cell: answers are only recorded, the
    key is out of reach, files outside the grading folder are guarded."""
    guard = ingredients.guard
    if guard is None:
        raise ValueError("the grading recipe needs a Guard in its ingredients")
    cell = nbformat.v4.new_code_cell(
        "from mlalib.course.sandbox import start as _mlalib_grading_start\n"
        f"_mlalib_grading_start({str(guard.folder)!r}, {str(guard.record)!r}, {[str(p) for p in guard.protected]!r})\n"
        "del _mlalib_grading_start"
    )
    cell["id"] = GRADER_CELL_ID
    nb.cells.insert(0, cell)
    return nb


PARTICIPANT = Recipe("participant", (header("participant"), navigation("ipynb"), set_kernel, inject_context,
                                     mark_exercises, strip_solutions, clear, normalised, refuse_leaks))
TRAINER = Recipe("trainer", (header("trainer"), navigation("ipynb"), set_kernel, inject_context, mark_exercises,
                             localise_answers, add_hidden_checks))
TRAINER_AFTER = Recipe("trainer", (normalised,))
TRAINER_VIEW = Recipe("trainer-html", (navigation("html"),))
PARTICIPANT_VIEW = Recipe("participant-html", (drop_hidden_checks, hide_answers, header("participant"),
                                               navigation("html"), refuse_leaks))
GRADING = Recipe("grading", (number_cells, drop_hidden_checks, clear, tag_every_cell, set_kernel, inject_context,
                             add_guard))


@lru_cache(maxsize=1)
def _translator() -> str:
    """papermill's Python translator without its optional ``black`` formatting (the parameters cell must
    read the same whether or not black is installed: the same cohort file gives the same bytes)."""
    from papermill.translators import PythonTranslator, papermill_translators

    class PlainPython(PythonTranslator):
        @classmethod
        def codify(cls, parameters: dict, comment: str = "Parameters") -> str:
            return super(PythonTranslator, cls).codify(parameters, comment).rstrip("\n")

    papermill_translators.register("mlalib-python", PlainPython)
    return "mlalib-python"


def participant_edition(master: NotebookNode, cohort: Cohort, name: str) -> NotebookNode:
    """The participant edition of a (translated) master for a cohort: :data:`PARTICIPANT` applied."""
    return PARTICIPANT.apply(master, Ingredients(cohort, name, master))
