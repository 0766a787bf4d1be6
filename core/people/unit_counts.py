"""How many children each unit (a group, a class) of an organisation has, as far as a user may
see them, with how many of them have an open case and how many a case of high concern: what a
page of an organisation's groups or classes shows without listing every child.

One statement, aggregated in the database: it reads the organisation's current enrolments (by
their organisation index) and, for each of those children, their open cases (by the child
index, each asked whether the user may see it: `visible_cases_per_row`), so its cost follows
the organisation's children, never the county's, and the page it serves sends the same few
statements whatever the number of children."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.access import children_in_scope, visible_cases_per_row
from core.auth.current import CurrentUser
from core.cases.tables import CaseStatus, Concern
from core.people.enrolment import current_enrolment
from core.people.tables import Enrolment


@dataclass(frozen=True)
class UnitCounts:
    """A unit's children the user may see (``children``); of them, those with an open case the
    user may see (``open_cases``) and those with such a case of high concern (``high_concern``)."""

    children: int = 0
    open_cases: int = 0
    high_concern: int = 0


async def unit_counts(
    user: CurrentUser, organisation_id: int, today: date | None = None
) -> dict[int | None, UnitCounts]:
    """The counts of each unit of the organisation with a child the user may see, by unit id
    (None: the children enrolled without a unit)."""
    today = today or date.today()
    scope = children_in_scope(Enrolment.child, user, today)
    if scope is None:
        return {}
    cases = visible_cases_per_row(user, today)
    # Per enrolment, its child's open cases the user may see, by the cases' child index: NULL
    # for none, 1 for some, 2 when one is of high concern. A merged record has no enrolment
    # (merging moves them to the surviving record), so the enrolments name no merged child.
    # MATERIALIZED: merged into the outer query, the subquery would run once for each count
    # that names ``open_case``, twice a child.
    rows = await Enrolment.raw(
        "WITH enrolled AS MATERIALIZED (SELECT people_enrolment.unit AS unit,"
        " (SELECT max(CASE WHEN cases_case.concern = {} THEN 2 ELSE 1 END) FROM cases_case"
        " WHERE cases_case.child = people_enrolment.child AND cases_case.status = {} AND {})"
        " AS open_case"
        " FROM people_enrolment WHERE people_enrolment.organisation = {} AND {} AND {})"
        " SELECT unit, count(*) AS children, count(open_case) AS open_cases,"
        " count(CASE WHEN open_case = 2 THEN 1 END) AS high_concern FROM enrolled"
        " GROUP BY unit",
        Concern.high.value,
        CaseStatus.open.value,
        cases.querystring,
        organisation_id,
        current_enrolment(today).querystring,
        scope.querystring,
    )
    return {
        row["unit"]: UnitCounts(row["children"], row["open_cases"], row["high_concern"])
        for row in rows
    }
