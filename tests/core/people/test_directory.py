"""The contact directory: search for everyone, upkeep by the administrators of its municipality."""

import pytest

from core.audit.tables import AuditEvent
from core.people.folding import fold
from core.people.tables import ContactPerson, Unit
from tests.helpers import count_as_school, post, sign_in

pytestmark = pytest.mark.anyio


async def add_contacts(people):
    rows = [
        (
            people["tartu_school"],
            "Õie Pärnapuu",
            "Tugiõppe koordinaator",
            "HEV õpilased",
            "basic_school",
        ),
        (people["tartu_office"], "Jüri Šokk", "Lastekaitsespetsialist", "Hädaohus laps", "all"),
        (people["elva_office"], "Mari Žukova", "Haridusnõunik", "Koolikohad", "all"),
    ]
    await ContactPerson.insert(
        *(
            ContactPerson(
                organisation=org,
                name=name,
                post=post,
                topics=topics,
                age_level=age,
                phone="+372 5000 0000",
                search_text=fold(f"{name} {post} {topics}"),
            )
            for org, name, post, topics, age in rows
        )
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("oie", "Õie Pärnapuu"),
        ("PÄRNA", "Õie Pärnapuu"),
        ("sokk", "Jüri Šokk"),
        ("zukova", "Mari Žukova"),
        ("lastekaitse", "Jüri Šokk"),
        ("hadaohus", "Jüri Šokk"),
        ("tartu kool", "Õie Pärnapuu"),
    ],
)
async def test_search_ignores_case_and_estonian_diacritics(staff_client, people, query, found):
    await add_contacts(people)
    html = (await staff_client.get("/directory", params={"q": query})).text
    assert found in html


async def test_filters_narrow_by_municipality_sector_and_age(staff_client, people):
    await add_contacts(people)
    elva = (await staff_client.get("/directory", params={"municipality": people["elva"]})).text
    assert "Mari Žukova" in elva
    assert "Jüri Šokk" not in elva
    education = (await staff_client.get("/directory", params={"sector": "education"})).text
    assert "Õie Pärnapuu" in education
    assert "Jüri Šokk" not in education
    school_age = (await staff_client.get("/directory", params={"age": "basic_school"})).text
    assert "Õie Pärnapuu" in school_age
    assert "Jüri Šokk" in school_age  # "all ages" contacts answer for every age
    preschool = (await staff_client.get("/directory", params={"age": "preschool"})).text
    assert "Õie Pärnapuu" not in preschool


async def test_htmx_search_gets_only_the_results_partial(staff_client, people):
    await add_contacts(people)
    response = await staff_client.get(
        "/directory", params={"q": "sokk"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<section id="directory-results"')
    assert "<html" not in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_like_wildcards_in_a_search_are_taken_literally(staff_client, people):
    await add_contacts(people)
    html = (await staff_client.get("/directory", params={"q": "%"})).text
    assert "0 kontaktisikut" in html


async def test_every_logged_in_user_may_search_but_not_an_anonymous_one(client, people):
    assert (await client.get("/directory")).status_code == 303


async def test_a_municipality_admin_keeps_their_organisations_contacts(client, people):
    await sign_in(client, "tartu.admin")
    org = people["tartu_school"]
    added = await post(
        client,
        f"/directory/organisations/{org}/contacts",
        {
            "name": "Ülle Õunapuu",
            "post": "Sotsiaalpedagoog",
            "phone": "+372 5123 4567",
            "email": "",
            "topics": "Puudumised",
            "age_level": "basic_school",
        },
    )
    assert added.status_code == 303
    contact = await ContactPerson.objects().get(ContactPerson.name == "Ülle Õunapuu")
    assert contact.search_text == "ulle ounapuu sotsiaalpedagoog puudumised"
    changed = await post(
        client,
        f"/directory/organisations/{org}/contacts/{contact.id}",
        {
            "name": "Ülle Õunapuu",
            "post": "Sotsiaalpedagoog",
            "phone": "",
            "email": "ylle@example.invalid",
            "topics": "Koolikohustus",
            "age_level": "all",
        },
    )
    assert changed.status_code == 303
    assert (
        "koolikohustus"
        in (await ContactPerson.objects().get(ContactPerson.id == contact.id)).search_text
    )
    removed = await post(client, f"/directory/organisations/{org}/contacts/{contact.id}/delete")
    assert removed.status_code == 303
    assert not await ContactPerson.exists().where(ContactPerson.id == contact.id)
    actions = {row["action"] for row in await AuditEvent.select(AuditEvent.action)}
    assert {"contact.created", "contact.updated", "contact.deleted"} <= actions


async def test_a_contact_without_name_or_a_way_to_reach_them_is_refused_in_the_page(client, people):
    await sign_in(client, "tartu.admin")
    response = await post(
        client,
        f"/directory/organisations/{people['tartu_school']}/contacts",
        {"name": "", "post": "Direktor", "phone": "", "email": "", "topics": "", "age_level": "x"},
    )
    assert response.status_code == 400
    assert "Sisesta kontaktisiku nimi." in response.text
    assert "Lisa telefoninumber või e-posti aadress." in response.text
    assert 'value="Direktor"' in response.text  # what was typed is kept
    assert await ContactPerson.count() == 0


async def test_no_one_edits_another_municipalitys_directory(client, people):
    await sign_in(client, "tartu.admin")
    response = await post(
        client,
        f"/directory/organisations/{people['elva_office']}/contacts",
        {"name": "X", "post": "Y", "phone": "1", "email": "", "topics": "", "age_level": "all"},
    )
    assert response.status_code == 404
    page = (await client.get(f"/directory/organisations/{people['elva_office']}")).text
    assert "Lisa kontaktisik" not in page


async def test_staff_read_organisation_pages_but_do_not_edit_them(staff_client, people):
    page = await staff_client.get(f"/directory/organisations/{people['tartu_school']}")
    assert page.status_code == 200
    assert "Lisa kontaktisik" not in page.text
    refused = await post(
        staff_client,
        f"/directory/organisations/{people['tartu_school']}/units",
        {"unit_name": "1.b"},
    )
    assert refused.status_code == 403


async def test_units_are_added_and_closed_never_deleted(client, people):
    await sign_in(client, "tartu.admin")
    org = people["tartu_school"]
    await count_as_school(org)
    assert (
        await post(client, f"/directory/organisations/{org}/units", {"unit_name": "1.b"})
    ).status_code == 303
    unit = await Unit.objects().get(Unit.name == "1.b")
    assert unit.kind == "class"
    closed = await post(client, f"/directory/organisations/{org}/units/{unit.id}/close")
    assert closed.status_code == 303
    assert (await Unit.objects().get(Unit.id == unit.id)).active is False
    assert "1.b" not in (await client.get(f"/directory/organisations/{org}")).text
