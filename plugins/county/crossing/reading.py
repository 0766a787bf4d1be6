"""What a cross-municipality case is: its lead (the case's own municipality, `Case.municipality`,
with the case's responsible person), the other municipalities it names with their case
managers, whether each takes part and whether the case's content may reach it.

Content crosses to another municipality only as `may_share` allows, for core's purpose
``core.cross_sector_case_work`` (the one the case page's timeline and forms ask): a guardian's
consent covering social data (or all) to that municipality or its office, or an override on a
legal basis. The case manager of a named municipality joins the case as a participant only
then: a participant reads the case's action plan, which core shows to everyone taking part.
Without it the municipality sees that the case exists, who leads it and why it was named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from piccolo.columns import Column

from core.api import (
    CHILD_PROTECTION_ROLE,
    MANAGE_CASES,
    Case,
    CaseParticipant,
    CaseStatus,
    CurrentUser,
    Kept,
    Level,
    Membership,
    Municipality,
    Organisation,
    Plugins,
    Recipient,
    ShareAsk,
    ShareDecision,
    User,
    case_manager_roles,
    may_share_each,
    visible_cases,
)
from plugins.county.crossing.tables import NamedMunicipality

PURPOSE = "core.cross_sector_case_work"
CONTENT_SCOPE = "social"


async def case_row(case_id: int) -> dict[str, Any] | None:
    """The case with its child's name and birth date, its municipality's name and its
    responsible person."""
    row: dict[str, Any] | None = (
        await Case.select(
            *Case.all_columns(),
            Case.child.given_name.as_alias("given_name"),
            Case.child.family_name.as_alias("family_name"),
            Case.child.date_of_birth.as_alias("date_of_birth"),
            Case.municipality.name.as_alias("municipality_name"),
            Case.responsible.full_name.as_alias("responsible_name"),
            Case.owner_organisation.name.as_alias("owner_name"),
        )
        .where(Case.id == case_id)
        .first()
    )
    return row


@cache
def _named_columns() -> tuple[Column, ...]:
    """A named municipality's columns with the names joined. Built once: Piccolo copies a
    joined table's columns for every join column it makes (every case page asks)."""
    return (
        *NamedMunicipality.all_columns(),
        NamedMunicipality.municipality.name.as_alias("municipality_name"),
        NamedMunicipality.case_manager.full_name.as_alias("case_manager_name"),
        NamedMunicipality.organisation.name.as_alias("organisation_name"),
        NamedMunicipality.added_by.full_name.as_alias("added_by_name"),
    )


def _named(where: Any) -> Any:
    """The named municipalities ``where`` allows, with the names, in the order named."""
    return NamedMunicipality.select(*_named_columns()).where(where).order_by(NamedMunicipality.id)


async def named_of(case_ids: list[int]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await _named(NamedMunicipality.case.is_in(case_ids or [0]))
    return rows


def _content_ask(case: Mapping[str, Any], row: Mapping[str, Any]) -> ShareAsk:
    """May the case's content (social data of its owner) reach the named municipality's case
    manager's organisation?"""
    return ShareAsk(
        CONTENT_SCOPE, case["owner_organisation"], Recipient(organisation_id=row["organisation"])
    )


async def content_shared(case: dict[str, Any], row: dict[str, Any]) -> ShareDecision:
    """The answer to `_content_ask` (`may_share`)."""
    ask = _content_ask(case, row)
    return (await may_share_each(case["child"], [ask], PURPOSE))[ask]


# A case's named municipalities, which every case page asks, kept as SQL.
NAMED_OF_CASE = Kept(lambda *, case: _named(NamedMunicipality.case == case))


async def others_named(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The named municipalities of ``case`` other than the lead."""
    return [
        row
        for row in await NAMED_OF_CASE.rows(case=case["id"])
        if row["municipality"] != case["municipality"]
    ]


async def others_of(
    case: dict[str, Any], named: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The named municipalities other than the lead (``named``, when `others_named` gave them
    already), each with ``taking_part`` and ``shared`` (a `ShareDecision`)."""
    rows = await others_named(case) if named is None else named
    if not rows:
        return []
    taking = {
        found["user"]
        for found in await CaseParticipant.select(CaseParticipant.user).where(
            CaseParticipant.case == case["id"]
        )
    }
    asks = {row["id"]: _content_ask(case, row) for row in rows}
    answers = await may_share_each(case["child"], asks.values(), PURPOSE)
    for row in rows:
        row["taking_part"] = row["case_manager"] in taking
        row["shared"] = answers[asks[row["id"]]]
    return rows


async def case_managers(plugins: Plugins, municipality_id: int) -> list[dict[str, Any]]:
    """The municipality's active users holding a case manager role core offers there
    (`case_manager_roles`), each with the organisation of that role, by name."""
    return (await case_managers_in(plugins, [municipality_id]))[municipality_id]


async def case_managers_in(
    plugins: Plugins, municipality_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """`case_managers` of each municipality, read in one statement for all of them (each
    municipality's roles are core's `case_manager_roles` there)."""
    roles = {
        municipality: await case_manager_roles(plugins, municipality)
        for municipality in municipality_ids
    }
    every = sorted({role for held in roles.values() for role in held})
    rows = await Membership.select(
        Membership.user.as_alias("user_id"),
        Membership.user.full_name.as_alias("name"),
        Membership.role,
        Membership.organisation.as_alias("organisation"),
        Membership.organisation.name.as_alias("organisation_name"),
        Membership.organisation.kind.as_alias("kind"),
        Membership.organisation.municipality.as_alias("municipality"),
    ).where(
        Membership.role.is_in(every or [""])
        & Membership.organisation._.municipality.is_in(list(municipality_ids) or [0])
        & Membership.user._.active.eq(True)
    )
    found: dict[int, dict[tuple[int, int], dict[str, Any]]] = {
        municipality: {} for municipality in municipality_ids
    }
    for row in rows:
        if row["role"] in roles[row["municipality"]]:
            found[row["municipality"]][(row["user_id"], row["organisation"])] = row
    return {
        municipality: sorted(unique.values(), key=lambda row: (row["name"], row["user_id"]))
        for municipality, unique in found.items()
    }


async def municipalities_except(municipality_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Municipality.select(Municipality.id, Municipality.name)
        .where(Municipality.id != municipality_id)
        .order_by(Municipality.name)
    )
    return rows


def coordinates(user: CurrentUser, case: Mapping[str, Any]) -> bool:
    """Whether ``user`` coordinates the case: its responsible person, or a child protection
    specialist of the case's municipality (the lead)."""
    if case["responsible"] == user.id:
        return True
    membership = user.membership
    return (
        membership is not None
        and membership.role == CHILD_PROTECTION_ROLE
        and membership.municipality_id == case["municipality"]
    )


def open_at_municipality(case: Mapping[str, Any]) -> bool:
    return bool(
        case["status"] == CaseStatus.open.value and case["level"] == Level.municipality.value
    )


async def sees_case(user: CurrentUser, case_id: int) -> bool:
    return await Case.exists().where((Case.id == case_id) & await visible_cases(user))


async def named_here(user: CurrentUser, case_id: int) -> bool:
    """Whether the user is a case manager of a municipality the case names (not the lead):
    they see that the case exists and who leads it."""
    if not user.can(MANAGE_CASES) or user.municipality_id is None:
        return False
    return await NamedMunicipality.exists().where(
        (NamedMunicipality.case == case_id)
        & (NamedMunicipality.municipality == user.municipality_id)
        & (NamedMunicipality.case._.municipality != user.municipality_id)
    )


async def organisation_of(user_id: int, municipality_id: int, fallback: int) -> int:
    """The organisation of the user's first role in the municipality, else ``fallback``."""
    row = (
        await Membership.select(Membership.organisation)
        .where(
            (Membership.user == user_id)
            & (Membership.organisation._.municipality == municipality_id)
        )
        .order_by(Membership.id)
        .first()
    )
    return int(row["organisation"]) if row else fallback


async def name_of(user_id: int) -> str:
    row = await User.select(User.full_name).where(User.id == user_id).first()
    return str(row["full_name"]) if row else ""


async def organisation_name(organisation_id: int) -> str:
    row = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == organisation_id)
        .first()
    )
    return str(row["name"]) if row else ""
