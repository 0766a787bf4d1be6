"""The safety scale's history as an inline SVG line chart: one line per participant across the
reviews, 0 (danger) at the bottom and 10 (safe) at the top. The page gives the same numbers as
a table, the chart's text alternative."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.api import format_date

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 20, 16, 40
# Colours with at least 3:1 contrast on white, one per participant in turn; each line also
# has its own dash pattern, so colour is not the only difference.
STYLES = (
    ("#1f5fa8", ""),
    ("#b3261e", "6 3"),
    ("#2e7d32", "2 3"),
    ("#6a3d9a", "8 3 2 3"),
    ("#8a5a00", "1 5"),
)


@dataclass(frozen=True)
class Line:
    participant: str
    colour: str
    dashes: str
    points: str
    dots: tuple[tuple[float, float, int], ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    reviews: tuple[tuple[float, str], ...]
    levels: tuple[tuple[float, int], ...]
    lines: tuple[Line, ...]
    # The text alternative: per participant, the score at each review (None: not asked).
    table: tuple[tuple[str, tuple[int | None, ...]], ...]


def _y(score: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (10 - score) / 10


def chart(answers: Iterable[Mapping[str, Any]]) -> Chart | None:
    """The chart of ``answers`` (rows with ``review_on``, ``participant``, ``score``), or None
    when there are none."""
    scores: dict[str, dict[date, int]] = {}
    for answer in answers:
        scores.setdefault(answer["participant"], {})[answer["review_on"]] = answer["score"]
    if not scores:
        return None
    days = sorted({day for by_day in scores.values() for day in by_day})
    span = WIDTH - LEFT - RIGHT
    step = span / (len(days) - 1) if len(days) > 1 else 0
    x = {day: LEFT + (index * step if step else span / 2) for index, day in enumerate(days)}
    lines = []
    for index, (participant, by_day) in enumerate(scores.items()):
        colour, dashes = STYLES[index % len(STYLES)]
        dots = tuple((x[day], _y(score), score) for day, score in sorted(by_day.items()))
        points = " ".join(f"{dx:.1f},{dy:.1f}" for dx, dy, _ in dots)
        lines.append(Line(participant, colour, dashes, points, dots))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        reviews=tuple((x[day], format_date(day)) for day in days),
        levels=tuple((_y(level), level) for level in (0, 5, 10)),
        lines=tuple(lines),
        table=tuple(
            (participant, tuple(by_day.get(day) for day in days))
            for participant, by_day in scores.items()
        ),
    )
