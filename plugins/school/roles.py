"""The school plugin's permissions and roles (report section 1.2).

The posts that work on a school's cases hold core's record permissions, each within its scope:
the class teacher (klassijuhataja, klassiõpetaja) the children of her class, the
support-learning coordinator (tugiõppe koordinaator, HEVKO; the school's in-house case manager),
the support specialists and the school nurse the school's. The coordinator also records
guardians' consents and reads health entries, and carries core's mark of a post its
municipality may name among those running cross-sector cases (`CROSS_SECTOR_CASES`, report
step 12); the nurse, of the health sector but employed for the school, reads health entries
where consent or law allows (`core.access` decides per entry).
The head of studies (õppealajuhataja) and the head (direktor), in a small school the contacts
for outside parties, see no child by their scope: a case only when they take part in it.
"""

from __future__ import annotations

from core.api import CROSS_SECTOR_CASES, N_, RECORDS, Permission, Role, Scope

# Core's permissions for recording consents and reading health entries (`core.auth.permissions`
# declares them; a role naming an undeclared permission stops start-up).
RECORD_CONSENT = "core.consent.record"
SEE_HEALTH = "core.case.sensitive.health"

VIEW_CLASSES = "school.classes.view"
MOVE_PUPILS = "school.pupils.move"

CLASS_TEACHER = "school_class_teacher"
COORDINATOR = "school_support_coordinator"
SPECIALIST = "school_support_specialist"
HEAD_OF_STUDIES = "school_head_of_studies"
HEAD = "school_head"
NURSE = "school_nurse"

PERMISSIONS = (
    Permission(VIEW_CLASSES, "See the school's classes with their class teachers and children"),
    Permission(MOVE_PUPILS, "Move a pupil with an open case to another class or another school"),
)

ROLES = (
    Role(CLASS_TEACHER, N_("Class teacher"), Scope.unit, RECORDS),
    Role(
        COORDINATOR,
        N_("Support-learning coordinator"),
        Scope.organisation,
        RECORDS | {RECORD_CONSENT, SEE_HEALTH, VIEW_CLASSES, MOVE_PUPILS, CROSS_SECTOR_CASES},
    ),
    Role(SPECIALIST, N_("School support specialist"), Scope.organisation, RECORDS),
    Role(HEAD_OF_STUDIES, N_("Head of studies"), Scope.none, RECORDS),
    Role(HEAD, N_("Head of school"), Scope.none, RECORDS),
    Role(NURSE, N_("School nurse"), Scope.organisation, RECORDS | {SEE_HEALTH}),
)
