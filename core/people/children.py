"""Children: search, the child's page, and adding a child.

Every answer that shows a child asks `core.access` first and writes one audit row: a
list writes one row with the listed ids, a page one row for the child, a refusal one row with
outcome "denied". A child outside the user's scope is answered 404, as if there were none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.query import OrderByRaw

from core.access import child_view, children_in_scope, sees_child, visible_children
from core.audit.log import record
from core.audit.tables import AuditEvent
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED, CREATE_CHILD, EDIT_CHILD, EXPORT_CHILD
from core.auth.submissions import CREATES
from core.auth.tables import User
from core.consent.panel import child_consents
from core.i18n import gettext as _
from core.pages import current_user, enabled_plugins_for, page, plugins_of
from core.paging import page_with_total
from core.parsing import length_problems, page_count, parse_date, search_term
from core.parsing import page_number as page_number_of
from core.people.adding import NewChild, add_child, existing_child
from core.people.enrolment import begin_enrolment, current_enrolment
from core.people.folding import fold
from core.people.isikukood import isikukood_problem, mask
from core.people.merged import surviving_record
from core.people.tables import CHILD_NAME_LIMITS, Child, Enrolment, GuardianLink, Municipality, Unit
from core.registry import Panel

AnyRequest = Request[Any, Any, Any]
# As the case list: a page a cheap PC renders and a reader scans at once; a longer search is
# narrowed by typing more of the name, or paged.
PAGE_SIZE = 25
# By the folded name, as an expression (the name is folded to lower case already, so the order is
# the column's): ordered by the bare column, PostgreSQL walks the whole name index from its start
# to fill a page of a search, filtering every child of the county; by the expression it finds the
# names by their indexes and sorts the few in the user's scope.
BY_NAME = OrderByRaw("lower(people_child.search_name)")
# Every child page and list writes its audit row: the transaction takes the write lock up front.
VIEW = {"permission": AUTHENTICATED}
CHILD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "isikukood",
    "registered_municipality",
    "residence_municipality",
    "language",
    "unit",
)


def _user(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    assert user is not None  # the guard let only logged-in users through
    return user


def found_in_scope(scope: Combinable, query: str) -> Combinable | None:
    """The children of ``scope`` (`children_in_scope` of ``Child.id``) that ``query`` names:
    an isikukood, a date of birth, or the start of a name; None when it names none.

    The start of a name is common across a county (three letters of a family name: some two
    thousand children) and rare in one school's few hundred. On PostgreSQL the children the
    name finds are checked against the scope in the name's index, which holds their ids
    (``people_child_search_name_id`` and ``..._reversed_id``, read without the table), and
    only the children both find are read: reading every child of the name's to check its id
    took most of the search's time and grew with the county. SQLite reads the scope's children
    and checks their names, which costs it less; both ways give the same children."""
    exact = _exact_condition(query)
    if exact is not None:
        return scope & exact
    ranges = _name_ranges(query)
    if ranges is None:
        return None
    if Child._meta.db.engine_type != "postgres":
        return scope & (ranges[0] | ranges[1])
    # Inside the subqueries, "people_child" names their own row: the scope and the range are
    # asked of the child the index gives, not of the outer query's.
    return WhereRaw(
        '"people_child"."id" = ANY(ARRAY('
        'SELECT "people_child"."id" FROM people_child WHERE {} AND {}'
        ' UNION SELECT "people_child"."id" FROM people_child WHERE {} AND {}))',
        scope.querystring,
        ranges[0].querystring,
        scope.querystring,
        ranges[1].querystring,
    )


def _exact_condition(query: str) -> Combinable | None:
    """``query`` as an isikukood or a date of birth, if it is one."""
    text = query.strip()
    if text.isascii() and text.isdigit() and len(text) == 11:
        return Child.isikukood == text
    try:
        return Child.date_of_birth == parse_date(text)
    except ValueError:
        return None


def _name_ranges(query: str) -> tuple[Combinable, Combinable] | None:
    """``query`` as the start of a name, "family given" or "given family": a range of each of
    the two folded names (a prefix as a range: the indexes serve it on both databases)."""
    folded = fold(query.strip().replace(",", " "))  # "Family, Given", as lists show a name
    if not folded:
        return None
    upper = folded + "\uffff"
    return (
        (Child.search_name >= folded) & (Child.search_name < upper),
        (Child.search_name_reversed >= folded) & (Child.search_name_reversed < upper),
    )


async def current_enrolments(child_ids: list[int]) -> dict[int, str]:
    """Where each of the children attends now: the organisation, and the unit if any."""
    today = date.today()
    organisation: Any = Enrolment.organisation
    unit: Any = Enrolment.unit
    rows = await Enrolment.select(
        Enrolment.child, organisation.name.as_alias("organisation"), unit.name.as_alias("unit")
    ).where(Enrolment.child.is_in(child_ids or [0]) & current_enrolment(today))
    return {
        row["child"]: row["organisation"] + (f", {row['unit']}" if row["unit"] else "")
        for row in rows
    }


@get("/children", opt=VIEW)
async def children(request: AnyRequest) -> Template:
    user = _user(request)
    query = search_term(request.query_params.get("q", ""))
    page_number = page_number_of(request.query_params.get("page", ""))
    scope = children_in_scope(Child.id, user)
    rows: list[dict[str, Any]] = []
    total = 0
    if scope is not None:
        found = (found_in_scope(scope, query) if query.strip() else None) or scope
        select = Child.select(
            Child.id, Child.given_name, Child.family_name, Child.date_of_birth, Child.isikukood
        ).where(found)
        count = Child.count().where(found)
        rows, total = await page_with_total(select.order_by(BY_NAME), count, page_number, PAGE_SIZE)
    for row in rows:
        row["isikukood"] = mask(row["isikukood"])
    enrolments = await current_enrolments([row["id"] for row in rows])
    if rows:
        listed = ",".join(str(row["id"]) for row in rows)
        await record(request, "child.listed", object_type="child", object_id=listed)
    context = {
        "q": query,
        "children": rows,
        "enrolments": enrolments,
        "total": total,
        "page_number": page_number,
        "pages": page_count(total, PAGE_SIZE),
        "has_scope": scope is not None,
        "may_create": user.can(CREATE_CHILD),
    }
    if request.headers.get("hx-request") == "true":
        response = Template("people/_children_results.html", context=context)
    else:
        response = page(request, "people/children.html", context)
    response.headers["vary"] = "HX-Request"
    return response


@get("/children/{child_id:int}", opt=VIEW)
async def child_detail(request: AnyRequest, child_id: FromPath[int]) -> Template | Redirect:
    survivor = await surviving_record(child_id)
    if survivor is not None and await sees_child(_user(request), survivor):
        return Redirect(f"/children/{survivor}", status_code=303)  # a merged record's old id
    view = await child_view(request, child_id, "child.viewed")
    child = view.row
    user = _user(request)
    guardian: Any = GuardianLink.guardian
    guardians = await GuardianLink.select(
        GuardianLink.relation,
        GuardianLink.custody,
        GuardianLink.lives_with_child,
        guardian.id.as_alias("guardian_id"),
        guardian.given_name,
        guardian.family_name,
        guardian.phone,
        guardian.email,
    ).where(GuardianLink.child == child_id)
    organisation: Any = Enrolment.organisation
    unit: Any = Enrolment.unit
    enrolments = (
        await Enrolment.select(
            Enrolment.starts_on,
            Enrolment.ends_on,
            organisation.name.as_alias("organisation"),
            unit.name.as_alias("unit"),
        )
        .where(Enrolment.child == child_id)
        .order_by(Enrolment.starts_on, ascending=False)
    )
    siblings = await _siblings(child_id, [g["guardian_id"] for g in guardians], user)
    municipality_names = {
        row["id"]: row["name"]
        for row in await Municipality.select(Municipality.id, Municipality.name)
    }
    panels: list[Panel] = await plugins_of(request).call_for(
        enabled_plugins_for(request), "heaolu_child_panels", request=request, user=user, child=view
    )
    return page(
        request,
        "people/child.html",
        {
            "child": child,
            "guardians": guardians,
            "enrolments": enrolments,
            "siblings": siblings,
            "municipality_names": municipality_names,
            "panels": sorted(panels, key=lambda panel: panel.order),
            "may_edit": user.can(EDIT_CHILD),
            "may_export": user.can(EXPORT_CHILD),
            "views": await _who_has_seen(child_id) if user.can(EXPORT_CHILD) else [],
            "consents": await child_consents(child_id, user, plugins_of(request).consent_purposes),
        },
    )


async def _who_has_seen(child_id: int) -> list[dict[str, Any]]:
    """The latest looks at the child's record, with who looked (for its coordinators)."""
    events = (
        await AuditEvent.select(
            AuditEvent.at, AuditEvent.user_id, AuditEvent.action, AuditEvent.outcome
        )
        .where((AuditEvent.object_type == "child") & (AuditEvent.object_id == str(child_id)))
        .order_by(AuditEvent.id, ascending=False)
        .limit(20)
    )
    names = {
        row["id"]: row["full_name"]
        for row in await User.select(User.id, User.full_name).where(
            User.id.is_in([e["user_id"] for e in events if e["user_id"]] or [0])
        )
    }
    for event in events:
        event["user"] = names.get(event["user_id"], "")
    return events


async def _siblings(
    child_id: int, guardian_ids: list[int], user: CurrentUser
) -> list[dict[str, Any]]:
    """Children sharing a guardian with the child, only those the user may see."""
    if not guardian_ids:
        return []
    linked = await GuardianLink.select(GuardianLink.child).where(
        GuardianLink.guardian.is_in(guardian_ids) & (GuardianLink.child != child_id)
    )
    rows = await visible_children(
        user,
        {row["child"] for row in linked},
        Child.given_name,
        Child.family_name,
        Child.date_of_birth,
    )
    return sorted(rows, key=lambda row: (row["date_of_birth"], row["id"]))


# --- Adding a child ----------------------------------------------------------------------------


async def _form_context(user: CurrentUser) -> dict[str, Any]:
    units: list[dict[str, Any]] = []
    if user.membership is not None:
        units = (
            await Unit.select(Unit.id, Unit.name)
            .where((Unit.organisation == user.membership.organisation_id) & Unit.active.eq(True))
            .order_by(Unit.name)
        )
    return {
        "municipalities": await Municipality.select(Municipality.id, Municipality.name).order_by(
            Municipality.name
        ),
        "units": units,
    }


async def _new_child_page(
    request: AnyRequest,
    values: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
    existing: dict[str, Any] | None = None,
) -> Template:
    context = await _form_context(_user(request))
    return page(
        request,
        "people/child_new.html",
        {**context, "values": values or {}, "errors": errors or [], "existing": existing},
        status_code=status_code,
    )


@get("/children/new", opt={"permission": CREATE_CHILD})
async def new_child_form(request: AnyRequest) -> Template:
    return await _new_child_page(request)


@post("/children", opt={"permission": CREATE_CHILD, CREATES: True})
async def create_child(request: AnyRequest) -> Response[Any]:
    user = _user(request)
    form = await request.form()
    values = {field: str(form.get(field, "")).strip() for field in CHILD_FIELDS}
    errors: list[str] = []
    if not values["given_name"] or not values["family_name"]:
        errors.append(_("Enter the child's given and family name."))
    errors += length_problems(values, CHILD_NAME_LIMITS)
    born: date | None = None
    try:
        born = parse_date(values["date_of_birth"])
    except ValueError as bad_date:
        errors.append(str(bad_date))
    if born is not None and born > date.today():
        errors.append(_("The date of birth is in the future."))
    if values["isikukood"]:
        code_problem = isikukood_problem(values["isikukood"], born)
        if code_problem:
            errors.append(code_problem)
    context = await _form_context(user)
    municipality_ids = {str(m["id"]) for m in context["municipalities"]}
    for field in ("registered_municipality", "residence_municipality"):
        if values[field] and values[field] not in municipality_ids:
            errors.append(_("Choose a municipality from the list."))
    if values["unit"] and values["unit"] not in {str(u["id"]) for u in context["units"]}:
        errors.append(_("Choose a group or class of your organisation."))
    if user.membership is None:
        errors.append(_("You have no role in an organisation to enrol the child in."))
    if errors:
        return await _new_child_page(request, values, errors, HTTP_400_BAD_REQUEST)
    assert born is not None
    assert user.membership is not None

    existing = await existing_child(values, born)
    if existing is not None:
        visible = await sees_child(user, existing)
        await record(request, "child.duplicate_found", object_type="child", object_id=existing)
        return await _new_child_page(
            request, values, [], HTTP_409_CONFLICT, {"id": existing, "visible": visible}
        )
    child_id = await add_child(
        NewChild(
            given_name=values["given_name"],
            family_name=values["family_name"],
            date_of_birth=born,
            isikukood=values["isikukood"] or None,
            registered_municipality=int(values["registered_municipality"] or 0) or None,
            residence_municipality=int(values["residence_municipality"] or 0) or None,
            language=values["language"] or "eesti",
        )
    )
    await begin_enrolment(
        plugins_of(request),
        user,
        child_id=child_id,
        organisation_id=user.membership.organisation_id,
        unit_id=int(values["unit"]) if values["unit"] else None,
        starts_on=date.today(),
    )
    await record(request, "child.created", object_type="child", object_id=child_id)
    return Redirect(f"/children/{child_id}", status_code=303)


@post("/children/{child_id:int}/access-request", opt={"permission": CREATE_CHILD, CREATES: True})
async def request_access(request: AnyRequest, child_id: FromPath[int]) -> Template:
    """Ask for access to a child whose record exists outside the user's scope. Recorded in the
    audit log for the child's coordinators; nothing about the child is shown."""
    if not await Child.exists().where(Child.id == child_id):
        raise NotFoundException()
    await record(request, "child.access_requested", object_type="child", object_id=child_id)
    return page(request, "people/access_requested.html", {})


ROUTES = (children, child_detail, new_child_form, create_child, request_access)
