"""County part 4: the county's contact-person database (``/county/contacts``)."""

from __future__ import annotations

from datetime import date

from core.api import AnyRequest, CurrentUser, DemoContext, NavItem, Panel
from core.api import gettext as _
from plugins.county.contacts import pages, reminders
from plugins.county.contacts.tables import Confirmation
from plugins.county.part import Part
from plugins.county.roles import COORDINATE


def nav_items(user: CurrentUser) -> list[NavItem]:
    """The county coordinator's menu; everyone else comes from the home page's panel (the menu of
    a municipality's post is full)."""
    if user.can(COORDINATE):
        return [NavItem(_("County contacts"), "/county/contacts", 61)]
    return []


async def dashboard_panels(_request: AnyRequest, _user: CurrentUser) -> list[Panel]:
    return [Panel(_("County contact persons"), "county/contacts/_dashboard_panel.html", {}, 71)]


async def seed(ctx: DemoContext) -> None:
    """Tartu linn's entries confirmed at the start of the year (once); the others not yet."""
    tartu = ctx.municipalities.get("Tartu linn")
    if tartu is not None and not await Confirmation.exists():
        await pages.confirm_all(tartu, None, date(date.today().year, 1, 15))


PART = Part(
    routes=pages.ROUTES,
    nav_items=nav_items,
    dashboard_panels=dashboard_panels,
    action_labels=pages.ACTION_LABELS,
    periodic_jobs=reminders.PERIODIC_JOBS,
    job_handlers=reminders.JOB_HANDLERS,
    seed=seed,
)
