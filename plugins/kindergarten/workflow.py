"""The kindergarten's support workflow (report section 1.1) and its consent purpose.

Stage I: the group teacher notices (core's noticing sheet opens the case with the noticer
responsible), gathers information and acts; what was tried goes on the case's timeline, so that
it serves the others later. Stage II: the teacher asks the support-services coordinator in: the
step is the teacher's, its target stage is the coordinator's, so core makes it a handover the
coordinator accepts, and from then on the coordinator is responsible (the model's "the
coordinator opens the case"). The coordinator may hand the case back to the group, close it, or,
once the support plan is drawn up, pass it to stage III: a municipality-level stage naming no
roles, so core offers the municipality's case managers (the municipality plugin's case manager
where it is enabled, otherwise the child protection specialist). Child protection from any stage
is core's escalation.
"""

from __future__ import annotations

from core.api import N_, ConsentPurpose, Level, Stage, Transition, Workflow
from plugins.kindergarten.forms import SUPPORT_PLAN_FORM
from plugins.kindergarten.roles import COORDINATOR, GROUP_TEACHER

WORKFLOW_KEY = "kindergarten.support"
READINESS_CARD_PURPOSE = "kindergarten.school_readiness_card"

TEACHERS = frozenset({GROUP_TEACHER})
COORDINATORS = frozenset({COORDINATOR})
NOBODY: frozenset[str] = frozenset()

STAGE_I = Stage("I", N_("Stage I: the group teacher"), Level.institution, TEACHERS)
STAGE_II = Stage(
    "II", N_("Stage II: the support-services coordinator"), Level.institution, COORDINATORS
)
STAGE_III = Stage(
    "III", N_("Stage III: the municipality's case manager"), Level.municipality, NOBODY
)

SUPPORT = Workflow(
    key=WORKFLOW_KEY,
    label=N_("Kindergarten support"),
    organisation_kinds=frozenset({"kindergarten"}),
    stages=(STAGE_I, STAGE_II, STAGE_III),
    transitions=(
        Transition(
            "ask_coordinator",
            N_("Ask the support-services coordinator in (the coordinator opens the case)"),
            frozenset({"I"}),
            "II",
            TEACHERS,
        ),
        Transition(
            "back_to_group",
            N_("Back to the group teacher"),
            frozenset({"II"}),
            "I",
            COORDINATORS,
        ),
        Transition(
            "to_municipality",
            N_("Hand over to the municipality's case manager"),
            frozenset({"II"}),
            "III",
            COORDINATORS,
            forms=(SUPPORT_PLAN_FORM,),
        ),
        Transition("close_I", N_("Close the case"), frozenset({"I"}), None, TEACHERS),
        Transition("close_II", N_("Close the case"), frozenset({"II"}), None, COORDINATORS),
        Transition("close_III", N_("Close the case"), frozenset({"III"}), None, NOBODY),
    ),
)

WORKFLOWS = [SUPPORT]

PURPOSES = [
    ConsentPurpose(
        READINESS_CARD_PURPOSE,
        N_("School-readiness card to the school"),
        N_(
            "The kindergarten shares the child's school-readiness card (the child's development "
            "at the end of the pre-school period) with the support-learning coordinator of the "
            "school the child goes to, so that the school can prepare for the child's start."
        ),
    )
]
