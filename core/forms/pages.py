"""Pages that fill in, show, print and edit submissions.

A form is filled in on a child (``/forms/children/{id}/new/{key}``) or on one of its cases
(``/forms/cases/{id}/new/{key}``) by whoever may see that child or case (`core.access`); the
form must be on for the user's municipality. A form a workflow step needs is linked with
``?step=<transition>``: saving it returns to that step, so the step is one click away.

A submission is shown and printed to whoever may see its case (or, without a case, its
child) when `may_share` lets it reach their organisation from the author's (always within the
author's organisation), or when it is the noticing sheet of a report that reached them
(`core.access.report_sheets`); it is changed by the author's organisation only. Each page
writes one audit row; a refusal is audited and answered 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from core.access import (
    case_or_404,
    child_or_404,
    organisations_sharing,
    report_sheets,
    visible_cases,
)
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.submissions import CREATES
from core.auth.tables import User
from core.cases.engine import find_transition
from core.cases.tables import Case
from core.conflicts import Conflict, ConflictRow, conflict_page
from core.forms.display import answers, as_text
from core.forms.enablement import form_for
from core.forms.entry import Entry, blank, parse, prefill
from core.forms.submissions import (
    Submission,
    get_submission,
    submissions_of_child,
    submit,
    update_submission,
)
from core.forms.versions import latest_versions, stored_version
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.parsing import id_or_none
from core.people.tables import Organisation
from core.registry import FormSchema

AnyRequest = Request[Any, Any, Any]
VIEW = {"permission": AUTHENTICATED}
SUBMISSION = "form_submission"


async def _audit(
    request: AnyRequest, action: str, submission_id: int, outcome: Outcome = Outcome.allowed
) -> None:
    await record(request, action, outcome, object_type=SUBMISSION, object_id=submission_id)


def _user(request: AnyRequest) -> CurrentUser:
    user: CurrentUser = request.scope["state"]["user"]
    return user


@dataclass(frozen=True)
class _Subject:
    """Whom a form is about: the child, and the case when it is on one."""

    child: dict[str, Any]
    case_id: int | None
    case: dict[str, Any] | None = None

    @property
    def child_name(self) -> str:
        return f"{self.child['given_name']} {self.child['family_name']}"


async def _case_subject(request: AnyRequest, case_id: int, action: str) -> _Subject:
    case = await case_or_404(request, case_id, action)
    child = {
        "id": case["child"],
        "given_name": case["child.given_name"],
        "family_name": case["child.family_name"],
    }
    return _Subject(child, case_id, case)


async def _child_subject(request: AnyRequest, child_id: int, action: str) -> _Subject:
    return _Subject(await child_or_404(request, child_id, action), None)


async def _form_or_404(request: AnyRequest, key: str) -> FormSchema:
    form = await form_for(plugins_of(request), key, _user(request).municipality_id)
    if form is None:
        raise NotFoundException()
    return form


# --- Filling in a new form -------------------------------------------------------------------


def _fill_page(
    request: AnyRequest, subject: _Subject, entry: Entry, action: str, status_code: int
) -> Template:
    return page(
        request,
        "forms/fill.html",
        {"subject": subject, "entry": entry, "form": entry.schema, "action": action},
        status_code=status_code,
    )


async def _new(request: AnyRequest, key: str, subject: _Subject, action: str) -> Template:
    form = await _form_or_404(request, key)
    object_type, object_id = _subject_object(subject)
    await record(request, "form_submission.started", object_type=object_type, object_id=object_id)
    return _fill_page(request, subject, blank(form), action, HTTP_200_OK)


async def _create(request: AnyRequest, key: str, subject: _Subject, action: str) -> Response[Any]:
    form = await _form_or_404(request, key)
    entry = await parse(form, await request.form())
    if not entry.ok:
        status = HTTP_400_BAD_REQUEST if entry.errors and not entry.refresh else HTTP_200_OK
        return _fill_page(request, subject, entry, action, status)
    submission_id = await submit(
        plugins_of(request),
        form,
        entry.values,
        child_id=subject.child["id"],
        case_id=subject.case_id,
        author=_user(request),
    )
    await _audit(request, "form_submission.created", submission_id)
    return Redirect(await _after_saving(request, subject, submission_id), status_code=303)


async def _step_of(request: AnyRequest, subject: _Subject) -> str | None:
    """The workflow step (``?step=``) the form was filled in for, when it is one of the case's
    steps; saving then returns to that step instead of the submission's view."""
    key = request.query_params.get("step", "")
    if subject.case is None or not key:
        return None
    transition = await find_transition(plugins_of(request), subject.case, key)
    return transition.key if transition is not None else None


async def _after_saving(request: AnyRequest, subject: _Subject, submission_id: int) -> str:
    step = await _step_of(request, subject)
    if step is not None:
        return f"/cases/{subject.case_id}/steps/{step}"
    return f"/forms/submissions/{submission_id}"


async def _with_step(request: AnyRequest, subject: _Subject, action: str) -> str:
    step = await _step_of(request, subject)
    return f"{action}?step={step}" if step is not None else action


def _subject_object(subject: _Subject) -> tuple[str, int]:
    if subject.case_id is not None:
        return "case", subject.case_id
    return "child", subject.child["id"]


@get("/forms/children/{child_id:int}/new/{key:str}", opt=VIEW)
async def new_for_child(
    request: AnyRequest, child_id: FromPath[int], key: FromPath[str]
) -> Template:
    subject = await _child_subject(request, child_id, "form_submission.started")
    return await _new(request, key, subject, f"/forms/children/{child_id}/new/{key}")


@post("/forms/children/{child_id:int}/new/{key:str}", opt={**VIEW, CREATES: True})
async def create_for_child(
    request: AnyRequest, child_id: FromPath[int], key: FromPath[str]
) -> Response[Any]:
    subject = await _child_subject(request, child_id, "form_submission.created")
    return await _create(request, key, subject, f"/forms/children/{child_id}/new/{key}")


@get("/forms/cases/{case_id:int}/new/{key:str}", opt=VIEW)
async def new_for_case(request: AnyRequest, case_id: FromPath[int], key: FromPath[str]) -> Template:
    subject = await _case_subject(request, case_id, "form_submission.started")
    action = await _with_step(request, subject, f"/forms/cases/{case_id}/new/{key}")
    return await _new(request, key, subject, action)


@post("/forms/cases/{case_id:int}/new/{key:str}", opt={**VIEW, CREATES: True})
async def create_for_case(
    request: AnyRequest, case_id: FromPath[int], key: FromPath[str]
) -> Response[Any]:
    subject = await _case_subject(request, case_id, "form_submission.created")
    action = await _with_step(request, subject, f"/forms/cases/{case_id}/new/{key}")
    return await _create(request, key, subject, action)


# --- A child's forms ------------------------------------------------------------------------


@get("/forms/children/{child_id:int}", opt=VIEW)
async def child_forms(request: AnyRequest, child_id: FromPath[int]) -> Template:
    """The child's submissions the user may see, and the forms they may fill in."""
    subject = await _child_subject(request, child_id, "form_submission.listed")
    user = _user(request)
    enabled = user.enabled_forms
    submissions = await submissions_of_child(child_id)
    case_ids = {s.case_id for s in submissions if s.case_id is not None}
    seen_cases = set()
    if case_ids:
        rows = await Case.select(Case.id).where(
            Case.id.is_in(sorted(case_ids)) & await visible_cases(user)
        )
        seen_cases = {row["id"] for row in rows}
    shared = await organisations_sharing(
        user, child_id, {s.author_organisation_id for s in submissions}
    )
    reported = await report_sheets(user, {s.id for s in submissions})
    shown = [
        s
        for s in submissions
        if s.form_key in enabled
        and (s.case_id is None or s.case_id in seen_cases)
        and (s.author_organisation_id in shared or s.id in reported)
    ]
    latest = await latest_versions(enabled)
    await record(
        request,
        "form_submission.listed",
        object_type="child",
        object_id=child_id,
    )
    return page(
        request,
        "forms/child_forms.html",
        {
            "subject": subject,
            "submissions": shown,
            "titles": {key: stored.schema.title for key, stored in latest.items()},
            "forms": [latest[key].schema for key in sorted(latest)],
        },
    )


# --- One submission ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Loaded:
    submission: Submission
    form: FormSchema
    subject: _Subject


async def _load(request: AnyRequest, submission_id: int, action: str) -> _Loaded:
    """The submission if the user may see it (its case, else its child), it may reach the
    user's organisation (`may_share`), and its form is on for the user's municipality; else a
    "denied" audit row and 404."""
    submission = await get_submission(submission_id)
    if submission is None:
        await _audit(request, action, submission_id, Outcome.denied)
        raise NotFoundException()
    if submission.case_id is not None:
        subject = await _case_subject(request, submission.case_id, action)
    else:
        subject = await _child_subject(request, submission.child_id, action)
    user = _user(request)
    stored = await stored_version(submission.form_key, submission.form_version)
    enabled = user.enabled_forms
    author = submission.author_organisation_id
    shared = await organisations_sharing(user, submission.child_id, {author})
    if author not in shared:
        shared = {author} if await report_sheets(user, {submission.id}) else set()
    if stored is None or submission.form_key not in enabled or author not in shared:
        await _audit(request, action, submission_id, Outcome.denied)
        raise NotFoundException()
    return _Loaded(submission, stored.schema, subject)


async def _may_edit(request: AnyRequest, loaded: _Loaded, action: str) -> None:
    membership = _user(request).membership
    if membership is None or membership.organisation_id != loaded.submission.author_organisation_id:
        await _audit(request, action, loaded.submission.id, Outcome.denied)
        raise PermissionDeniedException(
            detail=_("Only the organisation that filled in a form may change it.")
        )


async def _sheet(loaded: _Loaded) -> dict[str, Any]:
    """What the read-only view and the print view show."""
    submission = loaded.submission
    people = {submission.author_id}
    if submission.updated_by is not None:
        people.add(submission.updated_by)
    names = {
        row["id"]: row["full_name"]
        for row in await User.select(User.id, User.full_name).where(User.id.is_in(sorted(people)))
    }
    organisation = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == submission.author_organisation_id)
        .first()
    )
    return {
        "submission": submission,
        "form": loaded.form,
        "subject": loaded.subject,
        "answers": await answers(loaded.form, submission.values),
        "author": names.get(submission.author_id, ""),
        "updated_by": names.get(submission.updated_by or 0, ""),
        "organisation": organisation["name"] if organisation else "",
    }


@get("/forms/submissions/{submission_id:int}", opt=VIEW)
async def view_submission(request: AnyRequest, submission_id: FromPath[int]) -> Template:
    loaded = await _load(request, submission_id, "form_submission.viewed")
    await _audit(request, "form_submission.viewed", submission_id)
    membership = _user(request).membership
    context = await _sheet(loaded)
    context["may_edit"] = (
        membership is not None
        and membership.organisation_id == loaded.submission.author_organisation_id
    )
    return page(request, "forms/submission.html", context)


@get("/forms/submissions/{submission_id:int}/print", opt=VIEW)
async def print_submission(request: AnyRequest, submission_id: FromPath[int]) -> Template:
    loaded = await _load(request, submission_id, "form_submission.printed")
    await _audit(request, "form_submission.printed", submission_id)
    context = await _sheet(loaded)
    context["now"] = datetime.now(UTC)
    return page(request, "forms/print.html", context)


def _edit_page(
    request: AnyRequest, loaded: _Loaded, entry: Entry, version: int, status_code: int
) -> Template:
    return page(
        request,
        "forms/edit.html",
        {
            "submission": loaded.submission,
            "subject": loaded.subject,
            "form": loaded.form,
            "entry": entry,
            "version": version,
        },
        status_code=status_code,
    )


@get("/forms/submissions/{submission_id:int}/edit", opt=VIEW)
async def edit_submission(request: AnyRequest, submission_id: FromPath[int]) -> Template:
    action = "form_submission.edit_opened"
    loaded = await _load(request, submission_id, action)
    await _may_edit(request, loaded, action)
    await _audit(request, action, submission_id)
    entry = await prefill(loaded.form, loaded.submission.values)
    return _edit_page(request, loaded, entry, loaded.submission.version, HTTP_200_OK)


@post("/forms/submissions/{submission_id:int}/edit", opt=VIEW)
async def save_submission(request: AnyRequest, submission_id: FromPath[int]) -> Response[Any]:
    action = "form_submission.updated"
    loaded = await _load(request, submission_id, action)
    await _may_edit(request, loaded, action)
    form_data = await request.form()
    version_text = str(form_data.get("version", ""))
    expected = id_or_none(version_text) or 0
    entry = await parse(loaded.form, form_data)
    if not entry.ok:
        if entry.errors:
            await _audit(request, "form_submission.update_invalid", submission_id, Outcome.failed)
        else:
            await _audit(request, "form_submission.edit_opened", submission_id)
        status = HTTP_400_BAD_REQUEST if entry.errors and not entry.refresh else HTTP_200_OK
        return _edit_page(request, loaded, entry, expected, status)
    user = _user(request)
    if await update_submission(plugins_of(request), submission_id, expected, entry.values, user):
        await _audit(request, action, submission_id)
        return Redirect(f"/forms/submissions/{submission_id}", status_code=303)
    await _audit(request, "form_submission.conflict", submission_id, Outcome.failed)
    return await _conflict(request, loaded, entry)


async def _conflict(request: AnyRequest, loaded: _Loaded, entry: Entry) -> Template:
    saved = await get_submission(loaded.submission.id)
    if saved is None:
        raise NotFoundException()
    theirs = await answers(loaded.form, saved.values)
    mine = await answers(loaded.form, entry.values)
    saver_id = saved.updated_by or saved.author_id
    saver = await User.select(User.full_name).where(User.id == saver_id).first()
    return conflict_page(
        request,
        Conflict(
            title=f"{loaded.form.title}: {loaded.subject.child_name}",
            rows=[
                ConflictRow(str(a.label), as_text(a), as_text(b))
                for a, b in zip(theirs, mine, strict=True)
            ],
            action=f"/forms/submissions/{saved.id}/edit",
            form_template="forms/_edit_fields.html",
            form_context={"entry": entry, "version": saved.version},
            saved_by=saver["full_name"] if saver else "",
            saved_at=saved.updated_at,
            back=f"/forms/submissions/{saved.id}",
        ),
    )


ROUTES = (
    child_forms,
    new_for_child,
    create_for_child,
    new_for_case,
    create_for_case,
    view_submission,
    print_submission,
    edit_submission,
    save_submission,
)
