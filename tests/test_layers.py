"""The package's modules import one another one way: no module imports, even lazily inside a
function, a module that imports it back. A cycle is where a change in one layer breaks another
at import time; the architecture (docs/architecture.md) is a one-way flow."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` -> the package's modules it imports, anywhere in
    its file (a module's own parent packages left out: importing a submodule runs them anyway)."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the package, or one above it for each further dot
                    base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                candidates = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            found |= {c for c in candidates if c in files and c != name and not name.startswith(c + ".")}
        graph[name] = found
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of imports, as the modules along it (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other)):
                return found
        state[name] = 2
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_no_module_of_the_package_imports_one_that_imports_it_back():
    found = cycle(imports(ROOT / "src" / "ishiba_cli"))
    assert found is None, "an import cycle: " + " -> ".join(found or [])


def test_a_cycle_through_a_lazy_import_is_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cli" / "__init__.py").write_text("")
    (package / "cli" / "app.py").write_text("from .output import note\n")
    (package / "cli" / "output.py").write_text("def note():\n    from .app import state\n")
    (package / "load.py").write_text("from . import model\nimport pkg.cli.app\n")
    (package / "model.py").write_text("")
    graph = imports(package)
    assert graph["pkg.load"] == {"pkg.model", "pkg.cli.app"}
    assert cycle(graph) == ["pkg.cli.app", "pkg.cli.output", "pkg.cli.app"]
    (package / "cli" / "output.py").write_text("def note():\n    from .. import model\n")
    assert cycle(imports(package)) is None
