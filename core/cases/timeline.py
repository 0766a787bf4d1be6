"""The case's timeline: paged entries, adding one, and correcting one with its history kept.

Each entry is shown as far as `core.access.EntryVisibility` allows: in full, as "a sensitive
entry exists", or as "not shared with you".
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from piccolo.columns import Column

from core.access import (
    SENSITIVE_PERMISSIONS,
    EntryView,
    case_or_404,
    entry_author_sector,
    entry_visibility,
)
from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.submissions import CREATES
from core.cases.engine import add_entry
from core.cases.labels import SENSITIVITIES, WRITTEN_KINDS
from core.cases.tables import CaseEntry, CaseEntryRevision, CaseStatus, EntryKind, Sensitivity
from core.cases.working import AnyRequest, hx, record_conflict, require_worker, user_of
from core.i18n import gettext as _
from core.kept import Asked, Kept
from core.pages import page, partial
from core.parsing import page_number as page_number_of
from core.parsing import parse_date

PAGE_SIZE = 20
READ = {"permission": AUTHENTICATED}
WRITE = {"permission": AUTHENTICATED}
BODY_LIMIT = 20_000


@cache
def _entry_columns() -> tuple[Column, ...]:
    """An entry's columns, with its author's and their organisation's names. Built once:
    Piccolo copies a joined table's columns for every join column it makes."""
    return (
        *CaseEntry.all_columns(),
        CaseEntry.author.full_name.as_alias("author_name"),
        CaseEntry.author_organisation.name.as_alias("author_organisation_name"),
        entry_author_sector(),
    )


def _page_of_entries(offset: int, *, case: Any) -> Any:
    """A page of the case's entries, newest first, from ``offset``, with one more to tell
    whether another page follows."""
    return (
        CaseEntry.select(*_entry_columns())
        .where(CaseEntry.case == case)
        .order_by(CaseEntry.created_at, ascending=False)
        .order_by(CaseEntry.id, ascending=False)
        .limit(PAGE_SIZE + 1)
        .offset(offset)
    )


# The first page, which every case page shows, is kept as SQL (`core.kept`); later pages,
# whose offsets are many, are built when asked.
FIRST_PAGE = Kept(_page_of_entries)


def first_page_select(case_id: int) -> Asked:
    """The timeline's first page, to read `together` with others."""
    return FIRST_PAGE.asked(0, case=case_id)


async def timeline_context(
    user: CurrentUser,
    case: dict[str, Any],
    page_number: int = 1,
    first_page: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One page of the timeline (newest first) as ``user`` may see it; the first page's rows
    (`first_page_select`) are ``first_page`` when the caller read them with its own."""
    rows: list[dict[str, Any]]
    if page_number == 1:
        rows = first_page if first_page is not None else await FIRST_PAGE.rows(0, case=case["id"])
    else:
        rows = await _page_of_entries((page_number - 1) * PAGE_SIZE, case=case["id"])
    shown = rows[:PAGE_SIZE]
    visibility = await entry_visibility(user, case, shown)
    entries = []
    for row in shown:
        view = visibility.view(row)
        if view is not EntryView.full:
            row["body"] = ""
        row["view"] = view.value
        row["may_correct"] = (
            view is EntryView.full
            and row["author"] == user.id
            and row["kind"] in WRITTEN_KINDS
            and case["status"] == CaseStatus.open.value
        )
        entries.append(row)
    revisions = await _revisions([e["id"] for e in entries if e["revisions"] and e["body"]])
    return {
        "case": case,
        "entries": entries,
        "revisions": revisions,
        "next_page": page_number + 1 if len(rows) > PAGE_SIZE else None,
        "page_number": page_number,
        "written_kinds": WRITTEN_KINDS,
        "sensitivities": SENSITIVITIES,
        "unreadable": unreadable_sensitivities(user),
    }


def unreadable_sensitivities(user: CurrentUser) -> list[str]:
    """The sensitivities whose entries ``user``'s role may not read: the entry form warns
    before the user saves one they could not read back."""
    return [key for key, needed in SENSITIVE_PERMISSIONS.items() if not user.can(needed)]


async def _revisions(entry_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not entry_ids:
        return {}
    rows = (
        await CaseEntryRevision.select(
            *CaseEntryRevision.all_columns(),
            CaseEntryRevision.corrected_by.full_name.as_alias("corrected_by_name"),
        )
        .where(CaseEntryRevision.entry.is_in(entry_ids))
        .order_by(CaseEntryRevision.id, ascending=False)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["entry"], []).append(row)
    return found


@get("/cases/{case_id:int}/timeline", opt=READ)
async def timeline(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await case_or_404(request, case_id, "case.viewed")
    page_number = page_number_of(request.query_params.get("page", ""))
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    context = await timeline_context(user_of(request), case, page_number)
    if hx(request):
        return partial(request, "cases/_timeline_page.html", context)
    response = page(request, "cases/timeline.html", context)
    response.headers["vary"] = "HX-Request"
    return response


def _entry_problems(kind: str, body: str, sensitivity: str, occurred: str) -> list[str]:
    problems = []
    if kind not in WRITTEN_KINDS:
        problems.append(_("Choose what kind of entry this is."))
    if not body.strip():
        problems.append(_("Write the entry's text."))
    elif len(body) > BODY_LIMIT:
        problems.append(_("The text is too long."))
    if sensitivity not in SENSITIVITIES:
        problems.append(_("Choose whether the entry is sensitive."))
    if occurred.strip():
        try:
            if parse_date(occurred) > date.today():
                problems.append(_("The date cannot be in the future."))
        except ValueError:
            problems.append(_("Write the date as dd.mm.yyyy."))
    return problems


async def _form_context(user: CurrentUser, case: dict[str, Any]) -> dict[str, Any]:
    """The timeline's first page with its form: the user works on the case, which is open
    (`add` checked both)."""
    return {**await timeline_context(user, case), "working": True, "is_open": True}


@post("/cases/{case_id:int}/entries", opt={**WRITE, CREATES: True})
async def add(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await case_or_404(request, case_id, "case.updated")
    user = await require_worker(request, case)
    form = await request.form()
    kind = str(form.get("kind", ""))
    body = str(form.get("body", ""))
    sensitivity = str(form.get("sensitivity", Sensitivity.none.value))
    occurred = str(form.get("occurred_on", ""))
    problems = _entry_problems(kind, body, sensitivity, occurred)
    if sensitivity in unreadable_sensitivities(user) and not form.get("unreadable_confirmed"):
        problems.append(
            _(
                "Your role may not read entries marked as %(sensitivity)s: once saved, you will "
                "not see this entry. Tick the confirmation to save it anyway."
            )
            % {"sensitivity": _(SENSITIVITIES[sensitivity]).lower()}
        )
    if case["status"] != CaseStatus.open.value:
        problems.append(_("The case is closed."))
    if problems:
        context = await _form_context(user, case)
        context.update(
            entry_errors=problems,
            entry_values={
                "kind": kind,
                "body": body,
                "sensitivity": sensitivity,
                "occurred_on": occurred,
                "unreadable_confirmed": str(form.get("unreadable_confirmed", "")),
            },
        )
        if hx(request):
            return partial(request, "cases/_timeline.html", context, HTTP_400_BAD_REQUEST)
        return page(request, "cases/entry_problems.html", context, HTTP_400_BAD_REQUEST)
    await add_entry(
        case_id,
        EntryKind(kind),
        body.strip(),
        user,
        sensitivity=Sensitivity(sensitivity),
        occurred_on=parse_date(occurred) if occurred.strip() else None,
    )
    await record(request, "case.updated", object_type="case", object_id=case_id)
    if hx(request):
        return partial(request, "cases/_timeline.html", await _form_context(user, case))
    return Redirect(f"/cases/{case_id}#timeline", status_code=303)


async def _entry_or_404(request: AnyRequest, case: dict[str, Any], entry_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await CaseEntry.select()
        .where((CaseEntry.id == entry_id) & (CaseEntry.case == case["id"]))
        .first()
    )
    user = user_of(request)
    if row is None or row["author"] != user.id or row["kind"] not in WRITTEN_KINDS:
        raise NotFoundException()
    return row


@get("/cases/{case_id:int}/entries/{entry_id:int}/correct", opt=READ)
async def correction_form(
    request: AnyRequest, case_id: FromPath[int], entry_id: FromPath[int]
) -> Template:
    case = await case_or_404(request, case_id, "case.updated")
    entry = await _entry_or_404(request, case, entry_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return page(
        request,
        "cases/correct_entry.html",
        {"case": case, "entry": entry, "values": {"body": entry["body"], "reason": ""}},
    )


@post("/cases/{case_id:int}/entries/{entry_id:int}/correct", opt=WRITE)
async def correct(
    request: AnyRequest, case_id: FromPath[int], entry_id: FromPath[int]
) -> Response[Any]:
    case = await case_or_404(request, case_id, "case.updated")
    entry = await _entry_or_404(request, case, entry_id)
    user = user_of(request)
    form = await request.form()
    body, reason = str(form.get("body", "")).strip(), str(form.get("reason", "")).strip()
    version = str(form.get("version", ""))
    errors = []
    if not body:
        errors.append(_("Write the entry's text."))
    if not reason:
        errors.append(_("Say why the entry is corrected."))
    values = {"body": body, "reason": reason}
    if errors:
        return page(
            request,
            "cases/correct_entry.html",
            {"case": case, "entry": entry, "values": values, "errors": errors},
            status_code=HTTP_400_BAD_REQUEST,
        )
    saved = version == str(entry["version"]) and (
        await CaseEntry.update(
            {
                CaseEntry.body: body,
                CaseEntry.revisions: entry["revisions"] + 1,
                CaseEntry.version: entry["version"] + 1,
            }
        )
        .where((CaseEntry.id == entry_id) & (CaseEntry.version == entry["version"]))
        .returning(CaseEntry.id)
    )
    if not saved:
        await record_conflict(request, case_id)
        now_saved = await _entry_or_404(request, case, entry_id)
        return page(
            request,
            "cases/correct_entry.html",
            {"case": case, "entry": now_saved, "values": values, "conflict": True},
            status_code=HTTP_409_CONFLICT,
        )
    await CaseEntryRevision(
        entry=entry_id, body=entry["body"], corrected_by=user.id, reason=reason
    ).save()
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}#entry-{entry_id}", status_code=303)


ROUTES = (timeline, add, correction_form, correct)
