"""The guard of every page that changes a case: the case is open and the user works on it."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotFoundException

from core.access import case_or_404
from core.auth.current import CurrentUser
from core.cases.tables import CaseStatus
from core.cases.working import AnyRequest, require_worker


async def open_case_worked_on(
    request: AnyRequest, case_id: int, action: str = "case.updated"
) -> tuple[dict[str, Any], CurrentUser]:
    """The case and the user, if the user may see the case (else 404, audited as ``action``),
    works on it (else 403) and it is open (else 404)."""
    case = await case_or_404(request, case_id, action)
    user = await require_worker(request, case)
    if case["status"] != CaseStatus.open.value:
        raise NotFoundException()
    return case, user
