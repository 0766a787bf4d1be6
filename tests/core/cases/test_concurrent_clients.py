"""Many people at once on one server: reads never wait for the write lock or fail for it, and
every read that is audited has its audit row by the time its answer arrives.

Against a real server (one worker), 32 clients at once, each browsing a case, the child and the
lists and adding entries to the case. Takes a few seconds: that is the point of it."""

import asyncio

import httpx
import pytest

from bench.accounts import session_cookie
from core.audit.tables import AuditEvent
from core.cases.tables import CaseEntry
from core.request_id import HEADER
from tests.core.cases.conftest import open_case
from tests.helpers import csrf_from, new_submission_key

pytestmark = pytest.mark.anyio

CLIENTS = 32
ROUNDS = 3


async def browse_and_write(base_url: str, cookie: str, case_id: int, child_id: int, number: int):
    """One person's few minutes, squeezed: returns (answers to audited reads, all answers,
    bodies of the entries the server said it stored)."""
    audited, answers, stored = [], [], []
    async with httpx.AsyncClient(
        base_url=base_url, headers={"cookie": cookie}, timeout=60
    ) as client:
        token = csrf_from((await client.get(f"/cases/{case_id}")).text)
        for round_number in range(ROUNDS):
            for path in (f"/cases/{case_id}", f"/children/{child_id}"):
                answer = await client.get(path)
                audited.append(answer)
                answers.append(answer)
            answers.append(await client.get("/cases"))
            answers.append(await client.get("/"))
            body = f"Märkus {number}.{round_number}"
            answer = await client.post(
                f"/cases/{case_id}/entries",
                data={
                    "kind": "note",
                    "body": body,
                    "sensitivity": "none",
                    "_csrf_token": token,
                    "_submission_key": new_submission_key(),
                },
            )
            answers.append(answer)
            if answer.status_code == 303:
                stored.append(body)
    return audited, answers, stored


async def test_thirty_two_clients_reading_and_writing_get_no_error_and_every_read_is_audited(
    live_server, notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    cookies = [await session_cookie(("teacher", "coordinator")[n % 2]) for n in range(CLIENTS)]

    results = await asyncio.gather(
        *(
            browse_and_write(live_server, cookie, case_id, casework["child"], n)
            for n, cookie in enumerate(cookies)
        )
    )

    answers = [answer for _, every, _ in results for answer in every]
    assert len(answers) == CLIENTS * ROUNDS * 5
    assert sorted({answer.status_code for answer in answers}) == [200, 303]
    audited_ids = {answer.headers[HEADER] for audited, _, _ in results for answer in audited}
    rows = await AuditEvent.select(AuditEvent.request_id).where(
        AuditEvent.request_id.is_in(list(audited_ids))
    )
    assert {row["request_id"] for row in rows} == audited_ids
    stored = [body for _, _, bodies in results for body in bodies]
    assert len(stored) == CLIENTS * ROUNDS
    assert await CaseEntry.count().where(CaseEntry.body.is_in(stored)) == len(stored)
