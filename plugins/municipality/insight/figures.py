"""A table of suppressed counts as the page and the CSV file show it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.api import gettext as _
from plugins.municipality.insight.suppression import Suppressed, shown, suppress


@dataclass(frozen=True)
class Figures:
    """``title`` and the labels are already translated; ``result`` is suppressed."""

    key: str
    title: str
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    result: Suppressed

    def header(self) -> list[str]:
        return [self.row_header, *self.columns, _("Total")]

    def body(self) -> list[list[str]]:
        lines = [
            [label, *(shown(value) for value in cells), shown(total)]
            for label, cells, total in zip(
                self.rows, self.result.cells, self.result.row_totals, strict=True
            )
        ]
        totals = [shown(value) for value in self.result.column_totals]
        lines.append([_("Total"), *totals, shown(self.result.total)])
        return lines


def figures(
    key: str,
    title: str,
    row_header: str,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
) -> Figures:
    return Figures(key, title, row_header, tuple(rows), tuple(columns), suppress(counts))
