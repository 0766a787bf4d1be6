"""The small records that plugins hand to core through hooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.i18n import current_language

# The key of core's child-protection stage, which every workflow shares: escalation takes a
# case there, and a workflow may name it as a transition's source to declare the way back.
CHILD_PROTECTION_STAGE_KEY = "core.child_protection"

# Runs one job: receives the job's payload (ids and dates, never personal data). Raising means
# the attempt failed and the job is tried again later.
JobHandler = Callable[[Mapping[str, Any]], Awaitable[None]]


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
class PluginDescription:
    """A plugin in words, for the administrators who turn it on or off for a municipality.

    ``label`` names the plugin (e.g. "Municipality case management"); ``provides`` lists what
    its users get, and so lose when it is turned off, one item each. Both are English message
    ids, shown translated.
    """

    label: str
    provides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bilingual:
    """A text in Estonian and English, as forms carry their own words (an uploaded form cannot
    use the message catalogues). ``str()`` gives the request's language, falling back to
    Estonian when the English is empty."""

    et: str
    en: str = ""

    def text(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.et

    def __str__(self) -> str:
        return self.text(current_language())


class FieldType(StrEnum):
    """The kinds of field a form may have."""

    text = "text"
    long_text = "long_text"
    date = "date"
    number = "number"
    choice = "choice"  # one of ``options``
    multiple_choice = "multiple_choice"  # any of ``options``
    yes_no = "yes_no"
    scale = "scale"  # a whole number from 0 to 10
    person = "person"  # a contact person of the directory (the id is stored)
    group = "group"  # ``fields`` repeated 0..``max_rows`` times


@dataclass(frozen=True)
class Option:
    """An answer of a choice field: ``key`` is stored, ``label`` is shown."""

    key: str
    label: Bilingual


@dataclass(frozen=True)
class FormField:
    """One field of a form. ``key`` is stored with the answer and names the field in the page.

    ``options`` belong to choice fields, ``min``/``max`` to number fields, ``fields`` and
    ``max_rows`` to groups (whose fields may not be groups)."""

    key: str
    type: FieldType
    label: Bilingual
    help: Bilingual | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    fields: tuple[FormField, ...] = ()
    max_rows: int = 20


class ToolboxArea(StrEnum):
    """The areas of the toolbox (tööriistakast) that an instrument helps to notice a need in."""

    speech = "speech"  # speech and language
    movement = "movement"
    social_emotional = "social_emotional"
    learning = "learning"
    behaviour = "behaviour"
    home = "home"  # wellbeing at home
    wellbeing = "wellbeing"  # the child's wellbeing overall


@dataclass(frozen=True)
class ToolboxEntry:
    """What makes a form an instrument of the toolbox: its ``area``, the ages it fits (whole
    years, ``age_from`` to ``age_to`` inclusive) and its ``guidance`` (how to use it and what
    to do with the result)."""

    area: ToolboxArea
    age_from: int
    age_to: int
    guidance: Bilingual

    def fits(self, age: int) -> bool:
        return self.age_from <= age <= self.age_to


@dataclass(frozen=True)
class FormSchema:
    """A form: its ``key`` (``<plugin>.<name>`` in code, ``local.<name>`` when uploaded), the
    ``version`` of its fields, a title, an optional description, the fields in order, and,
    when the form is an instrument of the toolbox, its ``toolbox`` entry.

    `core.forms.schema` checks it (and reads and writes it as JSON); a submission always
    renders with the version it was filled in."""

    key: str
    version: int
    title: Bilingual
    fields: tuple[FormField, ...] = ()
    description: Bilingual | None = None
    toolbox: ToolboxEntry | None = None


@dataclass(frozen=True)
class ConsentPurpose:
    """A purpose for which a guardian may consent to sharing a child's data across a boundary,
    e.g. ``core.cross_sector_case_work``. ``key`` is unique across plugins and starts with
    ``<plugin>.``; ``label`` names the purpose and ``text`` says what the guardian consents to
    (who shares what, and why), shown where a consent is recorded; both are English message
    ids, shown translated."""

    key: str
    label: str
    text: str = ""


@dataclass(frozen=True)
class ExportSection:
    """What a plugin holds about a child, for the child's subject-access export (GDPR art. 15).

    ``key`` (``<plugin>.<name>``) names the rows in the JSON export; ``label`` heads them on the
    printable page and ``columns`` pairs each shown field of the rows with its label (English
    message ids, shown translated)."""

    key: str
    label: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[Mapping[str, Any], ...]


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


@dataclass(frozen=True)
class CommitmentFact:
    """Whether a municipality (``municipality_id``) met one of the county agreement's
    commitments in a year, as a plugin's own records show: ``key`` names the commitment
    (``case_management_model``, ``network_meetings``, ``annual_plan``, ``welfare_lead``),
    ``detail`` says what was found."""

    municipality_id: int
    key: str
    met: bool
    detail: str = ""


class Level(StrEnum):
    """Who runs a case at a stage: the institution that owns it, or the municipality."""

    institution = "institution"
    municipality = "municipality"


@dataclass(frozen=True)
class Stage:
    """A stage of a case workflow, e.g. ``I`` (group teacher). ``roles`` may be responsible for
    a case at this stage; ``label`` is an English message id, shown translated."""

    key: str
    label: str
    level: Level
    roles: frozenset[str]


@dataclass(frozen=True)
class Transition:
    """A step from one of ``sources`` to ``target`` (a stage key), or closing the case when
    ``target`` is None. Only holders of ``roles`` may take it; ``forms`` are the form keys that
    must have a submission on the case first. A step to a stage whose roles the taker does not
    hold passes the case on by a handover the receiver accepts."""

    key: str
    label: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workflow:
    """The stages and transitions of the cases of ``organisation_kinds``
    (`core.people.tables.OrganisationKind` values). The first stage opens a case.
    ``review_days`` is how long after opening or a review the next review is due; the
    transitions whose ``target`` is None close a case, on their own forms and roles."""

    key: str
    label: str
    organisation_kinds: frozenset[str]
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    review_days: int = 90

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    def transitions_from(self, stage_key: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if stage_key in t.sources)


@dataclass(frozen=True)
class WorkflowExtension:
    """Stages and transitions a plugin adds to another's workflow: to the workflow ``workflow``
    names, or, when it is None, to every workflow, so that steps out of the child-protection
    stage every workflow shares (``core.child_protection``) are offered on every escalated case.
    Their keys start with ``<plugin>.``; a transition may name the workflow's stages, the
    extension's own and the shared child-protection stage."""

    workflow: str | None
    stages: tuple[Stage, ...] = ()
    transitions: tuple[Transition, ...] = ()


@dataclass(frozen=True)
class UnitKind:
    """A kind of unit that children of an organisation belong to (`core.people.tables.Unit`
    stores the key in ``kind``): a kindergarten's group, a school's class or stage. ``key`` is
    ``<plugin>.<name>`` (core's: ``group``, ``class``); ``label`` an English message id;
    ``organisation_kinds`` the `core.people.tables.OrganisationKind` values that have it."""

    key: str
    label: str
    organisation_kinds: frozenset[str]


@dataclass(frozen=True)
class TimelineEntryKind:
    """A kind of entry on a case's timeline. ``key`` is ``<plugin>.<name>`` (at most 30
    characters; core's have no prefix) and is what the plugin passes to
    ``core.cases.engine.add_entry``; ``label`` (an English message id) is shown with the entry
    on the timeline, the printed summary and the child's export."""

    key: str
    label: str


@dataclass(frozen=True)
class PeriodicJob:
    """Work done on a schedule. Every pass of the job runner calls ``enqueue_due(now)`` (``now``
    in UTC), which enqueues the jobs due by then with dedupe keys (``core.jobs.enqueue``), so
    that however many passes run, each job is enqueued once. ``name`` is unique across plugins
    and starts with ``<plugin>.``."""

    name: str
    enqueue_due: Callable[[datetime], Awaitable[None]]
