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
from core.auth.tables import Membership, Session
from core.enablement import enabled_plugins
from core.i18n import gettext
from core.plugins import Plugins
from core.registry import Scope as RoleScope
from core.settings import Settings

SESSION_COOKIE = "__Host-heaolu_session"
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


async def load_memberships(plugins: Plugins, user_id: int) -> tuple[ActiveMembership, ...]:
    organisation: Any = Membership.organisation  # Piccolo's join chains are untyped
    rows = (
        await Membership.select(
            Membership.id,
            Membership.role,
            Membership.unit,
            Membership.organisation.id.as_alias("organisation_id"),
            Membership.organisation.name.as_alias("organisation_name"),
            organisation.municipality.id.as_alias("municipality_id"),
            organisation.municipality.name.as_alias("municipality_name"),
        )
        .where(Membership.user == user_id)
        .order_by(Membership.id)
    )
    memberships = []
    for row in rows:
        role = plugins.roles.get(row["role"])
        memberships.append(
            ActiveMembership(
                id=row["id"],
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

    It runs before the request's transaction, in a short transaction of its own, so that
    refreshing ``last_seen_at`` (at most once a minute) never turns a read-only request into a
    writing one.
    """

    def __init__(self, engine: Engine[Any], plugins: Plugins, settings: Settings) -> None:
        self.engine = engine
        self.plugins = plugins
        self.idle = timedelta(minutes=settings.session_idle_minutes)
        self.lifetime = timedelta(hours=settings.session_max_hours)

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
        async with self.engine.transaction():
            row = (
                await Session.select(
                    Session.id,
                    Session.user,
                    Session.membership,
                    Session.verified,
                    Session.csrf_secret,
                    Session.created_at,
                    Session.last_seen_at,
                    Session.user.username,
                    Session.user.full_name,
                    Session.user.active,
                    Session.user.totp_enabled,
                )
                .where(Session.token_hash == token_hash(token))
                .first()
            )
            if row is None:
                return None
            lifetime = self.lifetime if row["verified"] else UNVERIFIED_LIFETIME
            if (
                not row["user.active"]
                or now - row["last_seen_at"] > self.idle
                or now - row["created_at"] > lifetime
            ):
                await end_session(row["id"])
                await record(None, "session.expired", user_id=row["user"])
                return None
            if now - row["last_seen_at"] > TOUCH_INTERVAL:
                await Session.update({Session.last_seen_at: now}).where(Session.id == row["id"])
            session = {
                "id": row["id"],
                "user_id": row["user"],
                "verified": row["verified"],
                "csrf_secret": row["csrf_secret"],
                "created_at": row["created_at"],
            }
            if not row["verified"]:
                return session, None
            memberships = await load_memberships(self.plugins, row["user"])
            active = next((m for m in memberships if m.id == row["membership"]), None)
            if active is None and memberships:
                active = memberships[0]
            permissions = {AUTHENTICATED}
            if active is not None and active.role in self.plugins.roles:
                permissions |= self.plugins.roles[active.role].permissions
            enabled = await enabled_plugins(
                self.plugins, active.municipality_id if active else None
            )
            user = CurrentUser(
                id=row["user"],
                username=row["user.username"],
                full_name=row["user.full_name"],
                session_id=row["id"],
                totp_enabled=row["user.totp_enabled"],
                memberships=memberships,
                membership=active,
                permissions=frozenset(permissions),
                enabled_plugins=frozenset(enabled),
                administers=any(
                    self.plugins.roles[m.role].administers
                    for m in memberships
                    if m.role in self.plugins.roles
                ),
            )
            return session, user
