"""Pruning the audit log: rows past the retention period go; the chain's head stays.

The database refuses to delete a row younger than the retention period stored in the one-row
table ``audit_retention`` (the migration that made ``audit_event`` append-only made both).
`prune` stores ``HEAOLU_AUDIT_RETENTION_DAYS`` there, then deletes, in one transaction.

Only a prefix of the chain goes: the rows before both the first row young enough to keep and
the chain head. The remaining chain stays whole, the next seal continues from the same head,
and `core.audit.chain.verify` anchors on the first remaining row's ``prev_hash``. Rows not yet
sealed after the head are never pruned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from core.audit.chain import chain_head
from core.audit.tables import AuditEvent
from core.db import write_transaction


@dataclass(frozen=True)
class PruneResult:
    """``rows`` were deleted (or, in a dry run, would be): all older than ``cutoff``."""

    cutoff: datetime
    rows: int


async def prune(retention_days: int, *, dry_run: bool = False) -> PruneResult:
    """Delete the rows older than ``retention_days`` days that lie before the chain head.

    A dry run changes nothing, not even the stored retention period.
    """
    engine = AuditEvent._meta.db
    async with write_transaction(engine):
        if not dry_run:
            await AuditEvent.raw(
                "UPDATE audit_retention SET days = {} WHERE id = 1", retention_days
            )
        cutoff = await _database_now(engine) - timedelta(days=retention_days)
        keep_from = await _first_kept(cutoff)
        if keep_from is None:
            return PruneResult(cutoff, 0)
        doomed = (AuditEvent.id < keep_from) & (AuditEvent.at < cutoff)
        rows = await AuditEvent.count().where(doomed)
        if rows and not dry_run:
            await AuditEvent.delete().where(doomed)
    return PruneResult(cutoff, rows)


async def _database_now(engine: Engine[Any]) -> datetime:
    """The clock the delete trigger reads: PostgreSQL's (its ``now()`` is this transaction's
    start, the same for the trigger); SQLite runs in this process, on this machine's clock."""
    if isinstance(engine, PostgresEngine):
        [row] = await AuditEvent.raw("SELECT now() AS now")
        now: datetime = row["now"]
        return now
    return datetime.now(UTC)


async def _first_kept(cutoff: datetime) -> int | None:
    """The lowest id that must stay: the head's, or that of the first row not older than
    ``cutoff`` if it comes earlier. None when nothing is sealed (nothing may be pruned)."""
    head = await chain_head()
    if head is None:
        return None
    young = (
        await AuditEvent.select(AuditEvent.id)
        .where(AuditEvent.at >= cutoff)
        .order_by(AuditEvent.id)
        .first()
    )
    head_id: int = head["id"]
    return head_id if young is None else min(head_id, int(young["id"]))
