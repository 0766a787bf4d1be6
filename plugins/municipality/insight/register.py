"""The register of children at home and of the other groups: who is in it, who is reached.

A child is **at home** while in the register without a group and not enrolled in a kindergarten
today; enrolling them in a kindergarten takes them off the list without a write. A child is
**reached** once an outreach activity with the outcome "reached" is recorded for their entry.
**Not yet reached before school age**: starting school at the next school start (on 1 September;
by core's rule of school age, `school_start_year`) or earlier, not reached.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from core.api import OrganisationKind
from core.api import gettext as _
from plugins.municipality.insight.common import (
    due_at_school,
    in_kindergarten,
    next_school_start,
    run_sql,
)
from plugins.municipality.insight.figures import Figures, figures
from plugins.municipality.insight.tables import HomeChild, HomeGroup, Outreach, OutreachOutcome


async def groups(municipality_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await HomeGroup.select(HomeGroup.id, HomeGroup.name, HomeGroup.description)
        .where(HomeGroup.municipality == municipality_id)
        .order_by(HomeGroup.name)
    )
    return rows


async def entries(municipality_id: int, group_id: int | None, today: date) -> list[dict[str, Any]]:
    """The register's entries of a group (None: the children at home), with the child's names,
    date of birth, whether reached, and whether due at school by the next school start."""
    child: Any = HomeChild.child
    where: Combinable = HomeChild.municipality == municipality_id
    if group_id is None:
        where = where & HomeChild.home_group.is_null() & child.id.not_in(in_kindergarten(today))
    else:
        where = where & (HomeChild.home_group == group_id)
    rows: list[dict[str, Any]] = (
        await HomeChild.select(
            HomeChild.id,
            HomeChild.child,
            HomeChild.address_area,
            HomeChild.added_at,
            child.given_name.as_alias("given_name"),
            child.family_name.as_alias("family_name"),
            child.date_of_birth.as_alias("date_of_birth"),
        )
        .where(where)
        .order_by(child.search_name)
    )
    reached = await reached_entries([row["id"] for row in rows])
    school_start = next_school_start(today)
    for row in rows:
        row["reached"] = row["id"] in reached
        row["school_soon"] = due_at_school(row["date_of_birth"], school_start)
    return rows


async def reached_entries(entry_ids: list[int]) -> set[int]:
    if not entry_ids:
        return set()
    rows = await Outreach.select(Outreach.entry).where(
        Outreach.entry.is_in(entry_ids) & (Outreach.outcome == OutreachOutcome.reached.value)
    )
    return {row["entry"] for row in rows}


def not_reached(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Those due at school by the next school start with no "reached" outreach."""
    return [row for row in rows if row["school_soon"] and not row["reached"]]


# The register's entries of the municipality counted by group (NULL: the children at home, left
# out while enrolled in a kindergarten today), with how many of them are reached.
OUTREACH_COUNTS = """
SELECT h.home_group, count(*) AS entries,
    sum(CASE WHEN EXISTS (
        SELECT 1 FROM municipality_outreach r WHERE r.entry = h.id AND r.outcome = :reached
    ) THEN 1 ELSE 0 END) AS reached
FROM municipality_home_child h
WHERE h.municipality = :municipality
    AND (h.home_group IS NOT NULL OR NOT EXISTS (
        SELECT 1 FROM people_enrolment e
        JOIN people_organisation o ON o.id = e.organisation
        WHERE e.child = h.child AND o.kind = :kindergarten AND e.starts_on <= :today
            AND (e.ends_on IS NULL OR e.ends_on >= :today)
    ))
GROUP BY h.home_group
"""


async def outreach_figures(municipality_id: int, today: date) -> Figures:
    """Rows: the children at home and each group; columns: reached, not yet reached."""
    named = await groups(municipality_id)
    counted = {
        row["home_group"]: (int(row["reached"]), int(row["entries"]) - int(row["reached"]))
        for row in await run_sql(
            HomeChild,
            OUTREACH_COUNTS,
            municipality=municipality_id,
            reached=OutreachOutcome.reached.value,
            kindergarten=OrganisationKind.kindergarten.value,
            today=today,
        )
    }
    labels = [_("Children at home"), *(group["name"] for group in named)]
    table = [list(counted.get(group_id, (0, 0))) for group_id in [None, *(g["id"] for g in named)]]
    return figures(
        "outreach",
        _("Outreach"),
        _("Group"),
        labels,
        [_("Reached"), _("Not yet reached")],
        table,
    )
