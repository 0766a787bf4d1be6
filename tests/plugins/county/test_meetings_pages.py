"""County meetings: the coordinator plans and records them with attendance, the union's
twice-a-year and the leads' four-a-year status follow core's rule, the action plan and the
library (searched without diacritics) are read by every logged-in user, and only the
coordinator keeps them. Bad input is shown in the page and nothing is written."""

from datetime import date

import pytest

from plugins.county.meetings.tables import CountyMeeting
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


async def _plan(client, **fields):
    data = {"kind": "union", "meets_on": "15.01.2026", "title": "Liidu kohtumine", **fields}
    return await post(client, "/county/meetings?year=2026", data, "/county/meetings")


async def test_the_coordinator_plans_and_records_a_meeting_with_attendance(county_client, county):
    await sign_in(county_client, "county.coordinator")
    planned = await _plan(county_client)
    assert planned.status_code == 303
    where = planned.headers["location"]
    tartu = county["tartu"]
    recorded = await post(
        county_client,
        where,
        {
            "meets_on": "15.01.2026",
            "title": "Liidu kohtumine",
            "status": "held",
            "notes": "Mudelid",
            f"present_{tartu}": "on",
            f"attendees_{tartu}": "Kaie Korraldaja",
        },
        where,
    )
    assert recorded.status_code == 303
    shown = (await county_client.get(where)).text
    assert "Kaie Korraldaja" in shown
    year = (await county_client.get("/county/meetings?year=2026")).text
    assert "Liidu kohtumine" in year
    assert "1 / 2 toimunud" in year


async def test_a_held_meeting_needs_attendance_and_a_bad_date_is_shown(county_client, county):
    await sign_in(county_client, "county.coordinator")
    bad = await _plan(county_client, meets_on="31.02.2026")
    assert bad.status_code == 400
    assert "Liidu kohtumine" in bad.text
    where = (await _plan(county_client)).headers["location"]
    refused = await post(
        county_client,
        where,
        {"meets_on": "15.01.2026", "title": "Liidu kohtumine", "status": "held"},
        where,
    )
    assert refused.status_code == 400
    assert [row["status"] for row in await CountyMeeting.select(CountyMeeting.status)] == [
        "planned"
    ]


async def test_the_library_is_searched_without_diacritics_and_read_by_everyone(
    county_client, county
):
    await sign_in(county_client, "county.coordinator")
    added = await post(
        county_client,
        "/county/meetings/library",
        {"title": "Ümarlaud lapsevanemaga", "kind": "good_practice", "text": "Õpetus"},
        "/county/meetings/library",
    )
    assert added.status_code == 303
    no_text = await post(
        county_client,
        "/county/meetings/library",
        {"title": "Tühi", "kind": "material"},
        "/county/meetings/library",
    )
    assert no_text.status_code == 400
    await sign_in(county_client, "elva.casemanager")
    assert 'href="/county/meetings/library"' in (await county_client.get("/")).text
    found = await county_client.get("/county/meetings/library?q=umarlaud")
    assert "Ümarlaud lapsevanemaga" in found.text
    assert "Tühi" not in found.text
    assert "Ümarlaud" not in (await county_client.get("/county/meetings/library?q=xyz")).text
    refused = await post(
        county_client,
        "/county/meetings/library",
        {"title": "Võõras", "kind": "material", "text": "x"},
        "/county/meetings/library",
    )
    assert refused.status_code == 403
    assert (
        await county_client.get(f"/county/meetings?year={date.today().year}")
    ).status_code == 200


async def test_the_action_plan_is_kept_by_the_coordinator(county_client, county):
    await sign_in(county_client, "county.coordinator")
    saved = await post(
        county_client,
        "/county/meetings/plan?year=2026",
        {"plan": "Kaks kohtumist"},
        "/county/meetings",
    )
    assert saved.status_code == 303
    empty = await post(
        county_client, "/county/meetings/plan?year=2026", {"plan": ""}, "/county/meetings"
    )
    assert empty.status_code == 400
    await sign_in(county_client, "tartu.casemanager")
    assert "Kaks kohtumist" in (await county_client.get("/county/meetings?year=2026")).text
