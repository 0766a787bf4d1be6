"""Where a merged child's record now leads."""

from __future__ import annotations

from core.people.tables import Child


async def surviving_record(child_id: int) -> int | None:
    """The record a merged child's id now leads to (following merges), or None."""
    seen = set()
    current: int | None = child_id
    target = None
    while current is not None and current not in seen:
        seen.add(current)
        row = await Child.select(Child.merged_into).where(Child.id == current).first()
        current = row["merged_into"] if row else None
        if current is not None:
            target = current
    return target
