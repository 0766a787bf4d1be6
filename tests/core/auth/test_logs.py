"""Logs: structured, with the request id and user id, and never a secret."""

import json
import logging

import pytest

from core.auth.sessions import SESSION_COOKIE
from core.auth.tables import User
from core.request_log import JsonFormatter
from tests.helpers import csrf_from, log_in, post

pytestmark = pytest.mark.anyio
CANARY_PASSWORD = "kanaarilind-parool-9f3a71"
CANARY_SEARCH = "Kanaarilind-Otsing-51c2"


async def test_canary_values_never_reach_the_logs(client, people, caplog):
    from core.auth.passwords import hash_password

    await User.update({User.password_hash: await hash_password(CANARY_PASSWORD)}).where(
        User.id == people["tartu.cps"]
    )
    caplog.set_level(logging.DEBUG)
    await log_in(client, "tartu.cps", "wrong-" + CANARY_PASSWORD)
    await log_in(client, "tartu.cps", CANARY_PASSWORD)
    session = client.cookies.get(SESSION_COOKIE)
    account = await client.get(f"/account?q={CANARY_SEARCH}")
    token = csrf_from(account.text)
    await client.get(f"/no/such/page?name={CANARY_SEARCH}")
    await post(client, "/logout")

    formatter = JsonFormatter()
    # httpx logs the test client's own requests (the client side, not heaolu): left out.
    records = [record for record in caplog.records if record.name != "httpx"]
    captured = "\n".join(formatter.format(record) for record in records)
    captured += "\n".join(repr(record.__dict__) for record in records)
    assert "request" in captured  # the request log itself was captured
    for secret in (CANARY_PASSWORD, CANARY_SEARCH, session, token):
        assert secret not in captured


async def test_each_request_is_one_json_line_with_ids(staff_client, people, caplog):
    caplog.set_level(logging.INFO, logger="heaolu.request")
    response = await staff_client.get("/account?secret=1")
    [record] = [r for r in caplog.records if r.name == "heaolu.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["user_id"] == people["tartu.cps"]
    assert line["path"] == "/account"
    assert line["status"] == 200
    assert "secret" not in json.dumps(line)
