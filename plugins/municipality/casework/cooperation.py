"""Cooperation problems (report step 13).

When cooperation on a case stalls (an agreement overdue, a party not responding), anyone working
on the case raises a problem: what happened and which party. It goes to the network leaders of
the case's municipality (users whose role holds ``municipality.cooperation.resolve`` there, who
are notified) and is listed at ``/municipality/cooperation-problems``, where they record how it
was resolved. The list shows the description and the case's number; the case itself opens only
for those who may see it (a network leader of scope "none" only as a participant).
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    CREATES,
    N_,
    AnyRequest,
    Case,
    EntryKind,
    Membership,
    Plugins,
    add_entry,
    form_page,
    id_or_none,
    notify,
    now,
    open_case_worked_on,
    plugins_of,
    record,
    user_of,
    visible_cases,
)
from core.api import gettext as _
from plugins.municipality.casework.reading import agreements_of, base, problems_of
from plugins.municipality.casework.tables import Agreement, CooperationProblem
from plugins.municipality.roles import RESOLVE_COOPERATION

WRITE = {"permission": AUTHENTICATED}
FORM = {"permission": AUTHENTICATED}
RESOLVE = {"permission": RESOLVE_COOPERATION}
LIST = "/municipality/cooperation-problems"
TEXT_LIMIT = 5_000
PARTY_LIMIT = 200
RAISED = N_("A cooperation problem was raised and awaits you")


async def network_leaders(plugins: Plugins, municipality_id: int) -> list[int]:
    """Active users whose role holds ``municipality.cooperation.resolve`` in an organisation of
    the municipality."""
    roles = [
        name for name, role in plugins.roles.items() if RESOLVE_COOPERATION in role.permissions
    ]
    rows = await Membership.select(Membership.user).where(
        Membership.role.is_in(roles or [""])
        & (Membership.organisation._.municipality == municipality_id)
        & Membership.user._.active.eq(True)
    )
    return sorted({row["user"] for row in rows})


async def _form_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    return form_page(
        request,
        "municipality/casework/problem_new.html",
        {
            "case": case,
            "agreements": await agreements_of(
                (Agreement.case == case["id"]) & Agreement.done_at.is_null()
            ),
            "values": values,
        },
        errors,
    )


@get("/cases/{case_id:int}/cooperation-problems/new", opt=FORM)
async def problem_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case, _user = await open_case_worked_on(request, case_id, "case.viewed")
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return await _form_page(request, case, {"party": "", "description": "", "agreement": ""})


@post("/cases/{case_id:int}/cooperation-problems", opt={**WRITE, CREATES: True})
async def raise_problem(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, _user = await open_case_worked_on(request, case_id, "case.updated")
    user = user_of(request)
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("party", "description", "agreement")}
    errors = []
    if not values["party"] or len(values["party"]) > PARTY_LIMIT:
        errors.append(_("Name the party with whom cooperation stalled."))
    if not values["description"] or len(values["description"]) > TEXT_LIMIT:
        errors.append(_("Describe what happened."))
    agreement = id_or_none(values["agreement"])
    if values["agreement"] and not (
        agreement is not None
        and await Agreement.exists().where(
            (Agreement.id == agreement) & (Agreement.case == case_id)
        )
    ):
        errors.append(_("Choose one of the case's agreements."))
    if errors:
        return await _form_page(request, case, values, errors)
    await CooperationProblem(
        case=case_id,
        municipality=case["municipality"],
        agreement=agreement,
        party=values["party"],
        description=values["description"],
        raised_by=user.id,
    ).save()
    await add_entry(case_id, EntryKind.note, _("A cooperation problem was raised."), user)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    await notify(await network_leaders(plugins_of(request), case["municipality"]), RAISED, LIST)
    return Redirect(f"{base(case_id)}#problems", status_code=303)


async def _list_page(
    request: AnyRequest,
    errors: dict[int, str] | None = None,
    typed: dict[int, str] | None = None,
) -> Template:
    user = user_of(request)
    problems = await problems_of(CooperationProblem.municipality == (user.municipality_id or 0))
    visible = {
        row["id"]
        for row in await Case.select(Case.id).where(
            Case.id.is_in([problem["case"] for problem in problems] or [0])
            & await visible_cases(user)
        )
    }
    if problems:
        listed = ",".join(sorted({str(problem["case"]) for problem in problems}))
        await record(request, "case.listed", object_type="case", object_id=listed)
    return form_page(
        request,
        "municipality/casework/problems.html",
        {
            "open": [p for p in problems if p["resolved_at"] is None],
            "resolved": [p for p in problems if p["resolved_at"] is not None],
            "visible": visible,
            "typed": typed or {},
        },
        errors,
    )


@get("/cooperation-problems", opt={**RESOLVE})
async def problems(request: AnyRequest) -> Template:
    return await _list_page(request)


@post("/cooperation-problems/{problem_id:int}/resolve", opt=RESOLVE)
async def resolve(request: AnyRequest, problem_id: FromPath[int]) -> Response[Any]:
    user = user_of(request)
    problem = (
        await CooperationProblem.select()
        .where(
            (CooperationProblem.id == problem_id)
            & (CooperationProblem.municipality == (user.municipality_id or 0))
            & CooperationProblem.resolved_at.is_null()
        )
        .first()
    )
    if problem is None:
        raise NotFoundException()
    form = await request.form()
    resolution = str(form.get("resolution", "")).strip()
    if not resolution or len(resolution) > TEXT_LIMIT:
        return await _list_page(
            request,
            {problem_id: _("Write how the problem was resolved.")},
            {problem_id: resolution},
        )
    await CooperationProblem.update(
        {
            CooperationProblem.resolution: resolution,
            CooperationProblem.resolved_by: user.id,
            CooperationProblem.resolved_at: now(),
        }
    ).where(CooperationProblem.id == problem_id)
    await record(request, "case.updated", object_type="case", object_id=problem["case"])
    return Redirect(f"{LIST}#problem-{problem_id}", status_code=303)


ROUTES = (problem_form, raise_problem, problems, resolve)
