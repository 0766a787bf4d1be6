"""The statistics and transitions pages' figures, computed at most once in `FRESH_FOR` per
municipality, year and language, and kept (`KeptFigures`).

Computing them reads every case, enrolment and consent of the municipality's year; on county
data that is most of the page's time, and it grows with the municipality. Kept, a page costs
one indexed read however large the municipality is. The page says when its figures were
computed and offers to compute them again at once (`recompute`), for the user who has just entered
something. The rows hold counts (suppressed as shown) and children's ids, never names; rows
older than `FRESH_FOR` go when the municipality's next figures are kept.

A page that computes its figures keeps them after its read transaction
(`core.db.after_read`), like an audit row, so that viewing figures never takes the write lock
while it reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.api import (
    AnyRequest,
    InputError,
    after_read,
    current_language,
    parse_year,
    record,
    user_of,
)
from plugins.municipality.insight.common import municipality_of
from plugins.municipality.insight.figures import Figures
from plugins.municipality.insight.suppression import Suppressed
from plugins.municipality.insight.tables import KeptFigures

FRESH_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class Kept:
    figures: dict[str, Any]
    computed_at: datetime


async def kept(
    request: AnyRequest,
    municipality_id: int,
    year: int,
    page: str,
    compute: Callable[[], Awaitable[dict[str, Any]]],
) -> Kept:
    """The ``page``'s figures (JSON-ready) for the municipality and year: the kept ones while
    fresh, else ``compute()``'s, kept from now."""
    language = current_language()
    now = datetime.now(UTC)
    row = (
        await KeptFigures.select(KeptFigures.figures, KeptFigures.computed_at)
        .where(
            (KeptFigures.municipality == municipality_id)
            & (KeptFigures.year == year)
            & (KeptFigures.page == page)
            & (KeptFigures.language == language)
            & (KeptFigures.computed_at > now - FRESH_FOR)
        )
        .order_by(KeptFigures.computed_at, ascending=False)
        .output(load_json=True)
        .first()
    )
    if row is not None:
        return Kept(row["figures"], row["computed_at"])
    figures = await compute()

    async def keep() -> None:
        await KeptFigures.delete().where(
            (KeptFigures.municipality == municipality_id)
            & (
                (KeptFigures.computed_at <= now - FRESH_FOR)
                | (
                    (KeptFigures.year == year)
                    & (KeptFigures.page == page)
                    & (KeptFigures.language == language)
                )
            )
        )
        await KeptFigures.insert(
            KeptFigures(
                municipality=municipality_id,
                year=year,
                page=page,
                language=language,
                figures=figures,
                computed_at=now,
            )
        )

    deferred = after_read(request.scope)
    if deferred is None:
        await keep()
    else:
        deferred.append(keep)
    return Kept(figures, now)


async def recompute(request: AnyRequest) -> int:
    """Drop the user's municipality's kept figures of the form's ``year`` (this year when it is
    no year), so that the next view computes them again; returns the year."""
    form = await request.form()
    try:
        year = parse_year(str(form.get("year", "")).strip(), 2000, 2100)
    except InputError:
        year = date.today().year
    municipality_id = municipality_of(user_of(request))
    await KeptFigures.delete().where(
        (KeptFigures.municipality == municipality_id) & (KeptFigures.year == year)
    )
    await record(request, "municipality.figures.recomputed", object_type="year", object_id=year)
    return year


def figures_from(data: dict[str, Any]) -> Figures:
    """A `Figures` table from its kept form (`dataclasses.asdict` of it, through JSON)."""
    result = data["result"]
    return Figures(
        key=data["key"],
        title=data["title"],
        row_header=data["row_header"],
        rows=tuple(data["rows"]),
        columns=tuple(data["columns"]),
        result=Suppressed(
            cells=tuple(tuple(row) for row in result["cells"]),
            row_totals=tuple(result["row_totals"]),
            column_totals=tuple(result["column_totals"]),
            total=result["total"],
        ),
    )
