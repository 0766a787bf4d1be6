"""Passwords: argon2id, rehash on login, the policy, changing one's password."""

import os
import sys
import threading
from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from core.auth.passwords import hash_password, password_problems, verify_password
from core.auth.tables import Session, User
from core.settings import Argon2Cost, Settings, SettingsError
from tests.conftest import BASE_URL, make_app
from tests.helpers import PASSWORD, log_in, post

pytestmark = pytest.mark.anyio
COMMON_LONG = next(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12)


async def test_passwords_are_hashed_with_argon2id():
    assert (await hash_password("a long enough password")).startswith("$argon2id$")


@pytest.fixture
def production_cost(settings):
    """Settings at the production password cost (argon2-cffi's defaults), bound for this test,
    where the rest of the suite hashes at the least cost; the test cost is bound again after."""
    from core.auth import passwords

    passwords.configure(Argon2Cost())
    yield replace(settings, argon2=Argon2Cost())
    passwords.configure(settings.argon2)


def test_the_default_cost_is_argon2s_own():
    default = PasswordHasher()
    cost = Settings.from_env({}).argon2
    assert (cost.time_cost, cost.memory_kib, cost.parallelism) == (
        default.time_cost,
        default.memory_cost,
        default.parallelism,
    )


async def test_an_old_hash_is_upgraded_at_the_next_login(production_cost, clean_database, people):
    from litestar.testing import AsyncTestClient

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    await User.update({User.password_hash: weak}).where(User.id == people["tartu.cps"])
    async with AsyncTestClient(make_app(production_cost), base_url=BASE_URL) as client:
        client.follow_redirects = False
        assert (await log_in(client, "tartu.cps")).status_code == 303
    stored = await User.select(User.password_hash).where(User.id == people["tartu.cps"]).first()
    assert stored["password_hash"] != weak
    assert "$m=65536,t=3,p=4$" in stored["password_hash"]
    assert await verify_password(stored["password_hash"], PASSWORD)


def test_a_cheap_password_cost_is_refused_for_production():
    cheap = Settings.from_env(
        {
            "HEAOLU_ARGON2_TIME_COST": "1",
            "HEAOLU_ARGON2_MEMORY_KIB": "8",
            "HEAOLU_ARGON2_PARALLELISM": "1",
        }
    ).production_problems()
    assert any("HEAOLU_ARGON2_MEMORY_KIB" in problem for problem in cheap)
    assert not any("ARGON2" in p for p in Settings.from_env({}).production_problems())


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HEAOLU_ARGON2_TIME_COST", "0"),
        ("HEAOLU_ARGON2_MEMORY_KIB", "²"),
        ("HEAOLU_ARGON2_PARALLELISM", "8"),
    ],
)
def test_a_password_cost_argon2_cannot_use_stops_start_up(variable, value):
    environ = {variable: value}
    if variable == "HEAOLU_ARGON2_PARALLELISM":
        environ["HEAOLU_ARGON2_MEMORY_KIB"] = "32"
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env(environ)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", "at least 12"),
        (COMMON_LONG, "most common"),
        ("Tartulinn2026!!", "name"),
        ("Peipsiääre vald 1", "name"),
        ("mari.maasikas99", "name"),
    ],
)
def test_the_policy_refuses_short_common_and_personal_passwords(password, problem):
    from core.i18n import set_language

    set_language("en")
    context = ["mari.maasikas", "Mari Maasikas", "Tartu linn", "Peipsiääre vald"]
    assert problem in " ".join(password_problems(password, context))


@pytest.mark.parametrize(
    "password",
    ["twelve chars", "õun ja pirn ja ploom", "x" * 64 + " and more", "🦔 siil metsas 🌲"],
)
def test_the_policy_accepts_any_characters_and_long_passwords(password):
    assert password_problems(password, ["mari.maasikas", "Tartu linn"]) == []


async def test_a_long_password_is_never_truncated(client, people):
    long = "sõnad " * 20  # 120 characters: no truncation at 72 bytes as with bcrypt
    await User.update({User.password_hash: await hash_password(long)}).where(
        User.id == people["tartu.cps"]
    )
    assert (await log_in(client, "tartu.cps", long[:72])).status_code == 401
    assert (await log_in(client, "tartu.cps", long)).status_code == 303


async def test_changing_the_password_needs_the_current_one(staff_client, people):
    wrong = await post(
        staff_client,
        "/account/password",
        {
            "current_password": "not it at all",
            "new_password": "uus pikk parool 2026",
            "repeat_password": "uus pikk parool 2026",
        },
    )
    assert wrong.status_code == 400
    assert "Praegune parool on vale." in wrong.text
    bad = await post(
        staff_client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "repeat_password": "short"},
    )
    assert bad.status_code == 400
    assert "vähemalt 12 märki" in bad.text


async def test_changing_the_password_can_end_the_other_sessions(staff_client, people, settings):
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, make_app

    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as elsewhere:
        elsewhere.follow_redirects = False
        await log_in(elsewhere, "tartu.cps")
        assert (await elsewhere.get("/")).status_code == 200
        changed = await post(
            staff_client,
            "/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "uus pikk parool 2026",
                "repeat_password": "uus pikk parool 2026",
                "end_other_sessions": "1",
            },
        )
        assert changed.status_code == 303
        assert (await elsewhere.get("/")).status_code == 303  # sent to the login page
    assert (await staff_client.get("/")).status_code == 200  # this session lives on
    assert await Session.count().where(Session.user == people["tartu.cps"]) == 1


async def test_a_burst_of_password_checks_leaves_the_event_loop_free(production_cost):
    """Hashing runs in worker threads: while four checks run, other work (other pages) goes on.
    At the production cost, each check takes about 0.1 s."""
    import asyncio

    from core.auth.passwords import verify_password

    done = asyncio.Event()
    ticks = 0

    async def other_work():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.001)

    worker = asyncio.create_task(other_work())
    await asyncio.gather(*(verify_password(None, "a password") for _ in range(4)))
    done.set()
    await worker
    assert ticks > 20  # were the checks run on the loop, it would tick once between them


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own nice value is Linux's")
async def test_hashes_run_at_a_low_cpu_priority():
    """A hash gets only the CPU no request is waiting for (argon2's lane threads inherit the
    priority of the thread that starts them)."""
    from core.auth import passwords

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert await passwords._in_hashing_thread(niceness) == passwords.HASHING_NICENESS == 10
