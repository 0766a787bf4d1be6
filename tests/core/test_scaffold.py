"""`heaolu plugin new`: the package it makes installs, loads, starts disabled, serves its page
where it is enabled only, and passes its own tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from core.plugins import RESERVED_NAMES
from core.scaffold import ScaffoldError, check_name, scaffold, taken_names
from tests.conftest import run_async
from tests.helpers import ROOT, run_heaolu

NAME = "garden"
PAGES = "/admin/plugins"
# The demo's case in Tartu.
CASE = 1


@pytest.fixture
def rebound(settings):
    """Put back, after the test, what building another site in this process rebinds: the
    tables, Piccolo's migration table and the raw steps of hand-written migrations."""
    yield
    from piccolo.apps.migrations.tables import Migration

    from core import db
    from core.migration_helpers import bind_raw_steps

    engine = db.engine_for(settings)
    Migration._meta.db = engine
    bind_raw_steps(engine)


def follow_the_tutorial(package: Path) -> None:
    """Add to the package what the guide's tutorial adds after `heaolu plugin new`: a form of
    core's form engine and a case panel (steps 4 and 5), taken from docs/plugins.md."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    tutorial = guide[guide.index("# Tutorial") : guide.index("\n# Reference\n")]
    code = re.findall(r"```python\n(.*?)```", tutorial, re.DOTALL)
    hooks = package / f"heaolu_{NAME}" / "hooks.py"
    hooks.write_text("\n\n".join([hooks.read_text(), *code]))
    panel = re.search(r"```\n(<p><a href=.*?)```", tutorial, re.DOTALL)
    assert panel is not None
    template = package / f"heaolu_{NAME}" / "templates" / NAME / "_case_panel.html"
    template.write_text(panel.group(1))


def test_a_new_plugin_installs_starts_disabled_and_passes_its_own_tests(
    tmp_path, monkeypatch, clean_database, rebound, demo_database_url
):
    """Takes about 15 seconds, all of it real work: pip builds and installs the package (in an
    isolated build: this environment's setuptools cannot build a wheel without it), `heaolu`
    starts twice in a subprocess, the demo database gets the plugin's migration, and the
    plugin's own tests run in their own pytest."""
    made = run_heaolu("plugin", "new", NAME, "--directory", str(tmp_path))
    assert made.returncode == 0, made.stderr
    package = tmp_path / f"heaolu-{NAME}"
    follow_the_tutorial(package)
    site_packages = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    installed = subprocess.run(
        [*pip, "--target", str(site_packages), str(package)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr

    listed = run_heaolu("plugins", path=site_packages)
    assert listed.returncode == 0, listed.stderr
    assert f"{NAME} 0.1.0 (third-party, heaolu_{NAME}.hooks)" in listed.stdout

    monkeypatch.syspath_prepend(str(site_packages))
    run_async(lambda: _disabled_until_enabled_and_there_only(demo_database_url))

    # The plugin's own run, as its developer runs it: none of this suite's database or options.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"HEAOLU_DATABASE_URL", "PYTEST_ADDOPTS"}
    }
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(site_packages)])
    own_tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=package,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    assert "3 passed" in own_tests.stdout


async def _disabled_until_enabled_and_there_only(database_url: str) -> None:
    """On the demo's county: the administrators' page shows the plugin off; once Tartu's
    administrator turns it on, its page, its form and its case panel are there in Tartu only."""
    from core.plugin_testing import TestSite, post

    site = await TestSite.start(database_url)
    await site.add_user("gardener", f"{NAME}_worker", "Tartu linn")
    await site.add_user("neighbour", f"{NAME}_worker", "Elva vald")
    tartu = await site.municipality("Tartu linn")
    async with site.client("tartu.admin") as admin:
        plugins_page = (await admin.get(PAGES)).text
        row = re.search(rf"<tr><td>{NAME.capitalize()}.*?</tr>", plugins_page, re.S)
        assert row is not None and "väljas" in row.group(0)
        turned_on = await post(
            admin, f"/admin/plugins/{NAME}", {"municipality": str(tartu), "enabled": "1"}, PAGES
        )
        assert turned_on.status_code == 303
    async with site.client("gardener") as gardener:
        assert (await gardener.get(f"/{NAME}/")).status_code == 200
    async with site.client("neighbour") as neighbour:
        assert (await neighbour.get(f"/{NAME}/")).status_code == 404
    form = f"/forms/cases/{CASE}/new/{NAME}.visit"
    async with site.client("tartu.casemanager") as case_manager:
        case_page = (await case_manager.get(f"/cases/{CASE}")).text
        assert f'<a href="{form}">' in case_page
        assert "Aiakülastus" in (await case_manager.get(form)).text


def test_the_package_imports_nothing_of_core_but_its_api(tmp_path):
    package = scaffold(NAME, tmp_path, taken=set())
    imports = {
        match.group(1)
        for path in package.rglob("*.py")
        for match in re.finditer(r"^\s*(?:from|import) (core[\w.]*)", path.read_text(), re.M)
    }
    assert imports == {"core.api"}
    migrations = list((package / f"heaolu_{NAME}" / "piccolo_migrations").glob(f"{NAME}_*.py"))
    assert len(migrations) == 1


@pytest.mark.parametrize(
    "name", ["Garden", "1garden", "garden-path", "g", "class", "garden_", "x" * 31, "gärden"]
)
def test_a_name_must_be_a_lowercase_python_name(name):
    with pytest.raises(ScaffoldError, match="cannot name a plugin"):
        check_name(name, taken=set())


def test_a_name_may_not_be_taken():
    taken = taken_names(["notes"])
    assert RESERVED_NAMES | {"municipality", "notes"} <= taken
    for name in ("municipality", "notes", "admin"):
        with pytest.raises(ScaffoldError, match="is taken"):
            check_name(name, taken)


def test_the_command_refuses_a_taken_name_and_an_existing_folder(tmp_path: Path):
    refused = run_heaolu("plugin", "new", "municipality", "--directory", str(tmp_path))
    assert refused.returncode != 0
    assert "'municipality' is taken" in refused.stderr
    scaffold(NAME, tmp_path, taken=set())
    again = run_heaolu("plugin", "new", NAME, "--directory", str(tmp_path))
    assert again.returncode != 0
    assert "exists already" in again.stderr


def test_the_tutorials_examples_implement_real_hooks_and_a_valid_form():
    import pluggy

    from core import hookspecs
    from core.forms.schema import schema_problems

    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    tutorial = guide[guide.index("# Tutorial") : guide.index("\n# Reference\n")]
    blocks = re.findall(r"```python\n(.*?)```", tutorial, re.DOTALL)
    assert len(blocks) == 2
    for number, block in enumerate(blocks):
        module = types.ModuleType(f"tutorial_{number}")
        exec(compile(block, f"docs/plugins.md (tutorial {number})", "exec"), module.__dict__)
        manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        manager.add_hookspecs(hookspecs)
        manager.register(module)
        manager.check_pending()
        assert manager.get_hookcallers(module)
        for form in getattr(module, "heaolu_forms", list)():
            assert schema_problems(form) == []


def test_the_packages_estonian_texts_follow_the_glossary(tmp_path):
    from tests.test_glossary import estonian_texts, pattern, retired_terms

    package = scaffold(NAME, tmp_path, taken=set())
    catalogue = package / f"heaolu_{NAME}" / "locale" / "et" / "LC_MESSAGES" / "messages.po"
    texts = estonian_texts(catalogue)
    assert len(texts) >= 10
    retired = [(term, pattern(term)) for term in retired_terms()]
    assert [(msgid, term) for msgid, text in texts for term, p in retired if p.search(text)] == []
