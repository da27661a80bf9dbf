"""Layers point one way: core <- config <- net/repo <- checks <- report <- gate <- commands <- cli.

A module may import its own layer and the layers below it, never one above. Imports inside
``if TYPE_CHECKING:`` are for type hints only (never run) and are allowed, so that a core type
can name the config it carries.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "launchgate"

# Lower number = lower layer. A module's layer is that of its first package name.
LAYERS = {
    "__init__": 0,
    "core": 1,
    "config": 2,
    "net": 3,
    "repo": 3,
    "sandbox": 3,
    "checks": 4,
    "report": 5,
    "gate": 6,
    "demo": 7,
    "commands": 7,
    "monitor": 6,
    "discover": 6,
    "cli": 8,
    "__main__": 9,
}


def layer_of(module: str) -> int:
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head not in LAYERS:
        raise AssertionError(
            f"{module}: package {head!r} has no layer in tests/core/test_layers.py"
        )
    return LAYERS[head]


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def runtime_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every ``launchgate`` module imported outside ``if TYPE_CHECKING:``, with its line."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if _type_checking_block(node):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "launchgate":
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name) for a in node.names if a.name.startswith("launchgate")
            )
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports(path: Path) -> list[str]:
    module = module_name(path)
    mine = layer_of(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}"
        for line, target in runtime_imports(tree)
        if target != "launchgate" and layer_of(target) > mine
    ]


def test_no_module_imports_a_higher_layer() -> None:
    problems = [p for path in sorted(PACKAGE.rglob("*.py")) for p in upward_imports(path)]
    assert problems == []


def test_the_check_fails_on_an_upward_import(tmp_path: Path) -> None:
    bad = "from launchgate.checks.registry import FAMILIES\n"
    tree = ast.parse(bad)
    assert runtime_imports(tree) == [(1, "launchgate.checks.registry")]
    assert layer_of("launchgate.checks.registry") > layer_of("launchgate.core.runner")
    hinted = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    " + bad
    assert runtime_imports(ast.parse(hinted)) == []


def test_no_import_order_workaround_remains() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith(("import ", "from ")) and "noqa" in line
    ]
    assert offenders == []


@pytest.mark.parametrize("area", ["env", "secrets", "dns", "email", "tls", "http", "performance"])
def test_each_area_is_one_package_with_rules_and_plan(area: str) -> None:
    from launchgate.checks.registry import FAMILIES

    family = FAMILIES[area]
    assert (PACKAGE / "checks" / area / "__init__.py").is_file()
    assert family.RULES and all(rule.area == area for rule in family.RULES)
    assert callable(family.plan)
