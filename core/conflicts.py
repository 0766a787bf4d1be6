"""The conflict page: two people saved the same thing, and the second one loses nothing.

Every object with a ``version`` column (a case, a plan's goal or task, a form submission) is
updated only if it is still at the version the editor started from. When it is not, the page
answers with `conflict_page`: both versions side by side (the saved one, and the one the user
typed), and the user's form again, filled with what they typed, to save once more. The form
must carry the saved version, so that saving again overwrites the other save knowingly.

    rows = [ConflictRow(_("Goal"), saved["goal"], typed["goal"])]
    return conflict_page(
        request,
        Conflict(
            title=_("Goal"),
            rows=rows,
            action=f"/cases/{case_id}/goals/{goal_id}",
            form_template="cases/_goal_fields.html",
            form_context={"values": typed, "version": saved["version"]},
            saved_by=saved_by_name,
            saved_at=saved["updated_at"],
        ),
    )

``form_template`` is the partial of the inputs (without the ``<form>`` element), rendered with
``form_context`` as its context, the same partial the edit page uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litestar import Request
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT

from core.pages import page


@dataclass(frozen=True)
class ConflictRow:
    """One field: its label, its value as saved by the other person, and as the user typed it."""

    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved.strip() != self.yours.strip()


@dataclass(frozen=True)
class Conflict:
    title: str
    rows: Sequence[ConflictRow]
    action: str
    form_template: str
    form_context: Mapping[str, Any] = field(default_factory=dict)
    saved_by: str = ""
    saved_at: datetime | None = None
    back: str | None = None


def conflict_page(request: Request[Any, Any, Any], conflict: Conflict) -> Template:
    """The conflict page (409) for ``conflict``; nothing was saved."""
    return page(
        request,
        "conflict.html",
        {**conflict.form_context, "conflict": conflict},
        status_code=HTTP_409_CONFLICT,
    )
