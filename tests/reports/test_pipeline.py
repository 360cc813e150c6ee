"""The annual report is one pipeline (docs/architecture.md, "The report"):

    apps' selectors -> facts -> figures -> document -> renderers

Read from the imports of the report's modules (lazy and type-only imports included, as
`tests/bos/test_import_graph.py` reads them, but every name of `from . import a, b`): no
stage imports a later one, the report reads other apps through functions they offer and
never through their models, and only the facts stage calls other apps' selectors."""

from __future__ import annotations

import ast

from tests.bos.test_import_graph import _modules, _resolve

# The stages in order, each by the modules (or packages) that make it up.
STAGES: list[tuple[str, set[str]]] = [
    ("facts", {"reports.facts", "reports.teams"}),
    ("figures", {"reports.figures", "reports.budget"}),
    (
        "document",
        {
            "reports.document",
            "reports.drafts",
            "reports.comparison",
            "reports.cache",
            "reports.charts",
            "reports.goals",
            "reports.indicators",
            "reports.public",
            "reports.quality",
        },
    ),
    ("renderers", {"reports.renderers"}),
]
# Every stage may use these: the report's tables, pure rules, the JSON codec and labels.
SHARED = {"reports.models", "reports.rules", "reports.codec", "reports.labels"}
# Where the pipeline is used: pages, writes, tasks, forms, commands and the like. They may
# import every stage; no stage imports them.
OUTER = {
    "reports",
    "reports.admin",
    "reports.apps",
    "reports.budget_import",
    "reports.chapter_views",
    "reports.demo",
    "reports.forms",
    "reports.goal_views",
    "reports.management",
    "reports.public_views",
    "reports.selectors",
    "reports.services",
    "reports.subsidy_list",
    "reports.tasks",
    "reports.templatetags",
    "reports.unknown",
    "reports.urls",
    "reports.views",
    "reports.work",
}
# The ground floor's models (school years, the organisation) are every app's to read.
GROUND = "bos"
# The one other app's selectors module a later stage may import, and why: the whole
# report the goals are measured against is None when the facts find no policy.
SELECTORS_ALLOWED = {("reports.document", "facilitation.selectors")}


def _within(module: str, names: set[str]) -> bool:
    # The package `reports` itself (its empty __init__) holds no module below it.
    return any(
        module == name or (name != "reports" and module.startswith(name + ".")) for name in names
    )


def _stage_of(module: str) -> int | None:
    for index, (_name, modules) in enumerate(STAGES):
        if _within(module, modules):
            return index
    return None


def _is_report_module(name: str) -> bool:
    return name == "reports" or name.startswith("reports.")


def _report_modules() -> dict[str, set[str]]:
    """Each module of the report with the project modules it imports."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        if not _is_report_module(name):
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # A name is a module (`from . import facts`) or a thing in the module `base`.
                names = [f"{base}.{alias.name}" for alias in node.names]
            for imported in names:
                resolved = _resolve(imported, modules)
                if resolved and resolved != name:
                    targets.add(resolved)
        graph[name] = targets
    return graph


def _all_report_modules() -> set[str]:
    return {name for name in _modules() if _is_report_module(name)}


def test_every_report_module_has_its_place():
    places = [modules for _name, modules in STAGES] + [SHARED, OUTER]
    unplaced = {
        module
        for module in _all_report_modules()
        if not any(_within(module, names) for names in places)
    }
    assert unplaced == set(), "name the stage of each new module in this test"


def test_no_stage_imports_a_later_stage_or_the_outer_modules():
    climbs = set()
    for module, targets in _report_modules().items():
        stage = _stage_of(module)
        if stage is None:
            continue
        for target in targets:
            if _within(target, OUTER):
                climbs.add((module, target))
            target_stage = _stage_of(target)
            if target_stage is not None and target_stage > stage:
                climbs.add((module, target))
    assert climbs == set()


def test_the_shared_modules_import_no_stage():
    climbs = {
        (module, target)
        for module, targets in _report_modules().items()
        if _within(module, SHARED)
        for target in targets
        if _stage_of(target) is not None or _within(target, OUTER)
    }
    assert climbs == set()


def _app(module: str) -> str:
    return module.split(".")[0]


def test_the_report_imports_no_other_apps_models():
    found = {
        (module, target)
        for module, targets in _report_modules().items()
        for target in targets
        if _app(target) not in ("reports", GROUND)
        and any(part.startswith("models") for part in target.split(".")[1:])
    }
    assert found == set()


def test_only_the_facts_call_other_apps_selectors():
    found = {
        (module, target)
        for module, targets in _report_modules().items()
        if _stage_of(module) is not None and _stage_of(module) > 0
        for target in targets
        if _app(target) not in ("reports", GROUND) and target.split(".")[-1] == "selectors"
    }
    assert found == SELECTORS_ALLOWED


def test_the_stages_follow_each_other():
    """A reader follows a year from the facts to the renderers: each stage uses the one
    before it."""
    graph = _report_modules()
    assert "reports.facts" in graph["reports.figures"]
    assert "reports.figures" in graph["reports.document"]
    assert "reports.facts" in graph["reports.document"]
    assert "reports.document" in graph["reports.renderers.pdf"]
    assert "reports.document" in graph["reports.selectors"]
