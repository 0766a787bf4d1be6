"""The demo's cross-municipality case: Tartu linn leads (`tartu.casemanager`), Elva vald is
named because the father lives there, and the mother's consent for cross-sector case work to
Elva vald lets Elva's case manager (`elva.casemanager`) join and read the case (sample data)."""

from __future__ import annotations

from datetime import date, timedelta

from core.api import (
    CaseEntry,
    CaseParticipant,
    Child,
    DemoContext,
    DemoParent,
    EntryKind,
    NewChild,
    Recipient,
    add_child,
    add_demo_consent,
    add_demo_guardians,
    demo_isikukood,
    open_case,
)
from plugins.county.crossing.reading import PURPOSE
from plugins.county.crossing.tables import Ground, NamedMunicipality

WORKFLOW = "municipality.case_management"
TARTU_OFFICE = ("Tartu linn", "Tartu Linnavalitsus")
ELVA_OFFICE = ("Elva vald", "Elva Vallavalitsus")
CHILD = ("Grete", "Vahter")
PARENTS = (
    DemoParent("Kairi", "Vahter", "mother", "+372 5551 2041"),
    DemoParent("Rain", "Vahter", "father", "+372 5551 2042", lives_with_child=False),
)
REASON = (
    "Näidisjuhtum: Grete elab emaga Tartus ja veedab nädalavahetused isa juures Elvas; "
    "mõlemad vanemad soovivad ühist tuge koolimurede ja suhtlemise korraldamiseks."
)
NOTE = (
    "Näidis: juhtumikorraldaja kohtus emaga; lepiti kokku, et Elva valla juhtumikorraldaja "
    "räägib isaga ja nädalavahetuste kokkulepped kirjutatakse tegevusplaani."
)
NAMED_REASON = "Näidis: isa elab Elva vallas; Grete on seal igal nädalavahetusel."


async def seed(ctx: DemoContext) -> None:
    workflow = ctx.plugins.workflows.get(WORKFLOW)
    manager = ctx.users.get("tartu.casemanager")
    elva_manager = ctx.users.get("elva.casemanager")
    if workflow is None or manager is None or elva_manager is None:
        return
    given_name, family_name = CHILD
    if await Child.exists().where(
        (Child.given_name == given_name) & (Child.family_name == family_name)
    ):
        return
    today = date.today()
    born = date(today.year - 10, 6, 3)
    serial = 640
    code = demo_isikukood(born, False, serial)
    while await Child.exists().where(Child.isikukood == code):
        serial += 1
        code = demo_isikukood(born, False, serial)
    tartu, elva = ctx.municipalities["Tartu linn"], ctx.municipalities["Elva vald"]
    child_id = await add_child(
        NewChild(given_name, family_name, born, registered_municipality=tartu, isikukood=code)
    )
    mother, _father = await add_demo_guardians(child_id, PARENTS)
    await add_demo_consent(
        child_id=child_id,
        guardian_id=mother,
        purpose=PURPOSE,
        data_scope="all",
        recipient=Recipient(municipality_id=elva),
        recorded_by=manager,
        valid_from=today - timedelta(days=20),
    )
    child = await Child.select().where(Child.id == child_id).first()
    assert child is not None
    office, elva_office = ctx.organisations[TARTU_OFFICE], ctx.organisations[ELVA_OFFICE]
    case_id = await open_case(
        ctx.plugins,
        child=child,
        organisation_id=office,
        workflow=workflow,
        responsible=manager,
        reason=REASON,
    )
    await CaseEntry(
        case=case_id,
        kind=EntryKind.note.value,
        body=NOTE,
        occurred_on=today - timedelta(days=6),
        author=manager,
        author_organisation=office,
    ).save()
    await NamedMunicipality(
        case=case_id,
        municipality=elva,
        case_manager=elva_manager,
        organisation=elva_office,
        ground=Ground.parent.value,
        reason=NAMED_REASON,
        added_by=manager,
    ).save()
    await CaseParticipant(
        case=case_id,
        user=elva_manager,
        organisation=elva_office,
        task="Nimetatud omavalitsuse juhtumikorraldaja",
        added_by=manager,
    ).save()
