"""A test plugin for a child-protection method: it adds a step out of core's child-protection
stage to every workflow, and a stage of its own to the casework workflow."""

from core.auth.permissions import CHILD_PROTECTION_ROLE
from core.hookspecs import hookimpl
from core.registry import (
    CHILD_PROTECTION_STAGE_KEY,
    Level,
    Stage,
    Transition,
    WorkflowExtension,
)

PROTECTORS = frozenset({CHILD_PROTECTION_ROLE})
NETWORK_MEETING = Transition(
    "method.network_meeting",
    "Hold the method's network meeting",
    frozenset({CHILD_PROTECTION_STAGE_KEY}),
    CHILD_PROTECTION_STAGE_KEY,
    PROTECTORS,
)
FOLLOW_UP = Stage("method.follow_up", "Follow-up by the method", Level.municipality, PROTECTORS)


@hookimpl
def heaolu_workflow_extensions():
    return [
        WorkflowExtension(None, transitions=(NETWORK_MEETING,)),
        WorkflowExtension(
            "casework.school",
            stages=(FOLLOW_UP,),
            transitions=(
                Transition(
                    "method.to_follow_up",
                    "Pass to the method's follow-up",
                    frozenset({CHILD_PROTECTION_STAGE_KEY}),
                    FOLLOW_UP.key,
                    PROTECTORS,
                ),
            ),
        ),
    ]
