"""The layers of ../shared/design/architecture.md hold: each module imports only its own layer and
the layers below it, and no two modules import each other (directly or through others). Imports made
only for type annotations (under ``if TYPE_CHECKING:``) are not dependencies at run time and are left out.

Layers, from the ground up: base (the package's version, errors, i18n, context, input validation, atomic file writing), statistics (pure
functions of pandas objects: no files, no figures, no cohorts), data (registry, loaders,
synthetic and lesson data), then views and exercises (side by side, both may read the data
registry: views for the source notes of figures, exercises for the reference answers of
practice exercises), course tooling, and the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mlalib"

BASE = {"errors", "i18n", "context", "_validate", "files"}
STATISTICS = {"flows", "ipf", "indices", "remittances", "survey", "labour", "returns", "emigration", "decent_work",
              "models", "reintegration"}
VIEWS = {"plots", "widgets", "report", "glossary", "environment", "tables", "reintegration_figures", "page"}
RANK = {"base": 0, "statistics": 1, "data": 2, "views": 3, "exercises": 3, "course": 4, "cli": 5}


def _layer(module: str) -> str:
    top = module.split(".")[1] if module.count(".") else ""
    if module in {"mlalib.__main__", "mlalib.cli"}:
        return "cli"
    if module == "mlalib" or top in BASE:  # the package itself holds only its version
        return "base"
    if top in STATISTICS:
        return "statistics"
    if top in VIEWS or top.startswith("plots_"):
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


def _imports() -> dict[str, set[str]]:
    """mlalib modules each mlalib module imports at run time (``from mlalib import x`` counts as ``mlalib.x``)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        deps: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mlalib":
                deps |= {f"mlalib.{a.name}" for a in node.names} if node.module == "mlalib" else {node.module}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.split(".")[0] == "mlalib"}
        found[name] = {d for d in deps if d != "mlalib.__version__" and d != name}
    return found


IMPORTS = _imports()


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_a_module_imports_only_its_layer_and_the_layers_below(module):
    layer = _layer(module)
    wrong = sorted(d for d in IMPORTS[module] if RANK[_layer(d)] > RANK[layer]
                   or (RANK[_layer(d)] == RANK[layer] and _layer(d) != layer))
    assert wrong == [], f"{module} ({layer}) imports {wrong}"


def test_no_import_cycles():
    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for dep in IMPORTS.get(todo.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return seen

    cycles = sorted(m for m in IMPORTS if m in reach(m) and not m.endswith("__init__"))
    assert cycles == []
