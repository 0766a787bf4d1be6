"""Noticing (`/notice`): core's noticing sheet, and the noticer's receipt of a report.

Anyone on the staff of any sector fills in core's noticing sheet (``core.noticing``) about a
child. When the noticer's organisation has a workflow (from an enabled plugin), the child is in
their scope and the child is not in danger, a case opens at its first stage with the noticer
responsible. Otherwise (a family doctor, a police officer, a youth worker, a child outside
their scope, or a child in danger: `core.cases.urgency`) the sheet goes to the child's
registered municipality as a `Report`, accepted there (`core.cases.reports`). The noticer is
never shown a record outside their scope: a child named by the noticer is matched to an
existing record or added silently (`core.cases.noticed_child`), and their receipt
(`/notice/sent/<report>`) says when and by whom the report was accepted, not what became of it.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from core.access import child_or_404, sees_child, visible_cases
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS, AUTHENTICATED
from core.auth.submissions import CREATES, release_key
from core.auth.tables import Membership
from core.cases import engine, noticed_child
from core.cases.noticed_child import INPUT_IDS, DescribedChild
from core.cases.tables import Case, CaseStatus, EntryKind, Report
from core.cases.urgency import is_urgent
from core.cases.workflows import CHILD_PROTECTION_STAGE, workflow_for_kind
from core.cases.working import AnyRequest, user_of
from core.enablement import enabled_plugins
from core.forms.enablement import form_for
from core.forms.entry import Entry, Problem, blank, parse
from core.forms.noticing import NOTICING_KEY
from core.forms.submissions import submit
from core.i18n import N_
from core.i18n import gettext as _
from core.notifications import notify
from core.pages import page, partial, plugins_of
from core.parsing import optional_id
from core.people.tables import Child, Municipality, Organisation
from core.plugins import Plugins
from core.registry import FormSchema, Workflow

NOTICE = {"permission": AUTHENTICATED}
NOTICE_FORM = {"permission": AUTHENTICATED}
REPORT_WAITING = N_("A noticing report awaits acceptance")
URGENT_REPORT_WAITING = N_("Urgent: a noticing report says a child may be in danger")
CASE_OPENED = N_("Case opened from a noticing sheet.")
FIELD_LABELS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "date_of_birth": N_("Date of birth"),
    "isikukood": N_("Personal identification code"),
    "municipality": N_("Registered in"),
    "residence_municipality": N_("Lives in"),
}


async def _sheet(request: AnyRequest) -> FormSchema:
    user = user_of(request)
    form = await form_for(plugins_of(request), NOTICING_KEY, user.municipality_id)
    if form is None:
        raise NotFoundException()
    return form


async def _municipalities() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await Municipality.select(
        Municipality.id, Municipality.name
    ).order_by(Municipality.name)
    return rows


async def open_cases_of(user: CurrentUser, child_id: int) -> list[dict[str, Any]]:
    """The child's open cases that ``user`` may see (to warn of, or add a report to)."""
    rows: list[dict[str, Any]] = (
        await Case.select(
            Case.id,
            Case.opened_at,
            Case.concern,
            Case.owner_organisation.name.as_alias("organisation_name"),
            Case.responsible.full_name.as_alias("responsible_name"),
        )
        .where(
            (Case.child == child_id)
            & (Case.status == CaseStatus.open.value)
            & await visible_cases(user)
        )
        .order_by(Case.opened_at)
    )
    return rows


def _problems(entry: Entry, described: DescribedChild | None, errors: list[str]) -> list[Problem]:
    found = [Problem("", "", message) for message in errors]
    if described is not None:
        found += [
            Problem(INPUT_IDS[name], _(FIELD_LABELS[name]), message)
            for name, message in described.errors.items()
        ]
    return found + entry.problems()


async def _notice_page(
    request: AnyRequest,
    entry: Entry,
    child: dict[str, Any] | None,
    described: DescribedChild | None,
    errors: list[str],
    status_code: int = HTTP_200_OK,
    held_back: bool = False,
) -> Template:
    """The sheet's page; ``held_back``: the sheet was not sent, as the child the noticer
    described is theirs and has an open case (sending it again sends it)."""
    open_cases = await open_cases_of(user_of(request), child["id"]) if child else []
    return page(
        request,
        "cases/notice.html",
        {
            "entry": entry,
            "form": entry.schema,
            "child": child,
            "described": described or noticed_child.blank(),
            "problems": _problems(entry, described, errors),
            "open_cases": open_cases,
            "held_back": held_back,
            "municipalities": await _municipalities(),
        },
        status_code=status_code,
    )


@get("/notice", opt=NOTICE_FORM)
async def notice_form(request: AnyRequest) -> Template:
    form = await _sheet(request)
    child = None
    child_id = optional_id(request.query_params.get("child", ""))
    if child_id is not None:
        child = await child_or_404(request, child_id, "child.viewed")
        await record(request, "child.viewed", object_type="child", object_id=child["id"])
    return await _notice_page(request, blank(form), child, None, [])


async def workflow_of_user(plugins: Plugins, user: CurrentUser) -> Workflow | None:
    membership = user.membership
    if membership is None:
        return None
    row = (
        await Organisation.select(Organisation.kind)
        .where(Organisation.id == membership.organisation_id)
        .first()
    )
    return workflow_for_kind(plugins, row["kind"], user.enabled_plugins) if row else None


@post("/notice", opt={**NOTICE, CREATES: True})
async def notice(request: AnyRequest) -> Response[Any] | Template:
    user = user_of(request)
    plugins = plugins_of(request)
    form_schema = await _sheet(request)
    form = await request.form()
    entry = await parse(form_schema, form)
    child: dict[str, Any] | None = None
    described: DescribedChild | None = None
    chosen = optional_id(form.get("child", ""))
    if chosen is not None:
        child = await child_or_404(request, chosen, "child.viewed")
    else:
        described = noticed_child.typed(form)
    if entry.refresh:
        group = entry.added_group()
        if group is not None and request.headers.get("hx-request") == "true":
            # htmx's "Add another row": the group alone, in place (forms/_group.html); the
            # form keeps its one-time key for the send.
            await release_key(request)
            return partial(request, "forms/_group.html", {"view": group, "rows_url": "/notice"})
        return await _notice_page(request, entry, child, described, [])
    errors = []
    if user.membership is None:
        errors.append(_("You have no role in an organisation to notice from."))
    if described is not None:
        await noticed_child.check(described)
    if errors or not entry.ok or (described is not None and described.errors):
        return await _notice_page(request, entry, child, described, errors, HTTP_400_BAD_REQUEST)
    if child is None:
        assert described is not None
        known = await noticed_child.known(described)
        if known is not None and await sees_child(user, known) and await open_cases_of(user, known):
            # A child of the noticer's own with an open case: warn before sending.
            child = await Child.select().where(Child.id == known).first()
            return await _notice_page(request, entry, child, None, [], held_back=True)
        child = await noticed_child.find_or_add(described)
    assert user.membership is not None
    urgent = is_urgent(entry.values)
    workflow = await workflow_of_user(plugins, user)
    in_scope = await sees_child(user, child["id"])
    if not urgent and workflow and in_scope and child["registered_municipality"] is not None:
        case_id = await engine.open_case(
            plugins,
            child=child,
            organisation_id=user.membership.organisation_id,
            workflow=workflow,
            responsible=user,
            reason=_("Noticing sheet"),
        )
        await submit(
            plugins, form_schema, entry.values, child_id=child["id"], case_id=case_id, author=user
        )
        await engine.add_entry(case_id, EntryKind.form, _(CASE_OPENED), user)
        await record(request, "case.created", object_type="case", object_id=case_id)
        return Redirect(f"/cases/{case_id}", status_code=303)
    municipality = child["registered_municipality"] or (described and described.municipality)
    submission_id = await submit(
        plugins, form_schema, entry.values, child_id=child["id"], case_id=None, author=user
    )
    report = Report(
        child=child["id"],
        municipality=municipality,
        from_organisation=user.membership.organisation_id,
        noticer=user.id,
        submission=submission_id,
        urgent=urgent,
    )
    await report.save()
    await record(request, "report.created", object_type="child", object_id=child["id"])
    await plugins.notify(
        await enabled_plugins(plugins, int(municipality or 0) or None),
        "heaolu_after_report_sent",
        report=await Report.select().where(Report.id == report.id).first(),
        user=user,
    )
    receivers = await report_receivers(plugins, int(municipality or 0), urgent)
    message = URGENT_REPORT_WAITING if urgent else REPORT_WAITING
    await notify(receivers, message, f"/reports/{report.id}")
    return Redirect(f"/notice/sent/{report.id}", status_code=303)


async def report_receivers(plugins: Plugins, municipality_id: int, urgent: bool) -> list[int]:
    """Who is notified of a report to the municipality: for an urgent one its child protection
    specialists (everyone who accepts reports there when it has none), else everyone there
    whose role accepts reports."""
    accepting = [name for name, role in plugins.roles.items() if ACCEPT_REPORTS in role.permissions]
    protecting = [name for name in accepting if name in CHILD_PROTECTION_STAGE.roles]
    for roles in ([protecting] if urgent else []) + [accepting]:
        rows = await Membership.select(Membership.user).where(
            Membership.role.is_in(roles or [""])
            & (Membership.organisation._.municipality == municipality_id)
            & Membership.user._.active.eq(True)
        )
        if rows:
            return sorted({row["user"] for row in rows})
    return []


@get("/notice/sent/{report_id:int}", opt=NOTICE)
async def notice_sent(request: AnyRequest, report_id: FromPath[int]) -> Template:
    """The noticer's receipt: their report was received, whether it was marked urgent, and
    when and by whom it was accepted. It names neither the child nor the case."""
    user = user_of(request)
    row = (
        await Report.select(
            Report.id,
            Report.urgent,
            Report.status,
            Report.created_at,
            Report.accepted_at,
            Report.municipality.name.as_alias("municipality_name"),
            Report.accepted_by.full_name.as_alias("accepted_by_name"),
        )
        .where((Report.id == report_id) & (Report.noticer == user.id))
        .first()
    )
    if row is None:
        await record(
            request, "report.viewed", Outcome.denied, object_type="report", object_id=report_id
        )
        raise NotFoundException()
    await record(request, "report.viewed", object_type="report", object_id=report_id)
    return page(request, "cases/notice_sent.html", {"report": row})


ROUTES = (notice_form, notice, notice_sent)
