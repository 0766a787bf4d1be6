"""Sharing without consent on a legal basis: recording a `ShareOverride`.

An override needs a legal basis from `core.consent.registry.LEGAL_BASES` and an explanation in
words, is made from the user's active organisation and is audited. `may_share` then allows
what it names.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.audit.log import Outcome, record
from core.auth.permissions import OVERRIDE_CONSENT
from core.auth.submissions import CREATES
from core.consent.forms import RECIPIENT_FIELDS, read_recipient_fields, recipient_choices
from core.consent.pages import AnyRequest, child_in_scope, user_of
from core.consent.registry import LEGAL_BASES, LEGAL_BASIS_LABELS
from core.consent.tables import ShareOverride
from core.i18n import gettext as _
from core.pages import form_page, plugins_of

OVERRIDE = {"permission": OVERRIDE_CONSENT}
FIELDS = (*RECIPIENT_FIELDS, "legal_basis", "explanation")


async def _override_page(
    request: AnyRequest,
    child: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    return form_page(
        request,
        "consent/override.html",
        {
            **await recipient_choices(plugins_of(request).consent_purposes),
            "child": child,
            "legal_bases": [(key, _(label)) for key, label in LEGAL_BASES],
            "values": values,
        },
        errors,
    )


@get("/children/{child_id:int}/overrides/new", opt={**OVERRIDE})
async def override_form(request: AnyRequest, child_id: FromPath[int]) -> Template:
    child = await child_in_scope(request, child_id, "child.viewed")
    await record(
        request, "child.viewed", object_type="child", object_id=child_id, purpose=OVERRIDE_CONSENT
    )
    return await _override_page(request, child, {"data_scope": "all"})


@post("/children/{child_id:int}/overrides", opt={**OVERRIDE, CREATES: True})
async def record_override(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    """Record sharing without consent from the user's organisation; 303 to the child's page."""
    child = await child_in_scope(request, child_id, "share_override.recorded")
    user = user_of(request)
    form = await request.form()
    values = {field: str(form.get(field, "")).strip() for field in FIELDS}
    errors: list[str] = []
    choices = await recipient_choices(plugins_of(request).consent_purposes)
    recipient = read_recipient_fields(values, choices, errors)
    if values["legal_basis"] not in LEGAL_BASIS_LABELS:
        errors.append(_("Choose the provision of law that allows sharing without consent."))
    if not values["explanation"]:
        errors.append(_("Explain why the data must be shared without consent."))
    if user.membership is None:
        errors.append(_("You have no role in an organisation to share the data from."))
    if errors:
        await record(
            request,
            "share_override.recorded",
            Outcome.failed,
            object_type="child",
            object_id=child_id,
        )
        return await _override_page(request, child, values, errors)
    assert recipient is not None
    assert user.membership is not None
    [row] = await ShareOverride.insert(
        ShareOverride(
            child=child_id,
            from_organisation=user.membership.organisation_id,
            purpose=values["purpose"],
            data_scope=values["data_scope"],
            **recipient.columns(),
            legal_basis=values["legal_basis"],
            explanation=values["explanation"],
            decided_by=user.id,
        )
    ).returning(ShareOverride.id)
    await record(
        request,
        "share_override.recorded",
        object_type="share_override",
        object_id=row["id"],
        purpose=values["legal_basis"],
    )
    return Redirect(f"/children/{child_id}#consents", status_code=303)


ROUTES = (override_form, record_override)
