"""Benchmark accounts: many at once with one password hash, and logging in through the form."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "bench password, not a secret"  # sample accounts, throw-away data
BATCH = 1000
_hash: list[str] = []


async def password_hash() -> str:
    """The hash of PASSWORD, made once (argon2 costs about 0.1 s each time)."""
    if not _hash:
        from core.auth.passwords import hash_password

        _hash.append(await hash_password(PASSWORD))
    return _hash[0]


async def make_users(accounts: list[tuple[str, str, int, str, int | None]]) -> dict[str, int]:
    """Accounts as (username, full name, organisation, role, unit or None), each with one
    membership; returns their ids by username. Accounts made by an earlier run are kept."""
    from core.auth.tables import Membership, User

    hashed = await password_hash()
    names = [account[0] for account in accounts]
    ids: dict[str, int] = {
        row["username"]: row["id"]
        for row in await User.select(User.id, User.username).where(User.username.is_in(names))
    }
    accounts = [account for account in accounts if account[0] not in ids]
    for start in range(0, len(accounts), BATCH):
        batch = accounts[start : start + BATCH]
        rows = await User.insert(
            *(
                User(username=username, full_name=name, password_hash=hashed)
                for username, name, _organisation, _role, _unit in batch
            )
        ).returning(User.id)
        for row, (username, *_rest) in zip(rows, batch, strict=True):
            ids[username] = row["id"]
        await Membership.insert(
            *(
                Membership(user=ids[username], organisation=organisation, role=role, unit=unit)
                for username, _name, organisation, role, unit in batch
            )
        )
    return ids


async def log_in(client: Any, username: str) -> None:
    """Log in through the real login form (the client keeps the session cookie)."""
    form = await client.get("/login")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    assert token, "the login page has no CSRF field"
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": token.group(1)},
    )
    assert response.status_code in (200, 303), (username, response.status_code)
