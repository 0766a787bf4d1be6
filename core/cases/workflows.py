"""Which workflow a case follows, and core's own child-protection stage.

Workflows come from plugins (``heaolu_case_workflows``). Core adds one stage every workflow
shares: child protection, where an escalated case goes, and one workflow of its own, used when a
municipality accepts a report and no enabled plugin has a workflow for municipality offices.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.auth.permissions import CHILD_PROTECTION_ROLE
from core.cases.tables import Case, CaseStatus
from core.i18n import N_
from core.plugins import CORE_PLUGIN_NAME, Plugins
from core.registry import CHILD_PROTECTION_STAGE_KEY, Level, Stage, Transition, Workflow

CHILD_PROTECTION_STAGE = Stage(
    CHILD_PROTECTION_STAGE_KEY,
    N_("Child protection"),
    Level.municipality,
    frozenset({CHILD_PROTECTION_ROLE}),
)
CLOSE_BY_CHILD_PROTECTION = Transition(
    "core.close",
    N_("Close the case"),
    frozenset({CHILD_PROTECTION_STAGE.key}),
    None,
    frozenset({CHILD_PROTECTION_ROLE}),
)
CHILD_PROTECTION_WORKFLOW = Workflow(
    "core.child_protection",
    N_("Child protection"),
    frozenset(),
    (CHILD_PROTECTION_STAGE,),
    (CLOSE_BY_CHILD_PROTECTION,),
)


def workflow_of(plugins: Plugins, key: str) -> Workflow:
    """The workflow named ``key`` (a case keeps its workflow even if its plugin is unloaded
    later; it then follows core's child-protection workflow)."""
    return plugins.workflows.get(key, CHILD_PROTECTION_WORKFLOW)


def workflow_for_kind(plugins: Plugins, kind: str, enabled: Iterable[str]) -> Workflow | None:
    """The workflow of an enabled plugin serving organisations of ``kind``, if any."""
    allowed = {CORE_PLUGIN_NAME, *enabled}
    for key, workflow in plugins.workflows.items():
        if kind in workflow.organisation_kinds and plugins.workflow_owner[key] in allowed:
            return workflow
    return None


def stage_of(workflow: Workflow, key: str) -> Stage:
    """A stage of ``workflow``, or the shared child-protection stage."""
    found = workflow.stage(key)
    if found is not None:
        return found
    if key == CHILD_PROTECTION_STAGE.key:
        return CHILD_PROTECTION_STAGE
    raise KeyError(f"workflow {workflow.key!r} has no stage {key!r}")


def transitions_from(workflow: Workflow, stage_key: str) -> tuple[Transition, ...]:
    """The transitions out of a stage; child protection may always close the case."""
    if stage_key == CHILD_PROTECTION_STAGE.key:
        return (*workflow.transitions_from(stage_key), CLOSE_BY_CHILD_PROTECTION)
    return workflow.transitions_from(stage_key)


def workflows_of_plugin(plugins: Plugins, plugin: str) -> list[str]:
    """The keys of the workflows ``plugin`` contributed."""
    return [key for key, owner in plugins.workflow_owner.items() if owner == plugin]


async def open_cases_of_plugin(plugins: Plugins, plugin: str, municipality_id: int) -> int:
    """How many open cases of the municipality follow a workflow of ``plugin``."""
    keys = workflows_of_plugin(plugins, plugin)
    if not keys:
        return 0
    return int(
        await Case.count().where(
            Case.workflow.is_in(keys)
            & (Case.municipality == municipality_id)
            & (Case.status == CaseStatus.open.value)
        )
    )
