"""The municipality's cross-sector network: leader, members and representatives, working rules,
meetings (at least four a year), the annual action plan, the information agreement, the county
agreement's commitments, and the institution roles map.

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from core.api import RHYTHM_LABELS, CommitmentFact, NavItem, Panel
from core.api import gettext as _
from plugins.municipality.network import institutions, meetings, network_page
from plugins.municipality.network.common import labels
from plugins.municipality.network.queries import current_leader, rhythm_of, rhythms_of
from plugins.municipality.roles import NETWORK_LEADER, VIEW_NETWORK

ROUTES: list[Any] = [*network_page.ROUTES, *meetings.ROUTES, *institutions.ROUTES]


def nav_items(user: Any) -> list[NavItem]:
    if not user.can(VIEW_NETWORK) or user.municipality_id is None:
        return []
    return [
        NavItem(_("Network"), "/municipality/network", order=60),
        NavItem(_("Meetings"), "/municipality/meetings", order=61),
    ]


async def dashboard_panels(request: Any, user: Any) -> list[Panel]:
    """The network leader (the one on record, or the post's holder while no one is on record)
    sees the next meeting and the four-a-year status."""
    if user is None or user.municipality_id is None or not user.can(VIEW_NETWORK):
        return []
    leader = await current_leader(user.municipality_id)
    is_leader = (
        leader["user"] == user.id
        if leader
        else user.membership is not None and user.membership.role == NETWORK_LEADER
    )
    if not is_leader:
        return []
    return [
        Panel(
            _("The network's meetings"),
            "municipality/network/_rhythm.html",
            {
                "rhythm": await rhythm_of(user.municipality_id, date.today()),
                "rhythm_labels": labels(RHYTHM_LABELS),
            },
            order=40,
        )
    ]


FACT_KEYS = {
    "welfare_lead": "welfare_lead",
    "model": "case_management_model",
    "meetings": "network_meetings",
    "plan": "annual_plan",
}


async def commitment_facts(municipalities: Sequence[int], year: int) -> list[CommitmentFact]:
    """The county agreement's commitments of each of the municipalities as their networks'
    records show them in ``year`` (four statements for all of them)."""
    rhythms = await rhythms_of(municipalities, date.today(), year)
    records = await network_page.commitment_records(municipalities, year)
    return [
        CommitmentFact(municipality, FACT_KEYS[row["key"]], row["met"], row["detail"])
        for municipality in municipalities
        for row in network_page.commitments_from(records[municipality], rhythms[municipality])
    ]
