"""The way to school: the spring list of the children going to school, the consent forms for
the parents who have not answered, and sharing a child's school-readiness card with a school.

A card goes to a school only when `may_share` allows the education data of the child to go
from the kindergarten to that school for the purpose ``kindergarten.school_readiness_card`` (a
guardian with custody consented for that school, or its municipality or sector, and nobody with
custody objects); otherwise the share is refused with the missing consent named. The receiver
is a user of the school whose role sees the school's records (organisation scope with core's
record permissions, whichever plugin declares the role: with the school plugin its
support-learning coordinator, support specialist or nurse); the kindergarten chooses them by
name. The
share is a `CardShare` row, audited; the receiver is notified and reads the card at
``/kindergarten/cards/<share>`` (everybody else: 404, audited as denied), as long as the consent
still allows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    CREATES,
    N_,
    RECORDS,
    AnyRequest,
    CurrentUser,
    FormSubmission,
    InputError,
    Kept,
    Organisation,
    Outcome,
    Panel,
    Plugins,
    Recipient,
    Scope,
    form_answers,
    form_page,
    id_or_none,
    may_share,
    notify,
    organisation_receivers,
    page,
    parse_year,
    plugins_of,
    record,
    school_start_year,
    stored_version,
    user_of,
)
from core.api import consent_states as core_consent_states
from core.api import gettext as _
from plugins.kindergarten.common import (
    child_in_kindergarten,
    coming_autumn,
    enrolled_children,
    full_name,
    own_kindergarten,
    problems,
)
from plugins.kindergarten.forms import READINESS_CARD_FORM
from plugins.kindergarten.roles import MANAGE_TRANSITIONS
from plugins.kindergarten.tables import CardShare
from plugins.kindergarten.workflow import PURPOSES, READINESS_CARD_PURPOSE

TRANSITIONS = {"permission": MANAGE_TRANSITIONS}
SCHOOL = "school"
EDUCATION = "education"
SHARED = N_("A school-readiness card was shared with you")
PANEL_LIMIT = 20


def receiving_roles(plugins: Plugins) -> frozenset[str]:
    """The roles that may receive a card at a school: those that see the organisation's records
    (organisation scope, core's record permissions), whichever plugin declares them."""
    return frozenset(
        name
        for name, role in plugins.roles.items()
        if role.scope is Scope.organisation and role.permissions >= RECORDS
    )


async def latest_cards(organisation_id: int, child_ids: Sequence[int]) -> dict[int, int]:
    """The newest readiness card the kindergarten filled in for each child: child id ->
    submission id."""
    if not child_ids:
        return {}
    rows = (
        await FormSubmission.select(FormSubmission.id, FormSubmission.child)
        .where(
            (FormSubmission.form_key == READINESS_CARD_FORM)
            & (FormSubmission.author_organisation == organisation_id)
            & FormSubmission.child.is_in(list(child_ids))
        )
        .order_by(FormSubmission.id)
    )
    return {row["child"]: row["id"] for row in rows}


async def shares_of(
    organisation_id: int, child_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """The cards the kindergarten shared, by child, oldest first."""
    if not child_ids:
        return {}
    rows = (
        await CardShare.select(
            CardShare.id,
            CardShare.child,
            CardShare.shared_at,
            CardShare.to_organisation.name.as_alias("school"),
            CardShare.receiver.full_name.as_alias("receiver"),
        )
        .where(
            (CardShare.from_organisation == organisation_id)
            & CardShare.child.is_in(list(child_ids))
        )
        .order_by(CardShare.id)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["child"], []).append(row)
    return found


async def _going(request: AnyRequest, year_text: str | None) -> dict[str, Any]:
    user, kindergarten = await own_kindergarten(request)
    today = date.today()
    errors: list[str] = []
    try:
        year = parse_year(year_text) if year_text else coming_autumn(today)
    except InputError as error:
        errors.append(str(error))
        year = coming_autumn(today)
    children = [
        child
        for child in await enrolled_children(user, kindergarten["id"], today)
        if child["date_of_birth"] is not None and school_start_year(child["date_of_birth"]) == year
    ]
    ids = [child["child"] for child in children]
    states = await core_consent_states(ids, READINESS_CARD_PURPOSE, today)
    return {
        "kindergarten": kindergarten,
        "year": year,
        "children": children,
        "states": states,
        "cards": await latest_cards(kindergarten["id"], ids),
        "shares": await shares_of(kindergarten["id"], ids),
        "errors": errors,
    }


async def _listed(request: AnyRequest, action: str, children: list[dict[str, Any]]) -> None:
    if children:
        await record(
            request,
            action,
            object_type="child",
            object_id=",".join(str(child["child"]) for child in children),
        )


@get("/school", opt=TRANSITIONS)
async def spring_list(request: AnyRequest) -> Template:
    context = await _going(request, request.query_params.get("year"))
    await _listed(request, "kindergarten.school_list.viewed", context["children"])
    return page(request, "kindergarten/spring_list.html", context)


@dataclass(frozen=True)
class ConsentSheet:
    child: str
    date_of_birth: date
    guardian: str


@get("/school/consent-forms", opt=TRANSITIONS)
async def consent_forms(request: AnyRequest) -> Template:
    context = await _going(request, request.query_params.get("year"))
    states = context["states"]
    unanswered = [
        child
        for child in context["children"]
        if child["child"] in states and states[child["child"]].unanswered
    ]
    sheets = [
        ConsentSheet(full_name(child), child["date_of_birth"], guardian)
        for child in unanswered
        for guardian in states[child["child"]].unanswered
    ]
    await _listed(request, "kindergarten.consent_forms.printed", unanswered)
    return page(
        request,
        "kindergarten/consent_forms.html",
        {**context, "sheets": sheets, "purpose": PURPOSES[0], "now": datetime.now(UTC)},
    )


async def schools() -> list[dict[str, Any]]:
    """Every school of the county, by municipality and name (a child may go to a school in
    another municipality)."""
    rows: list[dict[str, Any]] = (
        await Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.municipality.name.as_alias("municipality"),
        )
        .where(Organisation.kind == SCHOOL)
        .order_by(Organisation.municipality.name, Organisation.name)
    )
    return rows


async def _sharing(request: AnyRequest, child_id: int, action: str) -> dict[str, Any]:
    user, kindergarten = await own_kindergarten(request)
    try:
        child = await child_in_kindergarten(user, kindergarten["id"], child_id, date.today())
    except NotFoundException:
        await record(request, action, Outcome.denied, object_type="child", object_id=child_id)
        raise
    cards = await latest_cards(kindergarten["id"], [child_id])
    shares = await shares_of(kindergarten["id"], [child_id])
    return {
        "kindergarten": kindergarten,
        "child": child,
        "name": full_name(child),
        "card": cards.get(child_id),
        "shares": shares.get(child_id, []),
        "schools": await schools(),
    }


async def _share_page(
    request: AnyRequest,
    context: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Template:
    school = id_or_none(values.get("school", ""))
    chosen = next((row for row in context["schools"] if row["id"] == school), None)
    receivers = (
        await organisation_receivers(chosen["id"], receiving_roles(plugins_of(request)))
        if chosen is not None
        else []
    )
    labels = {
        "school": _("School"),
        "receiver": _("Receiver at the school"),
        "card": "",
        "consent": "",
    }
    return form_page(
        request,
        "kindergarten/share.html",
        {
            **context,
            "values": values,
            "chosen": chosen,
            "receivers": receivers,
            "problems": problems(errors, labels),
        },
        errors,
    )


@get("/school/children/{child_id:int}", opt=TRANSITIONS)
async def share_form(request: AnyRequest, child_id: FromPath[int]) -> Template:
    context = await _sharing(request, child_id, "kindergarten.child.viewed")
    await record(request, "kindergarten.child.viewed", object_type="child", object_id=child_id)
    values = {"school": request.query_params.get("school", ""), "receiver": ""}
    return await _share_page(request, context, values)


@post("/school/children/{child_id:int}", opt={**TRANSITIONS, CREATES: True})
async def share_card(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    context = await _sharing(request, child_id, "kindergarten.card.shared")
    form = await request.form()
    values = {"school": str(form.get("school", "")), "receiver": str(form.get("receiver", ""))}
    errors: dict[str, str] = {}
    school_id = id_or_none(values["school"])
    school = next((row for row in context["schools"] if row["id"] == school_id), None)
    if school is None:
        errors["school"] = _("Choose a school from the list.")
        return await _share_page(request, context, values, errors)
    receivers = dict(
        await organisation_receivers(school["id"], receiving_roles(plugins_of(request)))
    )
    receiver = id_or_none(values["receiver"])
    if receiver is None or receiver not in receivers:
        errors["receiver"] = _("Choose the receiver at the school from the list.")
    if context["card"] is None:
        errors["card"] = _("Fill in the school-readiness card first.")
    if errors or receiver is None:
        return await _share_page(request, context, values, errors)
    kindergarten = context["kindergarten"]
    decision = await may_share(
        child_id,
        EDUCATION,
        kindergarten["id"],
        Recipient(organisation_id=school["id"]),
        purpose=READINESS_CARD_PURPOSE,
    )
    if not decision.allowed:
        await record(
            request,
            "kindergarten.card.shared",
            Outcome.denied,
            object_type="child",
            object_id=child_id,
            purpose=READINESS_CARD_PURPOSE,
        )
        errors["consent"] = _(
            'The card was not shared: a guardian\'s consent to "{purpose}" with {school} is '
            "missing ({reason}). Record the consent on the child's page first."
        ).format(purpose=_(PURPOSES[0].label), school=school["name"], reason=_(decision.reason))
        return await _share_page(request, context, values, errors)
    [share] = await CardShare.insert(
        CardShare(
            submission=context["card"],
            child=child_id,
            from_organisation=kindergarten["id"],
            to_organisation=school["id"],
            receiver=receiver,
            shared_by=user_of(request).id,
        )
    ).returning(CardShare.id)
    await record(
        request,
        "kindergarten.card.shared",
        object_type="card_share",
        object_id=share["id"],
        purpose=READINESS_CARD_PURPOSE,
    )
    await notify([receiver], SHARED, f"/kindergarten/cards/{share['id']}")
    return Redirect(f"/kindergarten/school/children/{child_id}", status_code=303)


async def _share_for(request: AnyRequest, share_id: int) -> dict[str, Any]:
    """The share, when the user is its receiver at the school, still there, and the consent
    still allows it; else a denied audit row and 404."""
    user = user_of(request)
    row: dict[str, Any] | None = (
        await CardShare.select(
            *CardShare.all_columns(),
            CardShare.child.given_name.as_alias("given_name"),
            CardShare.child.family_name.as_alias("family_name"),
            CardShare.child.date_of_birth.as_alias("date_of_birth"),
            CardShare.from_organisation.name.as_alias("kindergarten"),
            CardShare.to_organisation.name.as_alias("school"),
            CardShare.shared_by.full_name.as_alias("shared_by_name"),
        )
        .where(CardShare.id == share_id)
        .first()
    )
    allowed = (
        row is not None
        and row["receiver"] == user.id
        and user.membership is not None
        and user.membership.organisation_id == row["to_organisation"]
        and (
            await may_share(
                row["child"],
                EDUCATION,
                row["from_organisation"],
                Recipient(organisation_id=row["to_organisation"]),
                purpose=READINESS_CARD_PURPOSE,
            )
        ).allowed
    )
    if row is None or not allowed:
        await record(
            request,
            "kindergarten.card.read",
            Outcome.denied,
            object_type="card_share",
            object_id=share_id,
        )
        raise NotFoundException()
    return row


@get("/cards/{share_id:int}", opt={"permission": AUTHENTICATED})
async def shared_card(request: AnyRequest, share_id: FromPath[int]) -> Template:
    share = await _share_for(request, share_id)
    submission: dict[str, Any] | None = (
        await FormSubmission.select(
            FormSubmission.form_key, FormSubmission.form_version, FormSubmission.data
        )
        .where(FormSubmission.id == share["submission"])
        .output(load_json=True)
        .first()
    )
    stored = (
        await stored_version(submission["form_key"], submission["form_version"])
        if submission is not None
        else None
    )
    if submission is None or stored is None:
        raise NotFoundException()
    await record(
        request,
        "kindergarten.card.read",
        object_type="card_share",
        object_id=share_id,
        purpose=READINESS_CARD_PURPOSE,
    )
    return page(
        request,
        "kindergarten/card.html",
        {
            "share": share,
            "name": full_name(share),
            "form": stored.schema,
            "answers": await form_answers(stored.schema, submission["data"]),
        },
    )


# The cards shared with a user, newest first: asked on every "my work" of every user, so kept
# as SQL (`Kept`).
SHARED_WITH = Kept(
    lambda *, user: (
        CardShare.select(
            CardShare.id,
            CardShare.child,
            CardShare.from_organisation,
            CardShare.to_organisation,
            CardShare.shared_at,
            CardShare.child.given_name.as_alias("given_name"),
            CardShare.child.family_name.as_alias("family_name"),
            CardShare.from_organisation.name.as_alias("kindergarten"),
        )
        .where(CardShare.receiver == user)
        .order_by(CardShare.id, ascending=False)
        .limit(PANEL_LIMIT)
    )
)


async def dashboard_panels(request: AnyRequest, user: CurrentUser) -> list[Panel]:
    """The cards shared with the user that the consent still lets them read."""
    rows = await SHARED_WITH.rows(user=user.id)
    readable = [
        row
        for row in rows
        if (
            await may_share(
                row["child"],
                EDUCATION,
                row["from_organisation"],
                Recipient(organisation_id=row["to_organisation"]),
                purpose=READINESS_CARD_PURPOSE,
            )
        ).allowed
    ]
    if not readable:
        return []
    await _listed(request, "kindergarten.cards.listed", readable)
    return [
        Panel(
            _("School-readiness cards shared with me"),
            "kindergarten/_my_cards.html",
            {"cards": [{**row, "name": full_name(row)} for row in readable]},
            30,
        )
    ]


ROUTES = (spring_list, consent_forms, share_form, share_card, shared_card)
