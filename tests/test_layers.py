"""The layers of ../shared/design/architecture.md hold: each module imports only its own layer and
the layers below it, and no two modules import each other (directly or through others). Imports made
only for type annotations (under ``if TYPE_CHECKING:``) are not dependencies at run time and are left out.

Layers, from the ground up: base (the package's version, errors, i18n, context, input validation, atomic file
writing), statistics (pure functions of pandas objects: no files, no figures, no cohorts), data (registry, loaders,
synthetic and lesson data), then views (the package ``mlalib.views``) and exercises (side by side, both may read the
data registry: views for the source notes of figures, exercises for the reference answers of practice exercises),
course tooling, and the command line.

Every view lives in ``mlalib.views``: a module that draws (imports plotly or ipywidgets, or IPython's display) or
shows itself in a notebook (``_repr_html_``, ``_repr_mimebundle_``) is a view, except the exercises, which show
their own feedback. Figures are drawn in the modules named ``<topic>_figures``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mlalib"

BASE = {"errors", "i18n", "context", "_validate", "files"}
STATISTICS = {"flows", "ipf", "indices", "remittances", "survey", "labour", "returns", "emigration", "decent_work",
              "models", "reintegration", "irregular", "portability"}
VIEWS = {"views"}
#: Imports that make a module a view: it draws figures or widgets, or displays itself.
DRAWING = ("plotly", "ipywidgets", "IPython.display")
DISPLAY_METHODS = {"_repr_html_", "_repr_mimebundle_"}
RANK = {"base": 0, "statistics": 1, "data": 2, "views": 3, "exercises": 3, "course": 4, "cli": 5}


def _layer(module: str) -> str:
    top = module.split(".")[1] if module.count(".") else ""
    if module in {"mlalib.__main__", "mlalib.cli"}:
        return "cli"
    if module == "mlalib" or top in BASE:  # the package itself holds only its version
        return "base"
    if top in STATISTICS:
        return "statistics"
    if top in VIEWS:
        return "views"
    if top in {"data", "exercises", "course"}:
        return top
    raise AssertionError(f"{module}: no layer; add it to tests/test_layers.py")


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of a module except those under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    nodes, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        nodes.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return nodes


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


TREES = {_module_name(path): ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.AST, package: str) -> set[str]:
    """The modules an import statement names (``from p import m`` names ``p.m`` when that is a module, else ``p``;
    relative imports resolved against ``package``)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names}
    if not isinstance(node, ast.ImportFrom):
        return set()
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(anchor + ([base] if base else []))
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in TREES else base for a in node.names}


def _imports() -> dict[str, set[str]]:
    """mlalib modules each mlalib module imports at run time (``from mlalib import x`` counts as ``mlalib.x``)."""
    found: dict[str, set[str]] = {}
    for name, tree in TREES.items():
        package = name if any(other.startswith(name + ".") for other in TREES) else name.rpartition(".")[0]
        deps = {d for node in _runtime_nodes(tree) for d in _imported(node, package) if d.split(".")[0] == "mlalib"}
        found[name] = {d for d in deps if d != "mlalib.__version__" and d != name}
    return found


IMPORTS = _imports()


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_a_module_imports_only_its_layer_and_the_layers_below(module):
    layer = _layer(module)
    wrong = sorted(d for d in IMPORTS[module] if RANK[_layer(d)] > RANK[layer]
                   or (RANK[_layer(d)] == RANK[layer] and _layer(d) != layer))
    assert wrong == [], f"{module} ({layer}) imports {wrong}"


def _reach(start: str, imports: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for dep in imports.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_no_import_cycles():
    cycles = sorted(m for m in IMPORTS if m in _reach(m, IMPORTS))
    assert cycles == []


def test_the_cycle_check_finds_a_cycle_through_a_package():
    imports = {**IMPORTS, "mlalib.views": {"mlalib.views.figures"}, "mlalib.views.figures": {"mlalib.views"}}
    assert "mlalib.views.figures" in _reach("mlalib.views.figures", imports)
    assert "mlalib.views.figures" in IMPORTS["mlalib.views.stock_figures"]  # ``from mlalib.views import figures``


def _is_view(tree: ast.AST) -> bool:
    """The module draws figures or widgets, or shows itself in a notebook."""
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.FunctionDef) and node.name in DISPLAY_METHODS:
            return True
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
        if any(n == d or n.startswith(d + ".") for n in names for d in DRAWING):
            return True
    return False


def test_every_view_lives_in_the_views_package():
    views = {m for m, tree in TREES.items() if _is_view(tree)}
    outside = sorted(m for m in views if _layer(m) not in {"views", "exercises"})  # exercises show their feedback
    assert outside == [], f"views outside mlalib.views: {outside}"
    assert {"mlalib.views.figures", "mlalib.views.explorers", "mlalib.views.tables", "mlalib.views.report",
            "mlalib.views.glossary"} <= views  # the rule recognises the views it is meant to


def test_figures_are_drawn_in_the_topic_figure_modules():
    misplaced = sorted(f"{module}.{node.name}" for module, tree in TREES.items() for node in tree.body
                       if isinstance(node, ast.FunctionDef) and node.name.endswith("_figure")
                       and not node.name.startswith("_") and not module.endswith("_figures"))
    assert misplaced == []
