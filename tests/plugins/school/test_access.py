"""Who sees which pupils and cases: a class teacher her class's, the coordinator her school's,
neither another school's; the head sees a case only as a participant; the classes page lists
the school's classes with their stages, teachers and the children the coordinator may see."""

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import CaseParticipant
from tests.helpers import sign_in
from tests.plugins.school.conftest import notice, switch

pytestmark = pytest.mark.anyio


async def cases_of(client, schools) -> dict[str, int]:
    """Open cases of Mari (3.a) and Jüri (3.b) at Annelinna, and of Kaur at Karlova."""
    ids = {}
    for username, child in (("teacher", "mari"), ("teacher.b", "juri")):
        await sign_in(client, username)
        ids[child] = await notice(client, schools[child])
    await sign_in(client, "karlova.coordinator")
    ids["kaur"] = await notice(client, schools["kaur"])
    return ids


async def sees(client, schools, cases) -> dict[str, tuple[int, int]]:
    return {
        child: (
            (await client.get(f"/children/{schools[child]}")).status_code,
            (await client.get(f"/cases/{case_id}")).status_code,
        )
        for child, case_id in cases.items()
    }


async def test_a_class_teacher_sees_only_her_classs_children_and_cases(school_client, schools):
    cases = await cases_of(school_client, schools)
    await switch(school_client, "teacher")
    assert await sees(school_client, schools, cases) == {
        "mari": (200, 200),
        "juri": (404, 404),
        "kaur": (404, 404),
    }


async def test_the_coordinator_sees_her_schools_and_no_other(school_client, schools):
    cases = await cases_of(school_client, schools)
    await switch(school_client, "coordinator")
    assert await sees(school_client, schools, cases) == {
        "mari": (200, 200),
        "juri": (200, 200),
        "kaur": (404, 404),
    }
    await switch(school_client, "karlova.coordinator")
    assert await sees(school_client, schools, cases) == {
        "mari": (404, 404),
        "juri": (404, 404),
        "kaur": (200, 200),
    }


async def test_the_head_sees_a_case_only_when_taking_part(school_client, schools):
    cases = await cases_of(school_client, schools)
    await switch(school_client, "head")
    assert (await school_client.get(f"/cases/{cases['mari']}")).status_code == 404
    await CaseParticipant(
        case=cases["mari"],
        user=schools["head"],
        organisation=schools["annelinna"],
        task="Kontaktisik",
        added_by=schools["coordinator"],
    ).save()
    assert (await school_client.get(f"/cases/{cases['mari']}")).status_code == 200
    assert (await school_client.get(f"/cases/{cases['juri']}")).status_code == 404


async def test_the_classes_page_shows_stages_teachers_and_counts(school_client, schools):
    await sign_in(school_client, "coordinator")
    page = await school_client.get("/school/classes")
    assert page.status_code == 200
    text = page.text
    assert "Klassid: Annelinna Kool" in text
    assert text.index("3.a") < text.index("6.a") < text.index("7.a")
    assert "III kooliaste" in text and "II kooliaste" in text
    assert "Krista Klass" in text and "Silvi Seitse" in text
    assert "Mari Mets" not in text  # counts only: each class's page lists its children
    assert not await AuditEvent.exists().where(AuditEvent.action == "child.listed")
    nav = await school_client.get("/")
    assert 'href="/school/classes"' in nav.text


async def test_a_class_page_lists_the_children_the_coordinator_may_see(school_client, schools):
    await sign_in(school_client, "coordinator")
    overview = await school_client.get("/school/classes")
    paths = [f"/school/classes/{schools[f'annelinna {name}']}" for name in ("3.a", "3.b", "6.a")]
    assert all(f'href="{path}"' in overview.text for path in paths)
    first = await school_client.get(paths[0])
    assert first.status_code == 200
    assert (
        "Mari Mets" in first.text and "Krista Klass" in first.text and "I kooliaste" in first.text
    )
    assert "Jüri" not in first.text
    text = "".join([(await school_client.get(path)).text for path in paths[1:]])
    assert "Jüri Jõgi" in text and "Tõnis Tamm" in text
    listed = await AuditEvent.select().where(AuditEvent.action == "child.listed")
    assert {int(i) for row in listed for i in row["object_id"].split(",")} == {
        schools[key] for key in ("mari", "juri", "tonis")
    }


async def test_another_schools_class_has_no_page_here(school_client, schools):
    await sign_in(school_client, "coordinator")
    for other in ("karlova 3.a", "elva_school 7.a"):
        answer = await school_client.get(f"/school/classes/{schools[other]}")
        assert answer.status_code == 404 and "Kaur" not in answer.text
    refused = await AuditEvent.select().where(AuditEvent.outcome == "denied")
    assert [row["object_id"] for row in refused] == [
        str(schools[other]) for other in ("karlova 3.a", "elva_school 7.a")
    ]


async def test_the_classes_page_is_the_coordinators(school_client, schools):
    for username in ("teacher", "nurse", "head"):
        await sign_in(school_client, username)
        assert (await school_client.get("/school/classes")).status_code == 403


async def test_a_participant_from_another_organisation_sees_no_class(school_client, schools):
    """Tartu's child protection specialist takes part in Mari's case: she sees the case, not
    the child's record, so not the school panel with her class either."""
    cases = await cases_of(school_client, schools)
    await CaseParticipant(
        case=cases["mari"],
        user=schools["tartu.cps"],
        organisation=schools["tartu_office"],
        task="Nõustamine",
        added_by=schools["teacher"],
    ).save()
    await switch(school_client, "tartu.cps")
    page = await school_client.get(f"/cases/{cases['mari']}")
    assert page.status_code == 200
    assert "3.a" not in page.text and "I kooliaste" not in page.text
