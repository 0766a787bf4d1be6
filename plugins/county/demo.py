"""The county plugin's demo: the county coordinator of the county union (sample person)."""

from __future__ import annotations

from core.api import DemoContext, ensure_account
from plugins.county.roles import COUNTY_COORDINATOR

COUNTY_UNION = (None, "Tartumaa Omavalitsuste Liit")


async def seed_accounts(ctx: DemoContext) -> None:
    await ensure_account(
        ctx,
        "county.coordinator",
        "Kadri Maakond",
        COUNTY_UNION,
        COUNTY_COORDINATOR,
        "county coordinator, Tartumaa Omavalitsuste Liit: agreements, meetings, documents, "
        "the county dashboard; no child's record",
    )
