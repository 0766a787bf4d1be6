"""The municipality plugin's permissions and roles (report section 1.3, cooperation agreement).

Core's child protection specialist is the statutory role every municipality has; this plugin
adds the posts of the municipality's cross-sector network. Every post here works on cases, so
each holds core's record permissions; network roles see no child's record by their scope: a
network member from the police sees a case only as a participant in it. The case manager also
does the child-record work of the municipality's office (`CHILD_RECORD_WORK`). The case manager
and the education coordinator are told of the Rajaleidja decisions shared with the
municipality and list them (`VIEW_RAJALEIDJA`): a permission of its own, so the education
coordinator (scope none) reads that list and nothing more of the children.
"""

from __future__ import annotations

from core.api import (
    ACCEPT_REPORTS,
    CHILD_RECORD_WORK,
    MANAGE_CASES,
    N_,
    RECORDS,
    SEE_CHILD_PROTECTION,
    Permission,
    Role,
    Scope,
)

VIEW_NETWORK = "municipality.network.view"
MANAGE_NETWORK = "municipality.network.manage"
RESOLVE_COOPERATION = "municipality.cooperation.resolve"
VIEW_STATS = "municipality.stats.view"
VIEW_TRANSITIONS = "municipality.transitions.view"
MANAGE_HOME_CHILDREN = "municipality.home_children.manage"
VIEW_RAJALEIDJA = "municipality.rajaleidja.view"

CASE_MANAGER = "municipality_case_manager"
WELFARE_LEAD = "municipality_welfare_lead"
NETWORK_LEADER = "municipality_network_leader"
NETWORK_MEMBER = "municipality_network_member"
EDUCATION_COORDINATOR = "municipality_education_coordinator"
YOUTH_COORDINATOR = "municipality_youth_coordinator"

PERMISSIONS = (
    Permission(VIEW_NETWORK, "See the network, its meetings, plans and agreements"),
    Permission(MANAGE_NETWORK, "Keep the network, its meetings, plans and agreements"),
    Permission(RESOLVE_COOPERATION, "Receive and resolve cooperation problems"),
    Permission(VIEW_STATS, "See the network's statistics (no personal data)"),
    Permission(VIEW_TRANSITIONS, "See the overview of children's transitions"),
    Permission(MANAGE_HOME_CHILDREN, "Keep the register of children at home and their outreach"),
    Permission(
        VIEW_RAJALEIDJA,
        "Be told of and see the Rajaleidja decisions about the municipality's children that "
        "were shared with it",
    ),
)

_NETWORK = RECORDS | {VIEW_NETWORK, VIEW_STATS}
_LEADING = _NETWORK | {MANAGE_NETWORK, RESOLVE_COOPERATION, VIEW_TRANSITIONS}

ROLES = (
    Role(
        CASE_MANAGER,
        N_("Municipality case manager"),
        Scope.municipality,
        RECORDS
        | CHILD_RECORD_WORK
        | {MANAGE_CASES, ACCEPT_REPORTS, VIEW_NETWORK, VIEW_STATS, VIEW_TRANSITIONS}
        | {VIEW_RAJALEIDJA},
    ),
    Role(
        WELFARE_LEAD,
        N_("Welfare lead"),
        Scope.municipality,
        RECORDS
        | _LEADING
        | {MANAGE_CASES, ACCEPT_REPORTS, SEE_CHILD_PROTECTION, MANAGE_HOME_CHILDREN},
    ),
    Role(NETWORK_LEADER, N_("Network leader"), Scope.none, _LEADING),
    Role(NETWORK_MEMBER, N_("Network member"), Scope.none, _NETWORK),
    Role(
        EDUCATION_COORDINATOR,
        N_("Education coordinator"),
        Scope.none,
        _NETWORK | {VIEW_TRANSITIONS, MANAGE_HOME_CHILDREN, VIEW_RAJALEIDJA},
    ),
    Role(YOUTH_COORDINATOR, N_("Youth work coordinator"), Scope.none, _NETWORK),
)
