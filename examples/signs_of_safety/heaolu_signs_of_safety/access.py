"""Who may do the plugin's work, and what the audit log records of it.

Signs of Safety is child-protection work: its pages are for the roles holding core's
`SEE_CHILD_PROTECTION` (the child protection specialist), on a case that role may see by the
case's scope rules. Anyone else gets 404, with the denial in the audit log, as if there were no
such case."""

from typing import Any

from core.api import (
    SEE_CHILD_PROTECTION,
    AnyRequest,
    CurrentUser,
    Outcome,
    case_or_404,
    current_user,
    record,
)
from litestar.exceptions import NotFoundException

CASES_LISTED = "signs_of_safety.cases_listed"
CASE_VIEWED = "signs_of_safety.case_viewed"
MAPPING_ADDED = "signs_of_safety.mapping_added"
SCALE_ADDED = "signs_of_safety.scale_added"
PLAN_ADDED = "signs_of_safety.plan_added"
HOUSES_ADDED = "signs_of_safety.houses_added"
REVIEW_ADDED = "signs_of_safety.review_added"
SUMMARY_VIEWED = "signs_of_safety.summary_viewed"
CASE = "case"


def practitioner(request: AnyRequest) -> CurrentUser | None:
    """The user when their role does child-protection work, else None."""
    user = current_user(request)
    return user if user is not None and user.can(SEE_CHILD_PROTECTION) else None


async def require_practitioner(request: AnyRequest, action: str) -> CurrentUser:
    """The user doing child-protection work; anyone else: a denied audit row and 404."""
    user = practitioner(request)
    if user is None:
        await record(request, action, Outcome.denied)
        raise NotFoundException()
    return user


async def case_of_practitioner(
    request: AnyRequest, case_id: int, action: str
) -> tuple[CurrentUser, dict[str, Any]]:
    """The user and the case, when the user does child-protection work and may see the case;
    otherwise a denied audit row for ``action`` and 404. The caller records the allowed row."""
    row = await case_or_404(request, case_id, action)
    user = practitioner(request)
    if user is None:
        await record(request, action, Outcome.denied, object_type=CASE, object_id=case_id)
        raise NotFoundException()
    return user, row
