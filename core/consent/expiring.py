"""Consents of the children in the user's scope that end within `EXPIRY_WARNING_DAYS` days, so that
coordinators can ask the guardians to renew them in time."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import get
from litestar.response import Template

from core.access import children_in_scope
from core.audit.log import record
from core.auth.permissions import RECORD_CONSENT
from core.consent.expiry import EXPIRY_WARNING_DAYS, expiring_soon
from core.consent.forms import purpose_labels
from core.consent.labels import recipient_labels
from core.consent.pages import AnyRequest, user_of
from core.consent.recipients import Recipient
from core.consent.tables import Consent
from core.pages import page, plugins_of

LIMIT = 50


@get("/consents/expiring", opt={"permission": RECORD_CONSENT})
async def expiring(request: AnyRequest) -> Template:
    """Given, unwithdrawn consents ending today or in the next `EXPIRY_WARNING_DAYS` days, soonest
    first, at most `LIMIT`; one audit row with the listed children's ids."""
    today = date.today()
    # No child in reach, no consent: the id is never null.
    scope = children_in_scope(Consent.child, user_of(request), today) or Consent.id.is_null()
    child: Any = Consent.child
    guardian: Any = Consent.guardian
    rows = (
        await Consent.select(
            *Consent.all_columns(),
            child.given_name.as_alias("child_given_name"),
            child.family_name.as_alias("child_family_name"),
            guardian.given_name.as_alias("guardian_given_name"),
            guardian.family_name.as_alias("guardian_family_name"),
        )
        .where(scope & expiring_soon(today))
        .order_by(Consent.valid_until)
        .limit(LIMIT + 1)
    )
    more = len(rows) > LIMIT
    rows = rows[:LIMIT]
    names = await recipient_labels(Recipient.of_row(row) for row in rows)
    labels = purpose_labels(plugins_of(request).consent_purposes)
    for row in rows:
        row["recipient_label"] = names[Recipient.of_row(row)]
        row["purpose_label"] = labels.get(row["purpose"], row["purpose"])
    if rows:
        children = ",".join(str(c) for c in sorted({row["child"] for row in rows}))
        await record(
            request,
            "child.listed",
            object_type="child",
            object_id=children,
            purpose="consent.expiring",
        )
    return page(
        request,
        "consent/expiring.html",
        {"consents": rows, "more": more, "days": EXPIRY_WARNING_DAYS},
    )


ROUTES = (expiring,)
