"""Rajaleidja decisions inform the child's municipality (the HOP report's long-term item 2:
better information exchange with Rajaleidja about its decisions on the municipality's children).

When a kindergarten or school (any organisation) stores core's form ``core.rajaleidja`` with a
decision date, new or corrected, the plugin hears it (``heaolu_after_form_saved``, in the same
transaction) and asks `may_share` whether the child's education data held by that organisation
may go to the child's registered municipality for the purpose ``core.share_with_municipality``.
Only then it keeps a copy of the decision for the municipality (`RajaleidjaDecision`: date,
decision, recommended support, review date; one row per submission, a correction replaces it)
and notifies the municipality's holders of ``municipality.rajaleidja.view`` (its case managers
and education coordinators): a link, no name. When the guardians' consent does not allow it,
nothing is kept, and a row shared earlier is removed (consent withdrawn, or the child's
municipality changed): the municipality learns nothing of that child.

``/municipality/rajaleidja`` lists the decisions shared with the user's municipality, to holders
of the permission (with core's record permissions) only: anyone else gets 404 and a "denied"
audit row; a listing is audited with the children's ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from core.api import (
    AUTHENTICATED,
    N_,
    RAJALEIDJA_KEY,
    RECORDS,
    AnyRequest,
    Child,
    CurrentUser,
    Membership,
    Outcome,
    Recipient,
    Submission,
    may_share,
    notify,
    page,
    plugins_of,
    record,
    user_of,
)
from plugins.municipality.insight.tables import RajaleidjaDecision
from plugins.municipality.roles import ROLES, VIEW_RAJALEIDJA

PATH = "/rajaleidja"
LIST = f"/municipality{PATH}"
PURPOSE = "core.share_with_municipality"
# The data scope of a Rajaleidja decision (`may_share`).
EDUCATION = "education"
SHARED = N_("A Rajaleidja decision about a child of your municipality was shared with you")
LISTED = "municipality.rajaleidja.listed"
# The fields of core.rajaleidja this part reads.
DECIDED_ON, DECISION, SUPPORT, REVIEW_ON = "decided_on", "decision", "support", "review_on"


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


async def informed(municipality_id: int) -> list[int]:
    """The active users told of a decision shared with the municipality: holders of this
    plugin's roles that see the decisions, in any organisation of the municipality."""
    roles = [role.name for role in ROLES if VIEW_RAJALEIDJA in role.permissions]
    rows = await Membership.select(Membership.user).where(
        Membership.role.is_in(roles)
        & (Membership.organisation._.municipality == municipality_id)
        & Membership.user._.active.eq(True)
    )
    return sorted({row["user"] for row in rows})


async def _may_inform(submission: Submission, municipality_id: int) -> bool:
    decision = await may_share(
        submission.child_id,
        EDUCATION,
        submission.author_organisation_id,
        Recipient(municipality_id=municipality_id),
        PURPOSE,
    )
    return decision.allowed


async def decision_saved(submission: Submission, user: CurrentUser) -> None:
    """Share a stored Rajaleidja decision with the child's registered municipality as far as
    consent allows, and tell the municipality; a referral without a decision date shares
    nothing."""
    decided_on = _day(submission.values.get(DECIDED_ON))
    if submission.form_key != RAJALEIDJA_KEY or decided_on is None:
        return
    child = await Child.select(Child.registered_municipality).where(Child.id == submission.child_id)
    municipality_id = child[0]["registered_municipality"] if child else None
    await RajaleidjaDecision.delete().where(RajaleidjaDecision.submission == submission.id)
    if municipality_id is None or not await _may_inform(submission, municipality_id):
        return
    support = submission.values.get(SUPPORT) or []
    await RajaleidjaDecision.insert(
        RajaleidjaDecision(
            submission=submission.id,
            child=submission.child_id,
            municipality=municipality_id,
            organisation=submission.author_organisation_id,
            decided_on=decided_on,
            decision=str(submission.values.get(DECISION) or ""),
            support=",".join(str(key) for key in support),
            review_on=_day(submission.values.get(REVIEW_ON)),
        )
    )
    await record(
        None,
        "municipality.rajaleidja.shared",
        user_id=user.id,
        object_type="child",
        object_id=submission.child_id,
        purpose=PURPOSE,
    )
    await notify(await informed(municipality_id), SHARED, LIST)


def _may_list(user: CurrentUser) -> bool:
    return (
        user.municipality_id is not None
        and user.can(VIEW_RAJALEIDJA)
        and all(user.can(permission) for permission in RECORDS)
    )


def _support_labels(request: AnyRequest) -> dict[str, str]:
    """The recommended support's option keys with their labels in the request's language."""
    form = plugins_of(request).forms.get(RAJALEIDJA_KEY)
    fields = [field for field in form.fields if field.key == SUPPORT] if form else []
    return {option.key: str(option.label) for field in fields for option in field.options}


@get(PATH, opt={"permission": AUTHENTICATED})
async def rajaleidja_decisions(request: AnyRequest) -> Template:
    """The Rajaleidja decisions shared with the user's municipality, newest first."""
    user = user_of(request)
    if not _may_list(user):
        await record(request, LISTED, Outcome.denied)
        raise NotFoundException()
    decision: Any = RajaleidjaDecision
    rows = (
        await RajaleidjaDecision.select(
            RajaleidjaDecision.child,
            decision.child.given_name.as_alias("given_name"),
            decision.child.family_name.as_alias("family_name"),
            decision.organisation.name.as_alias("organisation_name"),
            RajaleidjaDecision.decided_on,
            RajaleidjaDecision.decision,
            RajaleidjaDecision.support,
            RajaleidjaDecision.review_on,
        )
        .where(RajaleidjaDecision.municipality == user.municipality_id)
        .order_by(RajaleidjaDecision.decided_on, ascending=False)
        .order_by(RajaleidjaDecision.id, ascending=False)
    )
    labels = _support_labels(request)
    for row in rows:
        row["support_labels"] = [labels.get(key, key) for key in row["support"].split(",") if key]
    await record(
        request,
        LISTED,
        object_type="child",
        object_id=",".join(str(row["child"]) for row in rows) or None,
    )
    return page(request, "municipality/insight/rajaleidja.html", {"rows": rows})


ROUTES = (rajaleidja_decisions,)
