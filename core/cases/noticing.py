"""Noticing (`/notice`) and the municipality's reports (`/reports`).

Anyone on the staff of any sector fills in core's noticing sheet (``core.noticing``) about a
child. When the noticer's organisation has a workflow (from an enabled plugin) and the child is
in their scope, a case opens at its first stage with the noticer responsible. Otherwise (a
family doctor, a police officer, a youth worker, or a child outside their scope) the sheet
goes to the child's municipality as a `Report`; a user there whose role may accept reports
(core's child protection specialist, or a plugin's case manager) accepts it, which opens a case
in their own organisation's workflow. The noticer is never shown a record outside their scope:
a child named by the noticer is matched to an existing record or added silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from core.access import child_or_404, sees_child
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS, AUTHENTICATED
from core.auth.submissions import CREATES
from core.auth.tables import Membership
from core.cases import engine
from core.cases.tables import EntryKind, Report, ReportStatus
from core.cases.workflows import CHILD_PROTECTION_WORKFLOW, workflow_for_kind
from core.cases.working import AnyRequest, user_of
from core.forms.display import answers
from core.forms.enablement import form_for
from core.forms.entry import Entry, blank, parse
from core.forms.noticing import NOTICING_KEY
from core.forms.submissions import get_submission, submit
from core.forms.tables import FormSubmission
from core.forms.versions import stored_version
from core.i18n import N_
from core.i18n import gettext as _
from core.notifications import notify
from core.pages import page, plugins_of
from core.parsing import (
    InputError,
    clean_text,
    id_or_none,
    length_problems,
    optional_id,
    parse_date,
    parse_id,
)
from core.people.children import existing_child
from core.people.folding import fold
from core.people.isikukood import isikukood_problem
from core.people.tables import CHILD_NAME_LIMITS, Child, Municipality, Organisation
from core.plugins import Plugins
from core.registry import FormSchema, Workflow

NOTICE = {"permission": AUTHENTICATED}
NOTICE_FORM = {"permission": AUTHENTICATED}
REPORTS = {"permission": ACCEPT_REPORTS}
CHILD_FIELDS = ("given_name", "family_name", "date_of_birth", "isikukood", "municipality")
REPORT_WAITING = N_("A noticing report awaits acceptance")
CASE_OPENED = N_("Case opened from a noticing sheet.")


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


async def _notice_page(
    request: AnyRequest,
    entry: Entry,
    child: dict[str, Any] | None,
    values: dict[str, str],
    errors: list[str],
    status_code: int = HTTP_200_OK,
) -> Template:
    return page(
        request,
        "cases/notice.html",
        {
            "entry": entry,
            "form": entry.schema,
            "child": child,
            "values": values,
            "errors": errors,
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
    return await _notice_page(request, blank(form), child, dict.fromkeys(CHILD_FIELDS, ""), [])


async def _named_child(values: dict[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The child the noticer describes: found by isikukood or name and date of birth, else
    added. Returns problems with what was typed instead when it cannot be used."""
    errors = []
    if not values["given_name"] or not values["family_name"]:
        errors.append(_("Write the child's given and family name."))
    errors += length_problems(values, CHILD_NAME_LIMITS)
    born: date | None = None
    try:
        born = parse_date(values["date_of_birth"])
    except ValueError as bad_date:
        errors.append(str(bad_date))
    if born is not None and born > date.today():
        errors.append(_("The date of birth is in the future."))
    if values["isikukood"]:
        problem = isikukood_problem(values["isikukood"], born)
        if problem:
            errors.append(problem)
    try:
        municipality = parse_id(values["municipality"])
    except InputError:
        municipality = 0
    if not municipality or not await Municipality.exists().where(Municipality.id == municipality):
        errors.append(_("Choose the municipality where the child lives."))
    if errors or born is None:
        return None, errors
    existing = await existing_child(values, born)
    if existing is None:
        [row] = await Child.insert(
            Child(
                given_name=values["given_name"],
                family_name=values["family_name"],
                search_name=fold(f"{values['family_name']} {values['given_name']}"),
                search_name_reversed=fold(f"{values['given_name']} {values['family_name']}"),
                date_of_birth=born,
                isikukood=values["isikukood"] or None,
                registered_municipality=municipality,
                residence_municipality=municipality,
            )
        ).returning(Child.id)
        existing = row["id"]
    child = await Child.select().where(Child.id == existing).first()
    if child is not None and child["registered_municipality"] is None:
        child["registered_municipality"] = municipality
    return child, []


async def _workflow_of_user(plugins: Plugins, user: CurrentUser) -> Workflow | None:
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
async def notice(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    plugins = plugins_of(request)
    form_schema = await _sheet(request)
    form = await request.form()
    entry = await parse(form_schema, form)
    values = {field: clean_text(form.get(field, "")) for field in CHILD_FIELDS}
    child: dict[str, Any] | None = None
    errors: list[str] = []
    chosen = optional_id(form.get("child", ""))
    if chosen is not None:
        child = await child_or_404(request, chosen, "child.viewed")
    if entry.refresh or not entry.ok or user.membership is None:
        if user.membership is None:
            errors.append(_("You have no role in an organisation to notice from."))
        status = HTTP_400_BAD_REQUEST if entry.errors or errors else HTTP_200_OK
        return await _notice_page(request, entry, child, values, errors, status)
    if child is None:
        child, errors = await _named_child(values)
        if child is None:
            return await _notice_page(request, entry, None, values, errors, HTTP_400_BAD_REQUEST)
    assert user.membership is not None
    workflow = await _workflow_of_user(plugins, user)
    in_scope = await sees_child(user, child["id"])
    if workflow is not None and in_scope and child["registered_municipality"] is not None:
        case_id = await engine.open_case(
            plugins,
            child=child,
            organisation_id=user.membership.organisation_id,
            workflow=workflow,
            responsible=user,
            reason=_("Noticing sheet"),
        )
        await submit(form_schema, entry.values, child_id=child["id"], case_id=case_id, author=user)
        await engine.add_entry(case_id, EntryKind.form, _(CASE_OPENED), user)
        await record(request, "case.created", object_type="case", object_id=case_id)
        return Redirect(f"/cases/{case_id}", status_code=303)
    municipality = child["registered_municipality"] or id_or_none(values["municipality"]) or 0
    submission_id = await submit(
        form_schema, entry.values, child_id=child["id"], case_id=None, author=user
    )
    report = Report(
        child=child["id"],
        municipality=municipality,
        from_organisation=user.membership.organisation_id,
        noticer=user.id,
        submission=submission_id,
    )
    await report.save()
    await record(request, "report.created", object_type="child", object_id=child["id"])
    await notify(
        await _report_receivers(plugins, municipality), REPORT_WAITING, f"/reports/{report.id}"
    )
    return Redirect("/notice/sent", status_code=303)


async def _report_receivers(plugins: Plugins, municipality_id: int) -> list[int]:
    roles = [name for name, role in plugins.roles.items() if ACCEPT_REPORTS in role.permissions]
    rows = await Membership.select(Membership.user).where(
        Membership.role.is_in(roles or [""])
        & (Membership.organisation._.municipality == municipality_id)
        & Membership.user._.active.eq(True)
    )
    return sorted({row["user"] for row in rows})


@get("/notice/sent", opt=NOTICE)
async def notice_sent(request: AnyRequest) -> Template:
    return page(request, "cases/notice_sent.html", {})


# --- Reports to the municipality -----------------------------------------------------------------


async def _reports_of(user: CurrentUser, where: Any = None) -> list[dict[str, Any]]:
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
        .order_by(Report.created_at)
    )
    return rows


@get("/reports", opt=REPORTS)
async def reports(request: AnyRequest) -> Template:
    rows = await _reports_of(user_of(request), Report.status == ReportStatus.pending.value)
    if rows:
        listed = ",".join(str(row["child"]) for row in rows)
        await record(request, "child.listed", object_type="child", object_id=listed)
    return page(request, "cases/reports.html", {"reports": rows})


async def _report_or_404(request: AnyRequest, report_id: int) -> dict[str, Any]:
    rows = await _reports_of(user_of(request), Report.id == report_id)
    if not rows:
        await record(
            request, "report.viewed", Outcome.denied, object_type="report", object_id=report_id
        )
        raise NotFoundException()
    return rows[0]


@get("/reports/{report_id:int}", opt=REPORTS)
async def report_page(request: AnyRequest, report_id: FromPath[int]) -> Template:
    report = await _report_or_404(request, report_id)
    await record(request, "child.viewed", object_type="child", object_id=report["child"])
    submission = await get_submission(report["submission"]) if report["submission"] else None
    shown: list[Any] = []
    form = None
    if submission is not None:
        stored = await stored_version(submission.form_key, submission.form_version)
        if stored is not None:
            form = stored.schema
            shown = await answers(stored.schema, submission.values)
    return page(request, "cases/report.html", {"report": report, "answers": shown, "form": form})


@post("/reports/{report_id:int}/accept", opt={"permission": ACCEPT_REPORTS})
async def accept_report(request: AnyRequest, report_id: FromPath[int]) -> Response[Any]:
    report = await _report_or_404(request, report_id)
    if report["status"] != ReportStatus.pending.value:
        return Redirect(
            f"/cases/{report['case']}" if report["case"] else "/reports", status_code=303
        )
    user = user_of(request)
    plugins = plugins_of(request)
    assert user.membership is not None
    workflow = await _workflow_of_user(plugins, user) or CHILD_PROTECTION_WORKFLOW
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
    )
    await Report.update(
        {
            Report.status: ReportStatus.accepted.value,
            Report.case: case_id,
            Report.accepted_by: user.id,
            Report.accepted_at: engine.now(),
        }
    ).where(Report.id == report_id)
    if report["submission"]:
        await FormSubmission.update({FormSubmission.case: case_id}).where(
            FormSubmission.id == report["submission"]
        )
    body = _("Case opened from a noticing report by {organisation}.").format(
        organisation=report["organisation_name"]
    )
    await engine.add_entry(case_id, EntryKind.form, body, user)
    await record(request, "case.created", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


ROUTES = (notice_form, notice, notice_sent, reports, report_page, accept_report)
