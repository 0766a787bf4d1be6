"""Meetings, the four-a-year status on the page, and the annual action plan."""

from datetime import date, timedelta

import pytest

from plugins.municipality.network.tables import (
    Meeting,
    MeetingAttendance,
    NetworkLeader,
    NetworkRepresentative,
    PlanActivity,
    PlanEvaluation,
)
from tests.helpers import post, sign_in
from tests.plugins.municipality.network_fixtures import (  # noqa: F401
    network_town_fixture,
    switch_to,
)

pytestmark = pytest.mark.anyio
TODAY = date.today()


async def _meetings(municipality, *days, status="held"):
    await Meeting.insert(
        *(
            Meeting(
                municipality=municipality, meets_on=day, title=f"Kohtumine {day}", status=status
            )
            for day in days
        )
    )


async def test_the_page_shows_met_and_missed_years(municipality_client, network_town):
    this_year = date(TODAY.year, 1, 1)
    await _meetings(network_town["tartu"], *([this_year] * 4))
    await _meetings(network_town["tartu"], date(TODAY.year - 1, 3, 1), date(TODAY.year - 1, 6, 1))
    await sign_in(municipality_client, "tartu.police")
    now = (await municipality_client.get("/municipality/meetings")).text
    assert "Vähemalt neli kohtumist aastas: täidetud" in now
    last = (await municipality_client.get(f"/municipality/meetings?year={TODAY.year - 1}")).text
    assert "Vähemalt neli kohtumist aastas: täitmata" in last
    assert "toimunud 2, kavandatud 0" in last


async def test_a_year_with_too_few_meetings_planned_is_at_risk_on_the_page(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    page = (await municipality_client.get("/municipality/meetings")).text
    assert "Vähemalt neli kohtumist aastas: ohus" in page
    assert "Järgmine kavandatud kohtumine: pole kavandatud" in page


async def test_the_leader_plans_and_records_a_meeting_with_attendance(
    municipality_client, network_town
):
    [rep] = await NetworkRepresentative.insert(
        NetworkRepresentative(
            municipality=network_town["tartu"],
            organisation=network_town["police"],
            sector="police",
            user=network_town["tartu.police"],
        )
    ).returning(NetworkRepresentative.id)
    await sign_in(municipality_client, "tartu.networklead")
    planned = await post(
        municipality_client,
        "/municipality/meetings",
        {
            "meets_on": TODAY.strftime("%d.%m.%Y"),
            "title": "Kevadkohtumine",
            "agenda": "1. Ülevaade",
        },
    )
    assert planned.status_code == 303
    meeting = await Meeting.select().first()
    url = f"/municipality/meetings/{meeting['id']}"
    assert planned.headers["location"] == url
    recorded = await post(
        municipality_client,
        url,
        {
            "meets_on": TODAY.strftime("%d.%m.%Y"),
            "title": "Kevadkohtumine",
            "status": "held",
            "agenda": "1. Ülevaade",
            "present": str(rep["id"]),
            "minutes": "Arutati üleminekuid.",
            "decisions": "Koostada tegevuskava.",
        },
    )
    assert recorded.status_code == 303
    assert [r["representative"] for r in await MeetingAttendance.select()] == [rep["id"]]
    await switch_to(municipality_client, "tartu.police")
    page = (await municipality_client.get(url)).text
    assert "Peeter Politsei (Tartu politseijaoskond)" in page
    assert "Arutati üleminekuid." in page and "Koostada tegevuskava." in page
    assert "Kohtumise andmed" not in page  # the member reads only


async def test_bad_meeting_input_is_refused_in_place(municipality_client, network_town):
    await sign_in(municipality_client, "tartu.networklead")
    bad = await post(
        municipality_client, "/municipality/meetings", {"meets_on": "31.02.2026", "title": ""}
    )
    assert bad.status_code == 400
    assert "Kirjuta kuupäev kujul pp.kk.aaaa." in bad.text
    assert "Kirjuta kohtumise pealkiri." in bad.text
    assert await Meeting.count() == 0
    tomorrow = (TODAY + timedelta(days=1)).strftime("%d.%m.%Y")
    await _meetings(network_town["tartu"], TODAY + timedelta(days=1), status="planned")
    meeting = await Meeting.select().first()
    early = await post(
        municipality_client,
        f"/municipality/meetings/{meeting['id']}",
        {"meets_on": tomorrow, "title": "Kohtumine", "status": "held"},
    )
    assert early.status_code == 400
    assert "Kohtumist ei saa märkida toimunuks enne selle päeva." in early.text
    assert "Märgi, kes toimunud kohtumisel osalesid." in early.text
    assert (await Meeting.select(Meeting.status).first())["status"] == "planned"


async def test_another_municipalitys_meeting_is_not_found(municipality_client, network_town):
    await _meetings(network_town["tartu"], TODAY)
    meeting = await Meeting.select().first()
    await sign_in(municipality_client, "elva.casemanager")
    assert (
        await municipality_client.get(f"/municipality/meetings/{meeting['id']}")
    ).status_code == 404


async def test_the_annual_action_plan_with_statuses_and_the_years_evaluation(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    year = TODAY.year
    added = await post(
        municipality_client,
        f"/municipality/meetings/plan/activities?year={year}",
        {"title": "Koolitus märkamisest", "responsible": "Vello Võrk", "due_on": f"30.11.{year}"},
    )
    assert added.status_code == 303
    activity = await PlanActivity.select().first()
    assert activity["year"] == year and activity["status"] == "planned"
    swapped = await municipality_client.post(
        f"/municipality/meetings/plan/activities/{activity['id']}/status",
        data={"status": "done"},
        headers={"hx-request": "true", "x-csrf-token": await _token(municipality_client)},
    )
    assert swapped.status_code == 200
    assert swapped.text.startswith(f'<tr id="activity-{activity["id"]}">')
    assert (await PlanActivity.select(PlanActivity.status).first())["status"] == "done"
    wrong_year = await post(
        municipality_client,
        f"/municipality/meetings/plan/activities?year={year}",
        {"title": "Teine", "responsible": "", "due_on": f"01.01.{year + 1}"},
    )
    assert wrong_year.status_code == 400
    assert "Tähtaeg peab jääma tegevusplaani aastasse." in wrong_year.text
    assert "Kirjuta, kes tegevuse eest vastutab." in wrong_year.text
    assert await PlanActivity.count() == 1
    evaluated = await post(
        municipality_client,
        f"/municipality/meetings/plan/evaluation?year={year}",
        {"evaluation": "Aasta läks hästi."},
    )
    assert evaluated.status_code == 303
    assert (await PlanEvaluation.select().first())["text"] == "Aasta läks hästi."
    page = (await municipality_client.get(f"/municipality/meetings?year={year}")).text
    assert "Koolitus märkamisest" in page and "Aasta läks hästi." in page
    network = (await municipality_client.get("/municipality/network")).text
    assert "tegevusi: 1" in network


async def _token(client):
    from tests.helpers import csrf_from

    return csrf_from((await client.get("/account")).text)


async def test_the_network_leader_sees_the_next_meeting_on_the_dashboard(
    municipality_client, network_town
):
    soon = TODAY + timedelta(days=3)
    await _meetings(network_town["tartu"], soon, status="planned")
    await NetworkLeader.insert(
        NetworkLeader(
            municipality=network_town["tartu"],
            user=network_town["tartu.networklead"],
            starts_on=date(2025, 1, 1),
        )
    )
    await sign_in(municipality_client, "tartu.networklead")
    home = (await municipality_client.get("/")).text
    assert "Võrgustiku kohtumised" in home
    assert f"Järgmine kavandatud kohtumine: {soon.strftime('%d.%m.%Y')}" in home
    await switch_to(municipality_client, "tartu.police")
    assert "Võrgustiku kohtumised" not in (await municipality_client.get("/")).text
