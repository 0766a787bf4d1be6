"""Small counts hidden so that no figure the network sees can point at a child.

A table of counts is shown with its totals: a total per row, per column, and the grand total.
The method (docs/municipality.md, "Statistics"):

1. **Primary suppression**: every count from 1 to 4, totals included, is hidden (shown as
   "<5"). Zero reveals no child and is shown.
2. **Secondary suppression**: a row with its total, or a column with its total, is a sum; if
   exactly one figure of such a line is hidden, it is the total minus the others. So the
   smallest figure above zero still shown in that line (the first of equal ones; a zero only
   when nothing else is left) is hidden too. This is repeated until no line has exactly one
   hidden figure.

Totals are always the true totals of all cells; they are hidden by the same rules, never
recomputed from the shown cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "<5"


@dataclass(frozen=True)
class Suppressed:
    """A table after suppression: ``cells[r][c]``, ``row_totals[r]``, ``column_totals[c]`` and
    ``total`` are the count or None when hidden."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


def suppress(counts: Sequence[Sequence[int]]) -> Suppressed:
    """Suppress ``counts`` (rows of equal length, non-negative) with its totals."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts):
        raise ValueError("every row needs the same number of cells")
    # The table with its margins: the last column holds the row totals, the last row the
    # column totals and, in its corner, the grand total.
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[c] for row in grid) for c in range(columns + 1)])
    hidden = [[0 < value < THRESHOLD for value in row] for row in grid]
    lines = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    lines += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            shown = [
                (grid[r][c] == 0, grid[r][c], i)
                for i, (r, c) in enumerate(line)
                if not hidden[r][c]
            ]
            if not shown:
                continue
            _zero, _value, index = min(shown)
            r, c = line[index]
            hidden[r][c] = True
            changed = True

    def value(r: int, c: int) -> int | None:
        return None if hidden[r][c] else grid[r][c]

    return Suppressed(
        cells=tuple(tuple(value(r, c) for c in range(columns)) for r in range(rows)),
        row_totals=tuple(value(r, columns) for r in range(rows)),
        column_totals=tuple(value(rows, c) for c in range(columns)),
        total=value(rows, columns),
    )


def shown(value: int | None) -> str:
    """A suppressed figure as text: the count, or "<5"."""
    return HIDDEN if value is None else str(value)
