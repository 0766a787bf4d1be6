"""Creating accounts outside the web pages (``heaolu createuser``)."""

from __future__ import annotations

from core.auth.passwords import hash_password
from core.auth.tables import Membership, User
from core.people.tables import Organisation, OrganisationKind


async def create_user(
    username: str,
    full_name: str,
    email: str,
    password: str,
    organisation_id: int | None,
    role: str,
) -> str | None:
    """Create a user with one membership; returns a problem to show, or None when done."""
    username = username.strip().lower()
    if await User.exists().where(User.username == username):
        return f"user {username!r} exists already"
    if organisation_id is None:
        union = (
            await Organisation.select(Organisation.id)
            .where(Organisation.kind == OrganisationKind.county_union.value)
            .first()
        )
        if union is None:
            return "no organisation given and no county union exists: pass --organisation ID"
        organisation_id = union["id"]
    elif not await Organisation.exists().where(Organisation.id == organisation_id):
        return f"no organisation with id {organisation_id}"
    [user] = await User.insert(
        User(
            username=username,
            full_name=full_name,
            email=email,
            password_hash=await hash_password(password),
        )
    ).returning(User.id)
    await Membership.insert(Membership(user=user["id"], organisation=organisation_id, role=role))
    return None
