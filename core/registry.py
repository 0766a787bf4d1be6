"""The small records that plugins hand to core through hooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Permission:
    """A named right, e.g. ``school.case.view``; roles are bundles of these."""

    name: str
    description: str


@dataclass(frozen=True)
class FormSchema:
    """A form shipped in code. ``key`` is unique across plugins, e.g. ``school.readiness_card``."""

    key: str
    version: int
    title: str


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation; lower ``order`` comes first."""

    label: str
    href: str
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A panel on a page, rendered from ``template`` (a partial) with ``context``."""

    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
