"""Where a request comes from: the connection, or a trusted proxy's X-Forwarded-For."""

from __future__ import annotations

import ipaddress

from litestar.types import Scope

from core.settings import Settings


def client_address(scope: Scope, settings: Settings) -> str:
    """The connection's address, or the client named by ``X-Forwarded-For`` when the connection
    comes from a trusted proxy (the right-most address not itself a trusted proxy)."""
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not settings.trusted_proxies or not is_trusted_proxy(peer, settings):
        return peer
    forwarded = [
        value.decode("latin-1")
        for name, value in scope.get("headers", ())
        if name == b"x-forwarded-for"
    ]
    hops = [hop.strip() for value in forwarded for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop, settings):
            return hop
    return peer


def is_trusted_proxy(address: str, settings: Settings) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.trusted_proxies)
