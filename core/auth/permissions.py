"""Core's permissions and roles."""

from __future__ import annotations

from core.i18n import N_
from core.registry import Permission, Role, Scope

# Held by every logged-in, verified user; pages any staff member may open declare it.
AUTHENTICATED = "core.authenticated"
# Children's records (children, cases, entries, forms, consents, attachments): a role sees or
# changes them only with these, and then only within its scope (`core.access`). Case-work roles
# hold them; the administrators' roles never do.
READ_RECORDS = "core.records.read"
WRITE_RECORDS = "core.records.write"
MANAGE_USERS = "core.admin.users"
MANAGE_PLUGINS = "core.admin.plugins"
SYSTEM_ADMIN = "core.admin.system"
VIEW_AUDIT = "core.audit.view"
EDIT_DIRECTORY = "core.directory.edit"
CREATE_CHILD = "core.child.create"
EXPORT_CHILD = "core.child.export"
EDIT_CHILD = "core.child.edit"
RECORD_CONSENT = "core.consent.record"
OVERRIDE_CONSENT = "core.consent.override"
SEE_HEALTH = "core.case.sensitive.health"
SEE_CHILD_PROTECTION = "core.case.sensitive.child_protection"
ACCEPT_REPORTS = "core.case.accept_reports"
MANAGE_CASES = "core.case.manage"
# The mark of an institution's post (a role of scope organisation, e.g. a school's support
# coordinator) that its municipality may name among the posts running cross-sector cases.
CROSS_SECTOR_CASES = "core.case.cross_sector"

SYSTEM_ADMIN_ROLE = "system_admin"
MUNICIPALITY_ADMIN_ROLE = "municipality_admin"
CHILD_PROTECTION_ROLE = "child_protection_specialist"

PERMISSIONS = (
    Permission(READ_RECORDS, "Read children's records within the role's scope"),
    Permission(WRITE_RECORDS, "Add to and change children's records within the role's scope"),
    Permission(MANAGE_USERS, "Manage users and memberships (own municipality, or all)"),
    Permission(MANAGE_PLUGINS, "Enable or disable plugins and forms for a municipality"),
    Permission(SYSTEM_ADMIN, "Administer every municipality; see the loaded plugins"),
    Permission(VIEW_AUDIT, "View and export the audit log (own municipality, or all)"),
    Permission(EDIT_DIRECTORY, "Keep organisations' units and contact persons up to date"),
    Permission(CREATE_CHILD, "Add a child to heaolu, enrolled in the user's organisation"),
    Permission(EXPORT_CHILD, "Export a child's full record for a guardian's access request"),
    Permission(EDIT_CHILD, "Correct a child's data (kept in history) and merge duplicate records"),
    Permission(RECORD_CONSENT, "Record and withdraw guardians' consents; see expiring ones"),
    Permission(OVERRIDE_CONSENT, "Record sharing without consent on a legal basis"),
    Permission(SEE_HEALTH, "Read case entries marked as health data"),
    Permission(SEE_CHILD_PROTECTION, "Read case entries marked as child protection data"),
    Permission(ACCEPT_REPORTS, "Accept noticing reports sent to the municipality"),
    Permission(MANAGE_CASES, "Be responsible for cases at the municipality's case management"),
    Permission(
        CROSS_SECTOR_CASES,
        "May manage a cross-sector case when the municipality names the post",
    ),
)

RECORDS = frozenset({READ_RECORDS, WRITE_RECORDS})
# What a municipality's case work needs besides the cases: recording a guardian's consent,
# adding and correcting a child, exporting a record for an access request, health entries.
CHILD_RECORD_WORK = frozenset({RECORD_CONSENT, CREATE_CHILD, EDIT_CHILD, EXPORT_CHILD, SEE_HEALTH})

ROLES = (
    Role(
        SYSTEM_ADMIN_ROLE,
        N_("System administrator"),
        Scope.none,
        frozenset({MANAGE_USERS, MANAGE_PLUGINS, SYSTEM_ADMIN, EDIT_DIRECTORY, VIEW_AUDIT}),
        administers=True,
    ),
    Role(
        MUNICIPALITY_ADMIN_ROLE,
        N_("Municipality administrator"),
        Scope.municipality,
        frozenset({MANAGE_USERS, MANAGE_PLUGINS, EDIT_DIRECTORY, VIEW_AUDIT}),
        administers=True,
    ),
    # Every municipality has child protection by law, so escalation always has a target.
    Role(
        CHILD_PROTECTION_ROLE,
        N_("Child protection specialist"),
        Scope.municipality,
        RECORDS
        | CHILD_RECORD_WORK
        | {SEE_CHILD_PROTECTION, ACCEPT_REPORTS, OVERRIDE_CONSENT, MANAGE_CASES},
    ),
)
