"""A child's full record for a guardian's access request; retention."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from core.audit.tables import AuditEvent
from core.people.tables import Child, Enrolment, Guardian
from core.retention import apply_retention
from tests.conftest import BASE_URL, TEST_PLUGINS, make_app
from tests.core.people.conftest import make_child
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


async def test_the_full_record_is_exported_as_json_and_a_printable_page(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        await client.get(f"/children/{school['mia']}")
        exported = await client.get(f"/children/{school['mia']}/export.json")
        printable = await client.get(f"/children/{school['mia']}/export")
        outside = await client.get(f"/children/{school['elva_child']}/export.json")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment;")
    data = json.loads(exported.content)
    assert data["child"]["isikukood"] == "61903040012"
    assert [g["given_name"] for g in data["guardians"]] == ["Anu"]
    assert data["enrolments"][0]["unit_name"] == "1.a"
    assert any(row["action"] == "child.viewed" for row in data["access_log"])
    assert printable.status_code == 200
    assert "Anu Õunapuu" in printable.text
    assert outside.status_code == 404
    rows = await AuditEvent.select(AuditEvent.action, AuditEvent.outcome).where(
        AuditEvent.action == "child.exported"
    )
    assert sorted(r["outcome"] for r in rows) == ["allowed", "allowed", "denied"]


async def test_records_merged_into_the_child_are_in_the_export(coordinator_client, school):
    client = coordinator_client
    twin = await make_child("Miia", "Õunapuu", date(2019, 3, 4), school["tartu_school"])
    assert (await client.get(f"/children/{twin}")).status_code == 200
    merged = await post(client, f"/children/{twin}/merge", {"into": school["mia"]})
    assert merged.status_code == 303
    data = json.loads((await client.get(f"/children/{school['mia']}/export.json")).content)
    assert [row["given_name"] for row in data["merged_records"]] == ["Miia"]
    assert ("merged_into", str(school["mia"])) in {
        (row["field"], row["new_value"]) for row in data["corrections"]
    }
    views = {row["object_id"] for row in data["access_log"] if row["action"] == "child.viewed"}
    assert str(twin) in views  # a look at the duplicate was a look at this child
    page = (await client.get(f"/children/{school['mia']}/export")).text
    assert "Varasemad kirjed" in page
    assert "Miia" in page


async def test_a_teacher_without_the_export_permission_gets_403(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "teacher.1a")
        assert (await client.get(f"/children/{school['mia']}/export.json")).status_code == 403


async def test_retention_removes_children_who_left_long_ago(settings, school):
    long_ago = datetime.now(UTC) - timedelta(days=6 * 366)
    await Child.update({Child.created_at: long_ago}, force=True)
    await Enrolment.update({Enrolment.ends_on: date.today() - timedelta(days=6 * 366)}).where(
        Enrolment.child == school["left"]
    )
    dry = await apply_retention(settings, apply=False)
    assert dry.children == 1
    assert await Child.exists().where(Child.id == school["left"])
    done = await apply_retention(settings, apply=True)
    assert done.children == 1
    assert not await Child.exists().where(Child.id == school["left"])
    assert await Child.exists().where(Child.id == school["mia"])
    assert await Guardian.count() == 1  # the siblings' mother stays


async def test_retention_removes_guardians_left_without_children(settings, school):
    await Child.update({Child.created_at: datetime.now(UTC) - timedelta(days=6 * 366)}, force=True)
    await Enrolment.update({Enrolment.ends_on: date.today() - timedelta(days=6 * 366)}).where(
        Enrolment.child.is_in([school["mia"], school["mart"]])
    )
    report = await apply_retention(settings, apply=True)
    assert (report.children, report.guardians) == (2, 1)
    assert await Guardian.count() == 0


def test_the_retention_command_needs_a_mode(migrated_database_url):
    from tests.helpers import run_heaolu

    env = {"HEAOLU_DATABASE_URL": migrated_database_url}
    assert run_heaolu("retention", env=env).returncode != 0
    dry = run_heaolu("retention", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("would remove (")
    assert "  children: 0\n" in dry.stdout
