"""The county's standardised documents: the county coordinator publishes form templates as
county-wide forms, a municipality's administrator adopts a published version, its users then
fill in that version, and the page shows who uses which version."""

import json
from datetime import date

import pytest

from core.audit.tables import AuditEvent
from core.forms.enablement import form_for
from core.forms.submissions import submissions_of_child
from core.forms.tables import FormVersion
from tests.core.forms.conftest import submit_page
from tests.core.people.conftest import make_child
from tests.helpers import csrf_from, new_submission_key, post, sign_in

pytestmark = pytest.mark.anyio

TEMPLATE = {
    "key": "local.county_intake",
    "title": {"et": "Maakonna vastuvõtuleht", "en": "County intake sheet"},
    "fields": [
        {"key": "reason", "type": "long_text", "label": {"et": "Põhjus", "en": "Reason"}},
    ],
}
SECOND = {
    **TEMPLATE,
    "fields": [
        *TEMPLATE["fields"],
        {"key": "agreed", "type": "yes_no", "label": {"et": "Kokku lepitud?", "en": "Agreed?"}},
    ],
}


async def publish(client, schema):
    page = await client.get("/county/documents")
    content = schema if isinstance(schema, bytes) else json.dumps(schema).encode()
    return await client.post(
        "/county/documents",
        data={"_csrf_token": csrf_from(page.text), "_submission_key": new_submission_key()},
        files={"schema_file": ("template.json", content, "application/json")},
    )


async def adopt(client, version):
    return await post(
        client,
        "/county/documents/adopt",
        {"key": TEMPLATE["key"], "version": str(version)},
        token_page="/county/documents",
    )


async def test_a_municipality_adopts_a_published_version_and_its_forms_use_it(
    county_client, county
):
    plugins = county_client.app.state.plugins
    await sign_in(county_client, "county.coordinator")
    assert (await publish(county_client, TEMPLATE)).status_code == 303
    assert (await publish(county_client, SECOND)).status_code == 303
    await sign_in(county_client, "tartu.admin")
    assert (await adopt(county_client, 1)).status_code == 303
    tartu_form = await form_for(plugins, TEMPLATE["key"], county["tartu"])
    assert tartu_form is not None
    assert (tartu_form.version, [f.key for f in tartu_form.fields]) == (1, ["reason"])
    assert await form_for(plugins, TEMPLATE["key"], county["elva"]) is None
    page = await county_client.get("/county/documents")
    assert "Maakonna vastuvõtuleht" in page.text
    assert "Versioon 2" in page.text
    assert "Tartu linn: versioon 1" in page.text
    assert "Elva vald" not in page.text

    assert (await adopt(county_client, 2)).status_code == 303
    tartu_form = await form_for(plugins, TEMPLATE["key"], county["tartu"])
    assert tartu_form is not None and tartu_form.version == 2
    await sign_in(county_client, "elva.admin")
    assert (await adopt(county_client, 1)).status_code == 303
    page = await county_client.get("/county/documents")
    assert "Tartu linn: versioon 2" in page.text
    assert "Elva vald: versioon 1" in page.text
    assert (await adopt(county_client, 9)).status_code == 400
    adopted = await AuditEvent.count().where(AuditEvent.action == "county.documents.adopted")
    assert adopted == 3


async def test_a_bad_template_gets_a_clear_message_and_nothing_is_stored(county_client, county):
    await sign_in(county_client, "county.coordinator")
    bad = {**TEMPLATE, "fields": [{"key": "reason", "type": "essay", "label": {"et": "Põhjus"}}]}
    response = await publish(county_client, bad)
    assert response.status_code == 400
    assert "Faili ei saa kasutada" in response.text
    assert "Tundmatu väljatüüp" in response.text
    unprefixed = await publish(county_client, {**TEMPLATE, "key": "intake"})
    assert unprefixed.status_code == 400
    assert "local." in unprefixed.text
    assert not await FormVersion.exists().where(FormVersion.source == "upload")


async def test_a_template_a_municipality_owns_cannot_be_published_by_the_county(
    county_client, county
):
    await FormVersion.insert(
        FormVersion(
            key=TEMPLATE["key"],
            version=1,
            schema=json.dumps(TEMPLATE),
            source="upload",
            owner=county["tartu"],
        )
    )
    await sign_in(county_client, "county.coordinator")
    response = await publish(county_client, TEMPLATE)
    assert response.status_code == 400
    assert await FormVersion.count().where(FormVersion.key == TEMPLATE["key"]) == 1


async def test_only_the_coordinator_publishes_and_only_administrators_adopt(county_client, county):
    await sign_in(county_client, "tartu.casemanager")
    assert (await publish(county_client, TEMPLATE)).status_code == 403
    assert (await adopt(county_client, 1)).status_code == 403
    await sign_in(county_client, "tartu.admin")
    assert (await publish(county_client, TEMPLATE)).status_code == 403
    assert not await FormVersion.exists().where(FormVersion.source == "upload")
    page = await county_client.get("/county/documents")
    assert page.status_code == 200
    assert 'action="/county/documents"' not in page.text


async def test_the_coordinator_and_administrators_have_the_page_in_their_menu(
    county_client, county
):
    for username, has in (
        ("county.coordinator", True),
        ("tartu.admin", True),
        ("tartu.casemanager", False),
    ):
        await sign_in(county_client, username)
        home = await county_client.get("/")
        assert ('href="/county/documents"' in home.text) is has, username


async def test_a_form_filled_in_the_adopting_municipality_is_saved_in_the_adopted_version(
    county_client, county
):
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_office"])
    await sign_in(county_client, "county.coordinator")
    await publish(county_client, TEMPLATE)
    await publish(county_client, SECOND)
    await sign_in(county_client, "tartu.admin")
    await adopt(county_client, 1)
    await sign_in(county_client, "tartu.cps")
    path = f"/forms/children/{child}/new/{TEMPLATE['key']}"
    shown = await county_client.get(path)
    assert "Põhjus" in shown.text
    assert "Kokku lepitud?" not in shown.text
    response = await submit_page(county_client, path, {"f.reason": "Koolist puudumine"})
    assert response.status_code == 303
    [saved] = await submissions_of_child(child)
    assert (saved.form_version, saved.values) == (1, {"reason": "Koolist puudumine"})
    page = await county_client.get(response.headers["location"])
    assert "Koolist puudumine" in page.text


async def test_the_plugins_and_forms_page_shows_the_version_the_municipality_adopted(
    county_client, county
):
    await sign_in(county_client, "county.coordinator")
    assert (await publish(county_client, TEMPLATE)).status_code == 303
    assert (await publish(county_client, SECOND)).status_code == 303
    await sign_in(county_client, "tartu.admin")
    before = await county_client.get("/admin/plugins")
    assert "Maakonna vastuvõtuleht" in before.text
    assert "siin kasutusel" not in before.text
    assert (await adopt(county_client, 1)).status_code == 303
    page = await county_client.get("/admin/plugins")
    assert page.status_code == 200
    assert "siin kasutusel: versioon 1" in page.text
    await sign_in(county_client, "elva.admin")
    assert "siin kasutusel" not in (await county_client.get("/admin/plugins")).text
