"""The one place that answers "may this user see this child?".

From the scope of the user's active role (`core.registry.Scope`):

- ``unit``: children currently enrolled in the membership's unit (a group, a class);
- ``organisation``: children currently enrolled in the membership's organisation;
- ``municipality``: children of the municipality (registered or living there) whose case is at a
  municipality-level stage or escalated. Cases arrive with the case engine; until then a
  municipality role sees no child;
- ``county`` and ``none``: no child, ever.

"Currently enrolled" means the enrolment has begun and has not ended (today in either).
Every page and partial that shows a child's data asks here first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException

from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.people.tables import Child, Enrolment
from core.registry import Scope


async def visible_child_ids(user: CurrentUser | None, today: date | None = None) -> set[int]:
    """The ids of the children ``user`` may see now (empty for anonymous and wide roles)."""
    membership = user.membership if user is not None else None
    if membership is None:
        return set()
    today = today or date.today()
    current = (Enrolment.starts_on <= today) & (
        Enrolment.ends_on.is_null() | (Enrolment.ends_on >= today)
    )
    if membership.scope is Scope.unit:
        if membership.unit_id is None:
            return set()
        where = current & (Enrolment.unit == membership.unit_id)
    elif membership.scope is Scope.organisation:
        where = current & (Enrolment.organisation == membership.organisation_id)
    else:
        return set()
    return {row["child"] for row in await Enrolment.select(Enrolment.child).where(where)}


async def child_or_404(
    connection: ASGIConnection[Any, Any, Any, Any], child_id: int, action: str
) -> dict[str, Any]:
    """The child's row if the request's user may see it; else a "denied" audit row for
    ``action`` and 404, as if there were no such child."""
    state = connection.scope.get("state", {})
    row: dict[str, Any] | None = None
    if child_id in await visible_child_ids(state.get("user")):
        row = await Child.select().where(Child.id == child_id).first()
    if row is None:
        await record(connection, action, Outcome.denied, object_type="child", object_id=child_id)
        raise NotFoundException()
    return row
