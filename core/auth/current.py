"""The logged-in user of a request, as the session middleware loads it."""

from __future__ import annotations

from dataclasses import dataclass

from core.registry import Scope


@dataclass(frozen=True)
class ActiveMembership:
    id: int
    organisation_id: int
    organisation_name: str
    municipality_id: int | None
    municipality_name: str | None
    role: str
    role_label: str
    scope: Scope
    unit_id: int | None = None


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    full_name: str
    session_id: int
    totp_enabled: bool
    memberships: tuple[ActiveMembership, ...]
    membership: ActiveMembership | None
    permissions: frozenset[str]
    enabled_plugins: frozenset[str]
    # The keys of the forms the user's municipality has (`core.forms.enablement.enabled_forms`).
    enabled_forms: frozenset[str]
    # True when any membership's role administers (admins may be required to use 2FA).
    administers: bool

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def municipality_id(self) -> int | None:
        return self.membership.municipality_id if self.membership else None
