"""County part 4: the county's contact-person database (``/county/contacts``)."""

from __future__ import annotations

from datetime import date

from core.api import CurrentUser, DemoContext, NavItem
from core.api import gettext as _
from plugins.county.contacts import pages, reminders
from plugins.county.contacts.tables import Confirmation
from plugins.county.part import Part


def nav_items(_user: CurrentUser) -> list[NavItem]:
    return [NavItem(_("County contacts"), "/county/contacts", 61)]


async def seed(ctx: DemoContext) -> None:
    """Tartu linn's entries confirmed at the start of the year (once); the others not yet."""
    tartu = ctx.municipalities.get("Tartu linn")
    if tartu is not None and not await Confirmation.exists():
        await pages.confirm_all(tartu, None, date(date.today().year, 1, 15))


PART = Part(
    routes=pages.ROUTES,
    nav_items=nav_items,
    action_labels=pages.ACTION_LABELS,
    periodic_jobs=reminders.PERIODIC_JOBS,
    job_handlers=reminders.JOB_HANDLERS,
    seed=seed,
)
