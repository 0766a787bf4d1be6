"""The kindergarten plugin's permissions and roles (report section 1.1).

Every post works on cases, so each holds core's record permissions, within its scope: the group
teacher sees the children of her group (`Membership.unit`) and their cases, the others the
kindergarten's. Besides, the support-services coordinator (the in-house case manager) records
guardians' consents, reads health entries, keeps the groups and the transitions to school, and
is the post a municipality may name among those running cross-sector cases (core's
`CROSS_SECTOR_CASES`, report step 12); the head (in a small kindergarten the contact for outside
parties) sees the groups.
"""

from __future__ import annotations

from core.api import CROSS_SECTOR_CASES, N_, RECORDS, Permission, Role, Scope

VIEW_GROUPS = "kindergarten.groups.view"
MANAGE_GROUPS = "kindergarten.groups.manage"
MANAGE_TRANSITIONS = "kindergarten.transitions.manage"

GROUP_TEACHER = "kindergarten_group_teacher"
COORDINATOR = "kindergarten_support_coordinator"
SPECIALIST = "kindergarten_support_specialist"
HEAD = "kindergarten_head"

# Core's permission names (`core.auth.permissions`): a role names them as strings.
RECORD_CONSENT = "core.consent.record"
SEE_HEALTH = "core.case.sensitive.health"

PERMISSIONS = (
    Permission(VIEW_GROUPS, "See the kindergarten's groups with their teachers and children"),
    Permission(MANAGE_GROUPS, "Enrol a child in a group and move them to another group"),
    Permission(
        MANAGE_TRANSITIONS,
        "Share school-readiness cards with schools; the spring list of children going to school",
    ),
)

ROLES = (
    Role(GROUP_TEACHER, N_("Group teacher"), Scope.unit, RECORDS),
    Role(
        COORDINATOR,
        N_("Support-services coordinator"),
        Scope.organisation,
        RECORDS
        | {
            RECORD_CONSENT,
            SEE_HEALTH,
            VIEW_GROUPS,
            MANAGE_GROUPS,
            MANAGE_TRANSITIONS,
            CROSS_SECTOR_CASES,
        },
    ),
    Role(SPECIALIST, N_("Support specialist"), Scope.organisation, RECORDS),
    Role(HEAD, N_("Head of the kindergarten"), Scope.organisation, RECORDS | {VIEW_GROUPS}),
)
