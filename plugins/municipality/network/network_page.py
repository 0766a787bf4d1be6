"""The network's page: its leader (with the history of leaders), member organisations and their
representatives by sector, the information agreement and the county agreement's commitments;
and the versions of the shared goals, values and working rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from piccolo.query.functions.aggregate import Count

from core.api import (
    CREATES,
    RHYTHM_LABELS,
    SECTORS,
    ContactPerson,
    Membership,
    Organisation,
    Rhythm,
    Sector,
    YearRhythm,
    form_page,
    id_or_none,
    record,
    translated,
)
from core.api import gettext as _
from plugins.municipality.network.common import (
    KEPT_IN,
    LINE_LIMIT,
    MANAGE,
    MODEL_STATUSES,
    TEXT_LIMIT,
    VIEW,
    AnyRequest,
    labels,
    municipality_of,
    municipality_users,
    required_date,
    user_of,
    values_of,
)
from plugins.municipality.network.queries import current_leader, representatives, rhythm_of
from plugins.municipality.network.tables import (
    InformationRow,
    KeptIn,
    ModelCommitment,
    ModelStatus,
    NetworkLeader,
    NetworkRepresentative,
    PlanActivity,
    RulesVersion,
)
from plugins.municipality.roles import MANAGE_NETWORK, WELFARE_LEAD


async def welfare_leads(municipalities: Sequence[int]) -> dict[int, list[str]]:
    """Names of the active accounts holding the welfare lead's post in each municipality, by
    name (one statement for all)."""
    organisation: Any = Membership.organisation
    user: Any = Membership.user
    rows = await Membership.select(
        organisation.municipality.as_alias("municipality"),
        Membership.user,
        user.full_name.as_alias("full_name"),
    ).where(
        (Membership.role == WELFARE_LEAD)
        & organisation.municipality.is_in(list(municipalities) or [0])
        & (user.active == True)  # noqa: E712 - a SQL comparison
    )
    names: dict[int, dict[int, str]] = {municipality: {} for municipality in municipalities}
    for row in rows:
        names[row["municipality"]][row["user"]] = row["full_name"]
    return {municipality: sorted(by_user.values()) for municipality, by_user in names.items()}


@dataclass(frozen=True)
class CommitmentRecords:
    """What the network's records hold about the county agreement's commitments in a year."""

    leads: list[str]
    model: dict[str, Any] | None
    activities: int


async def commitment_records(
    municipalities: Sequence[int], year: int
) -> dict[int, CommitmentRecords]:
    """`CommitmentRecords` of each municipality in ``year``, read in three statements."""
    wanted = list(municipalities) or [0]
    leads = await welfare_leads(municipalities)
    models: dict[int, dict[str, Any]] = {}
    for row in await ModelCommitment.select().where(ModelCommitment.municipality.is_in(wanted)):
        models.setdefault(row["municipality"], row)
    counts = {
        row["municipality"]: row["count"]
        for row in await PlanActivity.select(PlanActivity.municipality, Count())
        .where(PlanActivity.municipality.is_in(wanted) & (PlanActivity.year == year))
        .group_by(PlanActivity.municipality)
    }
    return {
        municipality: CommitmentRecords(
            leads[municipality], models.get(municipality), counts.get(municipality, 0)
        )
        for municipality in municipalities
    }


async def commitments(municipality: int, rhythm: YearRhythm) -> list[dict[str, Any]]:
    """The county agreement's four commitments for the municipality (`commitments_from`)."""
    records = await commitment_records([municipality], rhythm.year)
    return commitments_from(records[municipality], rhythm)


def commitments_from(records: CommitmentRecords, rhythm: YearRhythm) -> list[dict[str, Any]]:
    """The county agreement's four commitments, each met or not, with what shows it, from a
    municipality's records and meetings. Only the case-management model's status is recorded
    by hand."""
    leads, model, activities = records.leads, records.model, records.activities
    model_status = model["status"] if model else ModelStatus.not_started.value
    rhythm_label = _(RHYTHM_LABELS[rhythm.status])
    return [
        {
            "key": "welfare_lead",
            "title": _("A welfare lead is named"),
            "met": bool(leads),
            "detail": ", ".join(leads) if leads else _("No one holds the welfare lead's post."),
        },
        {
            "key": "model",
            "title": _("A case-management model is in place"),
            "met": model_status == ModelStatus.in_place.value,
            "detail": _(MODEL_STATUSES[ModelStatus(model_status)])
            + (f" – {model['note']}" if model and model["note"] else ""),
            "status": model_status,
        },
        {
            "key": "meetings",
            "title": _("The team meets at least four times a year"),
            "met": rhythm.status == Rhythm.met,
            "detail": f"{rhythm_label} ({rhythm.held}/{rhythm.required})",
        },
        {
            "key": "plan",
            "title": _("There is an action plan for the year"),
            "met": activities > 0,
            "detail": _("%(count)s activities") % {"count": activities}
            if activities
            else _("No activities planned for this year."),
        },
    ]


async def network_context(municipality: int, may_manage: bool) -> dict[str, Any]:
    user: Any = NetworkLeader.user
    leaders = (
        await NetworkLeader.select(
            *NetworkLeader.all_columns(), user.full_name.as_alias("full_name")
        )
        .where(NetworkLeader.municipality == municipality)
        .order_by(NetworkLeader.starts_on, ascending=False)
        .order_by(NetworkLeader.id, ascending=False)
    )
    by_sector: dict[str, list[dict[str, Any]]] = {}
    for row in await representatives(municipality):
        by_sector.setdefault(row["sector"], []).append(row)
    rules = await latest_rules(municipality)
    rhythm = await rhythm_of(municipality, date.today())
    context: dict[str, Any] = {
        "leader": next((row for row in leaders if row["ends_on"] is None), None),
        "leaders": leaders,
        "by_sector": by_sector,
        "sectors": [sector.value for sector in Sector],
        "sector_labels": translated(SECTORS),
        "rules": rules,
        "information": await InformationRow.select()
        .where(InformationRow.municipality == municipality)
        .order_by(InformationRow.id),
        "kept_in_labels": labels(KEPT_IN),
        "model_labels": labels(MODEL_STATUSES),
        "commitments": await commitments(municipality, rhythm),
        "rhythm": rhythm,
        "may_manage": may_manage,
    }
    if may_manage:
        organisation: Any = ContactPerson.organisation
        context["users"] = await municipality_users(municipality)
        context["organisations"] = (
            await Organisation.select(Organisation.id, Organisation.name, Organisation.sector)
            .where(Organisation.municipality == municipality)
            .order_by(Organisation.name)
        )
        context["contacts"] = (
            await ContactPerson.select(
                ContactPerson.id,
                ContactPerson.name,
                ContactPerson.post,
                organisation.name.as_alias("organisation_name"),
            )
            .where(organisation.municipality == municipality)
            .order_by(organisation.name)
            .order_by(ContactPerson.name)
        )
    return context


async def network_page(
    request: AnyRequest,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    form: str = "",
) -> Template:
    """The network's page; with ``errors``, the form named ``form`` is shown open with the
    user's ``values`` and the errors beside it."""
    municipality = municipality_of(request)
    context = await network_context(municipality, user_of(request).can(MANAGE_NETWORK))
    context.update(values=values or {}, open_form=form)
    return form_page(
        request,
        "municipality/network/network.html",
        context,
        errors,
    )


@get("/network", opt=VIEW)
async def network(request: AnyRequest) -> Template:
    return await network_page(request)


def _back() -> Redirect:
    return Redirect("/municipality/network", status_code=303)


@post("/network/leader", opt=MANAGE)
async def set_leader(request: AnyRequest) -> Response[Any]:
    """A new leader from a day on: the current leader's term ends the day before."""
    municipality = municipality_of(request)
    values = values_of(await request.form())
    errors: list[str] = []
    allowed = {row["id"] for row in await municipality_users(municipality)}
    chosen = id_or_none(values.get("leader", ""))
    if chosen not in allowed:
        errors.append(_("Choose the leader from the municipality's people."))
    starts_on = required_date(values.get("starts_on", ""), errors)
    leader = await current_leader(municipality)
    if leader and starts_on and starts_on <= leader["starts_on"]:
        errors.append(_("The new leader's term must start after the current leader's began."))
    if errors or starts_on is None or chosen is None:
        return await network_page(request, errors, values, "leader")
    if leader:
        await NetworkLeader.update({NetworkLeader.ends_on: starts_on - timedelta(days=1)}).where(
            NetworkLeader.id == leader["id"]
        )
    await NetworkLeader(municipality=municipality, user=chosen, starts_on=starts_on).save()
    await record(request, "network.leader_set", object_type="municipality", object_id=municipality)
    return _back()


@post("/network/representatives", opt={**MANAGE, CREATES: True})
async def add_representative(request: AnyRequest) -> Response[Any]:
    """A representative of a member organisation: a directory contact or an account."""
    municipality = municipality_of(request)
    values = values_of(await request.form())
    errors: list[str] = []
    organisation_id = id_or_none(values.get("organisation", ""))
    organisation = (
        await Organisation.select(Organisation.id, Organisation.sector)
        .where((Organisation.id == organisation_id) & (Organisation.municipality == municipality))
        .first()
        if organisation_id is not None
        else None
    )
    if organisation is None:
        errors.append(_("Choose the member organisation."))
    sector = values.get("sector", "")
    if sector not in Sector.__members__:
        errors.append(_("Choose the sector."))
    person = values.get("person", "")
    contact_id = user_id = None
    if person.startswith("c") and id_or_none(person[1:]) is not None:
        contact_id = int(person[1:])
        if organisation and not await ContactPerson.exists().where(
            (ContactPerson.id == contact_id) & (ContactPerson.organisation == organisation["id"])
        ):
            errors.append(_("The contact person must belong to the member organisation."))
    elif person.startswith("u") and id_or_none(person[1:]) is not None:
        user_id = int(person[1:])
        if user_id not in {row["id"] for row in await municipality_users(municipality)}:
            errors.append(_("Choose the representative from the municipality's people."))
    else:
        errors.append(
            _("Choose the representative: a directory contact or a person with an account.")
        )
    if errors or organisation is None:
        return await network_page(request, errors, values, "representative")
    await NetworkRepresentative(
        municipality=municipality,
        organisation=organisation["id"],
        sector=sector,
        contact=contact_id,
        user=user_id,
    ).save()
    await record(
        request, "network.representative_added", object_type="municipality", object_id=municipality
    )
    return _back()


@post("/network/representatives/{representative_id:int}/remove", opt=MANAGE)
async def remove_representative(request: AnyRequest, representative_id: FromPath[int]) -> Redirect:
    municipality = municipality_of(request)
    removed = (
        await NetworkRepresentative.delete()
        .where(
            (NetworkRepresentative.id == representative_id)
            & (NetworkRepresentative.municipality == municipality)
        )
        .returning(NetworkRepresentative.id)
    )
    if not removed:
        raise NotFoundException()
    await record(
        request,
        "network.representative_removed",
        object_type="municipality",
        object_id=municipality,
    )
    return _back()


@post("/network/information", opt={**MANAGE, CREATES: True})
async def add_information_row(request: AnyRequest) -> Response[Any]:
    municipality = municipality_of(request)
    values = values_of(await request.form())
    errors: list[str] = []
    for key, message in (
        ("kind", _("Write which information the row is about.")),
        ("entered_by", _("Write who enters it.")),
        ("visible_to", _("Write who may see it.")),
    ):
        if not values.get(key) or len(values[key]) > LINE_LIMIT:
            errors.append(message)
    if values.get("kept_in", "") not in KeptIn.__members__:
        errors.append(_("Choose where the information is kept."))
    if errors:
        return await network_page(request, errors, values, "information")
    await InformationRow(
        municipality=municipality,
        kind=values["kind"],
        kept_in=values["kept_in"],
        entered_by=values["entered_by"],
        visible_to=values["visible_to"],
    ).save()
    await record(
        request, "network.information_changed", object_type="municipality", object_id=municipality
    )
    return _back()


@post("/network/information/{row_id:int}/remove", opt=MANAGE)
async def remove_information_row(request: AnyRequest, row_id: FromPath[int]) -> Redirect:
    municipality = municipality_of(request)
    removed = (
        await InformationRow.delete()
        .where((InformationRow.id == row_id) & (InformationRow.municipality == municipality))
        .returning(InformationRow.id)
    )
    if not removed:
        raise NotFoundException()
    await record(
        request, "network.information_changed", object_type="municipality", object_id=municipality
    )
    return _back()


@post("/network/model", opt=MANAGE)
async def set_model_status(request: AnyRequest) -> Response[Any]:
    """The leader records how far the case-management model is."""
    municipality = municipality_of(request)
    values = values_of(await request.form())
    status, note = values.get("status", ""), values.get("note", "")
    errors: list[str] = []
    if status not in ModelStatus.__members__:
        errors.append(_("Choose the model's status."))
    if len(note) > TEXT_LIMIT:
        errors.append(_("The note is too long."))
    if errors:
        return await network_page(request, errors, values, "model")
    user = user_of(request)
    existing = await ModelCommitment.exists().where(ModelCommitment.municipality == municipality)
    if existing:
        await ModelCommitment.update(
            {
                ModelCommitment.status: status,
                ModelCommitment.note: note,
                ModelCommitment.updated_by: user.id,
                ModelCommitment.updated_at: datetime.now(tz=UTC),
            }
        ).where(ModelCommitment.municipality == municipality)
    else:
        await ModelCommitment(
            municipality=municipality, status=status, note=note, updated_by=user.id
        ).save()
    await record(request, "network.model_set", object_type="municipality", object_id=municipality)
    return _back()


# --- The shared goals, values and working rules ------------------------------------------------


async def latest_rules(municipality: int) -> dict[str, Any] | None:
    author: Any = RulesVersion.saved_by
    row: dict[str, Any] | None = (
        await RulesVersion.select(
            *RulesVersion.all_columns(), author.full_name.as_alias("author_name")
        )
        .where(RulesVersion.municipality == municipality)
        .order_by(RulesVersion.version, ascending=False)
        .first()
    )
    return row


async def rules_page(
    request: AnyRequest,
    version: int | None = None,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    municipality = municipality_of(request)
    author: Any = RulesVersion.saved_by
    versions = (
        await RulesVersion.select(
            *RulesVersion.all_columns(), author.full_name.as_alias("author_name")
        )
        .where(RulesVersion.municipality == municipality)
        .order_by(RulesVersion.version, ascending=False)
    )
    latest = versions[0] if versions else None
    shown = (
        latest if version is None else next((v for v in versions if v["version"] == version), None)
    )
    if version is not None and shown is None:
        raise NotFoundException()
    return form_page(
        request,
        "municipality/network/rules.html",
        {
            "versions": versions,
            "latest": latest,
            "shown": shown,
            "may_manage": user_of(request).can(MANAGE_NETWORK),
            "values": values or {},
        },
        errors,
    )


@get("/network/rules", opt=VIEW)
async def rules(request: AnyRequest) -> Template:
    version = str(request.query_params.get("version", ""))
    return await rules_page(request, id_or_none(version))


@post("/network/rules", opt=MANAGE)
async def save_rules(request: AnyRequest) -> Response[Any]:
    """Each save is a new version; a save started from an older version is refused."""
    municipality = municipality_of(request)
    values = values_of(await request.form())
    text = values.get("text", "")
    errors: list[str] = []
    if not text or len(text) > TEXT_LIMIT:
        errors.append(_("Write the goals, values and working rules (at most 20000 characters)."))
    latest = await latest_rules(municipality)
    latest_version = latest["version"] if latest else 0
    if values.get("base", "") != str(latest_version):
        errors.append(
            _("Someone saved a newer version while you were writing; compare and save again.")
        )
    if errors:
        return await rules_page(request, None, errors, values)
    await RulesVersion(
        municipality=municipality,
        version=latest_version + 1,
        text=text,
        saved_by=user_of(request).id,
    ).save()
    await record(request, "network.rules_saved", object_type="municipality", object_id=municipality)
    return Redirect("/municipality/network/rules", status_code=303)


ROUTES = (
    network,
    set_leader,
    add_representative,
    remove_representative,
    add_information_row,
    remove_information_row,
    set_model_status,
    rules,
    save_rules,
)
