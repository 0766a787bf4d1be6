"""The benchmarks' password (the county demo's accounts are made with it), logging in through
the form, and the shortcuts the load test and the tests share: a session made directly in the
database (as the login form makes one once the password is right) and the CSRF token of a page."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "bench password, not a secret"  # sample accounts, throw-away data
_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the (first) form in ``html``."""
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def new_session(username: str) -> str:
    """The token of a new session of ``username`` in their first membership, second factor
    done, as the login form leaves it (the tables must be bound to the database)."""
    from core.auth.sessions import start_session
    from core.auth.tables import Membership, User

    user = await User.select(User.id).where(User.username == username).first()
    assert user is not None, f"no user {username!r}"
    membership = (
        await Membership.select(Membership.id)
        .where(Membership.user == user["id"])
        .order_by(Membership.id)
        .first()
    )
    return await start_session(user["id"], membership["id"] if membership else None, True)


async def session_cookie(username: str) -> str:
    """A ``cookie`` header of a new session of ``username`` (`new_session`)."""
    from core.auth.sessions import SESSION_COOKIE

    return f"{SESSION_COOKIE}={await new_session(username)}"


async def log_in(client: Any, username: str) -> None:
    """Log in through the real login form (the client keeps the session cookie)."""
    form = await client.get("/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": csrf_from(form.text)},
    )
    assert response.status_code in (200, 303), (username, response.status_code)
