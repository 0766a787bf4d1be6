"""A page of a list's rows and the length of the whole list, in one statement.

A list page showed its rows and "N in all" with two statements, each finding every row of the
list (the page must be sorted from all of them, and counted): on PostgreSQL two round trips,
and the search for a common family name read the county's children with it twice. The page's
select carries the count as a window (``count(*) OVER ()``, computed over every row before the
limit), so the list is found once; only a page past the end, which has no row to carry it,
asks the count alone.

On PostgreSQL the page's statement is planned with its values (``plan_cache_mode``, for the
request's transaction): from its sixth run a prepared statement may get a generic plan, made
without them, and PostgreSQL 15 costs a LIMIT above ``count(*) OVER ()`` as if it could stop
early, though the count reads every row first. The generic plan of the Signs of Safety list
walked every case of the county in the order of its ids (7 ms) instead of reading the few
hundred open child-protection cases by their index (2.5 ms); planning with the values costs
a tenth of a millisecond and one statement.
"""

from __future__ import annotations

from typing import Any

from piccolo.query.methods.count import Count
from piccolo.query.methods.select import Select
from piccolo.querystring import QueryString

_IN_ALL = "rows_in_all"


async def page_with_total(
    select: Select[Any], count: Count, page_number: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """The rows of page ``page_number`` (from 1) of ``select`` (ordered), ``page_size`` a
    page, and how many rows ``count`` (the same condition) has in all."""
    if select.table._meta.db.engine_type == "postgres":
        await select.table.raw("SET LOCAL plan_cache_mode = force_custom_plan")
    rows: list[dict[str, Any]] = (
        await select.columns(QueryString("count(*) OVER ()").as_alias(_IN_ALL))
        .limit(page_size)
        .offset((page_number - 1) * page_size)
    )
    if not rows:
        return [], (await count.run() if page_number > 1 else 0)
    total = int(rows[0][_IN_ALL])
    for row in rows:
        del row[_IN_ALL]
    return rows, total
