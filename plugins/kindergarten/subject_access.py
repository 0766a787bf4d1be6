"""The plugin's part of a child's records: where the child's school-readiness cards went (in the
child's subject-access export, for whoever core lets export the child), and moving them when two
records of one child are merged."""

from __future__ import annotations

from collections.abc import Sequence

from core.api import N_, ExportSection
from plugins.kindergarten.tables import CardShare

SHARES = (
    ("shared_at", N_("Date")),
    ("kindergarten", N_("Kindergarten")),
    ("school", N_("School")),
    ("receiver_name", N_("Receiver")),
    ("shared_by_name", N_("Shared by")),
)


async def child_export(child_ids: Sequence[int]) -> list[ExportSection]:
    """To whom the child's school-readiness cards were shared (core checked that the user may
    export the child)."""
    rows = (
        await CardShare.select(
            CardShare.shared_at,
            CardShare.from_organisation.name.as_alias("kindergarten"),
            CardShare.to_organisation.name.as_alias("school"),
            CardShare.receiver.full_name.as_alias("receiver_name"),
            CardShare.shared_by.full_name.as_alias("shared_by_name"),
        )
        .where(CardShare.child.is_in(list(child_ids) or [0]))
        .order_by(CardShare.shared_at)
    )
    return [
        ExportSection(
            "kindergarten.card_shares",
            N_("School-readiness cards shared"),
            SHARES,
            tuple(rows),
        )
    ]


async def merge_children(merged_id: int, survivor_id: int) -> None:
    """The merged record's shares go to the surviving record."""
    await CardShare.update({CardShare.child: survivor_id}).where(CardShare.child == merged_id)
