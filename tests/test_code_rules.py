"""Rules of the code a maintainer relies on: a module's private names stay its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ishiba_cli"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute name an ``ImportFrom`` reads from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}  # public, despite the underscore


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name not in NAMEDTUPLE_API


def private_uses(source: str, module: str, is_package: bool = False) -> list[str]:
    """Where ``source`` (the text of ``module``) reaches into another of our modules' private
    names: ``from .other import _name`` or ``other._name`` on a module it imported."""
    found: list[str] = []
    ours: set[str] = set()  # local names bound to our own modules
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            origin = _resolve(module, node, is_package)
            if not origin.startswith("ishiba_cli"):
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {origin} import {alias.name}")
                else:
                    ours.add(alias.asname or alias.name)  # may be a module or a name; both count
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ishiba_cli"):
                    ours.add(alias.asname or alias.name.split(".")[0])
    found += [
        f"line {node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        and node.value.id in ours and _private(node.attr)
    ]  # fmt: skip
    return found


def test_the_rule_sees_both_ways_of_reaching_in():
    source = "from . import query\nfrom .search import _is_cjk, fold\nquery._CRITERIA\nfold._x\nself._ok\n"
    assert private_uses(source, "ishiba_cli.render") == [
        "line 2: from ishiba_cli.search import _is_cjk",
        "line 3: query._CRITERIA",
        "line 4: fold._x",
    ]
    assert private_uses("import re\nre._pattern_type\nfrom typer import _x\n", "ishiba_cli.x") == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_reaches_into_anothers_private_names(path):
    uses = private_uses(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")
    assert uses == [], f"{path.relative_to(PACKAGE)} uses private names of other modules: {uses}"
