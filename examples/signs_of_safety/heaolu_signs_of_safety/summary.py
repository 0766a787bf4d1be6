"""The quality summary: the reviews of a municipality's case work counted per team (the
organisation owning the case) and quarter, with no child named and no count below 5 shown."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from heaolu_signs_of_safety.forms import CHECKS

# Counts below this are not shown: a small number could point to one family.
SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class Row:
    team: str
    year: int
    quarter: int
    # The number of reviews, then the number answering yes to each check; None: fewer than 5.
    reviews: int | None
    checks: tuple[int | None, ...]


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def shown(count: int) -> int | None:
    return count if count >= SMALLEST_SHOWN else None


def summary(reviews: Iterable[Mapping[str, Any]], teams: Mapping[int, str]) -> list[Row]:
    """Rows per team and quarter, newest quarter first, teams by name."""
    groups: dict[tuple[int, int, int], list[Mapping[str, Any]]] = {}
    for review in reviews:
        day = review["reviewed_on"]
        groups.setdefault((day.year, quarter_of(day), review["team"]), []).append(review)
    rows = [
        Row(
            team=teams.get(team, ""),
            year=year,
            quarter=quarter,
            reviews=shown(len(group)),
            checks=tuple(shown(sum(1 for r in group if r[check])) for check in CHECKS),
        )
        for (year, quarter, team), group in groups.items()
    ]
    rows.sort(key=lambda row: row.team)
    rows.sort(key=lambda row: (row.year, row.quarter), reverse=True)
    return rows
