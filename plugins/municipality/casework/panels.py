"""This part's panels: the case's round tables, agreements and cooperation problems on the case
page, and "Agreements to fulfil" in the responsible person's "my work"."""

from __future__ import annotations

from core.api import AnyRequest, CaseView, CurrentUser, Panel, record
from core.api import gettext as _
from plugins.municipality.casework.reading import agreements_to_fulfil, panel_context

LIMIT = 20


async def case_panels(request: AnyRequest, user: CurrentUser, case: CaseView) -> list[Panel]:
    return [
        Panel(
            _("Round tables and agreements"),
            "municipality/casework/_case_panel.html",
            await panel_context(dict(case.row), case.working),
            40,
        )
    ]


async def dashboard_panels(request: AnyRequest, user: CurrentUser | None) -> list[Panel]:
    if user is None:
        return []
    agreements = await agreements_to_fulfil(user.id)
    if not agreements:
        return []
    listed = ",".join(sorted({str(row["case"]) for row in agreements}))
    await record(request, "case.listed", object_type="case", object_id=listed)
    return [
        Panel(
            _("Agreements to fulfil"),
            "municipality/casework/_my_agreements.html",
            {"agreements": agreements[:LIMIT], "user_id": user.id},
            21,
        )
    ]
