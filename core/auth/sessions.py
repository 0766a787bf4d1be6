"""Server-side sessions in the database.

The cookie ``__Host-heaolu_session`` holds a random token; the database keeps only its SHA-256,
so a leaked database row cannot be replayed as a cookie. A session is made only at login (a
token the client sends is never adopted), anonymous visitors get no row, and a session ends
after `Settings.session_idle_minutes` without a request or `session_max_hours` after login.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.custom_types import Combinable
from piccolo.engine.base import Engine

from core.audit.log import record
from core.auth.current import ActiveMembership, CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.tables import Session
from core.db import write_transaction
from core.enablement_cache import ENABLEMENT_STATE, CachedEnablement, EnablementCache
from core.i18n import gettext
from core.notifications.unread import UNREAD_STATE
from core.plugins import Plugins
from core.registry import Scope as RoleScope
from core.settings import Settings

SESSION_COOKIE = "__Host-heaolu_session"
# Route option of a route that needs no user (liveness, health, static files): the session is
# not read, so the route costs no statement.
SKIP_SESSION = "skip_session"
TOUCH_INTERVAL = timedelta(seconds=60)
# Between a correct password and the second factor, a session lives this long at most.
UNVERIFIED_LIFETIME = timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_cookie(token: str) -> str:
    return f"{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax"


def expired_session_cookie() -> str:
    return f"{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"


def cookie_value(scope: Scope, name: str) -> str | None:
    for header, raw in scope.get("headers", ()):
        if header == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(raw.decode("latin-1"))
            except Exception:  # noqa: S112 - a malformed cookie header carries nothing usable
                continue
            if name in cookie:
                return cookie[name].value
    return None


async def start_session(user_id: int, membership_id: int | None, verified: bool) -> str:
    """A new session with a new random token (returned for the cookie)."""
    token = secrets.token_urlsafe(32)
    await Session.insert(
        Session(
            token_hash=token_hash(token),
            user=user_id,
            membership=membership_id,
            verified=verified,
            csrf_secret=secrets.token_hex(32),
        )
    )
    return token


async def end_session(session_id: int) -> None:
    await Session.delete().where(Session.id == session_id)


async def end_user_sessions(user_id: int, keep_session_id: int | None = None) -> int:
    """End all the user's sessions (but ``keep_session_id``); returns how many ended."""
    condition: Combinable = Session.user == user_id
    if keep_session_id is not None:
        condition = condition & (Session.id != keep_session_id)
    ended = await Session.select(Session.id).where(condition)
    await Session.delete().where(condition)
    return len(ended)


# The one statement a logged-in request costs: the session by its token's hash (unique index),
# its user, every membership of the user with its organisation and municipality (one row each,
# or one row of NULLs), the enablement version the municipality's plugins are cached by, and
# the user's unread notifications for the page's header (from their partial index).
SESSION_QUERY = """
SELECT s.id, s."user" AS user_id, s.membership AS chosen_membership, s.verified, s.csrf_secret,
       s.created_at, s.last_seen_at, u.username, u.full_name, u.active, u.totp_enabled,
       m.id AS membership_id, m.role, m.unit, o.id AS organisation_id,
       o.name AS organisation_name, o.municipality AS municipality_id,
       mu.name AS municipality_name,
       (SELECT max(version) FROM core_enablement_version) AS enablement_version,
       (SELECT count(*) FROM notifications_notification n
        WHERE n."user" = s."user" AND n.read_at IS NULL) AS unread_notifications
FROM auth_session s
JOIN auth_user u ON u.id = s."user"
LEFT JOIN auth_membership m ON m."user" = s."user"
LEFT JOIN people_organisation o ON o.id = m.organisation
LEFT JOIN people_municipality mu ON mu.id = o.municipality
WHERE s.token_hash = {}
ORDER BY m.id
"""


def memberships_of(plugins: Plugins, rows: list[dict[str, Any]]) -> tuple[ActiveMembership, ...]:
    """The memberships in the session query's rows (none when the one row has no membership)."""
    memberships = []
    for row in rows:
        if row["membership_id"] is None:
            continue
        role = plugins.roles.get(row["role"])
        memberships.append(
            ActiveMembership(
                id=row["membership_id"],
                organisation_id=row["organisation_id"],
                organisation_name=row["organisation_name"],
                municipality_id=row["municipality_id"],
                municipality_name=row["municipality_name"],
                role=row["role"],
                role_label=gettext(role.label) if role else row["role"],
                scope=role.scope if role else RoleScope.none,
                unit_id=row["unit"],
            )
        )
    return tuple(memberships)


class SessionMiddleware(ASGIMiddleware):
    """Loads the request's session and user into ``scope["state"]``.

    It runs before the request's transaction and costs one statement (`SESSION_QUERY`), outside
    any transaction. Only when the session must end, or its ``last_seen_at`` is more than a
    minute old, does it write, in a short write transaction of its own (`write_transaction`),
    so a read never has to become a write. Routes with ``opt={"skip_session": True}``
    (`/-/ping`, `/healthz`, static files) skip it: they neither read nor clear a cookie.
    """

    exclude_opt_key = SKIP_SESSION

    def __init__(self, engine: Engine[Any], plugins: Plugins, settings: Settings) -> None:
        self.engine = engine
        self.plugins = plugins
        self.idle = timedelta(minutes=settings.session_idle_minutes)
        self.lifetime = timedelta(hours=settings.session_max_hours)
        self.enablement = EnablementCache(plugins)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = cookie_value(scope, SESSION_COOKIE)
        state = scope.setdefault("state", {})
        stale_cookie = False
        if token:
            loaded = await self.load(token)
            if loaded is None:
                stale_cookie = True
            else:
                state["session"], state["user"] = loaded
                if loaded[1] is not None:
                    state[UNREAD_STATE] = loaded[0]["unread_notifications"]
                state[ENABLEMENT_STATE] = CachedEnablement(
                    self.enablement, loaded[0]["enablement_version"]
                )
        if not stale_cookie:
            await next_app(scope, receive, send)
            return

        async def send_clearing_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                if not any(
                    v.startswith(f"{SESSION_COOKIE}=") for v in headers.getall("set-cookie", [])
                ):
                    headers.add("set-cookie", expired_session_cookie())
            await send(message)

        await next_app(scope, receive, send_clearing_cookie)

    async def load(self, token: str) -> tuple[dict[str, Any], CurrentUser | None] | None:
        """The session and user a cookie's ``token`` stands for, as every request sees them
        (None: no live session; the user is None while the second factor is pending)."""
        now = datetime.now(UTC)
        rows: list[dict[str, Any]] = await Session.raw(SESSION_QUERY, token_hash(token))
        if not rows:
            return None
        row = rows[0]
        lifetime = self.lifetime if row["verified"] else UNVERIFIED_LIFETIME
        if (
            not row["active"]
            or now - row["last_seen_at"] > self.idle
            or now - row["created_at"] > lifetime
        ):
            async with write_transaction(self.engine):
                await end_session(row["id"])
                await record(None, "session.expired", user_id=row["user_id"])
            return None
        if now - row["last_seen_at"] > TOUCH_INTERVAL:
            async with write_transaction(self.engine):
                await Session.update({Session.last_seen_at: now}).where(
                    (Session.id == row["id"]) & (Session.last_seen_at < now - TOUCH_INTERVAL)
                )
        session = {
            "id": row["id"],
            "user_id": row["user_id"],
            "verified": bool(row["verified"]),
            "csrf_secret": row["csrf_secret"],
            "created_at": row["created_at"],
            "enablement_version": row["enablement_version"] or 0,
            "unread_notifications": row["unread_notifications"],
        }
        if not row["verified"]:
            return session, None
        memberships = memberships_of(self.plugins, rows)
        active = next((m for m in memberships if m.id == row["chosen_membership"]), None)
        if active is None and memberships:
            active = memberships[0]
        permissions = {AUTHENTICATED}
        if active is not None and active.role in self.plugins.roles:
            permissions |= self.plugins.roles[active.role].permissions
        enablement = await self.enablement.of(
            active.municipality_id if active else None, session["enablement_version"]
        )
        user = CurrentUser(
            id=row["user_id"],
            username=row["username"],
            full_name=row["full_name"],
            session_id=row["id"],
            totp_enabled=bool(row["totp_enabled"]),
            memberships=memberships,
            membership=active,
            permissions=frozenset(permissions),
            enabled_plugins=enablement.plugins,
            enabled_forms=enablement.forms,
            administers=any(
                self.plugins.roles[m.role].administers
                for m in memberships
                if m.role in self.plugins.roles
            ),
        )
        return session, user
