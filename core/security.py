"""Response headers every answer carries, and the allowed-hosts rule."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.network import is_trusted_proxy
from core.settings import Settings

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; "
    "base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def host_allowed(scope: Scope, settings: Settings) -> bool:
    """Is the request's Host header (port aside) one of HEAOLU_ALLOWED_HOSTS?"""
    for name, value in scope.get("headers", ()):
        if name == b"host":
            host = value.decode("latin-1").lower()
            if host.startswith("["):
                host = host.split("]")[0] + "]"
            else:
                host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
            return host in settings.allowed_hosts
    return False


def is_https(scope: Scope, settings: Settings) -> bool:
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    if client and settings.trusted_proxies and is_trusted_proxy(client[0], settings):
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-proto":
                return value.decode("latin-1").strip().lower() == "https"
    return False


def add_security_headers(message: Message, scope: Scope, settings: Settings) -> None:
    headers = MutableScopeHeaders.from_message(message)
    for name, value in HEADERS.items():
        headers[name] = value
    if is_https(scope, settings):
        headers["strict-transport-security"] = HSTS
    if scope.get("state", {}).get("session") is not None:
        headers["cache-control"] = "no-store"


class SecurityMiddleware(ASGIMiddleware):
    """Refuses foreign Host headers (400) and adds the security headers to every answer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not host_allowed(scope, self.settings):
            await ASGIResponse(
                body=b"Bad Request: unknown host", status_code=400, media_type="text/plain"
            )(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(message, scope, self.settings)
            await send(message)

        await next_app(scope, receive, send_with_headers)
