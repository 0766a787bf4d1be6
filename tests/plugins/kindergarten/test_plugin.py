"""The plugin as a whole: turned off for one municipality it is gone there only, and a child's
export and merge carry its rows."""

import pytest

from plugins.kindergarten.tables import CardShare
from tests.helpers import plugin_off, post, sign_in
from tests.plugins.kindergarten.conftest import switch

pytestmark = pytest.mark.anyio


async def test_turned_off_in_tartu_its_pages_and_forms_are_gone_there_only(kg_client, garden):
    await sign_in(kg_client, "tartu.admin")
    confirm_page = f"/admin/plugins/kindergarten/off?municipality={garden['tartu']}"
    page = await kg_client.get(confirm_page)
    assert "Lasteaia tasand: tugi kolmes etapis" in page.text
    off = await post(
        kg_client, "/admin/plugins/kindergarten", plugin_off(garden["tartu"]), confirm_page
    )
    assert off.status_code == 303

    await switch(kg_client, "kg.coordinator")
    assert (await kg_client.get("/kindergarten/groups")).status_code == 404
    assert (await kg_client.get("/kindergarten/school")).status_code == 404
    assert "/kindergarten/groups" not in (await kg_client.get("/")).text
    form = f"/forms/children/{garden['mia']}/new/kindergarten.readiness_card"
    assert (await kg_client.get(form)).status_code == 404
    await switch(kg_client, "elva.kg.coordinator")
    assert (await kg_client.get("/kindergarten/groups")).status_code == 200


async def share(garden):
    from core.forms.tables import FormSubmission

    [submission] = await FormSubmission.insert(
        FormSubmission(
            form_key="kindergarten.readiness_card",
            form_version=1,
            child=garden["mia"],
            data={"play": "Näidis."},
            author=garden["kg.coordinator"],
            author_organisation=garden["garden"],
        )
    ).returning(FormSubmission.id)
    await CardShare.insert(
        CardShare(
            submission=submission["id"],
            child=garden["mia"],
            from_organisation=garden["garden"],
            to_organisation=garden["school"],
            receiver=garden["school.coordinator"],
            shared_by=garden["kg.coordinator"],
        )
    )


async def at_the_municipality(garden, child):
    """A case of the child at stage III with Tartu's case manager, who then sees the child."""
    from core.cases.tables import Case

    await Case.insert(
        Case(
            child=garden[child],
            owner_organisation=garden["garden"],
            municipality=garden["tartu"],
            workflow="kindergarten.support",
            stage="III",
            level="municipality",
            responsible=garden["tartu.casemanager"],
        )
    )


async def test_heaolu_child_export_lists_where_the_card_went(kg_client, garden):
    await share(garden)
    await at_the_municipality(garden, "mia")
    await sign_in(kg_client, "tartu.casemanager")
    exported = await kg_client.get(f"/children/{garden['mia']}/export.json")
    assert exported.status_code == 200, exported.text
    sections = {section["key"]: section["rows"] for section in exported.json()["plugins"]}
    [row] = sections["kindergarten.card_shares"]
    assert (row["kindergarten"], row["school"], row["receiver_name"]) == (
        "Annelinna Lasteaed",
        "Annelinna Kool",
        "Sirje Kool",
    )
    printable = await kg_client.get(f"/children/{garden['mia']}/export")
    assert "<h2>Edastatud koolivalmiduskaardid</h2>" in printable.text


async def test_heaolu_merge_children_moves_the_shares_to_the_surviving_record(kg_client, garden):
    await share(garden)
    for child in ("mia", "uku"):
        await at_the_municipality(garden, child)
    await sign_in(kg_client, "tartu.casemanager")
    merged = await post(
        kg_client, f"/children/{garden['mia']}/merge", {"into": str(garden["uku"])}, "/"
    )
    assert merged.status_code == 303, merged.text
    assert await CardShare.select(CardShare.child) == [{"child": garden["uku"]}]
