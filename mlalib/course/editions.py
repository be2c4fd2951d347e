"""The transformations that make editions of a master notebook (the steps of :mod:`mlalib.course.recipes`).

Master notebooks follow nbgrader's convention (documented in ``notebooks/README.md``):

* lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` in a code cell are the
  solution; the participant edition gets a placeholder instead (``name = ...`` for every
  name the solution assigns, so the check cell still runs and says "not answered yet");
* one cell tagged ``parameters`` holds ``cohort = {...}``, which papermill's parameterisation
  replaces by the cohort's context (:func:`mlalib.course.recipes.inject_context`);
* a code cell that calls ``check("<id>", answer)`` asks the exercise ``<id>``, declared in the
  exercise module of that master (:mod:`mlalib.exercises`: kind, tolerances, points, hint).
  The build derives the rest from that declaration: the cell's metadata
  (``{"mlalib": {"exercise": "<id>", "points": 2}}``, what ``mlalib grade`` reads) and, in the
  trainer edition, a cell tagged ``hidden-check`` after it (``assert check("<id>", answer).correct``)
  so that a solution that fails its own check fails the build. Hidden checks never reach
  participants.

This module only transforms notebook objects (no execution, no files); the recipes of
:mod:`mlalib.course.recipes` put them in order, :mod:`mlalib.course.build` runs them.

Example
-------
>>> print(strip_solution("x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION\\ncheck('a', answer)"))
x = 1
answer = ...  # YOUR ANSWER HERE: replace ... with your answer
check('a', answer)
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlalib import __version__
from mlalib.course.cohort import Cohort
from mlalib.course.courses import course_title
from mlalib.errors import LeakError, NotebookError
from mlalib.i18n import country_name, text

if TYPE_CHECKING:
    from nbformat import NotebookNode

BEGIN = re.compile(r"^(?P<indent>\s*)#+\s*BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*#+\s*END SOLUTION\s*$")
HIDDEN_TAG = "hidden-check"
PARAMETERS_TAG = "parameters"
HEADER_ID = "mlalib-cohort-header"
#: Suffix of the id of the hidden check derived after a checking cell (the cell's own id first).
HIDDEN_SUFFIX = "-hidden"
#: The name of the one value a notebook's ``parameters`` cell assigns: the cohort's parameters.
PARAMETER_NAME = "cohort"
#: Lines too generic to count as a leak when found in a participant edition.
_GENERIC = re.compile(r"^(pass|else:|try:|finally:|return|break|continue|[\W_]*)$")


def solution_blocks(source: str) -> list[tuple[int, int]]:
    """(begin, end) line indices of every solution block; raise on unbalanced markers."""
    blocks, start = [], None
    for number, line in enumerate(source.splitlines()):
        if BEGIN.match(line):
            if start is not None:
                raise NotebookError(f"line {number + 1}: BEGIN SOLUTION inside another solution block")
            start = number
        elif END.match(line):
            if start is None:
                raise NotebookError(f"line {number + 1}: END SOLUTION without BEGIN SOLUTION")
            blocks.append((start, number))
            start = None
    if start is not None:
        raise NotebookError(f"line {start + 1}: BEGIN SOLUTION without END SOLUTION")
    return blocks


def strip_solution(source: str, language: str = "en") -> str:
    """Replace every solution block of a code cell's source by a placeholder.

    The placeholder assigns ``...`` to every name the solution assigns at its top level
    (in order), so later lines that use those names still run; ``mlalib.exercises.check``
    reports ``...`` as "not answered yet". A solution that assigns nothing becomes a
    comment line.
    """
    lines = source.splitlines()
    out: list[str] = []
    cursor = 0
    comment = text("placeholder.comment", language)
    for begin, end in solution_blocks(source):
        out.extend(lines[cursor:begin])
        indent = BEGIN.match(lines[begin]).group("indent")  # type: ignore[union-attr]
        names = assigned_names(lines[begin + 1:end])
        if names:
            out.extend(f"{indent}{name} = ...  # {comment}" for name in names)
        else:
            out.append(f"{indent}# {comment}")
        cursor = end + 1
    out.extend(lines[cursor:])
    return "\n".join(out)


def assigned_names(lines: list[str]) -> list[str]:
    body = "\n".join(lines)
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError as err:
        raise NotebookError(f"solution block is not valid Python: {err}") from None
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id not in names:
                    names.append(name.id)
    return names


#: A call ``check("<exercise id>", ...)`` in a code cell.
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](?P<id>[^"']+)["']""")


@dataclass(frozen=True)
class MasterExercise:
    """An exercise as its master notebook declares it: id, points and the id of its cell."""

    id: str
    points: float
    cell_id: str


def master_exercises(nb: NotebookNode, name: str = "notebook") -> list[MasterExercise]:
    """The exercises a master notebook asks, in order, with the points their exercise module declares.

    Each code cell calls ``check("<id>", ...)`` for at most one exercise, asked once in the
    notebook, declared (:mod:`mlalib.exercises`) for this master; every exercise declared for
    this master is asked. Anything else raises :class:`NotebookError` naming the cell.
    """
    from mlalib.exercises import exercises

    declared = exercises()
    found: list[MasterExercise] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or HIDDEN_TAG in cell.metadata.get("tags", []):
            continue
        where = f"{name}, cell {index + 1} ({cell.get('id')})"
        called = list(dict.fromkeys(m.group("id") for m in CHECK_CALL.finditer(cell.source)))
        if not called:
            continue
        if len(called) > 1:
            raise NotebookError(f"{where}: checks {', '.join(called)}; one exercise per cell")
        exercise = declared.get(called[0])
        if exercise is None:
            raise NotebookError(f"{where}: checks {called[0]!r}, which no exercise module declares")
        if exercise.master != name:
            raise NotebookError(f"{where}: exercise {called[0]!r} is declared for {exercise.master or 'no master'!r}, "
                                f"not for {name!r}")
        if any(e.id == called[0] for e in found):
            raise NotebookError(f"{where}: exercise {called[0]!r} is checked in two cells")
        found.append(MasterExercise(called[0], float(exercise.points), str(cell.get("id"))))
    asked = {e.id for e in found}
    missing = sorted(i for i, e in declared.items() if e.master == name and i not in asked)
    if missing:
        raise NotebookError(f"{name}: exercise(s) {', '.join(missing)} declared for this master are never checked in it")
    return found


def validate_master(nb: NotebookNode, name: str) -> None:
    """Check the authoring conventions; raise :class:`NotebookError` naming the cell."""
    params = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.metadata.get("tags", [])]
    if len(params) != 1:
        raise NotebookError(f"{name}: expected exactly one cell tagged 'parameters', found {len(params)}")
    _parameters_assignment(nb.cells[params[0]], name)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if HIDDEN_TAG in cell.metadata.get("tags", []) or "mlalib" in cell.metadata:
            raise NotebookError(f"{name}, cell {index + 1}: exercises are declared in their exercise module "
                                f"(mlalib/exercises/); the build derives hidden checks and metadata.mlalib from it: "
                                f"remove them from the master")
        try:
            solution_blocks(cell.source)
        except NotebookError as err:
            raise NotebookError(f"{name}, cell {index + 1}: {err}") from None
        if cell.get("outputs"):
            raise NotebookError(f"{name}, cell {index + 1}: master notebooks are stored without outputs")
    master_exercises(nb, name)


def _parameters_assignment(cell: NotebookNode, name: str) -> int:
    """The line of the parameters cell that assigns ``cohort = {...}`` (its only statement)."""
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as err:
        raise NotebookError(f"{name}: the parameters cell is not valid Python: {err}") from None
    if (len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign)
            or [getattr(t, "id", None) for t in tree.body[0].targets] != [PARAMETER_NAME]
            or tree.body[0].lineno != tree.body[0].end_lineno):
        raise NotebookError(f"{name}: the parameters cell must hold comments and one line "
                            f"'{PARAMETER_NAME} = {{...}}' (the cohort's parameters), nothing else")
    return tree.body[0].lineno - 1


def parameters_comment(cell: NotebookNode) -> str:
    """The comment of a parameters cell (its ``#`` lines, joined), in the edition's language.

    >>> import nbformat
    >>> parameters_comment(nbformat.v4.new_code_cell("# Filled in for your cohort.\\ncohort = {}"))
    'Filled in for your cohort.'
    """
    lines = [line.strip().lstrip("#").strip() for line in cell.source.splitlines() if line.strip().startswith("#")]
    return " ".join(line for line in lines if line) or "Parameters"


def with_exercise_metadata(nb: NotebookNode, name: str) -> NotebookNode:
    """Every checking cell declares its exercise and points in ``metadata.mlalib`` (read by the grader)."""
    asked = {e.cell_id: e for e in master_exercises(nb, name)}
    for cell in nb.cells:
        if cell.get("id") in asked:
            cell.metadata["mlalib"] = {"exercise": asked[cell.get("id")].id, "points": asked[cell.get("id")].points}
    return nb


def with_hidden_checks(nb: NotebookNode, language: str = "en") -> NotebookNode:


    import nbformat
    """A hidden check after every checking cell (as :func:`with_exercise_metadata` marks them):
    ``assert check("<id>", <answer>).correct`` (trainer editions; its message in ``language``); for a
    written exercise, which is not scored in the notebook, that the model answer is kept
    (``.status == "recorded"``)."""
    cells: list[NotebookNode] = []
    for cell in nb.cells:
        cells.append(cell)
        exercise_id = cell.metadata.get("mlalib", {}).get("exercise")
        if exercise_id:
            message = text("build.solution_fails", language, exercise=exercise_id)
            verdict = '.status == "recorded"' if _kind(exercise_id) == "written" else ".correct"
            hidden = nbformat.v4.new_code_cell(f"assert {_check_call(cell.source, exercise_id)}{verdict}, "
                                               f"{json.dumps(message, ensure_ascii=False)}")
            hidden["id"] = f"{cell.get('id')}{HIDDEN_SUFFIX}"
            hidden.metadata["tags"] = [HIDDEN_TAG]
            cells.append(hidden)
    nb.cells = cells
    return nb


def _kind(exercise_id: str) -> str:
    from mlalib.exercises import exercises

    exercise = exercises().get(exercise_id)
    return exercise.kind if exercise is not None else ""


def _check_call(source: str, exercise_id: str) -> str:
    """The source of the call ``check("<exercise_id>", ...)`` in a cell."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == exercise_id):
            return ast.get_source_segment(source, node) or ""
    raise NotebookError(f"no call check({exercise_id!r}, ...) found")


def secrets(nb: NotebookNode) -> list[str]:
    """Every significant line of the master that must not reach a participant.

    Lines between solution markers, stripped; lines with no letters or digits and bare
    keywords such as ``pass`` are left out.
    """
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        for line in (line for begin, end in solution_blocks(cell.source) for line in lines[begin + 1:end]):
            stripped = line.strip()
            if stripped and not _GENERIC.match(stripped) and stripped not in found:
                found.append(stripped)
    return found


def find_leaks(nb: NotebookNode, secret_lines: list[str]) -> list[str]:
    """Secret lines found anywhere in a notebook: sources, outputs, metadata, attachments.

    The whole notebook is serialised (so JSON-escaped text in outputs and metadata is
    decoded first) and searched line by line.
    """
    haystacks = [cell.source for cell in nb.cells]
    haystacks += [json.dumps(nb, ensure_ascii=False)]
    decoded = "\n".join(haystacks) + "\n" + _decoded_strings(nb)
    return [line for line in secret_lines if line in decoded]


def _decoded_strings(node: Any) -> str:
    if isinstance(node, dict):
        return "\n".join(_decoded_strings(v) for v in node.values())
    if isinstance(node, list):
        return "\n".join(_decoded_strings(v) for v in node)
    return node if isinstance(node, str) else ""


def header_cell(cohort: Cohort, edition: str) -> NotebookNode:


    import nbformat
    """The Markdown cell at the top of each edition: cohort, course, dates, countries, vintage, version."""
    lang = cohort.language
    rows = [
        (text("header.cohort", lang), cohort.id),
        (text("header.course", lang), course_title(cohort.course, lang)),
        (text("header.dates", lang), f"{cohort.start.isoformat()} – {cohort.end.isoformat()}"),
        (text("header.focus", lang), ", ".join(f"{country_name(c, lang)} ({c})" for c in cohort.focus_countries)),
        (text("header.vintage", lang), cohort.data_vintage),
        (text("header.version", lang), __version__),
        (text("header.edition", lang), text(f"header.{edition}", lang)),
    ]
    # an HTML table, so each label is a row header (a Markdown table needs a header row, here empty)
    table = "\n".join(f'<tr><th scope="row">{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>'
                      for label, value in rows)
    cell = nbformat.v4.new_markdown_cell(f"**{cohort.title}**\n\n<table>\n{table}\n</table>")
    cell["id"] = HEADER_ID
    cell.metadata["tags"] = ["mlalib-header"]
    return cell


def cohort_metadata(cohort: Cohort, edition: str, master_name: str) -> dict[str, Any]:
    """The same facts as the header cell, for ``nb.metadata['mlalib']``."""
    return {
        "cohort_id": cohort.id,
        "title": cohort.title,
        "course": cohort.course,
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat(),
        "language": cohort.language,
        "focus_countries": list(cohort.focus_countries),
        "data_vintage": cohort.data_vintage,
        "seed": cohort.seed,
        "mlalib_version": __version__,
        "edition": edition,
        "master": f"notebooks/{master_name}.ipynb",
    }


def reads(source: str) -> set[str]:
    """The names a piece of code reads (none if it is not Python)."""
    try:
        return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    except SyntaxError:
        return set()


def html_leaks(page: str, secret_lines: list[str]) -> list[str]:
    """Secret lines found in the text of an HTML page (tags removed, entities decoded); ``plotly.js``,
    embedded in a self-contained page (megabytes that no lesson wrote), is left out of the search."""
    from mlalib.views.page import plotly_source

    if not secret_lines:
        return []
    shown = html.unescape(re.sub(r"<[^>]+>", "", page.replace(plotly_source(), "", 1)))
    return [line for line in secret_lines if line in shown]


def clear_outputs(nb: NotebookNode) -> NotebookNode:
    """Remove outputs, execution counts and widget state."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


_PLOTLY_DIV = re.compile(r'id=\\?"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\?"')
_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb: NotebookNode, name: str, master_ids: frozenset[str] = frozenset()) -> NotebookNode:


    import nbformat
    """Make a built notebook deterministic.

    Drops the timings nbclient records, keeps the cell ids of the master (``master_ids``), of the
    header and of the derived hidden checks and gives every other cell a fixed id, and replaces
    the random ids of plotly divs and ipywidgets models by ids derived from the notebook name
    and their order of appearance.
    """
    kept = {*master_ids, HEADER_ID, *(f"{i}{HIDDEN_SUFFIX}" for i in master_ids)}
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
        if cell.get("id") not in kept:
            cell["id"] = f"built-{index}"
    raw = json.dumps(nb, sort_keys=True, ensure_ascii=False)
    plotly_ids = list(dict.fromkeys(m.group("id") for m in _PLOTLY_DIV.finditer(raw)))
    raw = _replace_ids(raw, plotly_ids, name, "plotly", uuid_form=True)
    raw = _replace_ids(raw, _widget_models(nb), name, "widget", uuid_form=False)
    return nbformat.from_dict(json.loads(raw))


def _widget_models(nb: NotebookNode) -> list[str]:
    """Every widget model id, in an order that does not depend on the (random) ids themselves.

    Models shown in outputs come first, in cell order, each followed by the models its state
    refers to (attributes in name order); models nothing refers to follow, ordered by their
    state with the ids left out.
    """
    state = nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    order: list[str] = []

    def visit(model: str) -> None:
        if model in order:
            return
        order.append(model)
        attributes = state.get(model, {}).get("state", {})
        for key in sorted(attributes):
            for ref in _MODEL_REF.findall(json.dumps(attributes[key], sort_keys=True)):
                visit(ref)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(_WIDGET_VIEW)
            if view and "model_id" in view:
                visit(view["model_id"])
    rest = sorted(set(state) - set(order),
                  key=lambda m: _MODEL_REF.sub("", json.dumps(state[m], sort_keys=True)))
    return order + rest


def _replace_ids(raw: str, ids: list[str], name: str, kind: str, *, uuid_form: bool) -> str:
    for number, old in enumerate(ids):
        digest = hashlib.sha256(f"{name}/{kind}/{number}".encode()).hexdigest()[:32]
        new = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}" if uuid_form else digest
        raw = raw.replace(old, new)
    return raw


def check_no_leaks(nb: NotebookNode, secret_lines: list[str], name: str) -> None:
    """Raise :class:`LeakError` if a participant edition contains any secret line."""
    leaks = find_leaks(nb, secret_lines)
    if leaks:
        shown = "; ".join(repr(line) for line in leaks[:3])
        raise LeakError(f"{name}: participant edition contains {len(leaks)} solution line(s): {shown}")
