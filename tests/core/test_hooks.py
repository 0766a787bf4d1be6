"""Every hook, proven with the notes test plugin (tests/testplugins/notes)."""

import pytest

from core.plugins import build_plugins
from core.toolbox.instruments import INSTRUMENTS
from tests.conftest import NOTES
from tests.helpers import install_entry_point, plugin_off, post, run_heaolu, sign_in

pytestmark = pytest.mark.anyio


def notes_plugins(settings):
    from tests.conftest import loading

    return build_plugins(loading(settings, [NOTES]), [NOTES])


async def test_heaolu_piccolo_apps_tables_are_migrated_and_bound(reader_client):
    from tests.testplugins.notes.tables import Note

    response = await post(reader_client, "/notes/add", {"text": "first"})
    assert response.status_code == 303
    assert await Note.select(Note.text) == [{"text": "first"}]


def test_heaolu_piccolo_apps_registry_has_core_then_plugins(settings):
    names = [app.app_name for app in notes_plugins(settings).piccolo_apps]
    assert names == [
        "people",
        "core",
        "audit",
        "auth",
        "consent",
        "cases",
        "forms",
        "jobs",
        "notifications",
        "notes",
    ]


async def test_heaolu_routes_are_mounted_under_the_plugin_name(reader_client):
    notes_client = reader_client
    await post(notes_client, "/notes/add", {"text": "a note"})
    response = await notes_client.get("/notes/")
    assert response.status_code == 200
    assert "<li>a note</li>" in response.text
    assert (await notes_client.get("/add")).status_code == 404


def test_heaolu_template_dirs_are_searched(settings):
    plugins = notes_plugins(settings)
    assert any((d / "notes" / "list.html").exists() for d in plugins.template_dirs)


def test_heaolu_permissions_are_collected(settings):
    assert notes_plugins(settings).permissions["notes.view"].description == "See the notes"


def test_heaolu_roles_bundle_permissions_with_a_scope(settings):
    role = notes_plugins(settings).roles["notes_reader"]
    assert role.permissions == {"notes.view", "core.records.read"}
    assert role.scope == "organisation"


def test_heaolu_forms_are_collected_with_cores_noticing_sheet(settings):
    forms = notes_plugins(settings).forms
    assert forms["notes.feedback"].version == 1
    assert str(forms["notes.feedback"].title) == "Tagasiside"
    assert forms["notes.feedback"].title.text("en") == "Feedback"
    assert forms["core.noticing"].version == 2
    owners = notes_plugins(settings).form_owner
    assert owners == {
        "core.noticing": "core",
        "core.rajaleidja": "core",
        **{schema.key: "core" for schema in INSTRUMENTS},
        "notes.feedback": "notes",
    }


def test_heaolu_consent_purposes_are_collected_with_cores(settings):
    purposes = notes_plugins(settings).consent_purposes
    assert purposes["notes.research"].label == "Research on notes"
    assert purposes["notes.research"].text == "The notes are read for research on notes."
    assert purposes["core.cross_sector_case_work"].text.startswith("The child's kindergarten")
    assert purposes["core.cross_sector_case_work"].label == "Cross-sector case work"
    assert purposes["core.share_with_municipality"].label == "Sharing with another municipality"


async def test_heaolu_nav_items_appear_in_the_shell_in_order(reader_client):
    html = (await reader_client.get("/")).text
    assert '<a href="/notes/">Notes</a>' in html
    assert html.index('href="/"') < html.index('href="/notes/"')


async def test_heaolu_dashboard_panels_render_their_partials(reader_client):
    html = (await reader_client.get("/")).text
    assert "<h2" in html
    assert "Notes panel" in html
    assert '<p class="notes-panel">3 notes</p>' in html


def test_heaolu_cli_adds_commands(tmp_path):
    install_entry_point(tmp_path, "heaolu_notes", "notes", NOTES)
    result = run_heaolu("notes-hello", path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello from the notes plugin"


def test_heaolu_demo_data_runs_after_core_and_is_idempotent(settings, tmp_path, clean_database):
    install_entry_point(tmp_path, "heaolu_notes", "notes", NOTES)
    first = run_heaolu("demo", "--password", "pw-for-this-test", path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Demo accounts (password: pw-for-this-test):" in first.stdout
    assert "notes.demo" in first.stdout
    second = run_heaolu("demo", "--password", "pw-for-this-test", path=tmp_path)
    assert second.returncode == 0, second.stderr
    already = "The demo data is already in this database: it was kept as it is."
    assert second.stdout.startswith(already)
    assert first.stdout == second.stdout[second.stdout.index("\n") + 1 :]

    from core.cli import Runtime
    from tests.testplugins.notes.tables import Note

    notes = Runtime(settings, notes_plugins(settings)).run(lambda: Note.select(Note.text))
    assert notes == [{"text": "demo note (small, 8 municipalities)"}]


async def test_a_third_party_plugin_is_off_until_a_municipality_enables_it(
    settings, tmp_path, monkeypatch, people
):
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from tests.conftest import BASE_URL

    install_entry_point(tmp_path, "heaolu_outsider", "outsider", "tests.testplugins.outsider")
    monkeypatch.syspath_prepend(str(tmp_path))
    async with AsyncTestClient(create_app(settings), base_url=BASE_URL) as client:
        await sign_in(client, "tartu.cps")
        html = (await client.get("/")).text
    assert "Outsider" not in html


async def test_heaolu_plugin_in_use_refuses_turning_the_plugin_off(notes_client, people):
    from core.enablement import enabled_plugins
    from tests.testplugins.notes.tables import Note

    await sign_in(notes_client, "tartu.admin")
    await Note.insert(Note(text="still needed"))
    refused = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
    assert refused.status_code == 409
    assert "1 notes" in refused.text
    plugins = notes_client.app.state.plugins
    assert "notes" in await enabled_plugins(plugins, people["tartu"])
    await Note.delete(force=True)
    allowed = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
    assert allowed.status_code == 303
    assert "notes" not in await enabled_plugins(plugins, people["tartu"])


async def test_heaolu_plugin_description_names_the_plugin_and_what_turning_it_off_takes(
    notes_client, people
):
    from core.enablement import enabled_plugins

    plugins = notes_client.app.state.plugins
    await sign_in(notes_client, "tartu.admin")
    listing = (await notes_client.get("/admin/plugins")).text
    assert "<tr><td>Notes for testing" in listing and "<code>notes</code>" not in listing
    confirm_page = f"/admin/plugins/notes/off?municipality={people['tartu']}"
    assert f'href="{confirm_page}"' in listing

    page = await notes_client.get(confirm_page)
    assert page.status_code == 200
    assert "Notes for testing" in page.text
    assert "<li>Notes about children</li><li>The notes panel</li>" in page.text
    # Without the confirmation the post shows the same page and turns nothing off.
    unconfirmed = {"municipality": str(people["tartu"]), "enabled": "0"}
    asked = await post(notes_client, "/admin/plugins/notes", unconfirmed, confirm_page)
    assert asked.status_code == 200
    assert "<li>Notes about children</li>" in asked.text
    assert "notes" in await enabled_plugins(plugins, people["tartu"])
    done = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
    assert done.status_code == 303
    assert "notes" not in await enabled_plugins(plugins, people["tartu"])
    assert (await notes_client.get("/admin/plugins/nothing/off")).status_code == 404


async def test_heaolu_job_handlers_are_collected_and_run_by_kind(bound_plugins):
    from core.jobs import enqueue
    from core.jobs.runner import JobRunner
    from tests.testplugins.notes.tables import Note

    assert set(bound_plugins.job_handlers) == {"core.email", "core.case_deadlines", "notes.write"}
    await enqueue("notes.write", {"n": 5})
    report = await JobRunner(bound_plugins.job_handlers, {}).run_pass()
    assert report.done == 1
    [note] = await Note.select(Note.text)
    assert note["text"].startswith("job 5 by ")


def recorded(argument: str) -> set[str]:
    """What core's and the built-in plugins' code passes to ``record`` as a literal: the
    action (``"action"``) or the kind of object (``"object_type"``)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in [*root.glob("core/**/*.py"), *root.glob("plugins/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(
                getattr(node, "func", None), "attr", None
            )
            if not isinstance(node, ast.Call) or name != "record":
                continue
            if argument == "action" and len(node.args) > 1:
                values = [node.args[1]]
            else:
                values = [k.value for k in node.keywords if k.arg == argument]
            found |= {v.value for v in values if isinstance(v, ast.Constant)}
    return found


def test_heaolu_audit_actions_label_every_action_core_and_the_plugins_record(settings):
    from core.plugins import build_plugins

    builtins = build_plugins(settings).audit_actions
    labels = notes_plugins(settings).audit_actions
    assert labels["case.listed"] == "Cases listed"
    actions = recorded("action")
    assert {"login", "case.listed", "network.plan_changed"} <= actions
    assert not actions - labels.keys() - builtins.keys()


def test_heaolu_audit_object_types_label_every_kind_core_and_the_plugins_record(settings):
    from core.plugins import build_plugins

    builtins = build_plugins(settings).audit_object_types
    labels = notes_plugins(settings).audit_object_types
    assert labels["case"] == "Case"
    kinds = recorded("object_type")
    assert {"case", "child", "home_child"} <= kinds
    assert not kinds - labels.keys() - builtins.keys()


async def test_heaolu_periodic_jobs_enqueue_once_however_many_passes(bound_plugins):
    from datetime import datetime

    from core.i18n import TIME_ZONE
    from core.jobs.runner import JobRunner
    from core.jobs.tables import Job
    from tests.testplugins.notes.tables import Note

    assert list(bound_plugins.periodic_jobs) == ["core.case_deadlines", "notes.daily"]
    runners = [JobRunner(bound_plugins.job_handlers, bound_plugins.periodic_jobs) for _ in "ab"]
    for runner in runners * 2:
        await runner.run_pass()
    today = datetime.now(TIME_ZONE).date().isoformat()
    assert await Job.select(Job.kind, Job.dedupe_key, Job.status).where(
        Job.kind == "notes.write"
    ) == [{"kind": "notes.write", "dedupe_key": f"notes.daily:{today}", "status": "done"}]
    assert [row["text"].split(" by ")[0] for row in await Note.select(Note.text)] == [
        f"job {today}"
    ]


async def test_heaolu_municipality_settings_panels_show_on_the_settings_page(notes_client, people):
    from tests.testplugins.notes import CALLS

    await sign_in(notes_client, "tartu.admin")
    CALLS.clear()
    page = (await notes_client.get(f"/admin/plugins?municipality={people['tartu']}")).text
    assert "Notes settings</h2>" in page
    assert f'<p class="notes-panel">{people["tartu"]} notes</p>' in page
    assert CALLS.count("heaolu_municipality_settings") == 1


async def test_heaolu_municipality_settings_are_not_asked_of_a_disabled_plugin(
    notes_client, people
):
    from tests.testplugins.notes import CALLS

    await sign_in(notes_client, "tartu.admin")
    off = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
    assert off.status_code == 303
    CALLS.clear()
    page = (await notes_client.get(f"/admin/plugins?municipality={people['tartu']}")).text
    assert "Notes settings" not in page
    assert "heaolu_municipality_settings" not in CALLS
