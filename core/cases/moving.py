"""Moving a case to another organisation (a school or kindergarten the child moves to, also in
another municipality): a pending `Handover` naming ``to_organisation``.

The receiver (a user holding, in the receiving organisation, a role that may be responsible at
the target stage) is notified, finds it among the handovers awaiting them and may open the case
while it waits. Accepting (core's accept page, `engine.accept_handover`) makes the receiving
organisation the owner, moves the case to the stage with the receiver responsible, and the
participants of the earlier owner stop taking part (at a municipality-level stage the case
belongs to the receiving organisation's municipality from then on); declining returns it,
nothing changed. What the receiving organisation reads of the earlier entries and forms is
decided per entry by `core.access.EntryVisibility` and `organisations_sharing` (`may_share`
for ``core.cross_sector_case_work`` to the receiving organisation), as for every reader from
another organisation.
"""

from __future__ import annotations

from typing import Any

from core.auth.current import CurrentUser
from core.auth.tables import Membership
from core.cases import engine
from core.cases.tables import CaseStatus
from core.cases.workflows import workflow_of
from core.i18n import gettext as _
from core.people.tables import Organisation
from core.plugins import Plugins
from core.views import CaseView


async def organisation_receivers(
    organisation_id: int, roles: frozenset[str]
) -> list[tuple[int, str]]:
    """The active users holding one of ``roles`` in the organisation: (user id, full name),
    by name."""
    account: Any = Membership.user
    rows = await Membership.select(
        Membership.user.as_alias("user_id"), account.full_name.as_alias("name")
    ).where(
        (Membership.organisation == organisation_id)
        & Membership.role.is_in(sorted(roles) or [""])
        & account.active.eq(True)
    )
    unique = {row["user_id"]: row["name"] for row in rows}
    return sorted(unique.items(), key=lambda found: (found[1], found[0]))


async def hand_over_to_organisation(
    plugins: Plugins,
    case: CaseView | dict[str, Any],
    *,
    organisation_id: int,
    receiver_id: int,
    stage_key: str,
    reason: str,
    user: CurrentUser,
) -> int:
    """Offer the case (a `CaseView` or a case row, at the version the user saw) to
    ``receiver_id`` of organisation ``organisation_id``, to take it at ``stage_key``; returns
    the handover's id. The sender stays responsible until the receiver accepts.

    ValueError (its message translated, for the page) when the case is closed, already owned
    by that organisation or waiting for another handover, when its workflow does not serve that
    organisation's kind or has no such stage, or when the receiver holds no role of the stage
    there (`organisation_receivers`), and when someone changed the case since (nothing is
    sent). The caller checks that ``user`` works on the case and audits."""
    row = dict(case.row if isinstance(case, CaseView) else case)
    workflow = workflow_of(plugins, row["workflow"])
    stage = workflow.stage(stage_key)
    if stage is None:
        raise ValueError(f"the workflow {workflow.key} has no stage {stage_key}")
    receiving = (
        await Organisation.select(Organisation.kind)
        .where(Organisation.id == organisation_id)
        .first()
    )
    if row["status"] != CaseStatus.open.value:
        raise ValueError(_("The case is closed."))
    if organisation_id == row["owner_organisation"]:
        raise ValueError(_("The case is already in that organisation."))
    if receiving is None or receiving["kind"] not in workflow.organisation_kinds:
        raise ValueError(_("The case's workflow does not serve that organisation."))
    if await engine.pending_handover(row["id"]) is not None:
        raise ValueError(_("A handover of this case is waiting for acceptance."))
    roles = await engine.stage_roles(plugins, row, stage)
    receivers = await organisation_receivers(organisation_id, roles)
    if receiver_id not in {user_id for user_id, _name in receivers}:
        raise ValueError(_("Choose who takes the case over."))
    try:
        return await engine.hand_over(
            row, user, receiver_id, stage, reason, to_organisation=organisation_id
        )
    except engine.CaseConflict:
        raise ValueError(
            _(
                "Someone changed the case while you were writing: nothing was sent. "
                "Check it and send again."
            )
        ) from None
