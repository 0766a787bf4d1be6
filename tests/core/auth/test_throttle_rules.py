"""The throttle's rules, one by one, against the real table."""

from datetime import UTC, datetime, timedelta

import pytest

from core.auth import throttle
from core.auth.tables import LoginThrottle

pytestmark = pytest.mark.anyio


async def fail(times: int, checked):
    for _ in range(times):
        await throttle.record_failure(checked)


async def test_each_failure_past_the_allowance_doubles_the_wait(clean_database):
    checked = throttle.keys("mari", "198.51.100.1")[:1]  # the account-and-address key
    await fail(throttle.PAIR.allowance - 1, checked)
    assert await throttle.seconds_to_wait(checked) == 0
    await fail(1, checked)
    first = await throttle.seconds_to_wait(checked)
    await fail(3, checked)
    assert await throttle.seconds_to_wait(checked) >= 8 * first - 1


@pytest.mark.parametrize("rule", [throttle.PAIR, throttle.ADDRESS, throttle.ACCOUNT])
async def test_the_wait_is_capped(clean_database, rule):
    checked = [(rule, f"{rule.prefix}:someone")]
    await fail(rule.allowance + 40, checked)
    assert await throttle.seconds_to_wait(checked) <= rule.cap_seconds
    assert await throttle.seconds_to_wait(checked) >= rule.cap_seconds - 2


async def test_one_address_trying_many_accounts_is_slowed(clean_database):
    for number in range(throttle.ADDRESS.allowance + 1):
        await throttle.record_failure(throttle.keys(f"user{number}", "203.0.113.5"))
    assert await throttle.seconds_to_wait(throttle.keys("somebody.else", "203.0.113.5")) > 0
    assert await throttle.seconds_to_wait(throttle.keys("somebody.else", "203.0.113.6")) == 0


async def test_failures_are_forgotten_an_hour_after_the_last_one(clean_database):
    checked = throttle.keys("mari", "198.51.100.1")
    await fail(throttle.PAIR.allowance + 3, checked)
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    await LoginThrottle.update(
        {LoginThrottle.last_failure_at: long_ago, LoginThrottle.blocked_until: long_ago},
        force=True,
    )
    await fail(1, checked)
    assert await throttle.seconds_to_wait(checked) == 0
    rows = await LoginThrottle.select(LoginThrottle.failures)
    assert {row["failures"] for row in rows} == {1}


async def test_a_success_clears_the_account_but_not_the_address(client, people):
    from tests.helpers import log_in

    await log_in(client, "tartu.cps", "a wrong password")
    await log_in(client, "tartu.cps")
    keys = {row["key"] for row in await LoginThrottle.select(LoginThrottle.key)}
    assert keys == {"address:testclient"}
