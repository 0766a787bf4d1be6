"""The toolbox's pages, for every role that works with children's records
(``core.records.read``; administrators' roles get 403).

``/toolbox`` lists the instruments on for the user's municipality (forms with a
`core.registry.ToolboxEntry`, code and uploaded alike), grouped by area, filterable by area and
age. ``/toolbox/{key}`` shows one: its guidance, its questions read-only, a link to its
printable blank (``/toolbox/{key}/print``) and, for roles that write records, a search among
the children in the user's scope leading to core's form page
(``/forms/children/{id}/new/{key}``), which asks `core.access` again when it is opened. An
instrument that is off for the municipality, or a form that is no instrument, answers 404.

The instruments' pages show no child; the search lists children as the children's search does
(`core.access.children_in_scope`), with one ``child.listed`` audit row naming them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from core.access import children_in_scope
from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import READ_RECORDS, WRITE_RECORDS
from core.forms.entry import Problem
from core.forms.schema import MAX_AGE, MIN_AGE
from core.forms.versions import latest_versions
from core.i18n import gettext as _
from core.pages import current_user, page, partial
from core.parsing import InputError, parse_choice, parse_number, search_term
from core.people.children import current_enrolments, found_in_scope
from core.people.isikukood import mask
from core.people.tables import Child
from core.registry import FormSchema, ToolboxArea
from core.toolbox.areas import AREA_LABELS

AnyRequest = Request[Any, Any, Any]
VIEW = {"permission": READ_RECORDS}
RESULTS = 20


def _user(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    assert user is not None  # the guard let only logged-in users through
    return user


async def instruments(user: CurrentUser) -> list[FormSchema]:
    """The current version of every instrument on for the user's municipality, by title."""
    latest = await latest_versions(user.enabled_forms)
    found = [stored.schema for stored in latest.values() if stored.schema.toolbox is not None]
    return sorted(found, key=lambda schema: (str(schema.title), schema.key))


@dataclass(frozen=True)
class Filters:
    """The list's filters as typed, the ones understood, and a message for each that is not."""

    typed: dict[str, str]
    area: ToolboxArea | None = None
    age: int | None = None
    problems: list[Problem] = field(default_factory=list)

    def keeps(self, schema: FormSchema) -> bool:
        entry = schema.toolbox
        if entry is None:
            return False
        return (self.area is None or entry.area is self.area) and (
            self.age is None or entry.fits(self.age)
        )


def _filters(request: AnyRequest) -> Filters:
    typed = {
        name: search_term(request.query_params.get(name, "")).strip() for name in ("area", "age")
    }
    area, age, problems = None, None, []
    if typed["area"]:
        try:
            area = ToolboxArea(parse_choice(typed["area"], [a.value for a in ToolboxArea]))
        except InputError as error:
            problems.append(Problem("area", _("Area"), str(error)))
    if typed["age"]:
        try:
            age = parse_number(typed["age"], MIN_AGE, MAX_AGE)
        except InputError as error:
            problems.append(Problem("age", _("Age in years"), str(error)))
    return Filters(typed, area, age, problems)


@get("/toolbox", opt=VIEW)
async def toolbox(request: AnyRequest) -> Template:
    """The instruments, grouped by area in the areas' order, those the filters keep."""
    filters = _filters(request)
    every = await instruments(_user(request))
    shown = [schema for schema in every if filters.keeps(schema)]
    groups = [
        (area, [schema for schema in shown if schema.toolbox and schema.toolbox.area is area])
        for area in ToolboxArea
    ]
    return page(
        request,
        "toolbox/list.html",
        {
            "filters": filters,
            "problems": filters.problems,
            "errors": {problem.id: problem.message for problem in filters.problems},
            "groups": [(area, found) for area, found in groups if found],
            "any": bool(every),
            "areas": AREA_LABELS,
            "ages": range(MIN_AGE, MAX_AGE + 1),
        },
        status_code=HTTP_400_BAD_REQUEST if filters.problems else HTTP_200_OK,
    )


async def _instrument_or_404(request: AnyRequest, key: str) -> FormSchema:
    user = _user(request)
    if key not in user.enabled_forms:
        raise NotFoundException()
    latest = await latest_versions([key])
    stored = latest.get(key)
    if stored is None or stored.schema.toolbox is None:
        raise NotFoundException()
    return stored.schema


async def _children(request: AnyRequest, key: str, query: str) -> dict[str, Any]:
    """The children in the user's scope that ``query`` names (none for an empty query), and
    one audit row naming those listed."""
    scope = children_in_scope(Child.id, _user(request))
    found = found_in_scope(scope, query) if scope is not None and query else None
    rows: list[dict[str, Any]] = []
    if found is not None:
        rows = (
            await Child.select(
                Child.id, Child.given_name, Child.family_name, Child.date_of_birth, Child.isikukood
            )
            .where(found)
            .order_by(Child.search_name)
            .limit(RESULTS + 1)
        )
    more = len(rows) > RESULTS
    rows = rows[:RESULTS]
    for row in rows:
        row["isikukood"] = mask(row["isikukood"])
    if rows:
        listed = ",".join(str(row["id"]) for row in rows)
        await record(request, "child.listed", object_type="child", object_id=listed, purpose=key)
    return {
        "q": query,
        "children": rows,
        "more": more,
        "has_scope": scope is not None,
        "enrolments": await current_enrolments([row["id"] for row in rows]),
    }


@get("/toolbox/{key:str}", opt=VIEW)
async def instrument(request: AnyRequest, key: FromPath[str]) -> Template:
    """One instrument; with ``q``, the children it may be filled in for."""
    schema = await _instrument_or_404(request, key)
    may_fill = _user(request).can(WRITE_RECORDS)
    query = search_term(request.query_params.get("q", "")).strip()
    context: dict[str, Any] = {"form": schema, "areas": AREA_LABELS, "may_fill": may_fill}
    if may_fill:
        context.update(await _children(request, key, query))
    if request.headers.get("hx-request") == "true" and may_fill:
        return partial(request, "toolbox/_children.html", context)
    response = page(request, "toolbox/instrument.html", context)
    response.headers["vary"] = "HX-Request"
    return response


@get("/toolbox/{key:str}/print", opt=VIEW)
async def print_blank(request: AnyRequest, key: FromPath[str]) -> Template:
    """The instrument as a blank sheet to print and fill in by hand."""
    schema = await _instrument_or_404(request, key)
    return page(
        request,
        "toolbox/print.html",
        {"form": schema, "areas": AREA_LABELS, "now": datetime.now(UTC)},
    )


ROUTES = (toolbox, instrument, print_blank)
