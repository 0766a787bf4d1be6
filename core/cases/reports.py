"""The municipality's noticing reports (`/reports`): the list, a report, and accepting it.

A report reaches the users of the child's registered municipality whose role accepts reports
(``core.case.accept_reports``). Urgent reports (`core.cases.urgency`) head the list and are
accepted by the municipality's child protection specialists (by whoever accepts reports there
when it has none): the case opens at core's child-protection stage (at the workflow's first
stage when no specialist accepts it, as only they may be responsible there). Accepting proposes
the case's concern level and review date from the sheet; the specialist may set others, with a
reason written on the timeline. When the child already has an open case the user may see, the
report can be added to it instead of opening a second one. Either way the noticer is notified,
and their receipt shows who accepted it.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as attribute
from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS
from core.auth.tables import Membership
from core.cases import engine
from core.cases.labels import CONCERNS
from core.cases.noticing import open_cases_of, workflow_of_user
from core.cases.tables import Case, EntryKind, Report, ReportStatus
from core.cases.urgency import Proposal, proposal
from core.cases.workflows import CHILD_PROTECTION_STAGE, CHILD_PROTECTION_WORKFLOW
from core.cases.working import AnyRequest, user_of
from core.enablement import enabled_plugins
from core.forms.display import answers
from core.forms.submissions import get_submission
from core.forms.tables import FormSubmission
from core.forms.versions import stored_version
from core.i18n import N_, format_date
from core.i18n import gettext as _
from core.notifications import notify
from core.pages import page, plugins_of
from core.parsing import InputError, bounded_text, id_or_none, parse_date
from core.people.tables import Child
from core.plugins import Plugins
from core.registry import Workflow

REPORTS = {"permission": ACCEPT_REPORTS}
REPORT_ACCEPTED = N_("Your noticing report was accepted")
REPORT_ADDED_TO_YOUR_CASE = N_("A noticing report was added to a case you are responsible for")


async def reports_of(user: CurrentUser, where: Any = None) -> list[dict[str, Any]]:
    """The reports to the user's municipality (``where`` narrows them), urgent ones first."""
    condition = Report.municipality == (user.municipality_id or 0)
    if where is not None:
        condition &= where
    rows: list[dict[str, Any]] = (
        await Report.select(
            *Report.all_columns(),
            Report.child.given_name.as_alias("given_name"),
            Report.child.family_name.as_alias("family_name"),
            Report.child.date_of_birth.as_alias("date_of_birth"),
            Report.from_organisation.name.as_alias("organisation_name"),
            Report.noticer.full_name.as_alias("noticer_name"),
        )
        .where(condition)
        .order_by(Report.urgent, ascending=False)
        .order_by(Report.created_at)
    )
    return rows


@get("/reports", opt=REPORTS)
async def reports(request: AnyRequest) -> Template:
    rows = await reports_of(user_of(request), Report.status == ReportStatus.pending.value)
    if rows:
        listed = ",".join(str(row["child"]) for row in rows)
        await record(request, "child.listed", object_type="child", object_id=listed)
    return page(request, "cases/reports.html", {"reports": rows})


async def _report_or_404(request: AnyRequest, report_id: int) -> dict[str, Any]:
    rows = await reports_of(user_of(request), Report.id == report_id)
    if not rows:
        await record(
            request, "report.viewed", Outcome.denied, object_type="report", object_id=report_id
        )
        raise NotFoundException()
    return rows[0]


def protects_children(user: CurrentUser) -> bool:
    return user.membership is not None and user.membership.role in CHILD_PROTECTION_STAGE.roles


async def may_accept(user: CurrentUser, report: dict[str, Any]) -> bool:
    """An urgent report is accepted by child protection, or, in a municipality without an
    active child protection specialist, by whoever accepts reports there (as they were the ones
    notified); any other report by whoever may see it."""
    if not report["urgent"] or protects_children(user):
        return True
    specialists = await Membership.exists().where(
        Membership.role.is_in(sorted(CHILD_PROTECTION_STAGE.roles))
        & (Membership.organisation._.municipality == report["municipality"])
        & Membership.user._.active.eq(True)
    )
    return not specialists


async def _workflow(request: AnyRequest) -> Workflow:
    found = await workflow_of_user(plugins_of(request), user_of(request))
    return found or CHILD_PROTECTION_WORKFLOW


@dataclass
class Acceptance:
    """The accepting form: what was typed, its problems by field, and the clean values."""

    values: dict[str, str]
    errors: dict[str, str] = attribute(default_factory=dict)
    concern: str = ""
    review_due: date | None = None
    reason: str = ""


def _proposed_values(proposed: Proposal) -> dict[str, str]:
    return {
        "concern": proposed.concern,
        "review_due": format_date(proposed.review_due),
        "reason": "",
    }


def _check_acceptance(form: Any, proposed: Proposal) -> Acceptance:
    typed = {name: str(form.get(name, "")).strip() for name in ("concern", "review_due", "reason")}
    accepted = Acceptance(typed)
    if typed["concern"] in CONCERNS:
        accepted.concern = typed["concern"]
    else:
        accepted.errors["concern"] = _("Choose a concern level.")
    try:
        accepted.review_due = parse_date(typed["review_due"])
        if accepted.review_due < date.today():
            accepted.errors["review_due"] = _("The review date has passed; choose a later one.")
    except InputError as problem:
        accepted.errors["review_due"] = str(problem)
    try:
        accepted.reason = bounded_text(form.get("reason", ""), 2000, multiline=True)
    except InputError as problem:
        accepted.errors["reason"] = str(problem)
    changed = (accepted.concern, accepted.review_due) != (proposed.concern, proposed.review_due)
    if changed and not accepted.errors and not accepted.reason:
        accepted.errors["reason"] = _(
            "Say why the concern level or review date differ from the proposal."
        )
    return accepted


async def _report_page(
    request: AnyRequest,
    report: dict[str, Any],
    acceptance: Acceptance | None = None,
    status_code: int = HTTP_200_OK,
) -> Template:
    user = user_of(request)
    submission = await get_submission(report["submission"]) if report["submission"] else None
    shown: list[Any] = []
    form = None
    if submission is not None:
        stored = await stored_version(submission.form_key, submission.form_version)
        if stored is not None:
            form = stored.schema
            shown = await answers(stored.schema, submission.values)
    proposed = proposal(report["urgent"], await _workflow(request))
    pending = report["status"] == ReportStatus.pending.value
    open_cases = await open_cases_of(user, report["child"]) if pending else []
    if open_cases:
        listed = ",".join(str(row["id"]) for row in open_cases)
        await record(request, "case.listed", object_type="case", object_id=listed)
    return page(
        request,
        "cases/report.html",
        {
            "report": report,
            "answers": shown,
            "form": form,
            "proposed": proposed,
            "acceptance": acceptance or Acceptance(_proposed_values(proposed)),
            "concerns": CONCERNS,
            "may_accept": await may_accept(user, report),
            "open_cases": open_cases,
        },
        status_code=status_code,
    )


@get("/reports/{report_id:int}", opt=REPORTS)
async def report_page(request: AnyRequest, report_id: FromPath[int]) -> Template:
    report = await _report_or_404(request, report_id)
    await record(request, "child.viewed", object_type="child", object_id=report["child"])
    return await _report_page(request, report)


async def _mark_accepted(
    plugins: Plugins, report: dict[str, Any], case_id: int, user: CurrentUser
) -> None:
    """The report is accepted into ``case_id``: its sheet goes with it, the noticer is told,
    and the plugins enabled in the case's municipality hear of it."""
    await Report.update(
        {
            Report.status: ReportStatus.accepted.value,
            Report.case: case_id,
            Report.accepted_by: user.id,
            Report.accepted_at: engine.now(),
        }
    ).where(Report.id == report["id"])
    if report["submission"]:
        await FormSubmission.update({FormSubmission.case: case_id}).where(
            FormSubmission.id == report["submission"]
        )
    await notify([report["noticer"]], REPORT_ACCEPTED, f"/notice/sent/{report['id']}")
    case = await Case.select().where(Case.id == case_id).first()
    assert case is not None
    await plugins.notify(
        await enabled_plugins(plugins, case["municipality"]),
        "heaolu_after_report_accepted",
        report=await Report.select().where(Report.id == report["id"]).first(),
        case=case,
        user=user,
    )


def _done(report: dict[str, Any]) -> Redirect:
    return Redirect(f"/cases/{report['case']}" if report["case"] else "/reports", status_code=303)


def _opening_note(report: dict[str, Any]) -> str:
    body = _("Case opened from a noticing report by {organisation}.").format(
        organisation=report["organisation_name"]
    )
    if report["urgent"]:
        body += "\n" + _("The noticing sheet says the child may be in danger.")
    return body


@post("/reports/{report_id:int}/accept", opt=REPORTS)
async def accept_report(request: AnyRequest, report_id: FromPath[int]) -> Response[Any]:
    report = await _report_or_404(request, report_id)
    if report["status"] != ReportStatus.pending.value:
        return _done(report)
    user = user_of(request)
    plugins = plugins_of(request)
    workflow = await _workflow(request)
    proposed = proposal(report["urgent"], workflow)
    acceptance = _check_acceptance(await request.form(), proposed)
    if not await may_accept(user, report) or acceptance.errors:
        return await _report_page(request, report, acceptance, HTTP_400_BAD_REQUEST)
    assert user.membership is not None
    assert acceptance.review_due is not None
    child = await Child.select().where(Child.id == report["child"]).first()
    assert child is not None
    child["registered_municipality"] = child["registered_municipality"] or report["municipality"]
    case_id = await engine.open_case(
        plugins,
        child=child,
        organisation_id=user.membership.organisation_id,
        workflow=workflow,
        responsible=user,
        reason=_("Noticing report"),
        stage=CHILD_PROTECTION_STAGE if report["urgent"] and protects_children(user) else None,
        concern=acceptance.concern,
        review_due=acceptance.review_due,
    )
    await engine.add_entry(case_id, EntryKind.form, _opening_note(report), user)
    if (acceptance.concern, acceptance.review_due) != (proposed.concern, proposed.review_due):
        body = _(
            "Proposed from the noticing sheet: concern {proposed_concern}, review on "
            "{proposed_review}. Set: concern {concern}, review on {review}."
        ).format(
            proposed_concern=_(CONCERNS[proposed.concern]),
            proposed_review=format_date(proposed.review_due),
            concern=_(CONCERNS[acceptance.concern]),
            review=format_date(acceptance.review_due),
        )
        await engine.add_entry(
            case_id, EntryKind.concern_change, f"{body}\n{acceptance.reason}", user
        )
    await _mark_accepted(plugins, report, case_id, user)
    await record(request, "case.created", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


@post("/reports/{report_id:int}/add-to-case", opt=REPORTS)
async def add_to_case(request: AnyRequest, report_id: FromPath[int]) -> Response[Any]:
    """Accept the report into the child's open case instead of opening a second one."""
    report = await _report_or_404(request, report_id)
    if report["status"] != ReportStatus.pending.value:
        return _done(report)
    user = user_of(request)
    chosen = id_or_none((await request.form()).get("case", ""))
    open_cases = {row["id"] for row in await open_cases_of(user, report["child"])}
    if chosen not in open_cases or not await may_accept(user, report):
        return await _report_page(request, report, status_code=HTTP_400_BAD_REQUEST)
    assert chosen is not None
    body = _("Noticing report by {organisation} added to this case.").format(
        organisation=report["organisation_name"]
    )
    if report["urgent"]:
        body += "\n" + _("The noticing sheet says the child may be in danger.")
    await engine.add_entry(chosen, EntryKind.form, body, user)
    await _mark_accepted(plugins_of(request), report, chosen, user)
    responsible = await Case.select(Case.responsible).where(Case.id == chosen).first()
    if responsible is not None and responsible["responsible"] != user.id:
        await notify([responsible["responsible"]], REPORT_ADDED_TO_YOUR_CASE, f"/cases/{chosen}")
    await record(request, "case.updated", object_type="case", object_id=chosen)
    return Redirect(f"/cases/{chosen}", status_code=303)


ROUTES = (reports, report_page, accept_report, add_to_case)
