"""The school panel on a support case's page: the child's class at the school with its school
stage and class teachers, and, for the school's coordinator while the case is open, the ways
to move the case on with the pupil (`plugins.school.moves`, `plugins.school.transfer`). The
class is part of the child's record: a participant who sees the case but not the child (another
organisation's) gets no panel."""

from __future__ import annotations

from core.api import AnyRequest, CaseView, CurrentUser, Panel
from core.api import gettext as _
from plugins.school.classes import current_class_and_teachers
from plugins.school.roles import MOVE_PUPILS
from plugins.school.workflow import SUPPORT


async def case_panels(request: AnyRequest, user: CurrentUser, case: CaseView) -> list[Panel]:
    if case.workflow.key != SUPPORT.key or not case.child_visible:
        return []
    now, teachers = await current_class_and_teachers(case.child.id, case.owner_organisation_id)
    membership = user.membership
    moves = (
        case.is_open
        and user.can(MOVE_PUPILS)
        and membership is not None
        and membership.organisation_id == case.owner_organisation_id
    )
    return [
        Panel(
            _("School"),
            "school/_case_panel.html",
            {"case_id": case.id, "now": now, "teachers": teachers, "moves": moves},
            30,
        )
    ]
