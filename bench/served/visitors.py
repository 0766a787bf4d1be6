"""Logged-in clients over real HTTP (httpx), timing each request as the client sees it.

The session and CSRF cookies are `Secure` (`__Host-` names): a browser sends them to
`http://127.0.0.1` (a secure context), but httpx's cookie jar sends Secure cookies over https
only, so a `Visitor` keeps its own cookies and sends them itself.
"""

from __future__ import annotations

import re
import time
from http.cookies import SimpleCookie

import httpx

from bench.accounts import PASSWORD

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
# What an old browser accepts: gzip, which the server uses for pages and static files.
ACCEPT = {"accept-encoding": "gzip"}


def client(url: str, connections: int = 16) -> httpx.AsyncClient:
    """One connection pool for many visitors (keep-alive, as a browser's)."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=url, limits=limits, timeout=120, headers=ACCEPT)


class Visitor:
    """One browser: its cookies, sent over ``http`` on the shared ``client``."""

    def __init__(self, http: httpx.AsyncClient, username: str = "") -> None:
        self.http = http
        self.username = username
        self.cookies: dict[str, str] = {}

    def _keep(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {**({"cookie": cookie} if cookie else {}), **(extra or {})}

    async def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        response = await self.http.get(path, headers=self._headers(headers))
        self._keep(response)
        return response

    async def timed(self, path: str) -> float:
        """Seconds from sending ``GET path`` to its whole body (a 200 only)."""
        started = time.perf_counter()
        response = await self.http.get(path, headers=self._headers(None))
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise AssertionError(f"{self.username} GET {path}: {response.status_code}")
        return seconds

    async def wire_bytes(self, path: str, headers: dict[str, str] | None = None) -> int:
        """The bytes of ``path``'s body as the server sends them (compressed or not)."""
        async with self.http.stream("GET", path, headers=self._headers(headers)) as response:
            await response.aread()
            if response.status_code != 200:
                raise AssertionError(f"{self.username} GET {path}: {response.status_code}")
            return response.num_bytes_downloaded

    async def log_in(self) -> None:
        """Through the login form, as a person does: the form (CSRF cookie), then the post."""
        form = await self.get("/login")
        token = CSRF.search(form.text)
        if token is None:
            raise AssertionError("the login page has no CSRF field")
        response = await self.http.post(
            "/login",
            data={"username": self.username, "password": PASSWORD, "_csrf_token": token[1]},
            headers=self._headers(None),
        )
        self._keep(response)
        if response.status_code != 303 or "__Host-heaolu_session" not in self.cookies:
            raise AssertionError(f"{self.username} could not log in: {response.status_code}")
