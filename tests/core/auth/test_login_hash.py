"""A login waiting for its password hash holds nothing another request needs (issue #16's login
storm): a page that writes an audit row is answered while a login's hash is under way.

The account's stored hash is made at a slow argon2 cost (verifying it takes about half a second:
a stored hash carries its own cost; the login then makes it again at the server's), and the real
server keeps one pooled connection, so a login that held its transaction through the hash would
hold SQLite's write lock, which the page's audit row needs, or PostgreSQL's only connection."""

import asyncio
from datetime import date

import httpx
import pytest

from core.audit.tables import AuditEvent
from core.auth.sessions import SESSION_COOKIE, start_session
from core.auth.tables import LoginThrottle, Membership, User
from tests.conftest import serve
from tests.core.people.conftest import make_child
from tests.helpers import PASSWORD, csrf_from

pytestmark = pytest.mark.anyio

# PASSWORD hashed at 60 passes over 8 MiB: about half a second to verify, made once
# (`argon2.PasswordHasher(time_cost=60, memory_cost=8192, parallelism=1).hash(PASSWORD)`).
SLOW_HASH = (
    "$argon2id$v=19$m=8192,t=60,p=1$9Ejs/gpg5kLO1YZXDfOU4w"
    "$hurNm15isIXDjRJuQZw/i8f/DOii/YnmE7+FIiC2J3Y"
)


async def test_a_page_is_answered_while_a_login_verifies_its_password(people):
    await User.update({User.password_hash: SLOW_HASH}).where(User.id == people["tartu.admin"])
    child = await make_child("Mia", "Kask", date(2020, 5, 6), people["tartu_office"])
    [membership] = await Membership.select(Membership.id).where(
        Membership.user == people["tartu.cps"]
    )
    token = await start_session(people["tartu.cps"], membership["id"], verified=True)
    with serve(HEAOLU_DATABASE_POOL_SIZE="1") as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            form = await client.get("/login")
            login = asyncio.create_task(
                client.post(
                    "/login",
                    data={
                        "username": "tartu.admin",
                        "password": PASSWORD,
                        "_csrf_token": csrf_from(form.text),
                    },
                    headers={"cookie": form.headers["set-cookie"].split(";")[0]},
                )
            )
            await asyncio.sleep(0.1)
            page = await client.get(
                f"/children/{child}", headers={"cookie": f"{SESSION_COOKIE}={token}"}
            )
            assert page.status_code == 200
            assert not login.done(), "the page waited for the login's password hash"
            assert (await login).status_code == 303
    viewed = await AuditEvent.count().where(
        (AuditEvent.action == "child.viewed") & (AuditEvent.object_id == str(child))
    )
    assert viewed == 1


async def test_wrong_passwords_sent_at_once_are_counted_one_by_one(people, live_server):
    """Twelve wrong passwords at once all pass the first look at the throttle; the second, in
    the transaction that records each outcome, counts them one after another: every refusal
    as wrong (401) is one failure counted, and those past the allowance learn nothing (429)."""
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        form = await client.get("/login")
        fields = {"username": "tartu.cps", "password": "guess guess guess"}
        answers = await asyncio.gather(
            *(
                client.post(
                    "/login",
                    data={**fields, "_csrf_token": csrf_from(form.text)},
                    headers={"cookie": form.headers["set-cookie"].split(";")[0]},
                )
                for _ in range(12)
            )
        )
    statuses = sorted(answer.status_code for answer in answers)
    wrong = statuses.count(401)
    assert statuses.count(429) == 12 - wrong > 0
    pair = await LoginThrottle.select(LoginThrottle.failures).where(
        LoginThrottle.key == "pair:tartu.cps|127.0.0.1"
    )
    assert pair == [{"failures": wrong}]
