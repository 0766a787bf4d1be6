"""CSRF tokens, masked per response (BREACH-safe), checked on every unsafe request.

A logged-in user's secret is the session's ``csrf_secret``. An anonymous visitor (the login form)
gets a random cookie ``__Host-heaolu_csrf`` instead of a session row, and the secret is an HMAC
of it with ``HEAOLU_SECRET_KEY``. The token in a page is ``mask || (mask XOR secret)`` with a
fresh random mask each time, so compressed pages that also echo user input never repeat the
secret's bytes; every token a page carries validates.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

from litestar.connection import ASGIConnection

from core.auth.sessions import cookie_value

CSRF_COOKIE = "__Host-heaolu_csrf"
FIELD = "_csrf_token"
HEADER = "x-csrf-token"
SECRET_BYTES = 32


def csrf_cookie(value: str) -> str:
    return f"{CSRF_COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Lax"


def new_anonymous_cookie() -> str:
    return secrets.token_urlsafe(32)


def _secret(connection: ASGIConnection[Any, Any, Any, Any], secret_key: str) -> bytes | None:
    state = connection.scope.get("state", {})
    session = state.get("session")
    if session is not None:
        return bytes.fromhex(session["csrf_secret"])
    anonymous = state.get("csrf_cookie") or cookie_value(connection.scope, CSRF_COOKIE)
    if not anonymous:
        return None
    return hmac.new(secret_key.encode(), anonymous.encode(), hashlib.sha256).digest()


def token_for(connection: ASGIConnection[Any, Any, Any, Any], secret_key: str) -> str:
    """A freshly masked token for a page; empty when the visitor has no secret yet."""
    secret = _secret(connection, secret_key)
    if secret is None:
        return ""
    mask = secrets.token_bytes(SECRET_BYTES)
    masked = bytes(a ^ b for a, b in zip(mask, secret, strict=True))
    return base64.urlsafe_b64encode(mask + masked).decode()


def is_valid(connection: ASGIConnection[Any, Any, Any, Any], secret_key: str, token: str) -> bool:
    secret = _secret(connection, secret_key)
    if secret is None or not token:
        return False
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except (ValueError, TypeError):
        return False
    if len(raw) != 2 * SECRET_BYTES:
        return False
    mask, masked = raw[:SECRET_BYTES], raw[SECRET_BYTES:]
    unmasked = bytes(a ^ b for a, b in zip(mask, masked, strict=True))
    return hmac.compare_digest(unmasked, secret)
