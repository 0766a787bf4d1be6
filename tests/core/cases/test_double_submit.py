"""A creating form sent twice with one submission key stores once, answered as the first time."""

import asyncio
import re

import pytest

from core.cases.tables import Case, CaseEntry, PlanGoal, Report
from tests.core.cases.conftest import SHEET, open_case, switch
from tests.helpers import csrf_from, live_session, new_submission_key, post, run_heaolu

pytestmark = pytest.mark.anyio


async def test_a_sheet_and_an_entry_sent_at_once_store_once(live_server, casework):
    """Four simultaneous POSTs of one form (a double click, a retrying proxy) against a real
    server: the first stores, the others wait for it and are sent where it led."""
    async with live_session(live_server, "teacher") as (client, token):
        sheet = {
            "child": str(casework["child"]),
            **SHEET,
            "_csrf_token": token,
            "_submission_key": new_submission_key(),
        }
        answers = await asyncio.gather(*(client.post("/notice", data=sheet) for _ in range(4)))
        assert [answer.status_code for answer in answers] == [303] * 4
        [case_path] = {answer.headers["location"] for answer in answers}
        assert await Case.count() == 1
        assert await Report.count() == 0

        entry = {
            "kind": "note",
            "body": "Vestlesin Mariga vahetunnis.",
            "sensitivity": "none",
            "_csrf_token": token,
            "_submission_key": new_submission_key(),
        }
        answers = await asyncio.gather(
            *(client.post(f"{case_path}/entries", data=entry) for _ in range(4))
        )
    assert [answer.status_code for answer in answers] == [303] * 4
    assert len({answer.headers["location"] for answer in answers}) == 1
    assert await CaseEntry.count().where(CaseEntry.body == entry["body"]) == 1


async def test_a_goal_sent_again_is_answered_as_before_and_stored_once(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    goal = {"goal": "Mari räägib rühmatöös kaasa.", "_submission_key": new_submission_key()}
    first = await post(notes_client, f"/cases/{case_id}/goals", goal)
    again = await post(notes_client, f"/cases/{case_id}/goals", goal)
    assert (first.status_code, again.status_code) == (303, 303)
    assert first.headers["location"] == again.headers["location"] == f"/cases/{case_id}#plan"
    assert await PlanGoal.count() == 1
    another = await post(notes_client, f"/cases/{case_id}/goals", {"goal": "Teine eesmärk."})
    assert another.status_code == 303
    assert await PlanGoal.count() == 2


async def test_a_form_without_its_key_is_refused_clearly_and_stores_nothing(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    page = await notes_client.get(f"/cases/{case_id}")
    for key in ("", "short", "x" * 65, "ei sobi ühtegi märki!!"):
        response = await notes_client.post(
            f"/cases/{case_id}/goals",
            data={"goal": "Eesmärk", "_csrf_token": csrf_from(page.text), "_submission_key": key},
        )
        assert response.status_code == 400
        assert "Vorm oli puudulik." in response.text
    assert await PlanGoal.count() == 0


async def test_every_form_carries_a_fresh_key(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    first = keys_in((await notes_client.get(f"/cases/{case_id}")).text)
    second = keys_in((await notes_client.get(f"/cases/{case_id}")).text)
    assert len(set(first)) == len(first) > 1, "each form on the page has its own key"
    assert set(first).isdisjoint(second)


def keys_in(html: str) -> list[str]:
    return re.findall(r'name="_submission_key" value="([^"]+)"', html)


async def test_a_refused_form_can_be_sent_again_with_its_key(notes_client, casework):
    """A form answered with its errors stored nothing: the same key stores when it is fixed."""
    case_id = await open_case(notes_client, casework)
    key = new_submission_key()
    empty = await post(
        notes_client, f"/cases/{case_id}/goals", {"goal": "", "_submission_key": key}
    )
    assert empty.status_code == 400
    fixed = await post(
        notes_client, f"/cases/{case_id}/goals", {"goal": "Eesmärk", "_submission_key": key}
    )
    assert fixed.status_code == 303
    assert await PlanGoal.count() == 1


async def test_another_users_key_is_refused(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    key = new_submission_key()
    goal = {"goal": "Õpetaja eesmärk", "_submission_key": key}
    assert (await post(notes_client, f"/cases/{case_id}/goals", goal)).status_code == 303
    await switch(notes_client, "coordinator")
    stolen = await post(notes_client, f"/cases/{case_id}/goals", {**goal, "goal": "Võõras"})
    assert stolen.status_code == 400
    assert await PlanGoal.count() == 1


async def test_an_htmx_entry_sent_again_leads_to_the_page_it_was_sent_from(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    page = await notes_client.get(f"/cases/{case_id}")
    entry = {
        "kind": "note",
        "body": "Märkus htmx-iga.",
        "sensitivity": "none",
        "_submission_key": new_submission_key(),
    }
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": f"https://testserver.local/cases/{case_id}",
        "X-CSRF-Token": csrf_from(page.text),
    }
    first = await notes_client.post(f"/cases/{case_id}/entries", data=entry, headers=headers)
    again = await notes_client.post(f"/cases/{case_id}/entries", data=entry, headers=headers)
    assert first.status_code == 200 and "Märkus htmx-iga." in first.text
    assert again.status_code == 200
    assert again.headers["hx-redirect"] == f"/cases/{case_id}"
    assert await CaseEntry.count().where(CaseEntry.body == entry["body"]) == 1


async def test_keys_go_a_day_after_their_form_was_sent(people):
    from datetime import UTC, datetime, timedelta

    from core.auth.tables import SubmissionKey
    from tests.core.consent.test_retention import counts

    await SubmissionKey.insert(
        SubmissionKey(
            key=new_submission_key(),
            user=people["tartu.cps"],
            location="/",
            created_at=datetime.now(UTC) - timedelta(days=1, minutes=1),
        ),
        SubmissionKey(key="kept-" + new_submission_key(), user=people["tartu.cps"], location="/"),
    )
    applied = run_heaolu("retention", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert counts(applied.stdout)["used one-time submission keys"] == 1
    [kept] = await SubmissionKey.select(SubmissionKey.key)
    assert kept["key"].startswith("kept-")
