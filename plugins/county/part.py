"""What one part of the county plugin gives its hooks (`plugins/county/hooks.py` gathers the
parts): each part's package defines ``PART = Part(...)`` with what it has."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.api import (
    AnyRequest,
    CaseView,
    CurrentUser,
    DemoContext,
    ExportSection,
    JobHandler,
    NavItem,
    Panel,
    PeriodicJob,
)

NavItems = Callable[[CurrentUser], Sequence[NavItem]]
Panels = Callable[[AnyRequest, CurrentUser], Awaitable[Sequence[Panel]]]
CasePanels = Callable[[AnyRequest, CurrentUser, CaseView], Awaitable[Sequence[Panel]]]
Seed = Callable[[DemoContext], Awaitable[None]]
Export = Callable[[CurrentUser, Sequence[int]], Awaitable[Sequence[ExportSection]]]
Merge = Callable[[int, int], Awaitable[None]]
ConsentWithdrawn = Callable[[Mapping[str, Any], CurrentUser, AnyRequest], Awaitable[None]]


async def _no_panels(*_args: Any) -> Sequence[Panel]:
    return ()


async def _no_sections(*_args: Any) -> Sequence[ExportSection]:
    return ()


async def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class Part:
    """Routes (mounted under ``/county/``), navigation, panels, audit labels, jobs, demo data and
    what the part holds about a child (its export and merge), what it does when a guardian
    withdraws a consent, each empty unless given."""

    routes: Sequence[Any] = ()
    nav_items: NavItems = lambda _user: ()
    dashboard_panels: Panels = _no_panels
    case_panels: CasePanels = _no_panels
    action_labels: Mapping[str, str] = field(default_factory=dict)
    object_type_labels: Mapping[str, str] = field(default_factory=dict)
    periodic_jobs: Sequence[PeriodicJob] = ()
    job_handlers: Mapping[str, JobHandler] = field(default_factory=dict)
    seed: Seed = _nothing
    child_export: Export = _no_sections
    merge_children: Merge = _nothing
    consent_withdrawn: ConsentWithdrawn = _nothing
