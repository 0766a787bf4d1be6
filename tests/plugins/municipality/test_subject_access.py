"""The plugin's rows in a child's subject-access export and on merging two records of a child
(`heaolu_child_export`, `heaolu_merge_children`)."""

from datetime import date

import pytest

from core.people.tables import Child
from plugins.municipality.casework.tables import RoundTable
from plugins.municipality.insight.tables import HomeChild, Outreach, RajaleidjaDecision
from tests.helpers import post
from tests.plugins.municipality.casework_fixtures import (
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    switch,
)
from tests.plugins.municipality.insight_fixtures import enrol
from tests.plugins.municipality.test_casework_round_tables import NEXT_WEEK, convened

pytestmark = pytest.mark.anyio


async def register_at_home(mari, child_id):
    [entry] = await HomeChild.insert(
        HomeChild(
            child=child_id,
            municipality=mari["tartu"],
            address_area="Annelinn",
            added_by=mari["tartu.casemanager"],
        )
    ).returning(HomeChild.id)
    await Outreach.insert(
        Outreach(
            entry=entry["id"],
            kind="family_doctor",
            done_on=date(2026, 11, 2),
            outcome="reached",
            by_whom="perearst",
            recorded_by=mari["tartu.casemanager"],
        )
    )


async def shared_decision(mari, child_id):
    """A Rajaleidja decision Tartu Kool shared with Tartu (the submission is not needed)."""
    await RajaleidjaDecision.insert(
        RajaleidjaDecision(
            submission=1,
            child=child_id,
            municipality=mari["tartu"],
            organisation=mari["tartu_school"],
            decided_on=date(2026, 11, 20),
            decision="Individuaalne õppekava.",
            support="individual_curriculum",
        )
    )


async def test_heaolu_child_export_gives_the_home_register_and_the_round_tables_minutes(
    municipality_client, mari
):
    client = municipality_client
    case_id, _table_id = await convened(client, mari)
    await RoundTable.update({RoundTable.minutes: "Arutati Mari õhtuid."}, force=True)
    await register_at_home(mari, mari["child"])
    await shared_decision(mari, mari["child"])

    exported = (await client.get(f"/children/{mari['child']}/export.json")).json()
    sections = {section["key"]: section["rows"] for section in exported["plugins"]}
    [entry] = sections["municipality.home_children"]
    assert (entry["municipality_name"], entry["address_area"]) == ("Tartu linn", "Annelinn")
    [round_table] = sections["municipality.round_tables"]
    assert (round_table["case"], round_table["minutes"]) == (case_id, "Arutati Mari õhtuid.")
    [outreach] = sections["municipality.outreach"]
    assert (outreach["kind"], outreach["kind_label"]) == (
        "family_doctor",
        "Kontakt perearsti kaudu",
    )
    [decision] = sections["municipality.rajaleidja"]
    assert (decision["decided_on"], decision["decision"]) == (
        "2026-11-20",
        "Individuaalne õppekava.",
    )

    printable = (await client.get(f"/children/{mari['child']}/export")).text
    assert "<h2>Kodused lapsed</h2>" in printable
    assert "Arutati Mari õhtuid." in printable and "Annelinn" in printable
    assert f"<td>{NEXT_WEEK}</td>" in printable  # dates as pp.kk.aaaa
    assert "<td>02.11.2026</td><td>Kontakt perearsti kaudu</td><td>Jõuti</td>" in printable

    # Elva's case manager may not see the case: no minutes, and no Tartu register row.
    await switch(client, "elva.casemanager")
    assert (await client.get(f"/children/{mari['child']}/export.json")).status_code == 404


async def test_heaolu_merge_children_moves_the_home_register_to_the_surviving_record(
    municipality_client, mari
):
    client = municipality_client
    await convened(client, mari)  # the case lets Tartu's case manager see Mari
    await register_at_home(mari, mari["child"])
    await shared_decision(mari, mari["child"])
    [twin] = await Child.insert(
        Child(
            given_name="Mari",
            family_name="Mets",
            search_name="mets mari",
            search_name_reversed="mari mets",
            date_of_birth=date(2016, 5, 5),
            registered_municipality=mari["tartu"],
            residence_municipality=mari["tartu"],
        )
    ).returning(Child.id)
    await enrol(twin["id"], mari["tartu_office"], date(2024, 1, 1))  # added by the office
    merged = await post(client, f"/children/{mari['child']}/merge", {"into": str(twin["id"])}, "/")
    assert merged.status_code == 303, merged.text
    assert await HomeChild.select(HomeChild.child) == [{"child": twin["id"]}]
    assert await RajaleidjaDecision.select(RajaleidjaDecision.child) == [{"child": twin["id"]}]
