"""The small records that plugins hand to core through hooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Permission:
    """A named right, e.g. ``school.case.view``; roles are bundles of these."""

    name: str
    description: str


class Scope(StrEnum):
    """Which records a role's holder sees: those of their unit, organisation, municipality,
    county, or none (system roles that administer but see no child)."""

    unit = "unit"
    organisation = "organisation"
    municipality = "municipality"
    county = "county"
    none = "none"


@dataclass(frozen=True)
class Role:
    """A named bundle of permissions with a scope, e.g. ``municipality_admin``.

    ``label`` is an English message id, shown translated.
    """

    name: str
    label: str
    scope: Scope
    permissions: frozenset[str] = frozenset()
    administers: bool = False


@dataclass(frozen=True)
class FormSchema:
    """A form shipped in code. ``key`` is unique across plugins, e.g. ``school.readiness_card``."""

    key: str
    version: int
    title: str


@dataclass(frozen=True)
class ConsentPurpose:
    """A purpose for which a guardian may consent to sharing a child's data across a boundary,
    e.g. ``core.cross_sector_case_work``. ``key`` is unique across plugins and starts with
    ``<plugin>.``; ``label`` is an English message id, shown translated."""

    key: str
    label: str


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
