"""The public API of heaolu's core: the one module a plugin imports from core.

Everything a plugin may use is re-exported here, grouped in `__all__`; nothing else of core is
supported for plugins (page modules and internals change without notice), and
`tests/test_plugin_boundary.py` fails when a file under `plugins/` imports core any other way.
A name is added here on purpose, in its group, and listed in docs/plugins.md ("The core API").
Tables are for reading and for foreign keys: a plugin writes only its own tables and changes
core's records through the services (`add_child`, `add_entry`, `open_case`, ...).
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing
from types import ModuleType as _ModuleType

from core.access import (
    case_or_404,
    children_in_scope,
    sees_child,
    visible_among,
    visible_cases,
    visible_children,
)
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.demo import ensure_account
from core.auth.permissions import (
    ACCEPT_REPORTS,
    AUTHENTICATED,
    CHILD_PROTECTION_ROLE,
    CHILD_RECORD_WORK,
    CROSS_SECTOR_CASES,
    EDIT_DIRECTORY,
    MANAGE_CASES,
    MANAGE_PLUGINS,
    RECORDS,
    SEE_CHILD_PROTECTION,
)
from core.auth.reach import municipality_reach
from core.auth.submissions import CREATES
from core.auth.tables import Membership, User
from core.cases.engine import (
    account_of_contact,
    add_entry,
    case_manager_roles,
    now,
    open_case,
    stage_roles,
)
from core.cases.guards import open_case_worked_on
from core.cases.moving import hand_over_to_organisation, organisation_receivers
from core.cases.owners import owner_choices
from core.cases.participants import add_case_participant, remove_case_participant
from core.cases.tables import Case, CaseEntry, CaseParticipant, CaseStatus, EntryKind, Sensitivity
from core.cases.workflows import CHILD_PROTECTION_STAGE, stage_of, workflow_of
from core.cases.working import AnyRequest, hx, require_worker, user_of, works_on
from core.conflicts import Conflict, ConflictRow, conflict_page
from core.consent.demo import add_demo_consent
from core.consent.expiry import EXPIRY_WARNING_DAYS, expiring_soon
from core.consent.recipients import Recipient
from core.consent.registry import LEGAL_BASES
from core.consent.sharing import ShareAsk, ShareDecision, may_share, may_share_each
from core.consent.states import ConsentState, consent_states
from core.consent.tables import Decision
from core.csv_cells import csv_cell
from core.db import after_read
from core.demo import DemoContext
from core.enablement import enabled_plugins, set_plugin_enabled
from core.enablement_cache import enablement_of
from core.forms.display import answers as form_answers
from core.forms.enablement import adopted_versions, set_form_enabled, uploaded_keys
from core.forms.noticing import NOTICING_KEY
from core.forms.rajaleidja import RAJALEIDJA_KEY
from core.forms.submissions import Submission
from core.forms.tables import FormSubmission
from core.forms.uploads import CheckedUpload, check_county_upload, publish_county_upload
from core.forms.versions import StoredVersion, stored_version, versions_of
from core.hookspecs import hookimpl
from core.i18n import N_, TIME_ZONE, current_language, format_date, gettext, start_of_day
from core.jobs import enqueue
from core.kept import Kept, together
from core.meeting_rhythm import RHYTHM_LABELS, Rhythm, YearRhythm, year_rhythm
from core.migration_helpers import sql_migration
from core.notifications import notify
from core.notifications.tables import Notification
from core.pages import current_user, form_page, page, partial, plugins_of
from core.paging import page_with_total
from core.parsing import (
    InputError,
    bounded_text,
    id_or_none,
    page_count,
    page_number,
    parse_date,
    parse_year,
    search_term,
)
from core.people.adding import NewChild, add_child, existing_child
from core.people.contacts import contact_matches
from core.people.demo_children import isikukood as demo_isikukood
from core.people.demo_families import SCHOOL as DEMO_SCHOOL
from core.people.demo_families import SampleParent as DemoParent
from core.people.demo_families import add_demo_guardians
from core.people.enrolment import begin_enrolment, current_enrolment, end_enrolment
from core.people.family import Family, FamilyGuardian, family_of
from core.people.folding import fold
from core.people.isikukood import isikukood_problem
from core.people.labels import KINDS as ORGANISATION_KINDS
from core.people.labels import SECTORS, translated
from core.people.merged import surviving_record
from core.people.school_age import born_by_school_start, school_start_year
from core.people.tables import (
    Child,
    ContactPerson,
    Enrolment,
    Municipality,
    Organisation,
    OrganisationKind,
    Sector,
    Unit,
)
from core.people.unit_counts import UnitCounts, unit_counts
from core.plugins import Plugins
from core.registry import (
    CHILD_PROTECTION_STAGE_KEY,
    Bilingual,
    CommitmentFact,
    ConsentPurpose,
    ExportSection,
    FieldType,
    FormField,
    FormSchema,
    JobHandler,
    Level,
    NavItem,
    Option,
    Panel,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    Scope,
    Stage,
    TimelineEntryKind,
    ToolboxArea,
    ToolboxEntry,
    Transition,
    UnitKind,
    Workflow,
    WorkflowExtension,
)
from core.views import CaseView, ChildView
from core.working_days import add_working_days

# The supported names, by group (docs/plugins.md, "The core API", lists the same groups).
if _typing.TYPE_CHECKING:
    from core import plugin_testing as testing

__all__ = [  # noqa: RUF022 (grouped as in docs/plugins.md, not sorted)
    # Hooks and what they declare
    "hookimpl",
    "Plugins",
    "enabled_plugins",
    "enablement_of",
    "set_plugin_enabled",
    "Bilingual",
    "ConsentPurpose",
    "ExportSection",
    "FieldType",
    "FormField",
    "FormSchema",
    "JobHandler",
    "Level",
    "NavItem",
    "Option",
    "CommitmentFact",
    "Panel",
    "PeriodicJob",
    "Permission",
    "PluginDescription",
    "Role",
    "Scope",
    "Stage",
    "TimelineEntryKind",
    "ToolboxArea",
    "ToolboxEntry",
    "Transition",
    "UnitKind",
    "Workflow",
    "WorkflowExtension",
    "CHILD_PROTECTION_STAGE_KEY",
    "CaseView",
    "ChildView",
    "Submission",
    "CHILD_PROTECTION_STAGE",
    "NOTICING_KEY",
    "RAJALEIDJA_KEY",
    # Permissions and route options
    "ACCEPT_REPORTS",
    "AUTHENTICATED",
    "CHILD_PROTECTION_ROLE",
    "CHILD_RECORD_WORK",
    "CROSS_SECTOR_CASES",
    "EDIT_DIRECTORY",
    "MANAGE_CASES",
    "MANAGE_PLUGINS",
    "RECORDS",
    "SEE_CHILD_PROTECTION",
    "CREATES",
    # Tables a plugin may read
    "User",
    "Membership",
    "Municipality",
    "Organisation",
    "OrganisationKind",
    "Sector",
    "Unit",
    "ContactPerson",
    "Child",
    "Enrolment",
    "Case",
    "CaseEntry",
    "CaseParticipant",
    "CaseStatus",
    "EntryKind",
    "Sensitivity",
    "Decision",
    "Notification",
    "FormSubmission",
    # Users and requests
    "AnyRequest",
    "CurrentUser",
    "current_user",
    "user_of",
    "plugins_of",
    "hx",
    "municipality_reach",
    # Access
    "case_or_404",
    "children_in_scope",
    "sees_child",
    "visible_among",
    "visible_children",
    "visible_cases",
    # Services: children and the directory
    "NewChild",
    "add_child",
    "existing_child",
    "surviving_record",
    "current_enrolment",
    "begin_enrolment",
    "end_enrolment",
    "unit_counts",
    "UnitCounts",
    "contact_matches",
    "fold",
    "isikukood_problem",
    "school_start_year",
    "born_by_school_start",
    "family_of",
    "Family",
    "FamilyGuardian",
    # Services: case work
    "open_case_worked_on",
    "works_on",
    "require_worker",
    "owner_choices",
    "open_case",
    "add_entry",
    "add_case_participant",
    "remove_case_participant",
    "case_manager_roles",
    "stage_roles",
    "organisation_receivers",
    "hand_over_to_organisation",
    "account_of_contact",
    "now",
    "stage_of",
    "workflow_of",
    # Services: consent
    "EXPIRY_WARNING_DAYS",
    "expiring_soon",
    "may_share",
    "may_share_each",
    "ShareAsk",
    "Recipient",
    "LEGAL_BASES",
    "ShareDecision",
    "consent_states",
    "ConsentState",
    # Services: forms
    "stored_version",
    "form_answers",
    "versions_of",
    "StoredVersion",
    "uploaded_keys",
    "set_form_enabled",
    "adopted_versions",
    "CheckedUpload",
    "check_county_upload",
    "publish_county_upload",
    # Services: meetings a year (the cooperation agreement)
    "Rhythm",
    "RHYTHM_LABELS",
    "YearRhythm",
    "year_rhythm",
    # Services: reading in a GET, jobs, notifications
    "after_read",
    "Kept",
    "together",
    "page_with_total",
    "enqueue",
    "notify",
    "add_working_days",
    # Pages
    "page",
    "form_page",
    "partial",
    "Conflict",
    "ConflictRow",
    "conflict_page",
    "csv_cell",
    # Parsing input
    "InputError",
    "bounded_text",
    "id_or_none",
    "page_count",
    "page_number",
    "parse_date",
    "parse_year",
    "search_term",
    # Labels of core's choices
    "ORGANISATION_KINDS",
    "SECTORS",
    "translated",
    # Languages and dates
    "N_",
    "TIME_ZONE",
    "current_language",
    "format_date",
    "gettext",
    "start_of_day",
    # Audit
    "Outcome",
    "record",
    # Demo data
    "DemoContext",
    "ensure_account",
    "demo_isikukood",
    "DEMO_SCHOOL",
    "DemoParent",
    "add_demo_guardians",
    "add_demo_consent",
    # Migrations of a plugin's own tables
    "sql_migration",
    # A plugin's tests (`core.plugin_testing`, imported on first use)
    "testing",
]


def __getattr__(name: str) -> _ModuleType:
    """``testing`` (`core.plugin_testing`) is imported on first use, by a plugin's tests: a
    running site never loads the test client."""
    if name == "testing":
        return _importlib.import_module("core.plugin_testing")
    raise AttributeError(f"module 'core.api' has no attribute {name!r}")
