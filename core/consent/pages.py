"""Recording and withdrawing a guardian's consent.

Every answer that shows or changes a child's consents checks the child is in the user's scope
(404 otherwise, with a "denied" audit row) and writes one audit row. Consents are never
deleted: withdrawing one sets its ``withdrawn_on``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.access import may_see_child
from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import RECORD_CONSENT
from core.auth.submissions import CREATES
from core.consent.attachments import Upload, checked_upload, store
from core.consent.forms import RECIPIENT_FIELDS, read_recipient_fields, recipient_choices
from core.consent.labels import DECISIONS, EVIDENCE_KINDS
from core.consent.tables import Consent, Decision, EvidenceKind
from core.i18n import format_date
from core.i18n import gettext as _
from core.pages import current_user, form_page, page, plugins_of
from core.parsing import parse_date
from core.people.labels import translated
from core.people.tables import Child, GuardianLink

AnyRequest = Request[Any, Any, Any]
RECORD = {"permission": RECORD_CONSENT}
FIELDS = (*RECIPIENT_FIELDS, "guardian", "decision", "valid_from", "valid_until", "evidence_kind")


def user_of(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    assert user is not None  # the guard let only logged-in users through
    return user


async def child_in_scope(request: AnyRequest, child_id: int, action: str) -> dict[str, Any]:
    """The child's row if the user may see it; else a "denied" ``action`` audit row and 404."""
    row: dict[str, Any] | None = None
    if await may_see_child(request, child_id):
        row = (
            await Child.select(Child.id, Child.given_name, Child.family_name)
            .where(Child.id == child_id)
            .first()
        )
    if row is None:
        await record(request, action, Outcome.denied, object_type="child", object_id=child_id)
        raise NotFoundException()
    return row


async def _record_page(
    request: AnyRequest,
    child: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    guardian: Any = GuardianLink.guardian
    guardians = await GuardianLink.select(
        GuardianLink.custody,
        guardian.id.as_alias("id"),
        guardian.given_name.as_alias("given_name"),
        guardian.family_name.as_alias("family_name"),
    ).where(GuardianLink.child == child["id"])
    return form_page(
        request,
        "consent/record.html",
        {
            **await recipient_choices(plugins_of(request).consent_purposes),
            "child": child,
            "guardians": guardians,
            "decisions": translated(DECISIONS),
            "evidence_kinds": translated(EVIDENCE_KINDS),
            "values": values,
        },
        errors,
    )


@get("/children/{child_id:int}/consents/new", opt={**RECORD})
async def record_form(request: AnyRequest, child_id: FromPath[int]) -> Template:
    child = await child_in_scope(request, child_id, "child.viewed")
    await record(
        request, "child.viewed", object_type="child", object_id=child_id, purpose=RECORD_CONSENT
    )
    values = {"valid_from": format_date(date.today()), "data_scope": "all"}
    return await _record_page(request, child, values)


@post("/children/{child_id:int}/consents", opt={**RECORD, CREATES: True})
async def record_consent(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    """Record a consent or refusal, with its evidence; 303 to the child's page."""
    child = await child_in_scope(request, child_id, "consent.recorded")
    user = user_of(request)
    form = await request.form()
    values = {field: str(form.get(field, "")).strip() for field in FIELDS}
    file = form.get("evidence_file")
    errors: list[str] = []
    guardian_ids = {
        str(row["guardian"])
        for row in await GuardianLink.select(GuardianLink.guardian).where(
            GuardianLink.child == child_id
        )
    }
    if values["guardian"] not in guardian_ids:
        errors.append(_("Choose one of the child's parents or guardians."))
    choices = await recipient_choices(plugins_of(request).consent_purposes)
    recipient = read_recipient_fields(values, choices, errors)
    if values["decision"] not in set(Decision):
        errors.append(_("Choose whether the guardian gave or refused consent."))
    valid_from, valid_until = _period(values, errors)
    if values["evidence_kind"] not in set(EvidenceKind):
        errors.append(_("Choose how the guardian gave their decision."))
    upload: Upload | None = None
    if isinstance(file, UploadFile):
        upload, problem = await checked_upload(file)
        if problem:
            errors.append(problem)
    elif values["evidence_kind"] == EvidenceKind.digital:
        errors.append(_("Attach the digitally signed document."))
    if errors:
        await record(
            request, "consent.recorded", Outcome.failed, object_type="child", object_id=child_id
        )
        return await _record_page(request, child, values, errors)
    assert recipient is not None
    assert valid_from is not None
    [row] = await Consent.insert(
        Consent(
            child=child_id,
            guardian=int(values["guardian"]),
            purpose=values["purpose"],
            data_scope=values["data_scope"],
            **recipient.columns(),
            decision=values["decision"],
            valid_from=valid_from,
            valid_until=valid_until,
            evidence_kind=values["evidence_kind"],
            recorded_by=user.id,
        )
    ).returning(Consent.id)
    if upload is not None:
        attachment = await store(upload, user.id, "consent", row["id"])
        await Consent.update({Consent.evidence: attachment}).where(Consent.id == row["id"])
        await record(request, "attachment.uploaded", object_type="attachment", object_id=attachment)
    await record(request, "consent.recorded", object_type="consent", object_id=row["id"])
    return Redirect(f"/children/{child_id}#consents", status_code=303)


def _period(values: dict[str, str], errors: list[str]) -> tuple[date | None, date | None]:
    dates: list[date | None] = []
    for field in ("valid_from", "valid_until"):
        if field == "valid_until" and not values[field]:
            dates.append(None)
            continue
        try:
            dates.append(parse_date(values[field]))
        except ValueError as bad_date:
            errors.append(str(bad_date))
            dates.append(None)
    valid_from, valid_until = dates
    if valid_from and valid_until and valid_until < valid_from:
        errors.append(_("The consent cannot end before it starts."))
    return valid_from, valid_until


@post("/consents/{consent_id:int}/withdraw", opt=RECORD)
async def withdraw(request: AnyRequest, consent_id: FromPath[int]) -> Response[Any]:
    """Set the consent's ``withdrawn_on`` to the date typed; the row stays."""
    row = await Consent.select().where(Consent.id == consent_id).first()
    if row is None or not await may_see_child(request, row["child"]):
        await record(
            request,
            "consent.withdrawn",
            Outcome.denied,
            object_type="consent",
            object_id=consent_id,
        )
        raise NotFoundException()
    form = await request.form()
    typed = str(form.get("withdrawn_on", "")).strip()
    errors: list[str] = []
    withdrawn_on: date | None = None
    try:
        withdrawn_on = parse_date(typed)
    except ValueError as bad_date:
        errors.append(str(bad_date))
    if withdrawn_on is not None and withdrawn_on > date.today():
        errors.append(_("The date of withdrawal cannot be in the future."))
    if row["withdrawn_on"] is not None:
        errors.append(_("This consent has been withdrawn already."))
    if errors:
        await record(
            request,
            "consent.withdrawn",
            Outcome.failed,
            object_type="consent",
            object_id=consent_id,
        )
        child = await child_in_scope(request, row["child"], "consent.withdrawn")
        return page(
            request,
            "consent/withdraw.html",
            {"child": child, "consent": row, "withdrawn_on": typed, "errors": errors},
            status_code=HTTP_400_BAD_REQUEST,
        )
    [withdrawn] = (
        await Consent.update({Consent.withdrawn_on: withdrawn_on})
        .where(Consent.id == consent_id)
        .returning(*Consent.all_columns())
    )
    await record(request, "consent.withdrawn", object_type="consent", object_id=consent_id)
    plugins = plugins_of(request)
    await plugins.notify(
        plugins.names,
        "heaolu_after_consent_withdrawn",
        consent=withdrawn,
        user=current_user(request),
        request=request,
    )
    return Redirect(f"/children/{row['child']}#consents", status_code=303)


ROUTES = (record_form, record_consent, withdraw)
