"""Cross-municipality cases (issue 14, item 1): a case names every municipality concerned, one of
them (the case's own) leads, the others' case managers join under consent, and the lead moves to
another municipality by a handover its case manager accepts (`reading` says what crosses)."""

from __future__ import annotations

from core.api import (
    MANAGE_CASES,
    AnyRequest,
    Case,
    CaseView,
    CurrentUser,
    Panel,
)
from core.api import gettext as _
from plugins.county.crossing.demo import seed
from plugins.county.crossing.pages import ACTIONS, GROUNDS, ROUTES, concerning
from plugins.county.crossing.reading import (
    case_row,
    coordinates,
    open_at_municipality,
    others_named,
    others_of,
)
from plugins.county.part import Part


async def dashboard_panels(request: AnyRequest, user: CurrentUser) -> list[Panel]:
    """For a case manager: how many cross-municipality cases concern their municipality, with
    the link to their list (no child named here)."""
    if not user.can(MANAGE_CASES):
        return []
    count = await Case.count().where(await concerning(user))
    if not count:
        return []
    return [
        Panel(
            _("Cross-municipality cases"),
            "county/crossing/_dashboard.html",
            {"count": count},
            30,
        )
    ]


async def case_panels(request: AnyRequest, user: CurrentUser, case: CaseView) -> list[Panel]:
    """The municipalities of the case, its lead and what each sees: shown when the case names
    another municipality, or to its coordinator while they may name one."""
    may_name = coordinates(user, case.row) and open_at_municipality(case.row)
    named = await others_named(case.row)
    if not named and not may_name:
        return []
    row = await case_row(case.id)
    if row is None:
        return []
    others = await others_of(row, named)
    context = {"case": row, "others": others, "may_name": may_name, "grounds": GROUNDS}
    return [Panel(_("Municipalities of the case"), "county/crossing/_panel.html", context, 35)]


PART = Part(
    routes=ROUTES,
    dashboard_panels=dashboard_panels,
    case_panels=case_panels,
    action_labels=ACTIONS,
    seed=seed,
)
