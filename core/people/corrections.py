"""Correcting a child's data, with history, and merging two records of one child.

Nothing is edited silently: each changed field leaves a `ChildChange` row with the earlier
value, who changed it and when. Merging keeps everything from both records: enrolments,
guardian links, consents and overrides move to the surviving record, fields it lacks are filled
from the other, and the merged record stays with ``merged_into`` set, so its old id leads to the
survivor.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST
from piccolo.columns import Column

from core.access import child_or_404
from core.audit.log import record
from core.auth.permissions import EDIT_CHILD
from core.auth.submissions import CREATES
from core.consent.tables import Consent, ShareOverride
from core.i18n import format_date
from core.i18n import gettext as _
from core.pages import current_user, page, plugins_of
from core.parsing import id_or_none, length_problems, parse_date
from core.people.enrolment import end_enrolment as end_enrolment_of
from core.people.folding import fold
from core.people.isikukood import isikukood_problem
from core.people.labels import relation_labels
from core.people.tables import (
    CHILD_NAME_LIMITS,
    Child,
    ChildChange,
    Enrolment,
    Guardian,
    GuardianLink,
    GuardianRelation,
    Municipality,
)

AnyRequest = Request[Any, Any, Any]
EDIT = {"permission": EDIT_CHILD}
FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "isikukood",
    "registered_municipality",
    "residence_municipality",
    "language",
)


def _as_text(value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


async def _edit_page(
    request: AnyRequest,
    child: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Template:
    history = (
        await ChildChange.select()
        .where(ChildChange.child == child["id"])
        .order_by(ChildChange.changed_at, ascending=False)
    )
    municipalities = await Municipality.select(Municipality.id, Municipality.name).order_by(
        Municipality.name
    )
    organisation: Any = Enrolment.organisation
    open_enrolments = await Enrolment.select(
        Enrolment.id, Enrolment.starts_on, organisation.name.as_alias("organisation")
    ).where((Enrolment.child == child["id"]) & Enrolment.ends_on.is_null())
    return page(
        request,
        "people/child_edit.html",
        {
            "child": child,
            "values": values,
            "errors": errors or [],
            "history": history,
            "municipalities": municipalities,
            "open_enrolments": open_enrolments,
            "relations": relation_labels(),
        },
        status_code=status_code,
    )


@get("/children/{child_id:int}/edit", opt=EDIT)
async def edit_form(request: AnyRequest, child_id: FromPath[int]) -> Template:
    child = await child_or_404(request, child_id, "child.updated")
    return await _edit_page(request, child, {field: _as_text(child[field]) for field in FIELDS})


async def _problems(values: dict[str, str], child_id: int) -> tuple[date | None, list[str]]:
    errors = []
    if not values["given_name"] or not values["family_name"]:
        errors.append(_("Enter the child's given and family name."))
    errors += length_problems(values, CHILD_NAME_LIMITS)
    born: date | None = None
    try:
        born = parse_date(values["date_of_birth"])
    except ValueError as bad_date:
        errors.append(str(bad_date))
    if values["isikukood"]:
        problem = isikukood_problem(values["isikukood"], born)
        if problem:
            errors.append(problem)
        elif await Child.exists().where(
            (Child.isikukood == values["isikukood"]) & (Child.id != child_id)
        ):
            errors.append(
                _("Another child has this personal identification code: merge the records.")
            )
    known = {str(row["id"]) for row in await Municipality.select(Municipality.id)}
    for field in ("registered_municipality", "residence_municipality"):
        if values[field] and values[field] not in known:
            errors.append(_("Choose a municipality from the list."))
    return born, errors


@post("/children/{child_id:int}/edit", opt=EDIT)
async def save_corrections(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    child = await child_or_404(request, child_id, "child.updated")
    form = await request.form()
    values = {field: str(form.get(field, "")).strip() for field in FIELDS}
    born, errors = await _problems(values, child_id)
    if errors:
        return await _edit_page(request, child, values, errors, HTTP_400_BAD_REQUEST)
    new: dict[str, Any] = {
        **values,
        "date_of_birth": born,
        "isikukood": values["isikukood"] or None,
        "registered_municipality": int(values["registered_municipality"] or 0) or None,
        "residence_municipality": int(values["residence_municipality"] or 0) or None,
    }
    await _apply(request, child, new)
    return Redirect(f"/children/{child_id}", status_code=303)


async def _apply(request: AnyRequest, child: dict[str, Any], new: dict[str, Any]) -> None:
    """Write the changed fields, each with a history row, and one audit row."""
    user = current_user(request)
    changed = {field: value for field, value in new.items() if child[field] != value}
    if not changed:
        return
    given = changed.get("given_name", child["given_name"])
    family = changed.get("family_name", child["family_name"])
    columns: dict[Column | str, Any] = {getattr(Child, k): v for k, v in changed.items()}
    columns[Child.search_name] = fold(f"{family} {given}")
    columns[Child.search_name_reversed] = fold(f"{given} {family}")
    await Child.update(columns).where(Child.id == child["id"])
    await ChildChange.insert(
        *(
            ChildChange(
                child=child["id"],
                field=field,
                old_value=_as_text(child[field]),
                new_value=_as_text(value),
                changed_by=user.id if user else None,
            )
            for field, value in changed.items()
        )
    )
    await record(request, "child.updated", object_type="child", object_id=child["id"])


@post("/children/{child_id:int}/merge", opt=EDIT)
async def merge(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    """Merge the record ``child_id`` into the record named in the form's ``into``."""
    form = await request.form()
    into_value = str(form.get("into", "")).strip()
    child = await child_or_404(request, child_id, "child.updated")
    if id_or_none(into_value) in (None, child_id):
        return await _edit_page(
            request,
            child,
            {f: _as_text(child[f]) for f in FIELDS},
            [_("Give the number of the other record of this child.")],
            HTTP_400_BAD_REQUEST,
        )
    survivor = await child_or_404(request, int(into_value), "child.merged")
    fill = {f: child[f] for f in FIELDS if survivor[f] in (None, "") and child[f] not in (None, "")}
    if child["isikukood"]:
        # The code is unique: the merged record gives it up, its history keeps it.
        await Child.update({Child.isikukood: None}).where(Child.id == child_id)
    await _apply(request, survivor, {**{f: survivor[f] for f in FIELDS}, **fill})
    await Enrolment.update({Enrolment.child: survivor["id"]}).where(Enrolment.child == child_id)
    have = {
        row["guardian"]
        for row in await GuardianLink.select(GuardianLink.guardian).where(
            GuardianLink.child == survivor["id"]
        )
    }
    await GuardianLink.delete().where(
        (GuardianLink.child == child_id) & GuardianLink.guardian.is_in(list(have) or [0])
    )
    await GuardianLink.update({GuardianLink.child: survivor["id"]}).where(
        GuardianLink.child == child_id
    )
    # The guardians' decisions go with them: a refusal left on the merged record would let
    # may_share answer for the survivor as if it had never been given.
    await Consent.update({Consent.child: survivor["id"]}).where(Consent.child == child_id)
    await ShareOverride.update({ShareOverride.child: survivor["id"]}).where(
        ShareOverride.child == child_id
    )
    await Child.update({Child.merged_into: survivor["id"]}).where(Child.id == child_id)
    user = current_user(request)
    plugins = plugins_of(request)
    await plugins.notify(
        plugins.names,
        "heaolu_merge_children",
        merged_id=child_id,
        survivor_id=survivor["id"],
        user=user,
    )
    await ChildChange.insert(
        ChildChange(
            child=child_id,
            field="merged_into",
            old_value="",
            new_value=str(survivor["id"]),
            changed_by=user.id if user else None,
        )
    )
    await record(
        request, "child.merged", object_type="child", object_id=f"{child_id}>{survivor['id']}"
    )
    return Redirect(f"/children/{survivor['id']}", status_code=303)


# --- Guardians and enrolments ------------------------------------------------------------------

GUARDIAN_FIELDS = ("given_name", "family_name", "isikukood", "phone", "email", "relation")


@post("/children/{child_id:int}/guardians", opt={**EDIT, CREATES: True})
async def add_guardian(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    """Link a parent or guardian; one already in heaolu (same isikukood) is linked, not copied,
    so siblings share their guardian."""
    child = await child_or_404(request, child_id, "child.updated")
    form = await request.form()
    values = {field: str(form.get(field, "")).strip() for field in GUARDIAN_FIELDS}
    errors = []
    if not values["given_name"] or not values["family_name"]:
        errors.append(_("Enter the guardian's given and family name."))
    if values["relation"] not in GuardianRelation.__members__:
        errors.append(_("Choose how the guardian is related to the child."))
    if values["isikukood"] and (problem := isikukood_problem(values["isikukood"], None)):
        errors.append(problem)
    if errors:
        return await _edit_page(
            request, child, {f: _as_text(child[f]) for f in FIELDS}, errors, HTTP_400_BAD_REQUEST
        )
    existing = (
        await Guardian.select(Guardian.id).where(Guardian.isikukood == values["isikukood"]).first()
        if values["isikukood"]
        else None
    )
    if existing is None:
        [existing] = await Guardian.insert(
            Guardian(
                given_name=values["given_name"],
                family_name=values["family_name"],
                isikukood=values["isikukood"] or None,
                phone=values["phone"],
                email=values["email"],
            )
        ).returning(Guardian.id)
    if not await GuardianLink.exists().where(
        (GuardianLink.child == child_id) & (GuardianLink.guardian == existing["id"])
    ):
        await GuardianLink.insert(
            GuardianLink(
                child=child_id,
                guardian=existing["id"],
                relation=values["relation"],
                custody=bool(form.get("custody")),
                lives_with_child=bool(form.get("lives_with_child")),
            )
        )
    await record(request, "guardian.linked", object_type="child", object_id=child_id)
    return Redirect(f"/children/{child_id}", status_code=303)


@post("/children/{child_id:int}/enrolments/{enrolment_id:int}/end", opt=EDIT)
async def end_enrolment(
    request: AnyRequest, child_id: FromPath[int], enrolment_id: FromPath[int]
) -> Response[Any]:
    """Record that the child left a kindergarten or school (on the date given)."""
    child = await child_or_404(request, child_id, "child.updated")
    form = await request.form()
    try:
        ends_on = parse_date(str(form.get("ends_on", "")))
    except ValueError as bad_date:
        return await _edit_page(
            request,
            child,
            {f: _as_text(child[f]) for f in FIELDS},
            [str(bad_date)],
            HTTP_400_BAD_REQUEST,
        )
    user = current_user(request)
    assert user is not None  # the guard lets only logged-in users change a record
    ended = await end_enrolment_of(
        plugins_of(request), user, enrolment_id=enrolment_id, child_id=child_id, ends_on=ends_on
    )
    if ended is None:
        raise NotFoundException()
    await record(request, "enrolment.ended", object_type="child", object_id=child_id)
    return Redirect(f"/children/{child_id}", status_code=303)


ROUTES = (edit_form, save_corrections, merge, add_guardian, end_enrolment)
