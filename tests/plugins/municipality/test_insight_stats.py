"""Statistics never show a count below 5 nor any name (a small municipality)."""

import csv
import io
import re
from datetime import date

import pytest

from core.cases.tables import PlanTask
from core.forms.tables import FormSubmission
from plugins.municipality.insight.tables import YearNote
from tests.helpers import post, sign_in
from tests.plugins.municipality.insight_fixtures import (
    TODAY,
    insight_fixture,  # noqa: F401 - the fixture `insight`
    make_case,
    make_child,
    moment,
)

pytestmark = pytest.mark.anyio
YEAR = TODAY.year - 1
NAMES = ("Salme", "Sõrmus", "Tõnis", "Ülevaate")


async def small_municipality(ids):
    """Seven cases of Tartu's children last year: six of Tartu Kool, one of the kindergarten;
    two closed; one opened by a noticing sheet with a task two days later."""
    cases = []
    for number in range(7):
        child = await make_child(
            NAMES[number % 4],
            f"{NAMES[(number + 1) % 4]}{number}",
            date(2016, 1, 1 + number),
            ids["tartu"],
        )
        owner = ids["kindergarten"] if number == 6 else ids["tartu_school"]
        closed = moment(date(YEAR, 10, 5)) if number in (0, 1) else None
        cases.append(
            await make_case(
                child,
                owner,
                ids["tartu"],
                ids["tartu.casemanager"],
                opened=moment(date(YEAR, 1 + number % 3, 3)),
                closed=closed,
            )
        )
        if number == 2:
            await FormSubmission.insert(
                FormSubmission(
                    form_key="core.noticing",
                    form_version=1,
                    child=child,
                    case=cases[-1],
                    data={},
                    author=ids["tartu.casemanager"],
                    author_organisation=ids["tartu_school"],
                    created_at=moment(date(YEAR, 3, 3)),
                )
            )
            await PlanTask.insert(
                PlanTask(case=cases[-1], title="Kohtumine", created_at=moment(date(YEAR, 3, 5)))
            )
    return cases


def small_counts_in_html(html):
    cells = re.findall(r"<td>([^<]*)</td>", html) + re.findall(r"<text[^>]*>([^<]*)</text>", html)
    return [cell for cell in cells if cell.strip() in {"1", "2", "3", "4"}]


async def test_the_page_and_the_file_show_no_count_under_5_and_no_name(
    municipality_client, insight
):
    await small_municipality(insight)
    await sign_in(municipality_client, "tartu.police")
    response = await municipality_client.get(f"/municipality/stats?year={YEAR}")
    assert response.status_code == 200
    html = response.text
    assert "&lt;5" in html
    assert small_counts_in_html(html) == []
    for name in NAMES:
        assert name not in html
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "Tartu Kool" in html  # institutions are named; the kindergarten's 1 is hidden
    assert "Vähem kui 5 juhtumit" in html  # time to support from one case: not shown

    exported = await municipality_client.get(f"/municipality/stats.csv?year={YEAR}")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    cells = [cell for row in csv.reader(io.StringIO(exported.text), delimiter=";") for cell in row]
    assert "<5" in cells
    assert not [cell for cell in cells if cell in {"1", "2", "3", "4"}]
    for name in NAMES:
        assert name not in exported.text


async def test_the_month_table_totals_and_suppression(municipality_client, insight):
    await small_municipality(insight)
    await sign_in(municipality_client, "tartu.casemanager")
    html = (await municipality_client.get(f"/municipality/stats?year={YEAR}")).text
    months = html.split('id="cases-by-month"', 1)[1].split("</table>", 1)[0]
    # 7 opened in January to March (3, 2, 2) and 2 closed in October: every month and both
    # rows' totals are hidden (the closed row's 2 would give away the opened row's 7); the
    # grand total 9 is shown.
    assert "<td>9</td>" in months
    assert "<td>7</td>" not in months
    by_sector = html.split('id="cases-by-sector"', 1)[1].split("</table>", 1)[0]
    assert "Haridus" in by_sector and "<td>9</td>" in by_sector


async def test_a_bad_year_is_answered_in_estonian(municipality_client, insight):
    await sign_in(municipality_client, "tartu.police")
    response = await municipality_client.get("/municipality/stats?year=kaks")
    assert response.status_code == 400
    assert "Vali aasta 2000 ja 2100 vahel." in response.text


async def test_the_network_leader_records_survey_results_and_the_police_only_reads_them(
    municipality_client, insight
):
    await sign_in(municipality_client, "tartu.networklead")
    empty = await post(
        municipality_client,
        "/municipality/stats/notes",
        {"year": str(YEAR), "kind": "survey", "text": ""},
    )
    assert empty.status_code == 400
    assert "Kirjuta märge" in empty.text
    assert await YearNote.count() == 0
    saved = await post(
        municipality_client,
        "/municipality/stats/notes",
        {"year": str(YEAR), "kind": "survey", "text": "Lapsevanemate rahulolu 4,2 / 5"},
    )
    assert saved.status_code == 303
    note = await YearNote.select().first()
    edited = await post(
        municipality_client,
        f"/municipality/stats/notes/{note['id']}",
        {"kind": "survey", "text": "Rahulolu 4,3 / 5", "version": str(note["version"])},
    )
    assert edited.status_code == 303
    stale = await post(
        municipality_client,
        f"/municipality/stats/notes/{note['id']}",
        {"kind": "survey", "text": "Vana", "version": str(note["version"])},
    )
    assert stale.status_code == 409

    await post(municipality_client, "/logout")
    await sign_in(municipality_client, "tartu.police")
    page = await municipality_client.get(f"/municipality/stats?year={YEAR}")
    assert "Rahulolu 4,3 / 5" in page.text
    assert 'action="/municipality/stats/notes"' not in page.text
    refused = await post(
        municipality_client,
        "/municipality/stats/notes",
        {"year": str(YEAR), "kind": "supervision", "text": "Teemad"},
        token_page="/municipality/stats",
    )
    assert refused.status_code == 403


async def test_who_sees_which_page(municipality_client, insight):
    expected = {
        "tartu.police": {"stats": 200, "transitions": 403, "home-children": 403},
        "tartu.casemanager": {"stats": 200, "transitions": 200, "home-children": 403},
        "tartu.welfare": {"stats": 200, "transitions": 200, "home-children": 200},
        "tartu.education": {"stats": 200, "transitions": 200, "home-children": 200},
        "tartu.cps": {"stats": 403, "transitions": 403, "home-children": 403},
    }
    for username, pages in expected.items():
        await sign_in(municipality_client, username)
        home = (await municipality_client.get("/")).text
        for path, status in pages.items():
            response = await municipality_client.get(f"/municipality/{path}")
            assert response.status_code == status, (username, path)
            assert (f'href="/municipality/{path}"' in home) == (status == 200), (username, path)
        await post(municipality_client, "/logout")
