"""The register of children at home: importing population data, outreach, groups, access."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.people.tables import Child
from plugins.municipality.insight.tables import HomeChild, Outreach
from tests.helpers import csrf_from, log_in, make_user, new_submission_key, post, sign_in
from tests.plugins.municipality.insight_fixtures import (
    SCHOOL_START,
    TODAY,
    enrol,
    insight_fixture,  # noqa: F401 - the fixture `insight`
    isikukood,
    make_child,
)

pytestmark = pytest.mark.anyio
SOON = date(SCHOOL_START.year - 7, 3, 10)  # starts school at the next school start
YOUNG = date(SCHOOL_START.year - 4, 5, 5)
OLD = date(SCHOOL_START.year - 9, 1, 1)
REGISTER = "/municipality/home-children"


async def upload(client, content: str, group: str = ""):
    page = await client.get(REGISTER)
    data = {"_csrf_token": csrf_from(page.text), "_submission_key": new_submission_key()}
    if group:
        data["group"] = group
    return await client.post(
        f"{REGISTER}/import",
        data=data,
        files={"file": ("rahvastik.csv", content.encode("utf-8"), "text/csv")},
    )


def good_file(existing_code: str) -> str:
    return (
        "isikukood;given_name;family_name;date_of_birth;address_area\n"
        f"{isikukood(SOON, 11)};Liisa;Kask;;Annelinn\n"
        f";Mart;Mänd;{YOUNG:%d.%m.%Y};Karlova\n"
        f"{existing_code};;;;Supilinn\n"
    )


async def test_a_good_file_adds_new_and_known_children(municipality_client, insight):
    known_code = isikukood(YOUNG, 22)
    known = await make_child("Olev", "Olemas", YOUNG, insight["tartu"], isikukood=known_code)
    await sign_in(municipality_client, "tartu.welfare")
    response = await upload(municipality_client, good_file(known_code))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{REGISTER}?added=3&skipped=0"
    entries = await HomeChild.select(HomeChild.child, HomeChild.address_area)
    assert len(entries) == 3
    assert {"child": known, "address_area": "Supilinn"} in entries
    liisa = await Child.select().where(Child.given_name == "Liisa").first()
    assert liisa["date_of_birth"] == SOON
    assert liisa["registered_municipality"] == insight["tartu"]
    page = await municipality_client.get(response.headers["location"])
    assert "Registrisse lisati: 3" in page.text
    for name in ("Kask, Liisa", "Mänd, Mart", "Olemas, Olev"):
        assert name in page.text
    listed = await AuditEvent.select(AuditEvent.object_id).where(
        AuditEvent.action == "municipality.home_child.listed"
    )
    assert str(known) in listed[-1]["object_id"].split(",")
    again = await upload(municipality_client, good_file(known_code))
    assert again.headers["location"] == f"{REGISTER}?added=0&skipped=3"
    assert await HomeChild.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # A field of 6 MB: larger than the file may be.
        (
            "given_name,family_name,date_of_birth\n" + "x" * 6_000_000 + ",Mänd,01.02.2021\n",
            "Fail on suurem kui 2 MB",
        ),
        # A field of 1 MB: more than Python's csv module reads in one field.
        (
            'given_name,family_name,date_of_birth\n"' + "x" * 1_000_000 + '",Mänd,01.02.2021\n',
            "Faili väli on nimeks",
        ),
        ("given_name,family_name,date_of_birth\nMa\x00rt,Mänd,01.02.2021\n", "NUL-märk"),
    ],
)
async def test_a_file_too_large_or_unreadable_writes_nothing_and_says_why(
    municipality_client, insight, content, message
):
    await log_in(municipality_client, "tartu.welfare")
    children = await Child.count()
    response = await upload(municipality_client, content)
    assert response.status_code == 400
    assert message in response.text
    assert await Child.count() == children
    assert await HomeChild.count() == 0


async def test_a_file_with_the_estonian_headings_the_instructions_show_is_read(
    municipality_client, insight
):
    await sign_in(municipality_client, "tartu.welfare")
    page = await municipality_client.get(REGISTER)
    assert "veergudega isikukood, eesnimi, perekonnanimi, sünnikuupäev" in page.text
    content = (
        f"Eesnimi;Perekonnanimi;Sünnikuupäev;Elukoha piirkond\nMart;Mänd;{YOUNG:%d.%m.%Y};Karlova\n"
    )
    response = await upload(municipality_client, content)
    assert response.status_code == 303, response.text
    assert await HomeChild.select(HomeChild.address_area) == [{"address_area": "Karlova"}]


async def test_one_bad_line_writes_nothing_and_says_why_in_estonian(municipality_client, insight):
    await sign_in(municipality_client, "tartu.welfare")
    wrong_digit = isikukood(SOON, 33)[:-1] + str((int(isikukood(SOON, 33)[-1]) + 1) % 10)
    content = (
        "isikukood,given_name,family_name,date_of_birth,address_area\n"
        f",Mart,Mänd,{YOUNG:%d.%m.%Y},Karlova\n"
        f"{wrong_digit},Liisa,Kask,,Annelinn\n"
        f",Vana,Vend,{OLD:%d.%m.%Y},\n"
        ",Nimeta,,31.02.2021,\n"
    )
    children = await Child.count()
    response = await upload(municipality_client, content)
    assert response.status_code == 400
    assert "Midagi ei imporditud" in response.text
    assert "Rida 3: Isikukoodi kontrollnumber ei klapi" in response.text
    assert "Rida 4: laps on üle koolieelse ea" in response.text
    assert "Rida 5: Sellist kuupäeva kalendris pole" in response.text or "Rida 5:" in response.text
    assert "Rida 2" not in response.text
    assert await HomeChild.count() == 0
    assert await Child.count() == children
    broken = await upload(municipality_client, "nimi;aadress\nLiisa;Tartu\n")
    assert broken.status_code == 400
    assert "Esimene rida peab nimetama veerud" in broken.text


async def test_the_not_reached_list_and_outreach(municipality_client, insight):
    soon = await make_child("Sander", "Sügis", SOON, insight["tartu"])
    young = await make_child("Pille", "Pisike", YOUNG, insight["tartu"])
    await sign_in(municipality_client, "tartu.education")
    for code_child in (soon, young):
        child = await Child.select().where(Child.id == code_child).first()
        added = await post(
            municipality_client,
            f"{REGISTER}/add",
            {
                "given_name": child["given_name"],
                "family_name": child["family_name"],
                "date_of_birth": f"{child['date_of_birth']:%d.%m.%Y}",
                "address_area": "Tammelinn",
            },
            token_page=REGISTER,
        )
        assert added.status_code == 303
    missing = await municipality_client.get(f"{REGISTER}/not-reached")
    assert "Sügis, Sander" in missing.text
    assert "Pisike, Pille" not in missing.text

    entry = await HomeChild.select().where(HomeChild.child == soon).first()
    bad = await post(
        municipality_client,
        f"{REGISTER}/{entry['id']}/outreach",
        {"kind": "event", "done_on": "homme", "outcome": "reached"},
        token_page=REGISTER,
    )
    assert bad.status_code == 400
    assert "pp.kk.aaaa" in bad.text
    assert await Outreach.count() == 0
    not_yet = await post(
        municipality_client,
        f"{REGISTER}/{entry['id']}/outreach",
        {"kind": "family_doctor", "done_on": f"{TODAY:%d.%m.%Y}", "outcome": "not_reached"},
        token_page=REGISTER,
    )
    assert not_yet.status_code == 303
    assert "Sügis, Sander" in (await municipality_client.get(f"{REGISTER}/not-reached")).text
    reached = await post(
        municipality_client,
        f"{REGISTER}/{entry['id']}/outreach",
        {
            "kind": "assessment",
            "done_on": f"{TODAY - timedelta(days=1):%d.%m.%Y}",
            "outcome": "reached",
            "by_whom": "Perearst",
        },
        token_page=REGISTER,
    )
    assert reached.status_code == 303
    assert "Sügis, Sander" not in (await municipality_client.get(f"{REGISTER}/not-reached")).text
    child_page = await municipality_client.get(f"{REGISTER}/{entry['id']}")
    assert "Hindamine 5–6-aastaselt" in child_page.text and "Jõuti" in child_page.text
    viewed = await AuditEvent.select(AuditEvent.object_id).where(
        AuditEvent.action == "municipality.home_child.viewed"
    )
    assert {"object_id": str(soon)} in viewed

    await enrol(young, insight["kindergarten"], TODAY - timedelta(days=3))
    register = await municipality_client.get(REGISTER)
    assert "Pisike, Pille" not in register.text
    assert "Sügis, Sander" in register.text


async def test_a_named_group_with_its_own_children(municipality_client, insight):
    await sign_in(municipality_client, "tartu.welfare")
    created = await post(
        municipality_client,
        f"{REGISTER}/groups",
        {"name": "Teise kodukeelega pered", "description": "Vene ja ukraina keel"},
        token_page=REGISTER,
    )
    assert created.status_code == 303
    twice = await post(
        municipality_client, f"{REGISTER}/groups", {"name": "teise kodukeelega pered"}, REGISTER
    )
    assert twice.status_code == 400
    assert "selle nimega rühm juba olemas" in twice.text
    group = created.headers["location"].split("group=")[1]
    child = await make_child("Anna", "Ivanova", YOUNG, insight["tartu"])
    await enrol(child, insight["kindergarten"], TODAY - timedelta(days=30))
    added = await post(
        municipality_client,
        f"{REGISTER}/add",
        {
            "group": group,
            "given_name": "Anna",
            "family_name": "Ivanova",
            "date_of_birth": f"{YOUNG:%d.%m.%Y}",
        },
        token_page=REGISTER,
    )
    assert added.status_code == 303
    in_group = await municipality_client.get(f"{REGISTER}?group={group}")
    assert "Ivanova, Anna" in in_group.text  # a group keeps children in a kindergarten
    assert "Ivanova, Anna" not in (await municipality_client.get(REGISTER)).text
    unknown = await post(
        municipality_client, f"{REGISTER}/add", {"group": "999", "isikukood": "x"}, REGISTER
    )
    assert unknown.status_code == 400
    assert "Vali rühm loetelust." in unknown.text


async def test_another_municipality_sees_no_entry(municipality_client, insight):
    child = await make_child("Mari", "Maasikas", YOUNG, insight["tartu"])
    await sign_in(municipality_client, "tartu.welfare")
    await post(
        municipality_client,
        f"{REGISTER}/add",
        {"given_name": "Mari", "family_name": "Maasikas", "date_of_birth": f"{YOUNG:%d.%m.%Y}"},
        token_page=REGISTER,
    )
    entry = await HomeChild.select().where(HomeChild.child == child).first()
    await post(municipality_client, "/logout")
    await make_user("elva.welfare", insight["elva_office"], "municipality_welfare_lead")
    await sign_in(municipality_client, "elva.welfare")
    assert (await municipality_client.get(f"{REGISTER}/{entry['id']}")).status_code == 404
    assert "Maasikas" not in (await municipality_client.get(REGISTER)).text
    denied = await AuditEvent.select().where(
        (AuditEvent.action == "municipality.home_child.viewed") & (AuditEvent.outcome == "denied")
    )
    assert len(denied) == 1


async def test_a_child_added_twice_with_one_form_is_registered_once(municipality_client, insight):
    """The plugin's creating forms carry core's one-time key: a repeat is answered as the first
    and stores nothing."""
    await make_child("Mari", "Maasikas", YOUNG, insight["tartu"])
    await log_in(municipality_client, "tartu.welfare")
    form = {
        "given_name": "Mari",
        "family_name": "Maasikas",
        "date_of_birth": f"{YOUNG:%d.%m.%Y}",
        "_submission_key": new_submission_key(),
    }
    first = await post(municipality_client, f"{REGISTER}/add", form, token_page=REGISTER)
    again = await post(municipality_client, f"{REGISTER}/add", form, token_page=REGISTER)
    assert (first.status_code, again.status_code) == (303, 303)
    assert again.headers["location"] == first.headers["location"]
    assert await HomeChild.count() == 1
    assert await Outreach.count() == 0


async def test_school_age_turns_between_30_september_and_1_october(municipality_client, insight):
    """A child who turns 7 in September (after 1 September) starts school that autumn: due at
    the next school start, and past pre-school age a year after the last one."""
    await sign_in(municipality_client, "tartu.education")
    september = date(SCHOOL_START.year - 7, 9, 15)
    october = date(SCHOOL_START.year - 7, 10, 1)
    content = (
        "given_name;family_name;date_of_birth;address_area\n"
        f"Septa;Sügis;{september:%d.%m.%Y};Annelinn\n"
        f"Okta;Oktoober;{october:%d.%m.%Y};Annelinn\n"
    )
    assert (await upload(municipality_client, content)).status_code == 303
    missing = (await municipality_client.get(f"{REGISTER}/not-reached")).text
    assert "Sügis, Septa" in missing
    assert "Oktoober, Okta" not in missing

    # The last school start was a year before the next one.
    started = date(SCHOOL_START.year - 8, 9, 15)
    refused = await upload(
        municipality_client,
        f"given_name;family_name;date_of_birth\nVana;Sügis;{started:%d.%m.%Y}\n",
    )
    assert refused.status_code == 400
    assert "Rida 2: laps on üle koolieelse ea" in refused.text
    waiting = date(SCHOOL_START.year - 8, 10, 1)
    accepted = await upload(
        municipality_client,
        f"given_name;family_name;date_of_birth\nVeel;Kodus;{waiting:%d.%m.%Y}\n",
    )
    assert accepted.status_code == 303, accepted.text
