"""The county's agreements (issue 14, item 5): the cooperation agreement's commitments with who
joined and whether each municipality met them, and the good-cooperation agreement between the
municipalities with its versions."""

from __future__ import annotations

from typing import Any

from core.api import N_, NavItem
from core.api import gettext as _
from plugins.county.agreements import pages
from plugins.county.agreements.demo import seed
from plugins.county.part import Part


def nav_items(_user: Any) -> list[NavItem]:
    return [NavItem(_("County agreements"), "/county/agreements", order=80)]


PART = Part(
    routes=pages.ROUTES,
    nav_items=nav_items,
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
