"""The transitions overview: counts for the network, names only for children in one's work."""

from datetime import date

import pytest

from core.audit.tables import AuditEvent
from core.consent.tables import Consent
from core.people.tables import Guardian
from plugins.municipality.insight.transitions import (
    BETWEEN_SCHOOLS,
    KINDERGARTEN_TO_SCHOOL,
    movers,
)
from tests.helpers import sign_in
from tests.plugins.municipality.insight_fixtures import (
    TODAY,
    enrol,
    insight_fixture,  # noqa: F401 - the fixture `insight`
    make_case,
    make_child,
    moment,
)

pytestmark = pytest.mark.anyio
YEAR = TODAY.year


async def moving_children(ids):
    """Aino (shared) and Berit (no school yet) leave the kindergarten for school; Cärol is 5;
    Daniel changes school; Eero moves in Elva."""
    tartu, kindergarten = ids["tartu"], ids["kindergarten"]
    aino = await make_child("Aino", "Aasta", date(YEAR - 7, 3, 1), tartu)
    await enrol(aino, kindergarten, date(YEAR - 4, 9, 1), date(YEAR, 8, 31))
    await enrol(aino, ids["tartu_school"], date(YEAR, 9, 1))
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Aasta")).returning(
        Guardian.id
    )
    await Consent.insert(
        Consent(
            child=aino,
            guardian=mother["id"],
            purpose="core.cross_sector_case_work",
            data_scope="education",
            recipient_sector="education",
            decision="given",
            valid_from=date(YEAR, 5, 1),
            evidence_kind="paper",
            recorded_by=ids["tartu.welfare"],
        )
    )
    berit = await make_child("Berit", "Bänd", date(YEAR - 7, 5, 1), tartu)
    await enrol(berit, kindergarten, date(YEAR - 3, 9, 1))
    carol = await make_child("Cärol", "Cello", date(YEAR - 5, 1, 1), tartu)
    await enrol(carol, kindergarten, date(YEAR - 2, 9, 1))
    daniel = await make_child("Daniel", "Duur", date(YEAR - 11, 2, 2), tartu)
    await enrol(daniel, ids["tartu_school"], date(YEAR - 4, 9, 1), date(YEAR, 6, 15))
    await enrol(daniel, ids["school2"], date(YEAR, 9, 1))
    eero = await make_child("Eero", "Elvast", date(YEAR - 7, 2, 2), ids["elva"])
    await enrol(eero, kindergarten, date(YEAR - 3, 9, 1))
    return {"aino": aino, "berit": berit, "carol": carol, "daniel": daniel, "eero": eero}


async def test_who_moves_and_whose_information_was_shared(municipality_client, insight):
    children = await moving_children(insight)
    found = {mover.child: mover for mover in await movers(insight["tartu"], YEAR)}
    assert set(found) == {children["aino"], children["berit"], children["daniel"]}
    aino, berit, daniel = (found[children[k]] for k in ("aino", "berit", "daniel"))
    assert (aino.kind, aino.from_name, aino.to_name, aino.shared) == (
        KINDERGARTEN_TO_SCHOOL,
        "Tartu Lasteaed",
        "Tartu Kool",
        True,
    )
    assert (berit.kind, berit.to_name, berit.shared) == (KINDERGARTEN_TO_SCHOOL, "", False)
    assert (daniel.kind, daniel.from_name, daniel.to_name) == (
        BETWEEN_SCHOOLS,
        "Tartu Kool",
        "Tartu Teine Kool",
    )
    # A year later only Berit, still in the kindergarten (a postponed start), is moving.
    assert [m.child for m in await movers(insight["tartu"], YEAR + 1)] == [children["berit"]]


async def test_a_child_turning_7_in_september_moves_to_school_that_autumn(
    municipality_client, insight
):
    """Born 15 September seven years before: of school age in the year (Basic Schools Act
    §9(1), 7 by 1 October), not a year later; born 1 October: the next year."""
    kindergarten = insight["kindergarten"]
    september = await make_child("Sirje", "Sügis", date(YEAR - 7, 9, 15), insight["tartu"])
    october = await make_child("Olli", "Oktoober", date(YEAR - 7, 10, 1), insight["tartu"])
    for child in (september, october):
        await enrol(child, kindergarten, date(YEAR - 3, 9, 1))
    assert [m.child for m in await movers(insight["tartu"], YEAR)] == [september]
    # Still in the kindergarten a year later: a postponed start, and Olli's own year.
    assert {m.child for m in await movers(insight["tartu"], YEAR + 1)} == {september, october}
    assert await movers(insight["tartu"], YEAR - 1) == []


async def test_counts_for_all_names_only_for_children_in_ones_work(municipality_client, insight):
    children = await moving_children(insight)
    await make_case(
        children["berit"],
        insight["tartu_office"],
        insight["tartu"],
        insight["tartu.welfare"],
        opened=moment(date(YEAR, 1, 10)),
        stage="III",
        level="municipality",
    )
    await sign_in(municipality_client, "tartu.casemanager")
    page = (await municipality_client.get("/municipality/transitions")).text
    table = page.split('id="transitions"', 1)[1].split("</table>", 1)[0]
    assert "&lt;5" in table
    assert not [n for n in ("1", "2", "3", "4") if f"<td>{n}</td>" in table]
    assert "Berit Bänd" in page
    for name in ("Aino", "Daniel", "Cärol", "Eero"):
        assert name not in page
    listed = await AuditEvent.select(AuditEvent.object_id).where(
        AuditEvent.action == "municipality.transitions.listed"
    )
    assert listed == [{"object_id": str(children["berit"])}]

    bad = await municipality_client.get("/municipality/transitions?year=abc")
    assert bad.status_code == 400
    assert "Vali aasta 2000 ja 2100 vahel." in bad.text


async def test_the_police_does_not_see_transitions(municipality_client, insight):
    await moving_children(insight)
    await sign_in(municipality_client, "tartu.police")
    assert (await municipality_client.get("/municipality/transitions")).status_code == 403
