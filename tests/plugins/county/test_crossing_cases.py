"""Cross-municipality cases: Tartu linn leads a case and names Elva vald; Elva's case manager
sees that the case exists and who leads it, and joins and reads its content only as far as a
guardian's consent allows; the lead moves to Elva by a handover Elva's case manager accepts; a
third municipality and the county coordinator see nothing."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case, CaseEntry, CaseParticipant, Handover
from core.consent.demo import add_demo_consent
from core.consent.recipients import Recipient
from core.people.folding import fold
from core.people.tables import Child, Guardian, GuardianLink, Municipality, Organisation
from plugins.county.crossing.tables import NamedMunicipality
from tests.core.people.conftest import make_child
from tests.helpers import make_user, post, sign_in
from tests.plugins.municipality.casework_fixtures import switch

pytestmark = pytest.mark.anyio

OFFICE_NOTE = "Juhtumikorraldaja kohtus emaga kodus."
SCHOOL_NOTE = "Kool märkas puudumisi."


async def open_tartu_case(client, county):
    """Mari Mets, registered in Tartu, with a case at Tartu's case management (Kaie Korraldaja
    responsible), a note of Tartu's office and one of Tartu Kool; her mother has custody."""
    from core.api import open_case

    child_id = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_school"])
    await Child.update(
        {
            Child.registered_municipality: county["tartu"],
            Child.residence_municipality: county["tartu"],
        }
    ).where(Child.id == child_id)
    [guardian] = await Guardian.insert(
        Guardian(given_name="Mai", family_name="Mets", email="mai@example.invalid")
    ).returning(Guardian.id)
    await GuardianLink(child=child_id, guardian=guardian["id"], relation="mother").save()
    plugins = client.app.state.plugins
    child = await Child.select().where(Child.id == child_id).first()
    case_id = await open_case(
        plugins,
        child=child,
        organisation_id=county["tartu_office"],
        workflow=plugins.workflows["municipality.case_management"],
        responsible=county["tartu.casemanager"],
        reason="Mure koolis käimise pärast.",
    )
    for body, author, organisation in (
        (OFFICE_NOTE, county["tartu.casemanager"], county["tartu_office"]),
        (SCHOOL_NOTE, county["tartu.casemanager"], county["tartu_school"]),
    ):
        await CaseEntry(
            case=case_id,
            kind="note",
            body=body,
            occurred_on=date.today(),
            author=author,
            author_organisation=organisation,
        ).save()
    return case_id, child_id, guardian["id"]


async def name_elva(client, county, case_id, **changes):
    fields = {
        "case_manager": f"{county['elva.casemanager']}-{county['elva_office']}",
        "ground": "parent",
        "reason": "Isa elab Elvas.",
        **changes,
    }
    return await post(client, f"/county/cases/{case_id}/municipalities", fields)


async def actions(action):
    return await AuditEvent.select().where(AuditEvent.action == action)


async def test_without_consent_elva_sees_that_the_case_exists_and_who_leads(county_client, county):
    case_id, _child, _guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    panel = await county_client.get(f"/cases/{case_id}")
    assert "Municipalities of the case" in panel.text or "Juhtumi omavalitsused" in panel.text
    named = await name_elva(county_client, county, case_id)
    assert named.status_code == 303, named.text
    [row] = await NamedMunicipality.select()
    assert (row["municipality"], row["case_manager"]) == (
        county["elva"],
        county["elva.casemanager"],
    )
    # No consent: Elva's case manager is told but does not join.
    assert not await CaseParticipant.exists().where(
        CaseParticipant.user == county["elva.casemanager"]
    )
    refused = await post(county_client, f"/county/cases/{case_id}/municipalities/{row['id']}/join")
    assert refused.status_code == 400
    assert "Elva vald" in refused.text
    assert not await CaseParticipant.exists().where(
        CaseParticipant.user == county["elva.casemanager"]
    )

    await switch(county_client, "elva.casemanager")
    assert (await county_client.get(f"/cases/{case_id}")).status_code == 404
    shown = await county_client.get(f"/county/cases/{case_id}")
    assert shown.status_code == 200
    assert "Tartu linn" in shown.text and "Kaie Korraldaja" in shown.text
    assert OFFICE_NOTE not in shown.text and SCHOOL_NOTE not in shown.text
    assert "Mure koolis" not in shown.text
    assert "Mari Mets" in (await county_client.get("/county/cases")).text
    home = (await county_client.get("/")).text
    assert 'href="/county/cases"' in home and "Mari Mets" not in home
    # Only the lead's coordinators name municipalities or let them join: Elva does not see
    # the case itself.
    forbidden = await post(
        county_client, f"/county/cases/{case_id}/municipalities/{row['id']}/join"
    )
    assert forbidden.status_code == 404

    assert len(await actions("county.crossing.municipality_added")) == 1
    assert [e["outcome"] for e in await actions("county.crossing.joined")] == [
        "denied",
        "denied",
    ]
    viewed = await actions("county.crossing.viewed")
    assert {(e["user_id"], e["outcome"]) for e in viewed} >= {
        (county["elva.casemanager"], "allowed")
    }


async def test_with_consent_elva_joins_and_reads_what_the_consent_covers(county_client, county):
    case_id, child_id, guardian = await open_tartu_case(county_client, county)
    await add_demo_consent(
        child_id=child_id,
        guardian_id=guardian,
        purpose="core.cross_sector_case_work",
        data_scope="social",
        recipient=Recipient(municipality_id=county["elva"]),
        recorded_by=county["tartu.casemanager"],
        valid_from=date.today() - timedelta(days=1),
    )
    await sign_in(county_client, "tartu.casemanager")
    assert (await name_elva(county_client, county, case_id)).status_code == 303
    assert await CaseParticipant.exists().where(
        (CaseParticipant.case == case_id) & (CaseParticipant.user == county["elva.casemanager"])
    )
    assert len(await actions("county.crossing.joined")) == 1

    await switch(county_client, "elva.casemanager")
    case_page = await county_client.get(f"/cases/{case_id}")
    assert case_page.status_code == 200
    # Core's timeline: the office's social entries are shared, the school's education entry is
    # not (the consent covers social data only).
    assert OFFICE_NOTE in case_page.text
    assert SCHOOL_NOTE not in case_page.text
    # Elva's case manager does not find the child's own record: only the case is shared.
    assert (await county_client.get(f"/children/{child_id}")).status_code == 404


async def test_the_lead_moves_to_elva_when_its_case_manager_accepts(county_client, county):
    case_id, _child, _guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    assert (await name_elva(county_client, county, case_id)).status_code == 303
    version = (await Case.select(Case.version).where(Case.id == case_id).first())["version"]
    offered = await post(
        county_client,
        f"/county/cases/{case_id}/lead",
        {
            "receiver": f"{county['elva.casemanager']}-{county['elva_office']}",
            "lead_reason": "Pere kolis Elvasse.",
            "version": str(version),
        },
    )
    assert offered.status_code == 303, offered.text
    [handover] = await Handover.select().where(Handover.case == case_id)
    assert handover["to_organisation"] == county["elva_office"]
    assert len(await actions("county.crossing.lead_offered")) == 1
    case = await Case.select().where(Case.id == case_id).first()
    assert case["municipality"] == county["tartu"]  # until accepted

    await switch(county_client, "elva.casemanager")
    accepted = await post(county_client, f"/handovers/{handover['id']}/accept")
    assert accepted.status_code == 303, accepted.text
    case = await Case.select().where(Case.id == case_id).first()
    assert (case["owner_organisation"], case["municipality"], case["responsible"]) == (
        county["elva_office"],
        county["elva"],
        county["elva.casemanager"],
    )
    shown = await county_client.get(f"/county/cases/{case_id}")
    assert shown.status_code == 200
    # Elva leads; Tartu stays named, with the case manager who led it.
    led = await NamedMunicipality.select().where(NamedMunicipality.municipality == county["tartu"])
    assert [(row["ground"], row["case_manager"]) for row in led] == [
        ("led", county["tartu.casemanager"])
    ]
    assert "Kaie Korraldaja" in shown.text


async def test_a_third_municipality_and_the_county_coordinator_see_nothing(county_client, county):
    case_id, _child, _guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    assert (await name_elva(county_client, county, case_id)).status_code == 303
    [nõo] = await Municipality.insert(Municipality(name="Nõo vald", ehak_code="0528")).returning(
        Municipality.id
    )
    [office] = await Organisation.insert(
        Organisation(
            name="Nõo Vallavalitsus",
            folded_name=fold("Nõo Vallavalitsus"),
            kind="municipality_office",
            sector="social",
            municipality=nõo["id"],
        )
    ).returning(Organisation.id)
    await make_user("noo.casemanager", office["id"], "municipality_case_manager")

    await switch(county_client, "noo.casemanager")
    assert (await county_client.get(f"/county/cases/{case_id}")).status_code == 404
    assert "Mari Mets" not in (await county_client.get("/county/cases")).text
    assert (await county_client.get(f"/cases/{case_id}")).status_code == 404
    await switch(county_client, "county.coordinator")
    assert (await county_client.get("/county/cases")).status_code == 403
    # A record's address is answered 404 to a role without its permission.
    assert (await county_client.get(f"/county/cases/{case_id}")).status_code == 404
    denied = await AuditEvent.select().where(
        (AuditEvent.action == "county.crossing.viewed") & (AuditEvent.outcome == "denied")
    )
    assert len(denied) == 1


async def test_bad_input_is_refused_in_the_page_and_nothing_is_written(county_client, county):
    case_id, _child, _guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    refused = await name_elva(
        county_client, county, case_id, case_manager="x-1", ground="led", reason="y" * 2000
    )
    assert refused.status_code == 400
    assert 'aria-invalid="true"' in refused.text
    assert "y" * 2000 not in refused.text or "Isa" not in refused.text
    own = await name_elva(
        county_client,
        county,
        case_id,
        case_manager=f"{county['tartu.cps']}-{county['tartu_office']}",
    )
    assert own.status_code == 400
    assert not await NamedMunicipality.exists()
    lead = await post(
        county_client,
        f"/county/cases/{case_id}/lead",
        {"receiver": "999-999", "lead_reason": "", "version": "abc"},
    )
    assert lead.status_code == 400
    assert not await Handover.exists()


async def test_a_consent_given_later_lets_the_coordinator_bring_the_case_manager_in(
    county_client, county
):
    """Named without consent, Elva's case manager joins when the lead lets them once the consent
    is there; an account closed meanwhile is refused with a message, nothing written."""
    from core.auth.tables import User

    case_id, child_id, guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    assert (await name_elva(county_client, county, case_id)).status_code == 303
    [row] = await NamedMunicipality.select()
    await add_demo_consent(
        child_id=child_id,
        guardian_id=guardian,
        purpose="core.cross_sector_case_work",
        data_scope="all",
        recipient=Recipient(organisation_id=county["elva_office"]),
        recorded_by=county["tartu.casemanager"],
        valid_from=date.today(),
    )
    join = f"/county/cases/{case_id}/municipalities/{row['id']}/join"
    await User.update({User.active: False}).where(User.id == county["elva.casemanager"])
    closed = await post(county_client, join)
    assert closed.status_code == 400
    assert not await CaseParticipant.exists().where(
        CaseParticipant.user == county["elva.casemanager"]
    )
    await User.update({User.active: True}).where(User.id == county["elva.casemanager"])
    assert (await post(county_client, join)).status_code == 303
    assert await CaseParticipant.exists().where(
        (CaseParticipant.case == case_id) & (CaseParticipant.user == county["elva.casemanager"])
    )
    await switch(county_client, "elva.casemanager")
    assert OFFICE_NOTE in (await county_client.get(f"/cases/{case_id}")).text


async def _membership_reads(client, case_id) -> tuple[int, str]:
    from tests.helpers import statements_received

    with statements_received(client.app.state.engine) as received:
        page = await client.get(f"/county/cases/{case_id}")
    assert page.status_code == 200
    return len([s for s in received if 'FROM "auth_membership"' in s]), page.text


async def test_the_add_a_municipality_form_reads_case_managers_in_one_statement(
    county_client, county
):
    """However many municipalities the county has, their case managers are read at once."""
    case_id, _child, _guardian = await open_tartu_case(county_client, county)
    await sign_in(county_client, "tartu.casemanager")
    before, _page = await _membership_reads(county_client, case_id)
    for number, name in enumerate(("Nõo vald", "Kambja vald", "Luunja vald")):
        [place] = await Municipality.insert(
            Municipality(name=name, ehak_code=f"09{number}0")
        ).returning(Municipality.id)
        [office] = await Organisation.insert(
            Organisation(
                name=f"{name} valitsus",
                folded_name=fold(f"{name} valitsus"),
                kind="municipality_office",
                sector="social",
                municipality=place["id"],
            )
        ).returning(Organisation.id)
        await make_user(
            f"case.manager{number}",
            office["id"],
            "municipality_case_manager",
            full_name=f"Korraldaja {name}",
        )
    after, page = await _membership_reads(county_client, case_id)
    assert after == before
    for name in ("Nõo vald", "Kambja vald", "Luunja vald"):
        assert f"Korraldaja {name}" in page
