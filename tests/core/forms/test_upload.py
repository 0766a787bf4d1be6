"""Administrators upload forms as JSON: a preview or the problems, publishing as a new form or a
new version, per-municipality enablement, and the key rules."""

from __future__ import annotations

import json

import pytest

from core.audit.tables import AuditEvent
from core.forms.enablement import enabled_forms, form_for
from core.forms.submissions import submissions_of_child
from core.forms.tables import FormVersion
from tests.core.forms.conftest import logged_in, submit_page
from tests.helpers import csrf_from, post, submission_key_from

pytestmark = pytest.mark.anyio

INTAKE = {
    "key": "local.intake",
    "title": {"et": "Vastuvõtt", "en": "Intake"},
    "fields": [
        {
            "key": "reason",
            "type": "long_text",
            "label": {"et": "Põhjus", "en": "Reason"},
            "required": True,
        },
        {"key": "seen", "type": "yes_no", "label": {"et": "Kohtutud?", "en": "Met?"}},
    ],
}


async def upload(client, schema, name="intake.json"):
    page = await client.get("/admin/forms/upload")
    content = schema if isinstance(schema, bytes) else json.dumps(schema).encode()
    return await client.post(
        "/admin/forms/upload",
        data={"_csrf_token": csrf_from(page.text)},
        files={"schema_file": (name, content, "application/json")},
    )


async def publish(client, preview_html):
    """Press "Publish" on a preview page."""
    import html as html_module
    import re

    schema = re.search(r'<textarea name="schema" hidden>(.*?)</textarea>', preview_html, re.S)
    version = re.search(r'name="version" value="(\d+)"', preview_html)
    return await client.post(
        "/admin/forms/publish",
        data={
            "_csrf_token": csrf_from(preview_html),
            "_submission_key": submission_key_from(preview_html),
            "schema": html_module.unescape(schema.group(1)),
            "version": version.group(1),
        },
    )


async def upload_and_publish(client, schema):
    preview = await upload(client, schema)
    assert preview.status_code == 200, preview.text
    return await publish(client, preview.text)


async def test_a_bad_file_shows_its_problems_and_nothing_is_stored(settings, school):
    bad = {**INTAKE, "fields": [{"key": "reason", "type": "essay", "label": {"et": "Põhjus"}}]}
    async with logged_in(settings, "tartu.admin") as admin:
        response = await upload(admin, bad)
        broken = await upload(admin, b'{"key": "local.x",,}')
    assert response.status_code == 400
    assert "Faili ei saa kasutada" in response.text
    assert "<code>fields[0] (reason).type</code>: Tundmatu väljatüüp" in response.text
    assert "Avalda versioon" not in response.text
    assert broken.status_code == 400
    assert "<code>rida 1, veerg 19</code>: See ei ole korrektne JSON" in broken.text
    assert not await FormVersion.exists().where(FormVersion.source == "upload")
    failed = await AuditEvent.select(AuditEvent.outcome).where(AuditEvent.action == "form.uploaded")
    assert failed == [{"outcome": "failed"}] * 2


async def test_a_preview_shows_the_form_as_users_will_see_it(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        response = await upload(admin, INTAKE)
    assert response.status_code == 200
    assert "See on uus vorm local.intake, versioon 1." in response.text
    assert '<textarea id="f-reason" name="f.reason" rows="4" aria-required="true">' in response.text
    assert 'name="f.seen" value="yes"' in response.text
    assert "Avalda versioon 1" in response.text
    assert not await FormVersion.exists().where(FormVersion.key == "local.intake")


async def test_an_uploaded_form_starts_off_and_is_used_once_switched_on(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        published = await upload_and_publish(admin, INTAKE)
        assert published.status_code == 303
        assert published.headers["location"] == "/admin/forms/local.intake"
        [row] = await FormVersion.select(FormVersion.version, FormVersion.owner).where(
            FormVersion.key == "local.intake"
        )
        assert row == {"version": 1, "owner": school["tartu"]}
        plugins = admin.app.state.plugins
        assert await form_for(plugins, "local.intake", school["tartu"]) is None
        async with logged_in(settings, "kati") as kati:
            path = f"/forms/children/{school['mia']}/new/local.intake"
            assert (await kati.get(path)).status_code == 404
            listing = await admin.get("/admin/plugins")
            assert '<a href="/admin/forms/local.intake">Vastuvõtt</a></td>' in listing.text
            switched = await post(
                admin,
                "/admin/forms/local.intake",
                {"municipality": school["tartu"], "enabled": "1"},
            )
            assert switched.status_code == 303
            assert (await kati.get(path)).status_code == 200
            assert (await submit_page(kati, path, {"f.reason": "Mure"})).status_code == 303
        # Elva never sees Tartu's form.
        assert "local.intake" not in await enabled_forms(plugins, school["elva"])
    actions = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.object_id)
        .where(AuditEvent.action.is_in(["form.uploaded", "form.published", "form.enabled"]))
        .order_by(AuditEvent.id)
    )
    assert actions == [
        {"action": "form.uploaded", "object_id": "local.intake"},
        {"action": "form.published", "object_id": "local.intake@1"},
        {"action": "form.enabled", "object_id": f"local.intake@{school['tartu']}"},
    ]


async def test_an_uploaded_version_is_used_for_new_submissions_only(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        await upload_and_publish(admin, INTAKE)
        await post(
            admin, "/admin/forms/local.intake", {"municipality": school["tartu"], "enabled": "1"}
        )
        async with logged_in(settings, "kati") as kati:
            path = f"/forms/children/{school['mia']}/new/local.intake"
            await submit_page(kati, path, {"f.reason": "Esimene", "f.seen": "no"})
            changed = {**INTAKE, "title": {"et": "Vastuvõtt 2"}}
            changed["fields"] = [
                *INTAKE["fields"],
                {"key": "plan", "type": "text", "label": {"et": "Plaan"}},
            ]
            preview = await upload(admin, changed)
            assert "See on vormi local.intake versioon 2" in preview.text
            assert (await publish(admin, preview.text)).status_code == 303
            await submit_page(kati, path, {"f.reason": "Teine", "f.plan": "Kohtuda"})
            first, second = await submissions_of_child(school["mia"])
            assert (first.form_version, second.form_version) == (1, 2)
            assert second.values == {"reason": "Teine", "seen": None, "plan": "Kohtuda"}
            old = (await kati.get(f"/forms/submissions/{first.id}")).text
            assert "<h1>Vastuvõtt</h1>" in old and "Plaan" not in old
            new = (await kati.get(f"/forms/submissions/{second.id}")).text
            assert "<h1>Vastuvõtt 2</h1>" in new and "Kohtuda" in new
        versions = await admin.get("/admin/forms/local.intake?version=1")
    assert versions.status_code == 200
    assert (
        "2 (kehtiv)" in versions.text
        and '<h2 id="preview-heading">Versioon 1</h2>' in versions.text
    )


async def test_keys_outside_local_and_other_municipalities_forms_are_refused(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        await upload_and_publish(admin, INTAKE)
        code_key = await upload(admin, {**INTAKE, "key": "notes.feedback"})
    assert code_key.status_code == 400
    assert "Üles laaditud vormi võti algab local." in code_key.text
    async with logged_in(settings, "elva.admin") as elva:
        theirs = await upload(elva, INTAKE)
        assert theirs.status_code == 400
        assert "Selle võtmega vorm kuulub teisele omavalitsusele" in theirs.text
        assert (await elva.get("/admin/forms/local.intake")).status_code == 404
        toggled = await post(elva, "/admin/forms/local.intake", {"enabled": "1"})
        assert toggled.status_code == 404
    assert await FormVersion.count().where(FormVersion.key == "local.intake") == 1


async def test_a_system_administrators_upload_is_offered_to_every_municipality(settings, school):
    async with logged_in(settings, "sysadmin") as admin:
        assert (await upload_and_publish(admin, INTAKE)).status_code == 303
    async with logged_in(settings, "elva.admin") as elva:
        page = await elva.get("/admin/plugins")
        assert "üles laaditud maakonnale" in page.text
        assert (await post(elva, "/admin/forms/local.intake", {"enabled": "1"})).status_code == 303
        assert "local.intake" in await enabled_forms(elva.app.state.plugins, school["elva"])
        assert "local.intake" not in await enabled_forms(elva.app.state.plugins, school["tartu"])
        # A municipality cannot publish new versions of a county form.
        assert (await upload(elva, INTAKE)).status_code == 400


async def test_uploading_is_for_administrators_only(settings, school):
    async with logged_in(settings, "kati") as kati:
        assert (await kati.get("/admin/forms/upload")).status_code == 403


async def test_cores_noticing_sheet_cannot_be_switched_off(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        page = await admin.get("/admin/plugins")
        row = page.text.split('href="/admin/forms/core.noticing">')[1].split("</tr>")[0]
        assert "<td>Põhiosa</td>" in row  # the plugin that ships it, by its label
        assert "Lülita välja" not in row
        response = await post(admin, "/admin/forms/core.noticing", {"enabled": "0"})
        assert response.status_code == 404
        assert "core.noticing" in await enabled_forms(admin.app.state.plugins, school["tartu"])


async def test_publishing_a_stale_preview_is_refused(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        # Two previews of one version (two tabs, or two administrators): the second is stale
        # once the first is published. (One preview sent twice is a repeat, answered as before.)
        preview, stale = await upload(admin, INTAKE), await upload(admin, INTAKE)
        assert (await publish(admin, preview.text)).status_code == 303
        repeat = await publish(admin, preview.text)
        again = await publish(admin, stale.text)
    assert repeat.status_code == 303
    assert again.status_code == 409
    assert "Keegi avaldas selle vormi versiooni just praegu" in again.text
    assert await FormVersion.count().where(FormVersion.key == "local.intake") == 1
