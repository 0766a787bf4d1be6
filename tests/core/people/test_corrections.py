"""Corrections keep the earlier value; merging keeps everything from both records."""

import re
from datetime import date, timedelta

import pytest
from litestar.testing import AsyncTestClient

from core.audit.tables import AuditEvent
from core.consent.recipients import Recipient
from core.consent.registry import CROSS_SECTOR_CASE_WORK
from core.consent.sharing import may_share
from core.consent.tables import Consent
from core.people.corrections import FIELDS
from core.people.tables import Child, ChildChange, Enrolment, Guardian, GuardianLink, Sector
from tests.conftest import BASE_URL, TEST_PLUGINS, make_app
from tests.core.people.conftest import make_child
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


def fields(**changes):
    return {
        "given_name": "Mia",
        "family_name": "Õunapuu",
        "date_of_birth": "04.03.2019",
        "isikukood": "61903040012",
        "registered_municipality": "",
        "residence_municipality": "",
        "language": "eesti",
        **changes,
    }


def form_fields(page: str, action: str) -> list[tuple[str, str]]:
    """(name, label) of each field of the form posting to ``action`` (CSRF token aside)."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]+)</label>', form))
    names = re.findall(r'<(?:input|select)[^>]* id="([^"]+)" name="([^"]+)"', form)
    return [(name, labels[field_id]) for field_id, name in names if name != "_csrf_token"]


async def test_adding_and_correcting_a_child_ask_the_same_fields(coordinator_client, school):
    added = form_fields((await coordinator_client.get("/children/new")).text, "/children")
    edit_path = f"/children/{school['mia']}/edit"
    corrected = form_fields((await coordinator_client.get(edit_path)).text, edit_path)
    assert [name for name, _label in corrected] == list(FIELDS)
    assert added[: len(FIELDS)] == corrected  # one partial: same names, same labels
    edit_page = (await coordinator_client.get(edit_path)).text
    assert 'name="isikukood" inputmode="numeric" maxlength="11" value="61903040012"' in edit_page


async def test_a_correction_keeps_the_earlier_value_in_history(coordinator_client, school):
    client = coordinator_client
    response = await post(
        client, f"/children/{school['mia']}/edit", fields(given_name="Miia", language="vene")
    )
    assert response.status_code == 303
    page = (await client.get(f"/children/{school['mia']}/edit")).text
    child = await Child.objects().get(Child.id == school["mia"])
    assert (child.given_name, child.search_name) == ("Miia", "ounapuu miia")
    changes = {(r["field"], r["old_value"], r["new_value"]) for r in await ChildChange.select()}
    assert changes == {("given_name", "Mia", "Miia"), ("language", "eesti", "vene")}
    assert "<td>Mia</td>" in page
    assert await AuditEvent.count().where(AuditEvent.action == "child.updated") == 1


async def test_a_bad_correction_is_explained_and_nothing_changes(coordinator_client, school):
    response = await post(
        coordinator_client, f"/children/{school['mia']}/edit", fields(date_of_birth="05.03.2019")
    )
    assert response.status_code == 400
    assert "Isikukood ei ühti sünnikuupäevaga." in response.text
    assert await ChildChange.count() == 0


async def test_a_teacher_without_the_permission_cannot_correct(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "teacher.1a")
        assert (await client.get(f"/children/{school['mia']}/edit")).status_code == 403


async def test_merging_keeps_everything_and_the_old_id_leads_to_the_survivor(
    coordinator_client, school
):
    twin = await make_child(
        "Mia", "Ounapuu", date(2019, 3, 4), school["tartu_school"], school["2.a"]
    )
    merged = await post(coordinator_client, f"/children/{school['mia']}/merge", {"into": twin})
    assert merged.status_code == 303
    assert merged.headers["location"] == f"/children/{twin}"
    old = await coordinator_client.get(f"/children/{school['mia']}")
    assert old.status_code == 303
    assert old.headers["location"] == f"/children/{twin}"
    survivor = await Child.objects().get(Child.id == twin)
    assert survivor.isikukood == "61903040012"  # filled from the merged record
    assert await Enrolment.count().where(Enrolment.child == twin) == 2
    assert await GuardianLink.count().where(GuardianLink.child == twin) == 1
    old_record = await Child.objects().get(Child.id == school["mia"])
    assert old_record.merged_into == twin
    assert await AuditEvent.count().where(AuditEvent.action == "child.merged") == 1


async def test_merging_moves_the_guardians_decisions_to_the_survivor(coordinator_client, school):
    twin = await make_child("Mia", "Ounapuu", date(2019, 3, 4), school["tartu_school"])
    [father] = await Guardian.insert(Guardian(given_name="Mart", family_name="Õunapuu")).returning(
        Guardian.id
    )
    await GuardianLink.insert(GuardianLink(child=twin, guardian=father["id"], relation="father"))
    [mother] = await GuardianLink.select(GuardianLink.guardian).where(
        GuardianLink.child == school["mia"]
    )
    decision = {
        "purpose": CROSS_SECTOR_CASE_WORK,
        "data_scope": "health",
        "recipient_sector": "health",
        "valid_from": date.today() - timedelta(days=10),
        "evidence_kind": "oral",
        "recorded_by": school["coordinator"],
    }
    await Consent.insert(
        Consent(child=school["mia"], guardian=mother["guardian"], decision="refused", **decision),
        Consent(child=twin, guardian=father["id"], decision="given", **decision),
    )
    health = Recipient(sector=Sector.health)
    ask = (twin, "health", school["tartu_school"], health, CROSS_SECTOR_CASE_WORK)
    assert (await may_share(*ask)).allowed  # the father's consent alone, before the merge
    merged = await post(coordinator_client, f"/children/{school['mia']}/merge", {"into": twin})
    assert merged.status_code == 303
    after = await may_share(*ask)
    assert (after.allowed, after.conflict) == (False, True)  # the mother's refusal came along
    assert await Consent.count().where(Consent.child == school["mia"]) == 0
    page = (await coordinator_client.get(f"/children/{twin}")).text
    assert "Hooldusõigusega lapsevanemad on eri meelt" in page


async def test_merging_with_a_child_out_of_scope_is_404(coordinator_client, school):
    response = await post(
        coordinator_client, f"/children/{school['mia']}/merge", {"into": school["elva_child"]}
    )
    assert response.status_code == 404
    assert (await Child.objects().get(Child.id == school["mia"])).merged_into is None


async def test_a_guardian_is_added_and_siblings_share_one_by_isikukood(coordinator_client, school):
    from stdnum.ee import ik

    valid = next(c for c in (f"3800101001{d}" for d in range(10)) if ik.is_valid(c))
    data = {
        "given_name": "Peeter",
        "family_name": "Kask",
        "relation": "father",
        "isikukood": valid,
        "phone": "+372 5111 2222",
        "email": "",
        "custody": "1",
    }
    for child in ("liis", "mart"):
        response = await post(coordinator_client, f"/children/{school[child]}/guardians", data)
        assert response.status_code == 303
    assert await Guardian.count().where(Guardian.isikukood == valid) == 1
    page = (await coordinator_client.get(f"/children/{school['liis']}")).text
    assert "Peeter Kask" in page
    assert f'href="/children/{school["mart"]}"' in page  # now a sibling through the father


async def test_a_guardian_needs_a_name_and_a_relation(coordinator_client, school):
    response = await post(
        coordinator_client,
        f"/children/{school['liis']}/guardians",
        {"given_name": "", "family_name": "", "relation": "uncle"},
    )
    assert response.status_code == 400
    assert "Sisesta seadusliku esindaja ees- ja perekonnanimi." in response.text


async def test_leaving_ends_the_enrolment_and_the_child_leaves_the_teachers_scope(
    coordinator_client, school, settings
):
    from datetime import timedelta

    [enrolment] = await Enrolment.select(Enrolment.id).where(Enrolment.child == school["mart"])
    yesterday = (date.today() - timedelta(days=1)).strftime("%d.%m.%Y")
    bad = await post(
        coordinator_client,
        f"/children/{school['mart']}/enrolments/{enrolment['id']}/end",
        {"ends_on": "yesterday"},
    )
    assert bad.status_code == 400
    ended = await post(
        coordinator_client,
        f"/children/{school['mart']}/enrolments/{enrolment['id']}/end",
        {"ends_on": yesterday},
    )
    assert ended.status_code == 303
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as teacher:
        teacher.follow_redirects = False
        await sign_in(teacher, "teacher.1a")
        assert (await teacher.get(f"/children/{school['mart']}")).status_code == 404


async def test_correcting_a_child_out_of_scope_is_404_and_audited(coordinator_client, school):
    response = await post(coordinator_client, f"/children/{school['elva_child']}/edit", fields())
    assert response.status_code == 404
    [row] = await AuditEvent.select().where(AuditEvent.outcome == "denied")
    assert (row["action"], row["object_id"]) == ("child.updated", str(school["elva_child"]))
