"""The one place that answers "may this user see this child, this case, this entry?".

A role reaches children's records only through the record permissions: without
``core.records.read`` it sees no child and no case, whatever its scope (the administrators'
roles administer a municipality but read no case), and a request that changes something (any
method but GET and HEAD) needs ``core.records.write`` as well. The scope then bounds which
records. Children, from the scope of the user's active role (`core.registry.Scope`):

- ``unit``: children currently enrolled in the membership's unit (a group, a class);
- ``organisation``: children currently enrolled in the membership's organisation;
- ``municipality``: children of the municipality (registered or living there) with an open case
  at a municipality-level stage or escalated to child protection, and those enrolled in the
  role's own office (a child its case worker added);
- ``county`` and ``none``: no child, ever.

Besides, a user of a unit, organisation or municipality role finds the children of their
organisation's cases that they are responsible for or take part in, open or closed, for as
long as the case is kept (retention): who worked on a case finds its child after it closed.

Cases: a unit role sees its organisation's cases of the children in its unit; an organisation
role its organisation's cases; a municipality role the municipality-level and escalated cases
of its municipality's children. Whatever the scope, a user sees a case they are responsible
for, take part in, or are asked to accept by a pending handover; the content of its entries
from another organisation then shows only as far as `core.consent.sharing.may_share` allows
(`entry_visibility`), and sensitive entries only to roles allowed the category.

"Currently enrolled" means the enrolment has begun and has not ended (today in either).
Every page and partial that shows a child's or a case's data asks here first; a refusal is
audited and answered 404, as if there were no such record.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.querystring import QueryString

from core.audit.log import Outcome, record
from core.auth.current import ActiveMembership, CurrentUser
from core.auth.permissions import (
    ACCEPT_REPORTS,
    READ_RECORDS,
    SEE_CHILD_PROTECTION,
    SEE_HEALTH,
    WRITE_RECORDS,
)
from core.cases.tables import (
    Case,
    CaseEntry,
    CaseParticipant,
    CaseStatus,
    Handover,
    HandoverStatus,
    Report,
)
from core.cases.workflows import stage_of, workflow_of
from core.consent.recipients import Recipient
from core.consent.registry import CROSS_SECTOR_CASE_WORK
from core.consent.sharing import ShareAsk, may_share_each
from core.enablement_cache import enablement_of
from core.id_lists import ids_table, one_of
from core.kept import Kept
from core.people.enrolment import current_enrolment
from core.people.tables import Child, Enrolment, Organisation, Sector
from core.plugins import Plugins
from core.registry import Level, Scope
from core.views import CaseView, ChildView

_READING = frozenset({"GET", "HEAD"})
# The column of `case_or_404`'s row (with the user's facts) naming its pending handover.
PENDING_HANDOVER = "pending_handover"


def records_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    """The request's user if their role may reach children's records for this request: reading
    (GET, HEAD) needs the read permission, anything else the write permission too."""
    user: CurrentUser | None = connection.scope.get("state", {}).get("user")
    if user is None or not user.can(READ_RECORDS):
        return None
    if connection.scope.get("method", "GET") not in _READING and not user.can(WRITE_RECORDS):
        return None
    return user


def children_in_scope(
    column: Column,
    user: CurrentUser | None,
    today: date | None = None,
    only: Collection[int] | None = None,
    per_row: bool = False,
) -> Combinable | None:
    """A condition that ``column`` (a child's id, in any table) names a child ``user`` may see
    now; None when the user sees no child (anonymous, no read permission, a scope that reaches
    no child).

    The children of the role's scope, and the children of the cases of the user's organisation
    that they are responsible for or take part in, open or closed (`_worked_on`). The scope
    stays in the database as subqueries, so no page lists the whole scope to ask about a few
    children. ``only`` narrows the subqueries to those children (a list sent once to each, see
    `core.id_lists`): a page about one child, or about the children of a list, asks about those
    alone, and its cost does not grow with the scope. ``per_row`` narrows each subquery to the
    child of the outer row instead (``column``, correlated): for a query whose rows another
    index finds, few of them (consents ending soon), which then asks about those rows' children
    alone rather than listing the scope's.

    The condition is written as SQL, one piece per branch: built from Piccolo's conditions it
    cost more to build than to run, on every page that shows a child."""
    membership = user.membership if user is not None else None
    if user is None or membership is None or not user.can(READ_RECORDS):
        return None
    if membership.scope in (Scope.county, Scope.none):
        return None
    today = today or date.today()
    engine_type = Child._meta.db.engine_type

    # Narrowed to a few children, a subquery finds its rows by the child: on SQLite, which has
    # no statistics, a unary plus on the other columns compared keeps it from reading the whole
    # organisation's enrolments or cases once for each child instead. PostgreSQL plans by its
    # statistics, and the plus would only take its indexes away.
    narrow = only is not None or per_row
    plus = QueryString("+" if narrow and engine_type == "sqlite" else "")

    def source(table: str) -> QueryString:
        """A subquery's FROM: ``table`` (with its alias), joined from the table of ``only``."""
        if only is None:
            return QueryString(table)
        return QueryString("{} CROSS JOIN {}", ids_table(only, engine_type), QueryString(table))

    def narrowed(of: str) -> QueryString:
        """More conditions on the subquery's rows: its ``of`` is one of ``only``, or the outer
        row's child (``per_row``)."""
        if only is not None:
            return QueryString(" AND {} = ids.value", QueryString(of))
        if per_row:
            return QueryString(" AND {} = {}", QueryString(of), column)
        return QueryString("")

    def enrolled(at: str, value: int) -> QueryString:
        """``column`` names a child enrolled today whose enrolment ``e`` has ``at`` (its unit
        or organisation) ``value``."""
        return QueryString(
            "{} IN (SELECT e.child FROM {} WHERE e.starts_on <= {}"
            " AND (e.ends_on IS NULL OR e.ends_on >= {}) AND {}{} = {}{})",
            column,
            source("people_enrolment e"),
            today,
            today,
            plus,
            QueryString(at),
            value,
            narrowed("e.child"),
        )

    cases = source("cases_case c")
    worked = QueryString(
        "{} IN {}", column, _worked_on(user, membership, cases, plus, narrowed("c.child"))
    )
    if membership.scope is Scope.unit:
        if membership.unit_id is None:
            return WhereRaw("{}", worked)
        return WhereRaw("({} OR {})", enrolled("e.unit", membership.unit_id), worked)
    if membership.scope is Scope.organisation:
        return WhereRaw(
            "({} OR {})", enrolled("e.organisation", membership.organisation_id), worked
        )
    if membership.scope is Scope.municipality and membership.municipality_id is not None:
        here = membership.municipality_id
        by_office = enrolled("e.organisation", membership.organisation_id)
        if column is Child.id:
            # On the child's own row, where it is registered and lives is read there, not from
            # a list of the municipality's children.
            lives_here = QueryString(
                "({} = {} OR {} = {})",
                Child.registered_municipality,
                here,
                Child.residence_municipality,
                here,
            )
            reaching = _reaching_municipality(cases, narrowed("c.child"))
            return WhereRaw(
                "({} OR ({} AND {} IN {}) OR {})", by_office, lives_here, column, reaching, worked
            )
        of = QueryString(
            "{} AND c.child IN (SELECT k.id FROM people_child k"
            " WHERE (k.registered_municipality = {} OR k.residence_municipality = {}){})",
            narrowed("c.child"),
            here,
            here,
            narrowed("k.id") if per_row else QueryString(""),
        )
        reaching = _reaching_municipality(cases, of)
        return WhereRaw("({} OR {} IN {} OR {})", by_office, column, reaching, worked)
    return WhereRaw("{}", worked)


def _worked_on(
    user: CurrentUser,
    membership: ActiveMembership,
    cases: QueryString,
    plus: QueryString,
    narrowed: QueryString,
) -> QueryString:
    """SQL: the children of the cases of the user's organisation that they are responsible for
    or take part in, open or closed (``cases``: the FROM naming the case ``c``; ``plus``: the
    prefix of the columns that must not choose the index; ``narrowed``: more conditions on
    it). Whoever
    worked on a case still finds its child after it closed (or the child moved on), for as
    long as the case is kept (`core.retention`). A participant from another organisation does
    not: the case alone is shared with them."""
    return QueryString(
        "(SELECT c.child FROM {} WHERE {}c.owner_organisation = {}"
        " AND ({}c.responsible = {} OR c.id IN"
        ' (SELECT p."case" FROM cases_participant p WHERE p."user" = {})){})',
        cases,
        plus,
        membership.organisation_id,
        plus,
        user.id,
        user.id,
        narrowed,
    )


def _reaching_municipality(cases: QueryString, of: QueryString) -> QueryString:
    """SQL: the children of the open cases ``c`` (of the FROM ``cases``) at a municipality-level
    stage or escalated to child protection, of those ``of`` (more conditions, each beginning
    with AND) allows; two branches, as in `_reaches_municipality`."""
    return QueryString(
        "(SELECT c.child FROM {} WHERE (c.status = {} AND c.level = {}{})"
        " OR (c.status = {} AND c.escalated_at IS NOT NULL AND c.level <> {}{}))",
        cases,
        CaseStatus.open.value,
        Level.municipality.value,
        of,
        CaseStatus.open.value,
        Level.municipality.value,
        of,
    )


async def visible_children(
    user: CurrentUser | None, ids: Collection[int], *columns: Column
) -> list[dict[str, Any]]:
    """The rows (``id`` and ``columns`` of `Child`) of those of ``ids`` that name children
    ``user`` may see now, in one query about them only."""
    condition = children_in_scope(Child.id, user, only=ids)
    if condition is None or not ids:
        return []
    rows: list[dict[str, Any]] = await Child.select(Child.id, *columns).where(
        one_of(Child.id, ids) & condition
    )
    return rows


async def visible_among(user: CurrentUser | None, ids: Collection[int]) -> set[int]:
    """Those of ``ids`` that name children ``user`` may see now (one query about them only)."""
    return {row["id"] for row in await visible_children(user, ids)}


async def sees_child(user: CurrentUser | None, child_id: int) -> bool:
    """Whether ``user`` may see the child now."""
    return child_id in await visible_among(user, [child_id])


async def may_see_child(connection: ASGIConnection[Any, Any, Any, Any], child_id: int) -> bool:
    """Whether the request's user may reach the child's record for this request."""
    return await sees_child(records_user(connection), child_id)


def _reaches_municipality(of: Combinable) -> Combinable:
    """Open cases ``of`` (a condition) at a municipality-level stage or escalated to child
    protection, each served by an index (``cases_case_level_status``, and
    ``cases_case_escalated`` of the escalated cases). SQLite uses both only when the condition
    is written as two branches, each with ``of``: the second leaves out the cases of the first
    (escalated cases are mostly at the municipality's level), so that ``of`` is asked once of
    each case, not twice. PostgreSQL combines the indexes from one branch, and there ``of``
    once is one list of the municipality's children (thousands) hashed, not two."""
    is_open = Case.status == CaseStatus.open.value
    at_municipality = Case.level == Level.municipality.value
    escalated = Case.escalated_at.is_not_null()
    if Case._meta.db.engine_type == "sqlite":
        elsewhere = Case.level != Level.municipality.value
        return (is_open & at_municipality & of) | (is_open & escalated & elsewhere & of)
    return is_open & (at_municipality | escalated) & of


def _of_children_of(municipality_id: int) -> Combinable:
    """Cases of children registered or living in the municipality: a subquery, not a join, so
    that the cases' indexes still serve the condition. On SQLite it looks up each case's own
    child by its key (``EXISTS``): a list of the municipality's children (thousands in a town)
    would be built for every query that asks. PostgreSQL hashes that list once, and could not
    combine a correlated ``EXISTS`` in an OR with its indexes: it would test every case."""
    if Child._meta.db.engine_type == "sqlite":
        return WhereRaw(
            "EXISTS (SELECT 1 FROM people_child k WHERE k.id = cases_case.child"
            " AND (k.registered_municipality = {} OR k.residence_municipality = {}))",
            municipality_id,
            municipality_id,
        )
    return Case.child.is_in(
        Child.select(Child.id).where(
            (Child.registered_municipality == municipality_id)
            | (Child.residence_municipality == municipality_id)
        )
    )


async def child_or_404(
    connection: ASGIConnection[Any, Any, Any, Any], child_id: int, action: str
) -> dict[str, Any]:
    """The child's row if the request's user may see it; else a "denied" audit row for
    ``action`` and 404, as if there were no such child."""
    row: dict[str, Any] | None = None
    if await may_see_child(connection, child_id):
        row = await Child.select().where(Child.id == child_id).first()
    if row is None:
        await record(connection, action, Outcome.denied, object_type="child", object_id=child_id)
        raise NotFoundException()
    return row


def case_scope(user: CurrentUser, today: date | None = None) -> Combinable | None:
    """A condition on `Case` for the cases ``user`` sees through their role's scope (None:
    none), not counting those they are responsible for, take part in or are handed."""
    membership = user.membership
    if membership is None or not user.can(READ_RECORDS):
        return None
    today = today or date.today()
    if membership.scope is Scope.unit:
        if membership.unit_id is None:
            return None
        in_unit = Enrolment.select(Enrolment.child).where(
            (Enrolment.unit == membership.unit_id) & current_enrolment(today)
        )
        return (Case.owner_organisation == membership.organisation_id) & Case.child.is_in(in_unit)
    if membership.scope is Scope.organisation:
        return Case.owner_organisation == membership.organisation_id
    if membership.scope is Scope.municipality and membership.municipality_id is not None:
        here = membership.municipality_id
        return _reaches_municipality((Case.municipality == here) | _of_children_of(here))
    return None


async def _personal_case_ids(user: CurrentUser) -> list[int]:
    """The cases ``user`` takes part in or is asked to accept by a pending handover."""
    rows = await Case.raw(
        'SELECT p."case" AS id FROM cases_participant p WHERE p."user" = {}'
        ' UNION SELECT h."case" AS id FROM cases_handover h'
        " WHERE h.receiver = {} AND h.status = {}",
        user.id,
        user.id,
        HandoverStatus.pending.value,
    )
    return sorted({row["id"] for row in rows})


async def visible_cases(user: CurrentUser, today: date | None = None) -> Combinable:
    """A condition on `Case` for every case ``user`` may see.

    The cases they take part in or are handed are looked up first and named by id: a subquery
    inside the OR would keep PostgreSQL from combining the indexes of the OR's branches (it
    would read every case), so each branch here is served by an index of its own. A role
    without the read permission sees none, not even a case it is responsible for."""
    if not user.can(READ_RECORDS):
        return Case.id.is_null()
    personal: Combinable = Case.responsible == user.id
    ids = await _personal_case_ids(user)
    if ids:
        personal |= Case.id.is_in(ids)
    scope = case_scope(user, today)
    return personal if scope is None else (scope | personal)


def visible_cases_per_row(user: CurrentUser, today: date | None = None) -> Combinable:
    """The condition of `visible_cases`, for a query that finds its cases by another index (the
    cases of an organisation's children): the cases the user takes part in or is handed are
    subqueries asked of each case found, not looked up first, which saves two statements; not
    for a query that reads cases by this condition's own indexes (see `visible_cases`)."""
    if not user.can(READ_RECORDS):
        return Case.id.is_null()
    taking_part = CaseParticipant.select(CaseParticipant.case).where(
        CaseParticipant.user == user.id
    )
    handed = Handover.select(Handover.case).where(
        (Handover.receiver == user.id) & (Handover.status == HandoverStatus.pending.value)
    )
    personal = (Case.responsible == user.id) | Case.id.is_in(taking_part) | Case.id.is_in(handed)
    scope = case_scope(user, today)
    return personal if scope is None else (scope | personal)


@cache
def case_with_child() -> tuple[Column, ...]:
    """Every column of `Case`, as ``child.*`` of its child, and the names of its owner
    organisation (``owner_name``) and responsible person (``responsible_name``). Built once: for
    a join Piccolo copies the joined table's columns, which took milliseconds on every case
    page."""
    return (
        *Case.all_columns(),
        *Case.child.all_columns(),
        Case.owner_organisation.name.as_alias("owner_name"),
        Case.responsible.full_name.as_alias("responsible_name"),
    )


def working_on(user: CurrentUser, today: date | None = None) -> Combinable:
    """A condition on `Case`: ``user`` works on the case (not only looks at it): responsible, a
    participant, or in the scope of their role. A receiver of a pending handover only looks
    until they accept."""
    taking_part = CaseParticipant.select(CaseParticipant.case).where(
        CaseParticipant.user == user.id
    )
    reach = (Case.responsible == user.id) | Case.id.is_in(taking_part)
    scope = case_scope(user, today)
    return reach if scope is None else (scope | reach)


def pending_handover_column() -> QueryString:
    """A select column of `Case`: the id of the case's pending handover, or NULL; asked with
    the case, so that a case page without one (most) asks no more about it."""
    return QueryString(
        '(SELECT h.id FROM cases_handover h WHERE h."case" = cases_case.id AND h.status = {}'
        " LIMIT 1)",
        HandoverStatus.pending.value,
    ).as_alias(PENDING_HANDOVER)


def _as_column(condition: Combinable | None, alias: str) -> QueryString:
    """A select column: 1 when the case row meets ``condition`` (None: never), else 0."""
    if condition is None:
        return QueryString("0").as_alias(alias)
    return QueryString("CASE WHEN {} THEN 1 ELSE 0 END", condition.querystring).as_alias(alias)


UserShape = tuple[frozenset[str], Scope | None, bool, bool]


def user_shape(user: CurrentUser) -> UserShape:
    """What the SQL of a user's access conditions depends on beyond the ids and the day: the
    role's permissions and scope, and whether its membership names a unit and a
    municipality."""
    membership = user.membership
    if membership is None:
        return (user.permissions, None, False, False)
    return (
        user.permissions,
        membership.scope,
        membership.unit_id is not None,
        membership.municipality_id is not None,
    )


def user_of_shape(
    shape: UserShape, user: Any, organisation: Any, unit: Any, municipality: Any
) -> CurrentUser:
    """A user of ``shape`` whose ids are the values given (the slots of a kept statement,
    `core.kept`): the access conditions built for it are those of every user of the shape."""
    permissions, scope, has_unit, has_municipality = shape
    membership = (
        None
        if scope is None
        else ActiveMembership(
            id=0,
            organisation_id=organisation,
            organisation_name="",
            municipality_id=municipality if has_municipality else None,
            municipality_name=None,
            role="",
            role_label="",
            scope=scope,
            unit_id=unit if has_unit else None,
        )
    )
    return CurrentUser(
        id=user,
        username="",
        full_name="",
        session_id=0,
        totp_enabled=False,
        memberships=() if membership is None else (membership,),
        membership=membership,
        permissions=permissions,
        enabled_plugins=frozenset(),
        enabled_forms=frozenset(),
        administers=False,
    )


def user_values(user: CurrentUser) -> dict[str, Any]:
    """The values of ``user`` that fill the slots of `user_of_shape`."""
    membership = user.membership
    return {
        "user": user.id,
        "organisation": membership.organisation_id if membership else None,
        "unit": membership.unit_id if membership else None,
        "municipality": membership.municipality_id if membership else None,
    }


def _case_statement(
    shape: UserShape,
    with_user_facts: bool,
    *,
    case: Any,
    today: Any,
    user: Any,
    organisation: Any,
    unit: Any,
    municipality: Any,
) -> Any:
    """`case_or_404`'s statement for the users of ``shape`` (see `core.kept`)."""
    someone = user_of_shape(shape, user, organisation, unit, municipality)
    return case_query(someone, case, today, with_user_facts)


def case_query(user: CurrentUser, case: Any, today: Any, with_user_facts: bool) -> Any:
    """The select of `case_or_404` for ``user``: the case ``case`` if they may see it on
    ``today``, with the user's facts when asked."""
    facts = (
        (
            _as_column(working_on(user, today), "working"),
            _as_column(children_in_scope(Case.child, user, today, per_row=True), "child_visible"),
            pending_handover_column(),
        )
        if with_user_facts
        else ()
    )
    return (
        Case.select(*case_with_child(), *facts)
        .where((Case.id == case) & visible_cases_per_row(user, today))
        .first()
    )


CASE_STATEMENT = Kept(_case_statement)


async def case_or_404(
    connection: ASGIConnection[Any, Any, Any, Any],
    case_id: int,
    action: str,
    with_user_facts: bool = False,
) -> dict[str, Any]:
    """The case's row (with ``child.*`` columns) if the request's user may see it; else a
    "denied" audit row for ``action`` and 404. With ``with_user_facts`` the same statement
    answers ``working`` (`working_on`) and ``child_visible`` (`children_in_scope`, asked of the
    case's child) for the user, as 1 or 0, and ``pending_handover`` (the id of the case's
    pending handover, or None).

    The case is found by its key, so the cases the user takes part in or is handed are asked as
    subqueries of that one row (`visible_cases_per_row`), not looked up first. The statement's
    SQL is kept for each shape of user (`CASE_STATEMENT`): built anew, it took longer to build
    than to run."""
    user = records_user(connection)
    row = None
    if user is not None:
        row = await CASE_STATEMENT.first(
            user_shape(user),
            with_user_facts,
            case=case_id,
            today=date.today(),
            **user_values(user),
        )
    if row is None:
        await record(connection, action, Outcome.denied, object_type="case", object_id=case_id)
        raise NotFoundException()
    return row


async def case_view(
    connection: ASGIConnection[Any, Any, Any, Any], case_id: int, action: str
) -> CaseView:
    """The case as the request's user may see it, built once for the request: its row, its
    child, its workflow and stage, and the plugins enabled in its municipality. Writes the
    audit row for ``action`` either way: "allowed" when the user sees the case, else "denied"
    (and 404, as if there were no such case)."""
    row = await case_or_404(connection, case_id, action, with_user_facts=True)
    working, child_visible = bool(row.pop("working")), bool(row.pop("child_visible"))
    await record(connection, action, object_type="case", object_id=case_id)
    plugins: Plugins = connection.app.state.plugins
    workflow = workflow_of(plugins, row["workflow"])
    return CaseView(
        id=row["id"],
        child=ChildView.of(row, "child."),
        municipality_id=row["municipality"],
        owner_organisation_id=row["owner_organisation"],
        responsible_id=row["responsible"],
        status=row["status"],
        concern=row["concern"],
        opened_at=row["opened_at"],
        workflow=workflow,
        stage=stage_of(workflow, row["stage"]),
        enabled_plugins=(await enablement_of(connection, row["municipality"])).plugins,
        working=working,
        child_visible=child_visible,
        row=row,
    )


async def child_view(
    connection: ASGIConnection[Any, Any, Any, Any], child_id: int, action: str
) -> ChildView:
    """The child as the request's user may see it; writes the audit row for ``action`` either
    way ("denied" and 404 when the user may not see the child)."""
    row = await child_or_404(connection, child_id, action)
    await record(connection, action, object_type="child", object_id=child_id)
    return ChildView.of(row)


class EntryView(StrEnum):
    """How much of a timeline entry a user sees."""

    full = "full"
    sensitive = "sensitive"  # a sensitive category the user's role may not see
    not_shared = "not_shared"  # from another organisation, and may_share says no


SENSITIVE_PERMISSIONS = {"health": SEE_HEALTH, "child_protection": SEE_CHILD_PROTECTION}
_SCOPE_OF_SECTOR = {
    Sector.education.value: "education",
    Sector.youth.value: "education",
    Sector.health.value: "health",
    Sector.social.value: "social",
    Sector.police.value: "social",
}


@dataclass(frozen=True)
class EntryVisibility:
    """How much of each of some entries of one case one user sees, decided for all of them at
    once (`entry_visibility`)."""

    user: CurrentUser
    shared: Mapping[tuple[str, int], bool]  # (data scope, author organisation): may_share says

    def view(self, entry: Mapping[str, Any]) -> EntryView:
        sensitivity = entry["sensitivity"]
        permission = SENSITIVE_PERMISSIONS.get(sensitivity)
        if permission is not None and not self.user.can(permission):
            return EntryView.sensitive
        membership = self.user.membership
        if membership is None:
            return EntryView.not_shared
        if entry["author_organisation"] == membership.organisation_id:
            return EntryView.full
        return EntryView.full if self.shared.get(_entry_ask(entry)) else EntryView.not_shared


def data_scope_of(sensitivity: str, author_sector: str) -> str:
    """The consent data scope an entry belongs to: health and child-protection entries are
    health and social data; others follow the author organisation's sector."""
    if sensitivity == "health":
        return "health"
    if sensitivity == "child_protection":
        return "social"
    return _SCOPE_OF_SECTOR.get(author_sector, "education")


def _entry_ask(entry: Mapping[str, Any]) -> tuple[str, int]:
    """What `may_share` is asked about an entry: its data scope and author organisation."""
    sector = entry[ENTRY_AUTHOR_SECTOR] or ""
    return data_scope_of(entry["sensitivity"], sector), entry["author_organisation"]


# The alias under which an entry's row carries its author organisation's sector
# (`entry_visibility` reads it): select `entry_author_sector()` with the entries.
ENTRY_AUTHOR_SECTOR = "author_organisation_sector"


@cache
def entry_author_sector() -> Column:
    """The column of an entry's author organisation's sector (built once)."""
    return CaseEntry.author_organisation.sector.as_alias(ENTRY_AUTHOR_SECTOR)


async def entry_visibility(
    user: CurrentUser, case: Mapping[str, Any], entries: Collection[Mapping[str, Any]]
) -> EntryVisibility:
    """An `EntryVisibility` for ``user`` on ``entries`` (rows with `entry_author_sector`) of
    ``case`` (a row from `case_or_404`): `may_share` is asked once for all of them, about each
    (author organisation, data scope) from another organisation."""
    membership = user.membership
    if membership is None:
        return EntryVisibility(user, {})
    to = Recipient(organisation_id=membership.organisation_id)
    asks = {
        _entry_ask(entry): ShareAsk(*_entry_ask(entry), to)
        for entry in entries
        if entry["author_organisation"] != membership.organisation_id
    }
    answers = await may_share_each(case["child"], asks.values(), CROSS_SECTOR_CASE_WORK)
    return EntryVisibility(user, {key: answers[ask].allowed for key, ask in asks.items()})


async def organisations_sharing(user: CurrentUser, child_id: int, authors: set[int]) -> set[int]:
    """Those of the author organisations whose records about the child (forms, not sensitive)
    may reach the user's organisation (`may_share`; the same organisation always)."""
    membership = user.membership
    if membership is None or not authors:
        return set()
    sectors = {
        row["id"]: row["sector"]
        for row in await Organisation.select(Organisation.id, Organisation.sector).where(
            Organisation.id.is_in(sorted(authors))
        )
    }
    to = Recipient(organisation_id=membership.organisation_id)
    asks = {
        author: ShareAsk(data_scope_of("none", sectors.get(author, "")), author, to)
        for author in authors
    }
    answers = await may_share_each(child_id, asks.values(), CROSS_SECTOR_CASE_WORK)
    return {author for author, ask in asks.items() if answers[ask].allowed}


async def report_sheets(user: CurrentUser, submission_ids: set[int]) -> set[int]:
    """Those of ``submission_ids`` that are noticing sheets the user may read because of the
    report that carried them: the report went to the user's municipality and their role
    accepts reports there (the report's page shows the sheet), or it was accepted into a case
    of the user's organisation. Reporting a child who may need help to the municipality is the
    noticer's duty (Child Protection Act § 27), so the sheet crosses that boundary with it."""
    membership = user.membership
    if membership is None or not submission_ids or not user.can(READ_RECORDS):
        return set()
    reach: Combinable = Report.case._.owner_organisation == membership.organisation_id
    if user.can(ACCEPT_REPORTS) and membership.municipality_id is not None:
        reach |= Report.municipality == membership.municipality_id
    rows = await Report.select(Report.submission).where(
        Report.submission.is_in(sorted(submission_ids)) & reach
    )
    return {row["submission"] for row in rows}
