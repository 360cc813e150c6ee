"""The project's own modules import each other one way (docs/architecture.md).

The graph is read from the source (every `import` and `from … import`, also those inside
functions, since a lazy import is still a dependency), over the project's packages without
migrations and tests. Two properties hold:

- no circle: no module reaches itself through its imports;
- the ground floor `bos/` imports no app above it.

`KNOWN_DEBTS` lists what is still to move (docs/architecture.md, "Known debts"); the test
fails when a new circle or a new climb appears, and also when a listed debt is paid, so the
list only shrinks."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "bos",
    "api",
    "placements",
    "facilitation",
    "intervision",
    "afternoons",
    "professionalization",
    "stipend",
    "reports",
    "induction",
    "surveys",
    "planning",
    "library",
    "governance",
    "years",
    "demo",
]
APPS_ABOVE_BOS = set(PACKAGES) - {"bos"}

# Circles (as sorted module lists) and bos/ modules that import apps, still to be removed.
KNOWN_CIRCLES: set[tuple[str, ...]] = set()
KNOWN_CLIMBS: set[str] = set()


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (a module, or its package)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from pkg import a, b` names two modules (each its own edge), `from module
                # import thing` names the module: `_resolve` climbs from `base.thing` to it.
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved and resolved != name:
                    graph[name].add(resolved)
    return graph


def circles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_should():
    graph = import_graph()
    # A relative import, a lazy import inside a function and an absolute import.
    assert "reports.facts" in graph["reports.figures"]
    assert "bos.models" in graph["bos.partnership"]
    assert "bos.yearbound" in graph["bos.closing"]
    # `from . import documents, services` is an edge to each of the two modules.
    assert {"placements.documents", "placements.services"} <= graph["placements.matching"]


def test_no_import_circle_beyond_the_known_debts():
    assert circles(import_graph()) == KNOWN_CIRCLES


def test_the_ground_floor_imports_no_app_beyond_the_known_debts():
    climbs = {
        module
        for module, targets in import_graph().items()
        if module.split(".")[0] == "bos"
        and any(target.split(".")[0] in APPS_ABOVE_BOS for target in targets)
    }
    assert climbs == KNOWN_CLIMBS


def test_the_decision_log_imports_only_the_ground_and_the_library():
    """governance/ sits below the apps whose settings a decision changes: they record the
    change through it (and the report reads it), so it may import none of them."""
    climbs = {
        (module, target)
        for module, targets in import_graph().items()
        if module.split(".")[0] == "governance"
        for target in targets
        if target.split(".")[0] not in {"governance", "bos", "library"}
    }
    assert climbs == set()


def test_circles_finds_a_circle_and_none_in_a_line():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {("a", "b", "c")}
    assert circles({"a": {"b"}, "b": {"c"}}) == set()
