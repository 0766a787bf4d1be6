"""The county dashboard's agreements and requests between municipalities: which municipalities
joined the cooperation agreement and when, and per asked municipality the open requests with
the oldest one's age and how many are past the reminder's working days; counts only, a count
below 5 as "fewer than 5", and a fixed number of statements however many requests there are."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.api import TIME_ZONE, add_working_days
from plugins.county.agreements.tables import AgreementMember
from plugins.county.dashboard.between import open_requests, reminded_before
from plugins.county.requests.reminders import REMINDER_WORKING_DAYS
from plugins.county.requests.tables import NoticedRequest
from tests.core.people.conftest import make_child
from tests.helpers import sign_in, statements_received

pytestmark = pytest.mark.anyio


async def _asked(county, child, days_ago, answered=False, to=None):
    asked = datetime.now(tz=UTC) - timedelta(days=days_ago)
    await NoticedRequest(
        child=child,
        from_organisation=county["tartu_office"],
        from_municipality=county["tartu"],
        to_municipality=to or county["elva"],
        asked_by=county["tartu.casemanager"],
        asked_at=asked,
        purpose="Kas Mari on teile teada?",
        basis="consent",
        answered_at=asked if answered else None,
        known=False if answered else None,
    ).save()


def _late(today, days_ago):
    """Whether a request asked ``days_ago`` days ago is past the reminder's working days."""
    asked = (datetime.now(tz=UTC) - timedelta(days=days_ago)).astimezone(TIME_ZONE).date()
    return add_working_days(asked, REMINDER_WORKING_DAYS) <= today


async def test_the_dashboard_shows_membership_and_open_requests_as_counts(county_client, county):
    await AgreementMember(municipality=county["tartu"], joined_on=date(2025, 9, 1)).save()
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_office"])
    ages = (0, 2, 9, 12, 30, 40)
    for days in ages:
        await _asked(county, child, days)
    await _asked(county, child, 90, answered=True)
    today = datetime.now(tz=TIME_ZONE).date()

    [elva] = await open_requests(today)
    assert elva["name"] == "Elva vald"
    assert elva["open"] == len(ages)
    assert elva["oldest_days"] in (40, 41)  # the day may turn between the two clocks
    assert elva["late"] == sum(_late(today, days) for days in ages)

    await sign_in(county_client, "county.coordinator")
    page = (await county_client.get("/county/dashboard")).text
    assert "Mets" not in page and "Kas Mari" not in page
    assert "01.09.2025" in page  # Tartu linn joined
    assert "ei ole liitunud" in page  # Elva vald has not
    late = "alla 5" if elva["late"] else "0"  # 9 days ago may be past or not (holidays)
    assert f"<td>Elva vald</td><td>6</td><td>{elva['oldest_days']}</td><td>{late}</td>" in page


async def test_the_page_reads_the_same_number_of_statements_for_more_requests(
    county_client, county
):
    """Aggregated in the database: more requests and more municipalities asked read no more."""
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_office"])
    await _asked(county, child, 3)
    await sign_in(county_client, "county.coordinator")
    await county_client.get("/county/dashboard")

    async def statements():
        with statements_received(county_client.app.state.engine) as received:
            assert (await county_client.get("/county/dashboard")).status_code == 200
        return len(received)

    few = await statements()
    for days in range(20):
        await _asked(county, child, days, to=county["tartu"] if days % 2 else county["elva"])
    await AgreementMember(municipality=county["elva"], joined_on=date(2026, 1, 1)).save()
    assert await statements() == few


def test_reminded_before_is_a_day_start_in_estonia():
    moment = reminded_before(date(2026, 12, 4))
    assert moment.tzinfo is TIME_ZONE and moment.hour == 0
    assert add_working_days(moment.date() - timedelta(days=1), REMINDER_WORKING_DAYS) <= date(
        2026, 12, 4
    )
    assert add_working_days(moment.date(), REMINDER_WORKING_DAYS) > date(2026, 12, 4)
