"""The plugin guide documents every hook, with a runnable example, and every hook has a test."""

import inspect
import re
import types
from pathlib import Path

import pluggy
import pytest

from core import hookspecs

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("heaolu_"))


def signature(name: str) -> str:
    parameters = inspect.signature(getattr(hookspecs, name)).parameters
    return f"{name}({', '.join(parameters)})"


def section(name: str) -> str:
    start = GUIDE.index(f"### {signature(name)}\n")
    end = GUIDE.find("\n### ", start + 1)
    return GUIDE[start : end if end != -1 else len(GUIDE)]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section_headed_by_its_signature(hook):
    assert f"### {signature(hook)}\n" in GUIDE


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hooks_example_runs_and_implements_that_hook(hook):
    blocks = re.findall(r"```python\n(.*?)```", section(hook), re.DOTALL)
    assert blocks, f"the section of {hook} has no example"
    module = types.ModuleType(f"example_{hook}")
    exec(compile(blocks[0], f"docs/plugins.md ({hook})", "exec"), module.__dict__)
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(module)
    manager.check_pending()
    assert hook in {caller.name for caller in manager.get_hookcallers(module)}


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_named_after_it(hook):
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    assert re.search(rf"def test_{hook}\w*\(", sources), f"no test named test_{hook}..."


def test_every_test_the_security_page_cites_exists():
    page = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page))
    assert len(cited) > 50
    for path, name in cited:
        assert re.search(rf"def {name}\(", (ROOT / path).read_text()), f"{path}::{name}"
