"""Small helpers every case page shares: the request's user, HTMX detection, and the rule of
who may work on a case (not only look at it)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import PermissionDeniedException

from core.access import working_on
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.cases.tables import Case
from core.pages import current_user

AnyRequest = Request[Any, Any, Any]


def user_of(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    assert user is not None  # the guard let only logged-in users through
    return user


def hx(request: AnyRequest) -> bool:
    return request.headers.get("hx-request") == "true"


async def works_on(user: CurrentUser, case: dict[str, Any]) -> bool:
    """Whether ``user`` works on the case (`core.access.working_on`). The case page has it
    from its `CaseView` (``working``), asked with the case."""
    if case["responsible"] == user.id:
        return True
    return bool(await Case.exists().where((Case.id == case["id"]) & working_on(user)))


async def record_conflict(request: AnyRequest, case_id: int) -> None:
    """Audit a save refused because someone saved first (the answer shows the saved data)."""
    await record(request, "case.conflict", Outcome.failed, object_type="case", object_id=case_id)


async def require_worker(request: AnyRequest, case: dict[str, Any]) -> CurrentUser:
    """The user, if they work on the case; else 403."""
    user = user_of(request)
    if not await works_on(user, case):
        raise PermissionDeniedException()
    return user
