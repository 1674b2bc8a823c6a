"""The package's import graph: no circle, and no arrow from a lower stage to a higher one.

Every import counts, at module level or inside a function (a late import is still a
dependency), except those under ``if TYPE_CHECKING:`` (type hints only). The stages
follow the data flow of DESIGN.md, lowest first; a module may import its own stage or a
lower one. Results show themselves through :mod:`symgrad.display`, to which the public
package ``symgrad/__init__.py`` (the top, beside the CLI) binds the render layer: no
result module imports a renderer.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "symgrad"

#: stage name, and the modules (or packages, by prefix) in it, lowest first
STAGES = (
    ("foundation", ("symgrad.symbols", "symgrad.messages", "symgrad.phrases", "symgrad.errors",
                    "symgrad.limits", "symgrad.files", "symgrad.display", "symgrad.columns")),
    ("reading", ("symgrad.parse", "symgrad.notation")),
    # equivalence compares expressions (the walkthrough's mixed partials, the grader's answers)
    # curvature is plain floats, but the critical points (symbolic) classify with it
    ("symbolic", ("symgrad.steps", "symgrad.textbook", "symgrad.curvature", "symgrad.points", "symgrad.critical",
                  "symgrad.walkthrough", "symgrad.compile", "symgrad.grading.equivalence")),
    ("numeric", ("symgrad.trace", "symgrad.optim", "symgrad.descent", "symgrad.regression")),
    ("exercises", ("symgrad.exercises", "symgrad.grading", "symgrad.variants", "symgrad.catalog",
                   "symgrad.solution", "symgrad.worksheet", "symgrad.practice")),
    ("render", ("symgrad.render",)),
    ("interface", ("symgrad.cli", "symgrad.__main__", "symgrad")),
)


def module_names() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def stage_of(module: str) -> int:
    """The index of the stage whose longest matching name covers ``module`` (a package
    name covers its modules; ``symgrad`` stands for the public package alone)."""
    best, best_length = None, -1
    for index, (_, names) in enumerate(STAGES):
        for name in names:
            covers = module == name or (name != "symgrad" and module.startswith(name + "."))
            if covers and len(name) > best_length:
                best, best_length = index, len(name)
    if best is None:
        raise AssertionError(f"{module} belongs to no stage: add it to STAGES")
    return best


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(path: Path, known: dict[str, Path]) -> set[str]:
    """The symgrad modules ``path`` imports (``from symgrad.x import y`` names symgrad.x.y
    when that is a module, else symgrad.x), type-checking-only imports left out."""

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                continue
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names = [f"{child.module}.{alias.name}" for alias in child.names]
            else:
                names = []
            for name in names:
                if name.split(".")[0] == "symgrad" and (target := resolve(name)):
                    found.add(target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules it imports; importing a module's own package does not count
    (Python runs the package's __init__ first anyway)."""
    known = module_names()
    graph = defaultdict(set)
    for module, path in known.items():
        for target in imported_modules(path, known):
            if target != module and not module.startswith(target + "."):
                graph[module].add(target)
    return {module: graph[module] for module in known}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def connect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_import_graph_has_no_circle():
    assert cycles(import_graph()) == []


def test_no_import_goes_up_a_stage():
    upward = [f"{module} ({STAGES[stage_of(module)][0]}) imports {target} ({STAGES[stage_of(target)][0]})"
              for module, targets in import_graph().items() for target in sorted(targets)
              if stage_of(target) > stage_of(module)]
    assert upward == []


def test_only_render_the_cli_and_the_public_package_import_the_renderers():
    importers = {module for module, targets in import_graph().items()
                 if any(t == "symgrad.render" or t.startswith("symgrad.render.") for t in targets)}
    outside = {m for m in importers if not m.startswith(("symgrad.render", "symgrad.cli"))}
    assert outside == {"symgrad"}  # __init__ binds the render layer to symgrad.display, nothing else


def test_every_module_has_a_stage():
    for module in module_names():
        stage_of(module)


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert cycles(graph) == expected


def test_late_and_type_only_imports_are_told_apart(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from symgrad.render import x\n"
                      "def f():\n    from symgrad.steps import derivative_steps\n", encoding="utf-8")
    assert imported_modules(source, module_names()) == {"symgrad.steps"}
