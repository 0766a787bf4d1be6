"""How many children each unit (a group, a class) of an organisation has, as far as a user may
see them, with how many of them have an open case and how many a case of high concern: what a
page of an organisation's groups or classes shows without listing every child.

One statement, aggregated in the database: it reads the organisation's current enrolments (by
their organisation index) and, for each of those children, their open cases (by the child
index), so its cost follows the organisation's children, never the county's, and the page it
serves sends the same few statements whatever the number of children."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.access import children_in_scope, visible_cases
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
    cases = await visible_cases(user, today)
    rows = await Enrolment.raw(
        "SELECT people_enrolment.unit AS unit, count(*) AS children,"
        " count(open_case.child) AS open_cases,"
        " count(CASE WHEN open_case.high = 1 THEN 1 END) AS high_concern"
        " FROM people_enrolment"
        " JOIN people_child k ON k.id = people_enrolment.child AND k.merged_into IS NULL"
        " LEFT JOIN (SELECT cases_case.child AS child,"
        " max(CASE WHEN cases_case.concern = {} THEN 1 ELSE 0 END) AS high"
        " FROM cases_case WHERE cases_case.status = {} AND {}"
        " AND cases_case.child IN (SELECT child FROM people_enrolment"
        " WHERE organisation = {} AND {})"
        " GROUP BY cases_case.child) open_case ON open_case.child = people_enrolment.child"
        " WHERE people_enrolment.organisation = {} AND {} AND {}"
        " GROUP BY people_enrolment.unit",
        Concern.high.value,
        CaseStatus.open.value,
        cases.querystring,
        organisation_id,
        current_enrolment(today).querystring,
        organisation_id,
        current_enrolment(today).querystring,
        scope.querystring,
    )
    return {
        row["unit"]: UnitCounts(row["children"], row["open_cases"], row["high_concern"])
        for row in rows
    }
