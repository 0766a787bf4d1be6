"""The benchmarks' password (the county demo's accounts are made with it) and logging in
through the form."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "bench password, not a secret"  # sample accounts, throw-away data


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
