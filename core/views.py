"""What a per-request hook is told about the child or the case of the page: typed, read-only
views built once per request by `core.access`, after the access check let the user see them.

The user comes as `core.auth.current.CurrentUser`, with its active membership.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.cases.tables import CaseStatus
from core.registry import Stage, Workflow


@dataclass(frozen=True)
class ChildView:
    """A child the user may see. ``row`` holds every column of the child's record."""

    id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    registered_municipality_id: int | None
    residence_municipality_id: int | None
    row: Mapping[str, Any]

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @classmethod
    def of(cls, row: Mapping[str, Any], prefix: str = "") -> ChildView:
        """The view of a child's row; ``prefix`` is ``"child."`` for a case's joined columns."""
        columns = {
            key[len(prefix) :]: value for key, value in row.items() if key.startswith(prefix)
        }
        return cls(
            id=columns["id"],
            given_name=columns["given_name"],
            family_name=columns["family_name"],
            date_of_birth=columns.get("date_of_birth"),
            registered_municipality_id=columns.get("registered_municipality"),
            residence_municipality_id=columns.get("residence_municipality"),
            row=columns,
        )


@dataclass(frozen=True)
class CaseView:
    """A case the user may see, with its child, its workflow and stage, and the plugins enabled
    in its municipality (asked once). ``row`` holds every column of the case's record.
    ``working``: the user works on the case (`core.cases.working.works_on`); ``child_visible``:
    the user may see the child's record (`core.access.sees_child`); both asked with the case."""

    id: int
    child: ChildView
    municipality_id: int
    owner_organisation_id: int
    responsible_id: int
    status: str
    concern: str
    opened_at: datetime | None
    workflow: Workflow
    stage: Stage
    enabled_plugins: frozenset[str]
    working: bool
    child_visible: bool
    row: Mapping[str, Any]

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.open.value
