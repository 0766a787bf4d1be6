"""Core's demo accounts."""

from __future__ import annotations

from core.auth.passwords import hash_password
from core.auth.permissions import CHILD_PROTECTION_ROLE, MUNICIPALITY_ADMIN_ROLE, SYSTEM_ADMIN_ROLE
from core.auth.tables import Membership, User
from core.demo import DemoContext

COUNTY_UNION = (None, "Tartumaa Omavalitsuste Liit")
TARTU_OFFICE = ("Tartu linn", "Tartu Linnavalitsus")

# username, full name (sample), organisation, role, what the account is for
ACCOUNTS = (
    ("admin", "Süsteemi Haldur", COUNTY_UNION, SYSTEM_ADMIN_ROLE, "system administrator"),
    (
        "tartu.admin",
        "Mari Maasikas",
        TARTU_OFFICE,
        MUNICIPALITY_ADMIN_ROLE,
        "municipality administrator, Tartu linn: users, plugins, directory, audit; no child's "
        "record",
    ),
    (
        "tartu.childprotection",
        "Kati Kask",
        TARTU_OFFICE,
        CHILD_PROTECTION_ROLE,
        "child protection specialist, Tartu linn: escalated cases, guardians' consents, adding "
        "and correcting a child, access-request exports, health and child protection entries",
    ),
)


async def ensure_account(
    ctx: DemoContext,
    username: str,
    full_name: str,
    organisation: tuple[str | None, str],
    role: str,
    purpose: str,
    *,
    unit: int | None = None,
) -> int:
    """Create the demo account (and its membership, in ``unit`` for a role of unit scope)
    unless it exists; returns the user's id."""
    existing = await User.select(User.id).where(User.username == username).first()
    if existing is None:
        [existing] = await User.insert(
            User(
                username=username,
                full_name=full_name,
                email=f"{username}@example.invalid",
                password_hash=await hash_password(ctx.password),
            )
        ).returning(User.id)
    organisation_id = ctx.organisations[organisation]
    if not await Membership.exists().where(
        (Membership.user == existing["id"])
        & (Membership.organisation == organisation_id)
        & (Membership.role == role)
    ):
        await Membership.insert(
            Membership(user=existing["id"], organisation=organisation_id, role=role, unit=unit)
        )
    ctx.accounts.append((username, purpose))
    user_id: int = existing["id"]
    ctx.users[username] = user_id
    return user_id


async def seed_core_accounts(ctx: DemoContext) -> None:
    for username, full_name, organisation, role, purpose in ACCOUNTS:
        await ensure_account(ctx, username, full_name, organisation, role, purpose)
