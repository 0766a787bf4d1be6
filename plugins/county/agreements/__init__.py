"""The county's agreements (issue 14, item 5): the cooperation agreement's commitments with who
joined and whether each municipality met them, and the good-cooperation agreement between the
municipalities with its versions."""

from __future__ import annotations

from typing import Any

from core.api import N_, AnyRequest, CurrentUser, NavItem, Panel
from core.api import gettext as _
from plugins.county.agreements import pages
from plugins.county.agreements.demo import seed
from plugins.county.agreements.tables import AgreementMember
from plugins.county.part import Part
from plugins.county.roles import COORDINATE


def nav_items(user: Any) -> list[NavItem]:
    """The coordinator keeps the agreements; everyone else reads them from the links to them."""
    if not user.can(COORDINATE):
        return []
    return [NavItem(_("County agreements"), "/county/agreements", order=80)]


async def dashboard_panels(_request: AnyRequest, user: CurrentUser) -> list[Panel]:
    """A welfare lead of a municipality that joined the agreement is led to its commitments."""
    municipality = user.municipality_id
    role = user.membership.role if user.membership is not None else None
    if (
        municipality is None
        or role != pages.WELFARE_LEAD
        or not await AgreementMember.exists().where(AgreementMember.municipality == municipality)
    ):
        return []
    return [
        Panel(
            _("County agreements"),
            "county/agreements/_panel.html",
            {"municipality": municipality},
            order=80,
        )
    ]


PART = Part(
    routes=pages.ROUTES,
    nav_items=nav_items,
    dashboard_panels=dashboard_panels,
    action_labels={
        "county.agreements.joined": N_("A municipality joined the county's cooperation agreement"),
        "county.agreements.confirmed": N_("A county agreement's commitment was confirmed"),
        "county.agreements.cooperation_saved": N_(
            "A version of the good-cooperation agreement was saved"
        ),
    },
    object_type_labels={"county_cooperation": N_("Good-cooperation agreement")},
    seed=seed,
)
