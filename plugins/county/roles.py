"""The county plugin's permissions and roles (level 4 of the HOP model, the cooperation
agreement).

The county coordinator works for the county union (Tartumaa Omavalitsuste Liit): agreements,
meetings, the county's documents and its dashboard. The role's scope is "county", which sees no
child, and it holds no record permission: it never reads a child's record. Municipalities' own
posts (their case managers, welfare leads) use the county pages through core's permissions and
the municipality plugin's roles; the specialists of the county's competence centre take part in a
case only when a municipality asks them in, under consent.
"""

from __future__ import annotations

from core.api import N_, RECORDS, Permission, Role, Scope

COORDINATE = "county.coordinate"
HELP_CASES = "county.competence.help"

COUNTY_COORDINATOR = "county_coordinator"
COMPETENCE_SPECIALIST = "county_competence_specialist"

PERMISSIONS = (
    Permission(
        COORDINATE,
        "Coordinate the county: its agreements, meetings, documents and dashboard",
    ),
    Permission(
        HELP_CASES,
        "Answer municipalities' requests for help from the county's competence centre",
    ),
)

ROLES = (
    Role(COUNTY_COORDINATOR, N_("County coordinator"), Scope.county, frozenset({COORDINATE})),
    Role(
        COMPETENCE_SPECIALIST,
        N_("Competence centre specialist"),
        Scope.none,
        RECORDS | {HELP_CASES},
    ),
)
