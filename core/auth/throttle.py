"""Login throttling, stored in the database so that it holds across workers and hosts.

Failures are counted per account and address together, per address, and per account. Past a
key's allowance every further failure doubles the wait, up to the key's cap. The per-account cap
is short, so an outsider guessing from many addresses cannot lock a real user out for long, and
the user's own address is slowed only by its own failures. A success clears the account's keys.
A key forgets its failures an hour after the last one.

The login asks `seconds_to_wait` again in the write transaction that records its outcome, after
`serialize`: attempts made at once are then counted one after another, so the allowance holds
for them too (on SQLite the write transaction alone does this, on PostgreSQL a lock per key).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from piccolo.engine.postgres import PostgresEngine

from core.auth.tables import LoginThrottle

FORGET_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Rule:
    prefix: str
    allowance: int
    cap_seconds: int


PAIR = Rule("pair", allowance=5, cap_seconds=15 * 60)
ADDRESS = Rule("address", allowance=20, cap_seconds=60 * 60)
ACCOUNT = Rule("account", allowance=30, cap_seconds=5 * 60)
SECOND_FACTOR = Rule("second-factor", allowance=5, cap_seconds=15 * 60)


def keys(username: str, address: str) -> list[tuple[Rule, str]]:
    name = username.strip().lower()
    return [
        (PAIR, f"{PAIR.prefix}:{name}|{address}"),
        (ADDRESS, f"{ADDRESS.prefix}:{address}"),
        (ACCOUNT, f"{ACCOUNT.prefix}:{name}"),
    ]


async def seconds_to_wait(checked: list[tuple[Rule, str]]) -> int:
    """How long the caller must wait before trying again (0: may try now)."""
    now = datetime.now(UTC)
    rows = await LoginThrottle.select(LoginThrottle.blocked_until).where(
        LoginThrottle.key.is_in([key for _, key in checked])
    )
    waits = [(row["blocked_until"] - now).total_seconds() for row in rows if row["blocked_until"]]
    return max(0, math.ceil(max(waits, default=0)))


async def serialize(checked: list[tuple[Rule, str]]) -> None:
    """In a write transaction: wait for every other one that serialized any of these keys to
    end. SQLite's write transactions (``BEGIN IMMEDIATE``) already run one at a time; on
    PostgreSQL each key is a transaction-level advisory lock, taken in the keys' order so that
    two transactions never wait for each other."""
    if isinstance(LoginThrottle._meta.db, PostgresEngine):
        for key in sorted(key for _, key in checked):
            await LoginThrottle.raw("SELECT pg_advisory_xact_lock(hashtext({}))", key)


async def record_failure(checked: list[tuple[Rule, str]]) -> None:
    now = datetime.now(UTC)
    for rule, key in checked:
        row = await LoginThrottle.objects().get(LoginThrottle.key == key)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
        elif now - row.last_failure_at > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        excess = row.failures - rule.allowance
        if excess >= 0:
            row.blocked_until = now + timedelta(seconds=min(rule.cap_seconds, 2**excess))
        await row.save()


async def clear(checked: list[tuple[Rule, str]]) -> None:
    await LoginThrottle.delete().where(LoginThrottle.key.is_in([key for _, key in checked]))
