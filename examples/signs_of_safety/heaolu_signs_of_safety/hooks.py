"""The hooks heaolu calls: the entry point `heaolu.plugins` names this module."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.api import (
    CHILD_PROTECTION_ROLE,
    CHILD_PROTECTION_STAGE_KEY,
    N_,
    SEE_CHILD_PROTECTION,
    CaseView,
    CurrentUser,
    DemoContext,
    ExportSection,
    Panel,
    PluginDescription,
    Transition,
    WorkflowExtension,
    hookimpl,
)
from core.api import gettext as _

from heaolu_signs_of_safety import demo, export
from heaolu_signs_of_safety.access import (
    CASE_VIEWED,
    CASES_LISTED,
    HOUSES_ADDED,
    MAPPING_ADDED,
    PLAN_ADDED,
    REVIEW_ADDED,
    SCALE_ADDED,
    SUMMARY_VIEWED,
)
from heaolu_signs_of_safety.pages import ROUTES, case_address
from heaolu_signs_of_safety.tables import MappingVersion, Plan, Scale

HERE = Path(__file__).parent
MAPPED = "signs_of_safety.mapped"
REVIEWED = "signs_of_safety.reviewed"
# The steps the model adds to core's child-protection stage, on every workflow.
STEPS = (
    Transition(
        MAPPED,
        N_("Mapping done with the family (Signs of Safety)"),
        frozenset({CHILD_PROTECTION_STAGE_KEY}),
        CHILD_PROTECTION_STAGE_KEY,
        frozenset({CHILD_PROTECTION_ROLE}),
    ),
    Transition(
        REVIEWED,
        N_("Safety reviewed with the network (Signs of Safety)"),
        frozenset({CHILD_PROTECTION_STAGE_KEY}),
        CHILD_PROTECTION_STAGE_KEY,
        frozenset({CHILD_PROTECTION_ROLE}),
    ),
)


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return PluginDescription(
        N_("Signs of Safety (child protection)"),
        (
            N_("Mapping of child-protection cases with the family"),
            N_("Safety scale, safety plan and the child's three houses"),
            N_("Quality review of child-protection work"),
        ),
    )


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    return ["heaolu_signs_of_safety.piccolo_app"]


@hookimpl
def heaolu_routes() -> Sequence[Any]:
    return ROUTES


@hookimpl
def heaolu_template_dirs() -> Sequence[Path]:
    return [HERE / "templates"]


@hookimpl
def heaolu_locale_dirs() -> Sequence[Path]:
    return [HERE / "locale"]


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return {
        CASES_LISTED: N_("Opened the Signs of Safety cases"),
        CASE_VIEWED: N_("Opened a case's Signs of Safety work"),
        MAPPING_ADDED: N_("Mapped a case (Signs of Safety)"),
        SCALE_ADDED: N_("Recorded the safety scale"),
        PLAN_ADDED: N_("Recorded a safety plan"),
        HOUSES_ADDED: N_("Recorded the child's three houses"),
        REVIEW_ADDED: N_("Reviewed the quality of case work"),
        SUMMARY_VIEWED: N_("Opened the quality summary of child-protection work"),
    }


@hookimpl
def heaolu_dashboard_panels(user: CurrentUser | None) -> Sequence[Panel]:
    """On the home page of child-protection work: the way to the cases and the quality
    summary (a panel, not a menu item: the menu of child-protection posts is full)."""
    if user is None or not user.can(SEE_CHILD_PROTECTION):
        return []
    return [Panel(title=_("Signs of Safety"), template="signs_of_safety/_home_panel.html")]


@hookimpl
def heaolu_case_panels(user: CurrentUser, case: CaseView) -> Sequence[Panel]:
    if not user.can(SEE_CHILD_PROTECTION):
        return []
    return [
        Panel(
            title=_("Signs of Safety"),
            template="signs_of_safety/_case_panel.html",
            context={"href": case_address(case.id)},
        )
    ]


@hookimpl
def heaolu_workflow_extensions() -> Sequence[WorkflowExtension]:
    return [WorkflowExtension(None, transitions=STEPS)]


@hookimpl
async def heaolu_validate_transition(
    case: Mapping[str, Any], transition: Transition
) -> Sequence[str]:
    if transition.key == MAPPED and not await MappingVersion.exists().where(
        MappingVersion.case == case["id"]
    ):
        return [_("Record the mapping on the case's Signs of Safety page first.")]
    if transition.key == REVIEWED:
        problems = []
        if not await Scale.exists().where(Scale.case == case["id"]):
            problems.append(_("Record the safety scale of the review first."))
        if not await Plan.exists().where(Plan.case == case["id"]):
            problems.append(_("Record the safety plan first."))
        return problems
    return []


@hookimpl
async def heaolu_child_export(
    user: CurrentUser, child_ids: Sequence[int]
) -> Sequence[ExportSection]:
    return await export.sections(user, child_ids)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await demo.seed(ctx)
