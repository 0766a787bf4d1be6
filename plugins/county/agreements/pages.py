"""`/county/agreements`: the cooperation agreement's commitments, the municipalities that joined
it and, per municipality and year, whether each commitment is met (from the records of the
municipality's enabled plugins, hook ``heaolu_commitment_facts``, or confirmed by hand); and
`/county/agreements/cooperation`: the versions of the good-cooperation agreement."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    CREATES,
    N_,
    AnyRequest,
    CommitmentFact,
    CurrentUser,
    InputError,
    Municipality,
    bounded_text,
    current_user,
    enablement_of,
    form_page,
    id_or_none,
    parse_date,
    parse_year,
    plugins_of,
    record,
    translated,
)
from core.api import gettext as _
from plugins.county.agreements.commitments import COMMITMENTS, POINTS, SOURCE, VALID_UNTIL
from plugins.county.agreements.tables import (
    AgreementMember,
    CommitmentConfirmation,
    CooperationVersion,
)
from plugins.county.roles import COORDINATE

READ = {"permission": AUTHENTICATED}
KEEP = {"permission": COORDINATE}
# The municipality plugin's welfare lead (a role name, not an import: plugins stay apart).
WELFARE_LEAD = "municipality_welfare_lead"
TEXT_LIMIT = 20_000
NOTE_LIMIT = 300
FIRST_YEAR = 2024


def user_of(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    if user is None:
        raise NotFoundException()
    return user


def may_confirm(user: CurrentUser, municipality: int) -> bool:
    """The county coordinator, or the municipality's own welfare lead."""
    if user.can(COORDINATE):
        return True
    role = user.membership.role if user.membership is not None else None
    return role == WELFARE_LEAD and user.municipality_id == municipality


async def members() -> list[dict[str, Any]]:
    municipality: Any = AgreementMember.municipality
    rows: list[dict[str, Any]] = await AgreementMember.select(
        *AgreementMember.all_columns(), municipality.name.as_alias("name")
    ).order_by(municipality.name)
    return rows


async def statuses(
    request: AnyRequest, user: CurrentUser, rows: list[dict[str, Any]], year: int
) -> list[dict[str, Any]]:
    """Per member, each commitment: from the enabled plugins' records, else by hand."""
    who: Any = CommitmentConfirmation.confirmed_by
    confirmations = await CommitmentConfirmation.select(
        *CommitmentConfirmation.all_columns(), who.full_name.as_alias("who")
    ).where(CommitmentConfirmation.year == year)
    by_hand = {(row["municipality"], row["commitment"]): row for row in confirmations}
    found = await facts_of(request, [row["municipality"] for row in rows], year)
    result = []
    for member in rows:
        municipality = member["municipality"]
        cells = []
        for key in COMMITMENTS:
            fact = found.get((municipality, key))
            cells.append(
                {
                    "key": key,
                    "fact": fact,
                    "confirmation": None if fact else by_hand.get((municipality, key)),
                }
            )
        result.append({**member, "cells": cells, "may_confirm": may_confirm(user, municipality)})
    return result


async def facts_of(
    request: AnyRequest, municipalities: list[int], year: int
) -> dict[tuple[int, str], CommitmentFact]:
    """What the plugins' records show about each municipality's commitments in ``year``, by
    municipality and commitment: each plugin is asked once (hook ``heaolu_commitment_facts``),
    about the municipalities where it is enabled (the worker's cached enablement)."""
    plugins = plugins_of(request)
    enabled = {m: (await enablement_of(request, m)).plugins for m in municipalities}
    found: dict[tuple[int, str], CommitmentFact] = {}
    for plugin in plugins.names:
        where = [m for m in municipalities if plugin in enabled[m]]
        if not where:
            continue
        facts: list[CommitmentFact] = await plugins.call_for(
            {plugin}, "heaolu_commitment_facts", municipality_ids=where, year=year
        )
        for fact in facts:
            if fact.municipality_id in where and fact.key in COMMITMENTS:
                found[fact.municipality_id, fact.key] = fact
    return found


def year_of(request: AnyRequest) -> int:
    text = str(request.query_params.get("year", "")).strip()
    if not text:
        return date.today().year
    try:
        return parse_year(text, FIRST_YEAR, date.today().year + 1)
    except InputError:
        raise NotFoundException() from None


async def agreements_page(
    request: AnyRequest,
    year: int,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    user = user_of(request)
    rows = await members()
    joined = {row["municipality"] for row in rows}
    others = [
        row
        for row in await Municipality.select(Municipality.id, Municipality.name).order_by(
            Municipality.name
        )
        if row["id"] not in joined
    ]
    return form_page(
        request,
        "county/agreements/index.html",
        {
            "points": POINTS,
            "source": SOURCE,
            "valid_until": VALID_UNTIL,
            "commitments": {key: _(title) for key, (_point, title) in COMMITMENTS.items()},
            "members": await statuses(request, user, rows, year),
            "others": others,
            "year": year,
            "years": list(range(date.today().year + 1, FIRST_YEAR - 1, -1)),
            "may_keep": user.can(COORDINATE),
            "values": values or {},
        },
        errors,
    )


@get("/agreements", opt=READ)
async def agreements(request: AnyRequest) -> Template:
    return await agreements_page(request, year_of(request))


@post("/agreements/members", opt={**KEEP, CREATES: True})
async def add_member(request: AnyRequest) -> Response[Any]:
    """The coordinator records that a municipality joined the agreement, and when."""
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("municipality", "joined_on")}
    errors: list[str] = []
    municipality = id_or_none(values["municipality"])
    if municipality is None or not await Municipality.exists().where(
        Municipality.id == municipality
    ):
        errors.append(_("Choose the municipality."))
    elif await AgreementMember.exists().where(AgreementMember.municipality == municipality):
        errors.append(_("The municipality has already joined."))
    try:
        joined_on = parse_date(values["joined_on"])
    except InputError as error:
        errors.append(str(error))
    if errors or municipality is None:
        return await agreements_page(request, date.today().year, errors, values)
    await AgreementMember(
        municipality=municipality, joined_on=joined_on, recorded_by=user_of(request).id
    ).save()
    await record(
        request, "county.agreements.joined", object_type="municipality", object_id=municipality
    )
    return Redirect("/county/agreements", status_code=303)


@post("/agreements/confirmations", opt={**READ, CREATES: True})
async def confirm(request: AnyRequest) -> Response[Any]:
    """A commitment no enabled plugin shows is confirmed by hand, by the county coordinator or
    the municipality's welfare lead, for one year."""
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("municipality", "commitment", "year")}
    municipality = id_or_none(values["municipality"])
    if municipality is None or not await AgreementMember.exists().where(
        AgreementMember.municipality == municipality
    ):
        raise NotFoundException()
    if not may_confirm(user_of(request), municipality):
        raise NotFoundException()
    errors: list[str] = []
    year = date.today().year
    try:
        year = parse_year(values["year"], FIRST_YEAR, date.today().year + 1)
    except InputError as error:
        errors.append(str(error))
    if values["commitment"] not in COMMITMENTS:
        errors.append(_("Choose the commitment."))
    note = ""
    try:
        note = bounded_text(form.get("note", ""), NOTE_LIMIT)
    except InputError as error:
        errors.append(str(error))
    if not errors and await CommitmentConfirmation.exists().where(
        (CommitmentConfirmation.municipality == municipality)
        & (CommitmentConfirmation.commitment == values["commitment"])
        & (CommitmentConfirmation.year == year)
    ):
        errors.append(_("The commitment is already confirmed for that year."))
    if errors:
        return await agreements_page(request, year, errors)
    await CommitmentConfirmation(
        municipality=municipality,
        commitment=values["commitment"],
        year=year,
        note=note,
        confirmed_by=user_of(request).id,
    ).save()
    await record(
        request,
        "county.agreements.confirmed",
        object_type="municipality",
        object_id=municipality,
    )
    return Redirect(f"/county/agreements?year={year}", status_code=303)


# --- The good-cooperation agreement --------------------------------------------------------

FIELDS = {
    "values_text": N_("Values"),
    "contacts_text": N_("Whom to contact in which situation"),
    "answers_text": N_("How requests are answered and how fast"),
}


async def versions() -> list[dict[str, Any]]:
    author: Any = CooperationVersion.saved_by
    rows: list[dict[str, Any]] = await CooperationVersion.select(
        *CooperationVersion.all_columns(), author.full_name.as_alias("author_name")
    ).order_by(CooperationVersion.version, ascending=False)
    return rows


async def cooperation_page(
    request: AnyRequest,
    version: int | None = None,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    saved = await versions()
    latest = saved[0] if saved else None
    shown = latest if version is None else next((v for v in saved if v["version"] == version), None)
    if version is not None and shown is None:
        raise NotFoundException()
    return form_page(
        request,
        "county/agreements/cooperation.html",
        {
            "versions": saved,
            "latest": latest,
            "shown": shown,
            "fields": translated(FIELDS),
            "may_keep": user_of(request).can(COORDINATE),
            "values": values or {},
        },
        errors,
    )


@get("/agreements/cooperation", opt=READ)
async def cooperation(request: AnyRequest) -> Template:
    return await cooperation_page(request, id_or_none(request.query_params.get("version", "")))


@post("/agreements/cooperation", opt={**KEEP, CREATES: True})
async def save_cooperation(request: AnyRequest) -> Response[Any]:
    """Each save is a new version; a save started from an older version is refused."""
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in (*FIELDS, "base")}
    errors: list[str] = []
    texts: dict[str, str] = {}
    for key in FIELDS:
        try:
            texts[key] = bounded_text(values[key], TEXT_LIMIT, multiline=True)
        except InputError as error:
            errors.append(str(error))
    if any(not texts.get(key) for key in FIELDS) and not errors:
        errors.append(_("Write the values, whom to contact and how requests are answered."))
    saved = await versions()
    latest_version = saved[0]["version"] if saved else 0
    if values["base"].strip() != str(latest_version):
        errors.append(
            _("Someone saved a newer version while you were writing; compare and save again.")
        )
    if errors:
        return await cooperation_page(request, None, errors, values)
    await CooperationVersion(
        version=latest_version + 1,
        values_text=texts["values_text"],
        contacts_text=texts["contacts_text"],
        answers_text=texts["answers_text"],
        saved_by=user_of(request).id,
    ).save()
    await record(
        request,
        "county.agreements.cooperation_saved",
        object_type="county_cooperation",
        object_id=latest_version + 1,
    )
    return Redirect("/county/agreements/cooperation", status_code=303)


ROUTES = (agreements, add_member, confirm, cooperation, save_cooperation)
