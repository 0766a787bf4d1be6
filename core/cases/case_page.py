"""The case's page (`/cases/{id}`) and its printable summary.

The page shows the child (linked to the child's page, with the guardians' contacts, when the
user may see it), the stage, who is responsible, participants, the timeline, the
action plan, the concern level, the steps the user may take and the plugins' panels
(``heaolu_case_panels``). Each view writes one audit row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from litestar import get
from litestar.params import FromPath
from litestar.response import Template
from piccolo.columns import Column

from core.access import PENDING_HANDOVER, case_or_404, case_view
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.tables import User
from core.cases.engine import (
    organisation_name,
    owner_turned_off,
    pending_handover,
    transitions_in_view,
)
from core.cases.labels import CASE_STATUSES, CONCERNS, TASK_STATUSES
from core.cases.plan import plan_context, plan_selects
from core.cases.tables import CaseParticipant, Handover, HandoverStatus
from core.cases.timeline import first_page_select, timeline_context
from core.cases.workflows import CHILD_PROTECTION_STAGE, stage_of
from core.cases.working import AnyRequest, hx, user_of
from core.enablement_cache import enablement_of
from core.forms.submissions import listed_of_case_select
from core.forms.versions import latest_versions, version_heads_select
from core.kept import Kept, together
from core.pages import page, partial, plugins_of
from core.parsing import search_term
from core.people.contacts import contact_matches
from core.plugins import Plugins
from core.registry import Panel
from core.views import CaseView

VIEW = {"permission": AUTHENTICATED}


@get("/cases/{case_id:int}/participants/search", opt=VIEW)
async def participant_search(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await case_or_404(request, case_id, "case.viewed")
    query = search_term(request.query_params.get("q", ""))
    context = {"case": case, "q": query, "contacts": await contact_matches(query)}
    if hx(request):
        return partial(request, "cases/_participant_results.html", context)
    response = page(request, "cases/participant_search.html", context)
    response.headers["vary"] = "HX-Request"
    return response


@cache
def _participant_columns() -> tuple[Column, ...]:
    """A participant's columns, with the names joined. Built once: Piccolo copies a joined
    table's columns for every join column it makes."""
    return (
        CaseParticipant.id,
        CaseParticipant.user,
        CaseParticipant.contact,
        CaseParticipant.task,
        CaseParticipant.user.full_name.as_alias("user_name"),
        CaseParticipant.contact.name.as_alias("contact_name"),
        CaseParticipant.contact.post.as_alias("contact_post"),
        CaseParticipant.organisation.name.as_alias("organisation_name"),
    )


PARTICIPANTS = Kept(
    lambda *, case: (
        CaseParticipant.select(*_participant_columns())
        .where(CaseParticipant.case == case)
        .order_by(CaseParticipant.id)
    )
)


async def case_context(request: AnyRequest, view: CaseView) -> dict[str, Any]:
    """Everything the case page shows, for the request's user, from the case's view (its
    workflow and the plugins enabled in its municipality are asked once, in `case_view`)."""
    user = user_of(request)
    plugins = plugins_of(request)
    case = dict(view.row)
    workflow = view.workflow
    names = {"owner": case["owner_name"] or "", "responsible": case["responsible_name"] or ""}
    handover = await pending_handover(view.id) if case[PENDING_HANDOVER] is not None else None
    if handover is not None:
        receiver = await User.select(User.full_name).where(User.id == handover["receiver"]).first()
        handover["receiver_name"] = receiver["full_name"] if receiver else ""
        handover["to_stage_label"] = stage_of(workflow, handover["to_stage"]).label
        moving_to = handover["to_organisation"]
        handover["to_organisation_name"] = (
            await organisation_name(moving_to) if moving_to is not None else ""
        )
    working = view.working
    is_open = view.is_open
    panels: list[Panel] = await plugins.call_for(
        view.enabled_plugins, "heaolu_case_panels", request=request, user=user, case=view
    )
    # The submissions listed, the forms' version heads, the participants, the timeline's first
    # page and the plan: one statement on PostgreSQL.
    submissions, heads, participants, first_page, *plan = await together(
        listed_of_case_select(view.id),
        version_heads_select(),
        PARTICIPANTS.asked(case=view.id),
        first_page_select(view.id),
        *plan_selects(view.id),
    )
    fillable = (
        sorted((await enablement_of(request, view.municipality_id)).forms)
        if working and is_open
        else []
    )
    # Titles of code and uploaded forms alike, as their current versions have them.
    forms = await latest_versions({*fillable, *(s["form_key"] for s in submissions)}, heads)
    return {
        "case": case,
        "child_visible": view.child_visible,
        "workflow": workflow,
        "stage": view.stage,
        "names": names,
        "handover": handover,
        "is_receiver": handover is not None and handover["receiver"] == user.id,
        "working": working,
        "is_open": is_open,
        "may_hand_over": is_open and handover is None and view.responsible_id == user.id,
        "may_escalate": is_open
        and working
        and handover is None
        and view.stage.key != CHILD_PROTECTION_STAGE.key,
        "workflow_off": _workflow_off_label(plugins, view) if is_open else None,
        "transitions": await transitions_in_view(plugins, view, user)
        if working and handover is None
        else [],
        "participants": participants,
        "submissions": submissions,
        "titles": {key: stored.schema.title for key, stored in forms.items()},
        "fillable": fillable,
        "concerns": CONCERNS,
        "case_statuses": CASE_STATUSES,
        "task_statuses": TASK_STATUSES,
        "today": date.today(),
        "panels": sorted(panels, key=lambda panel: panel.order),
        **await timeline_context(user, case, first_page=first_page),
        **await plan_context(case, working and is_open, participants, plan),
    }


def _workflow_off_label(plugins: Plugins, view: CaseView) -> str | None:
    """The label of the plugin whose workflow the case follows, when it is turned off here."""
    owner = owner_turned_off(plugins, view.row["workflow"], view.enabled_plugins)
    return None if owner is None else plugins.description(owner).label


@get("/cases/{case_id:int}", opt=VIEW)
async def case_page(request: AnyRequest, case_id: FromPath[int]) -> Template:
    view = await case_view(request, case_id, "case.viewed")
    return page(request, "cases/case.html", await case_context(request, view))


@get("/cases/{case_id:int}/print", opt=VIEW)
async def case_summary(request: AnyRequest, case_id: FromPath[int]) -> Template:
    """The printable summary filed in the child's folder when a case closes."""
    view = await case_view(request, case_id, "case.exported")
    context = await case_context(request, view)
    context.update(await _whole_timeline(user_of(request), dict(view.row)))
    context["now"] = datetime.now(UTC)
    return page(request, "cases/print.html", context)


async def _whole_timeline(user: CurrentUser, case: dict[str, Any]) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    page_number = 1
    while True:
        part = await timeline_context(user, case, page_number)
        entries.extend(part["entries"])
        if part["next_page"] is None:
            break
        page_number = part["next_page"]
    return {"entries": list(reversed(entries)), "next_page": None}


async def pending_handovers_for(user_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Handover.select(
            Handover.id,
            Handover.case,
            Handover.created_at,
            Handover.escalation,
            Handover.sender.full_name.as_alias("sender_name"),
        )
        .where((Handover.receiver == user_id) & (Handover.status == HandoverStatus.pending.value))
        .order_by(Handover.created_at)
    )
    return rows


ROUTES = (case_page, case_summary, participant_search)
