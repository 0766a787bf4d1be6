"""The county coordinator's dashboard (`/county`, `/county/dashboard`, and a panel on "my
work"): the meetings' status per municipality, the competence centre's requests, which
municipalities joined the cooperation agreement and the open requests between municipalities, as
counts without personal data. A count below `SMALL` is shown as "fewer than 5", so that no count
points at a child."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from litestar import get
from litestar.response import Template

from core.api import (
    RHYTHM_LABELS,
    TIME_ZONE,
    AnyRequest,
    CurrentUser,
    NavItem,
    Panel,
    page,
    translated,
)
from core.api import gettext as _
from plugins.county.competence.queries import request_counts
from plugins.county.dashboard.between import membership, open_requests
from plugins.county.meetings.pages import (
    KINDS,
    in_year,
    municipalities,
    rhythm,
    union_status_by_municipality,
)
from plugins.county.meetings.tables import CountyMeeting, MeetingKind
from plugins.county.part import Part
from plugins.county.requests.reminders import REMINDER_WORKING_DAYS
from plugins.county.roles import COORDINATE

SMALL = 5


def shown(count: int) -> str:
    """A count as the dashboard shows it: none, "fewer than 5", or the number."""
    if count == 0:
        return "0"
    return _("fewer than {small}").format(small=SMALL) if count < SMALL else str(count)


async def summary() -> dict[str, Any]:
    # Estonia's day, as the requests' ages are counted (`open_requests`), whatever the
    # server's zone.
    today = datetime.now(TIME_ZONE).date()
    year = today.year
    rows = await CountyMeeting.select(
        CountyMeeting.id, CountyMeeting.kind, CountyMeeting.meets_on, CountyMeeting.status
    ).where(in_year(year))
    towns = await municipalities()
    counts = await request_counts()
    return {
        "year": year,
        "leads": (_(KINDS[MeetingKind.leads]), rhythm(rows, MeetingKind.leads, year, today)),
        "union": (_(KINDS[MeetingKind.union]), rhythm(rows, MeetingKind.union, year, today)),
        "by_municipality": await union_status_by_municipality(year, today, rows, towns),
        "rhythm_labels": translated(RHYTHM_LABELS),
        "requests": [(label, shown(count)) for label, count in counts],
        "members": await membership(towns),
        "between": [
            {**row, "open": shown(row["open"]), "late": shown(row["late"])}
            for row in await open_requests(today)
        ],
        "reminder_days": REMINDER_WORKING_DAYS,
    }


@get(["/", "/dashboard"], opt={"permission": COORDINATE})
async def dashboard(request: AnyRequest) -> Template:
    return page(request, "county/dashboard/dashboard.html", {"context": await summary()})


def _nav(user: CurrentUser) -> Sequence[NavItem]:
    return (NavItem(_("County"), "/county", order=69),) if user.can(COORDINATE) else ()


async def _panels(_request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    if not user.can(COORDINATE):
        return ()
    return (Panel(_("The county"), "county/dashboard/_summary.html", await summary(), order=20),)


PART = Part(routes=(dashboard,), nav_items=_nav, dashboard_panels=_panels)
