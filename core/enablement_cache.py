"""Each worker's cache of which plugins and forms a municipality has.

Logged-in requests need their municipality's enabled plugins and forms; reading them costs
several queries, and they change only when an administrator changes them. The session query
reads the enablement version (``core_enablement_version``, changed in the same transaction as
every change: `core.enablement.bump_version`) with the session, and this cache keeps what it
read for that version only: a request that sees another version empties the cache and reads
again. A change is so seen by every worker on its next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from core.enablement import enabled_plugins
from core.forms.enablement import enabled_forms
from core.plugins import Plugins

# Where a logged-in request's state keeps the worker's cache with the version its session read.
ENABLEMENT_STATE = "enablement"


@dataclass(frozen=True)
class Enablement:
    plugins: frozenset[str]
    forms: frozenset[str]


class EnablementCache:
    """What each municipality has enabled, at one enablement version (one cache per app)."""

    def __init__(self, plugins: Plugins) -> None:
        self.plugins = plugins
        self.version: int | None = None
        self.entries: dict[int | None, Enablement] = {}

    async def of(self, municipality_id: int | None, version: int) -> Enablement:
        """The plugins and forms enabled for ``municipality_id`` (the defaults when None) at
        ``version``, the version read in the same statement as the request's session."""
        if version != self.version:
            self.version, self.entries = version, {}
        found = self.entries.get(municipality_id)
        if found is None:
            found = Enablement(
                plugins=frozenset(await enabled_plugins(self.plugins, municipality_id)),
                forms=frozenset(await enabled_forms(self.plugins, municipality_id)),
            )
            if version == self.version:  # another request may have moved on meanwhile
                self.entries[municipality_id] = found
        return found


@dataclass(frozen=True)
class CachedEnablement:
    """The worker's cache and the enablement version the request's session statement read."""

    cache: EnablementCache
    version: int


async def enablement_of(
    connection: ASGIConnection[Any, Any, Any, Any], municipality_id: int | None
) -> Enablement:
    """What ``municipality_id`` has enabled, for any municipality a page shows (a case's, each
    of the county's): from the worker's cache at the version the request's session read, or
    read afresh for a request without a session."""
    cached: CachedEnablement | None = connection.scope.get("state", {}).get(ENABLEMENT_STATE)
    if cached is not None:
        return await cached.cache.of(municipality_id, cached.version)
    plugins: Plugins = connection.app.state.plugins
    return Enablement(
        plugins=frozenset(await enabled_plugins(plugins, municipality_id)),
        forms=frozenset(await enabled_forms(plugins, municipality_id)),
    )
