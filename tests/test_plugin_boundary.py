"""Plugins import core only through `core.api` (docs/plugins.md, "The core API"): every `.py`
under `plugins/` and under `examples/` (the third-party example packages, their tests
included), migrations included, is parsed and any other import of core is named by file and
line."""

from __future__ import annotations

import ast
from pathlib import Path

import core.api

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "core.api"


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "core":
                found.extend((node.lineno, f"core.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, node.module))
    return found


def boundary_violations(root: Path) -> list[str]:
    """`file:line imports module` for each import of core other than the API under ``root``."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        for line, module in _imported_modules(ast.parse(path.read_text(), str(path))):
            if (module == "core" or module.startswith("core.")) and module != PUBLIC:
                problems.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return problems


def test_every_plugin_imports_core_only_through_the_api():
    assert list((ROOT / "plugins").iterdir())
    assert boundary_violations(ROOT / "plugins") == []


def test_every_example_package_imports_core_only_through_the_api():
    packages = [path.parent for path in (ROOT / "examples").glob("*/pyproject.toml")]
    assert [package.name for package in packages] == ["signs_of_safety"]
    for package in packages:
        assert boundary_violations(package) == []
        assert list(package.rglob("*.py"))


def test_the_check_names_file_and_line_of_an_import_of_a_core_internal(tmp_path):
    plugin = tmp_path / "plugins" / "local"
    plugin.mkdir(parents=True)
    (plugin / "pages.py").write_text(
        "from core.api import page\nfrom core.cases.plan import owner_choices\n"
        "import core.people.tables\nfrom core import db\n"
    )
    found = [problem.split(" imports ") for problem in boundary_violations(tmp_path)]
    assert [(where.rsplit(":", 1)[1], module) for where, module in found] == [
        ("2", "core.cases.plan"),
        ("3", "core.people.tables"),
        ("4", "core.db"),
    ]


def test_the_api_exports_exactly_what_it_lists():
    assert len(core.api.__all__) == len(set(core.api.__all__))
    public = {name for name in vars(core.api) if not name.startswith("_")} - {"annotations"}
    # `testing` is imported on first use (a running site never loads the test client).
    assert public | {"testing"} == set(core.api.__all__)


def test_the_plugin_guide_lists_every_name_of_the_api():
    guide = (ROOT / "docs" / "plugins.md").read_text()
    section = guide.split("## The core API", 1)[1].split("\n## ", 1)[0]
    assert [name for name in core.api.__all__ if f"`{name}`" not in section] == []
