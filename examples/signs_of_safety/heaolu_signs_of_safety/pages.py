"""The plugin's pages: the child-protection cases, one case's Signs of Safety work (mapping,
safety scale, safety plan, the child's three houses, quality review) and the quarterly quality
summary.

Every page is child-protection work (`access`): the route asks only for a login, and the page
answers 404, audited, to anyone whose role does not do that work or who may not see the case.
Each form posts to its own address; a bad answer shows the case page again with every problem
beside its field and in the error summary, with what was typed, and a 400."""

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any

from core.api import (
    AUTHENTICATED,
    CHILD_PROTECTION_STAGE_KEY,
    CREATES,
    TIME_ZONE,
    AnyRequest,
    Case,
    CaseStatus,
    CurrentUser,
    Organisation,
    Outcome,
    form_page,
    format_date,
    page,
    page_count,
    page_number,
    page_with_total,
    record,
    visible_cases,
)
from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from heaolu_signs_of_safety.access import (
    CASE,
    CASE_VIEWED,
    CASES_LISTED,
    HOUSES_ADDED,
    MAPPING_ADDED,
    PLAN_ADDED,
    REVIEW_ADDED,
    SCALE_ADDED,
    SUMMARY_VIEWED,
    case_of_practitioner,
    require_practitioner,
)
from heaolu_signs_of_safety.chart import chart
from heaolu_signs_of_safety.forms import (
    CHECKS,
    SCALE_ROWS,
    STATEMENT_ROWS,
    Problems,
    check_labels,
    parse_houses,
    parse_mapping,
    parse_plan,
    parse_review,
    parse_scale,
)
from heaolu_signs_of_safety.summary import SMALLEST_SHOWN, summary
from heaolu_signs_of_safety.tables import Houses, MappingVersion, Plan, Review, Scale, Statement

PREFIX = "/signs_of_safety"
PAGE_SIZE = 25
Store = Callable[[dict[str, Any], CurrentUser, dict[str, Any]], Awaitable[None]]


def today() -> date:
    return datetime.now(TIME_ZONE).date()


def case_address(case_id: int) -> str:
    return f"{PREFIX}/cases/{case_id}"


@get("/", opt={"permission": AUTHENTICATED})
async def cases_page(request: AnyRequest) -> Template:
    """The open child-protection cases the user may see, with how far their mapping is: how
    many, and a page of `PAGE_SIZE` of them (``?page=``), so that a town's page stays short."""
    user = await require_practitioner(request, CASES_LISTED)
    number = page_number(request.query_params.get("page", ""))
    listed = (
        (Case.stage == CHILD_PROTECTION_STAGE_KEY)
        & (Case.status == CaseStatus.open.value)
        & await visible_cases(user)
    )
    cases, total = await page_with_total(
        Case.select(Case.id, Case.opened_at, Case.child.given_name, Case.child.family_name)
        .where(listed)
        .order_by(Case.id),
        Case.count().where(listed),
        number,
        PAGE_SIZE,
    )
    versions: dict[int, int] = {}
    if cases:
        for row in await MappingVersion.select(MappingVersion.case, MappingVersion.version).where(
            MappingVersion.case.is_in([case["id"] for case in cases])
        ):
            versions[row["case"]] = max(versions.get(row["case"], 0), row["version"])
    return page(
        request,
        "signs_of_safety/index.html",
        {
            "cases": cases,
            "versions": versions,
            "total": total,
            "page_number": number,
            "pages": page_count(total, PAGE_SIZE),
        },
    )


async def _statements(mapping_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    if mapping_ids:
        for row in (
            await Statement.select()
            .where(Statement.mapping.is_in(mapping_ids))
            .order_by(Statement.position)
        ):
            found.setdefault(row["mapping"], []).append(row)
    return found


def _blank_values(latest_plan: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    day = format_date(today())
    plan = {"agreed_on": day}
    if latest_plan is not None:
        plan |= {key: latest_plan[key] for key in ("rules", "tasks", "monitoring", "network")}
    return {
        "mapping": {"held_on": day},
        "scale": {"review_on": day},
        "plan": plan,
        "houses": {"heard_on": day},
        "review": {"reviewed_on": day},
    }


async def _case_page(
    request: AnyRequest,
    case: dict[str, Any],
    failed: str | None = None,
    typed: dict[str, str] | None = None,
    problems: Problems | None = None,
) -> Template:
    case_id = case["id"]
    mappings = (
        await MappingVersion.select()
        .where(MappingVersion.case == case_id)
        .order_by(MappingVersion.version, ascending=False)
    )
    statements = await _statements([mapping["id"] for mapping in mappings])
    answers = await Scale.select().where(Scale.case == case_id).order_by(Scale.review_on, Scale.id)
    plans = await Plan.select().where(Plan.case == case_id).order_by(Plan.id, ascending=False)
    houses = (
        await Houses.select()
        .where(Houses.case == case_id)
        .order_by(Houses.heard_on, Houses.id, ascending=False)
    )
    reviews = (
        await Review.select()
        .where(Review.case == case_id)
        .order_by(Review.reviewed_on, Review.id, ascending=False)
    )
    values = _blank_values(plans[0] if plans else None)
    if failed is not None and typed is not None:
        values[failed] = typed
    context = {
        "case": case,
        "mappings": mappings,
        "statements": statements,
        "chart": chart(answers),
        "plans": plans,
        "houses": houses,
        "reviews": reviews,
        "checks": CHECKS,
        "labels": check_labels(),
        "values": values,
        "failed": failed,
        "problems": problems.listed() if problems else [],
        "statement_rows": range(1, STATEMENT_ROWS + 1),
        "scale_rows": range(1, SCALE_ROWS + 1),
    }
    return form_page(
        request, "signs_of_safety/case.html", context, problems.by_field if problems else None
    )


@get("/cases/{case_id:int}", opt={"permission": AUTHENTICATED})
async def case_page(request: AnyRequest, case_id: FromPath[int]) -> Template:
    _, case = await case_of_practitioner(request, case_id, CASE_VIEWED)
    await record(request, CASE_VIEWED, object_type=CASE, object_id=case_id)
    return await _case_page(request, case)


async def _submit(
    request: AnyRequest,
    case_id: int,
    action: str,
    form_name: str,
    parse: Callable[[Mapping[str, str]], dict[str, Any]],
    store: Store,
) -> Template | Redirect:
    """One form of a case: parsed, stored on an open case and audited, or shown again."""
    user, case = await case_of_practitioner(request, case_id, action)
    if case["status"] != CaseStatus.open.value:
        await record(request, action, Outcome.denied, object_type=CASE, object_id=case_id)
        raise NotFoundException()
    form = await request.form()
    typed = {key: str(form.get(key, "")) for key in form}
    try:
        values = parse(typed)
    except Problems as problems:
        return await _case_page(request, case, form_name, typed, problems)
    await store(case, user, values)
    await record(request, action, object_type=CASE, object_id=case_id)
    return Redirect(f"{case_address(case_id)}#{form_name}", status_code=303)


async def _store_mapping(case: dict[str, Any], user: CurrentUser, values: dict[str, Any]) -> None:
    latest = (
        await MappingVersion.select(MappingVersion.version)
        .where(MappingVersion.case == case["id"])
        .order_by(MappingVersion.version, ascending=False)
        .first()
    )
    statements = values.pop("statements")
    [row] = await MappingVersion.insert(
        MappingVersion(
            case=case["id"],
            version=(latest["version"] if latest else 0) + 1,
            recorded_by=user.id,
            **values,
        )
    ).returning(MappingVersion.id)
    await Statement.insert(
        *(
            Statement(mapping=row["id"], position=position, danger=danger, goal=goal)
            for position, (danger, goal) in enumerate(statements, start=1)
        )
    )


async def _store_scale(case: dict[str, Any], user: CurrentUser, values: dict[str, Any]) -> None:
    await Scale.insert(
        *(
            Scale(
                case=case["id"],
                review_on=values["review_on"],
                participant=participant,
                score=score,
                recorded_by=user.id,
            )
            for participant, score in values["answers"]
        )
    )


async def _store_plan(case: dict[str, Any], user: CurrentUser, values: dict[str, Any]) -> None:
    await Plan.insert(Plan(case=case["id"], recorded_by=user.id, **values))


async def _store_houses(case: dict[str, Any], user: CurrentUser, values: dict[str, Any]) -> None:
    await Houses.insert(Houses(case=case["id"], recorded_by=user.id, **values))


async def _store_review(case: dict[str, Any], user: CurrentUser, values: dict[str, Any]) -> None:
    await Review.insert(
        Review(
            case=case["id"],
            municipality=case["municipality"],
            team=case["owner_organisation"],
            reviewer=user.id,
            **values,
        )
    )


WRITE = {"permission": AUTHENTICATED, CREATES: True}


@post("/cases/{case_id:int}/mappings", opt=WRITE)
async def add_mapping(request: AnyRequest, case_id: FromPath[int]) -> Template | Redirect:
    return await _submit(request, case_id, MAPPING_ADDED, "mapping", parse_mapping, _store_mapping)


@post("/cases/{case_id:int}/scales", opt=WRITE)
async def add_scale(request: AnyRequest, case_id: FromPath[int]) -> Template | Redirect:
    return await _submit(request, case_id, SCALE_ADDED, "scale", parse_scale, _store_scale)


@post("/cases/{case_id:int}/plans", opt=WRITE)
async def add_plan(request: AnyRequest, case_id: FromPath[int]) -> Template | Redirect:
    return await _submit(request, case_id, PLAN_ADDED, "plan", parse_plan, _store_plan)


@post("/cases/{case_id:int}/houses", opt=WRITE)
async def add_houses(request: AnyRequest, case_id: FromPath[int]) -> Template | Redirect:
    return await _submit(request, case_id, HOUSES_ADDED, "houses", parse_houses, _store_houses)


@post("/cases/{case_id:int}/reviews", opt=WRITE)
async def add_review(request: AnyRequest, case_id: FromPath[int]) -> Template | Redirect:
    return await _submit(request, case_id, REVIEW_ADDED, "review", parse_review, _store_review)


@get("/quality", opt={"permission": AUTHENTICATED})
async def quality_page(request: AnyRequest) -> Template:
    """The quarterly summary of the reviews in the user's municipality: teams and counts,
    never a child's name, no count below 5."""
    user = await require_practitioner(request, SUMMARY_VIEWED)
    reviews = await Review.select(
        Review.team, Review.reviewed_on, *(getattr(Review, check) for check in CHECKS)
    ).where(Review.municipality == user.municipality_id)
    teams = {
        row["id"]: row["name"]
        for row in await Organisation.select(Organisation.id, Organisation.name).where(
            Organisation.municipality == user.municipality_id
        )
    }
    await record(request, SUMMARY_VIEWED)
    return page(
        request,
        "signs_of_safety/quality.html",
        {
            "rows": summary(reviews, teams),
            "checks": CHECKS,
            "labels": check_labels(),
            "smallest": SMALLEST_SHOWN,
        },
    )


ROUTES = (
    cases_page,
    case_page,
    add_mapping,
    add_scale,
    add_plan,
    add_houses,
    add_review,
    quality_page,
)
