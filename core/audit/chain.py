"""The audit log's hash chain: sealing rows after the fact, and checking the chain.

Rows are written on the request path without a hash (`core.audit.log.record`). The sealer,
``heaolu audit seal``, runs outside any request and links them into one chain in id order: a
sealed row stores ``prev_hash``, the hash of the sealed row before it (`GENESIS` for the first
row ever sealed), and ``hash = sha256(prev_hash + canonical(row))`` over the row's
`CHAINED_FIELDS`. A sealed row changed, removed or slipped in behind the application's back
breaks the chain at that row or the next, unless whoever did it also recomputed every later
hash: that is why `verify` reports the head's hash, to be kept somewhere else as well.

Sealers take a lock first (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock
of an IMMEDIATE transaction), so two of them never fork the chain; the database's trigger also
refuses to set a row's hash twice.

Ids are handed out when rows are inserted, not when they commit: on PostgreSQL a transaction may
commit a row with a lower id after the sealer has chained a higher one. Such a row is never
sealed; `verify` reports it as an unsealed row below the chain head (a late commit, or a row
added behind the application's back) rather than as a break. On SQLite writers take turns, so
ids commit in order.

Pruning (`core.audit.retention`) removes the oldest rows but never the head; `verify` starts
from the first remaining sealed row and takes its stored ``prev_hash`` as the anchor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from core.audit.tables import AuditEvent
from core.db import write_transaction

GENESIS = "0" * 64
# Changing these (or `canonical`) changes every hash: old chains would no longer verify.
CHAINED_FIELDS = (
    "id",
    "at",
    "user_id",
    "role",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "outcome",
    "request_id",
)
# The advisory lock sealers take on PostgreSQL; one key for every process.
SEAL_LOCK = int.from_bytes(b"heaolu.a", "big")
DEFAULT_BATCH = 1000

_CHAINED_COLUMNS = [getattr(AuditEvent, name) for name in CHAINED_FIELDS]


def canonical(row: Mapping[str, Any]) -> str:
    """The row's chained fields as compact JSON with sorted keys; times in UTC, to the µs."""
    values = {name: _plain(row[name]) for name in CHAINED_FIELDS}
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(row)).encode("utf-8")).hexdigest()


async def chain_head() -> dict[str, Any] | None:
    """The sealed row with the highest id (``id`` and ``hash``), or None before any sealing."""
    head: dict[str, Any] | None = (
        await AuditEvent.select(AuditEvent.id, AuditEvent.hash)
        .where(AuditEvent.hash.is_not_null())
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    return head


async def seal(batch: int = DEFAULT_BATCH) -> int:
    """Chain up to ``batch`` unsealed rows after the head, in id order, in one transaction.

    Returns how many rows were sealed. Safe to run in several processes at once: they queue on
    a lock and each continues from the head the previous one left.
    """
    engine = AuditEvent._meta.db
    async with write_transaction(engine):
        if isinstance(engine, PostgresEngine):
            await AuditEvent.raw("SELECT pg_advisory_xact_lock({})", SEAL_LOCK)
        head = await chain_head()
        query = (
            AuditEvent.select(*_CHAINED_COLUMNS)
            .where(AuditEvent.hash.is_null())
            .order_by(AuditEvent.id)
            .limit(batch)
        )
        prev = GENESIS
        if head is not None:
            query = query.where(AuditEvent.id > head["id"])
            prev = head["hash"]
        rows = await query
        for row in rows:
            digest = row_hash(prev, row)
            await AuditEvent.update({AuditEvent.prev_hash: prev, AuditEvent.hash: digest}).where(
                AuditEvent.id == row["id"]
            )
            prev = digest
    return len(rows)


async def seal_all(batch: int = DEFAULT_BATCH) -> int:
    """Seal batch after batch (one transaction each) until no row is left; returns the total."""
    total = 0
    while True:
        sealed = await seal(batch)
        total += sealed
        if sealed < batch:
            return total


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found. ``first_broken`` is the id of the first sealed row whose link or
    hash does not match (that row, or the one before it, was changed, removed or added)."""

    sealed: int
    unsealed: int
    below_head: tuple[int, ...]
    first_broken: int | None
    head_id: int | None
    head_hash: str | None
    anchor: str

    @property
    def intact(self) -> bool:
        return self.first_broken is None


async def verify(batch: int = DEFAULT_BATCH) -> VerifyReport:
    """Recompute the chain from the first remaining sealed row up to the head.

    The first row's stored ``prev_hash`` is the anchor (`GENESIS` unless older rows were
    pruned). Rows the sealer has not reached are counted, never checked; unsealed rows with an
    id below the head are listed in ``below_head``.
    """
    async with AuditEvent._meta.db.transaction():
        head = await chain_head()
        head_id = None if head is None else int(head["id"])
        anchor = GENESIS
        first_broken = None
        if head_id is not None:
            anchor, first_broken = await _walk(head_id, batch)
        unsealed = AuditEvent.hash.is_null()
        below: list[dict[str, Any]] = []
        if head_id is not None:
            below = (
                await AuditEvent.select(AuditEvent.id)
                .where(unsealed, AuditEvent.id < head_id)
                .order_by(AuditEvent.id)
            )
        return VerifyReport(
            sealed=await AuditEvent.count().where(AuditEvent.hash.is_not_null()),
            unsealed=await AuditEvent.count().where(unsealed),
            below_head=tuple(row["id"] for row in below),
            first_broken=first_broken,
            head_id=head_id,
            head_hash=None if head is None else head["hash"],
            anchor=anchor,
        )


async def _walk(head_id: int, batch: int) -> tuple[str, int | None]:
    """(anchor, id of the first row that breaks the chain or None), over rows up to ``head_id``."""
    anchor: str | None = None
    expected: str | None = None
    after = 0
    while True:
        rows = (
            await AuditEvent.select(*_CHAINED_COLUMNS, AuditEvent.prev_hash, AuditEvent.hash)
            .where(AuditEvent.hash.is_not_null(), AuditEvent.id > after, AuditEvent.id <= head_id)
            .order_by(AuditEvent.id)
            .limit(batch)
        )
        for row in rows:
            prev = row["prev_hash"]
            if anchor is None:
                anchor = expected = prev
            if prev is None or prev != expected or row_hash(prev, row) != row["hash"]:
                return anchor or GENESIS, row["id"]
            expected = row["hash"]
        if len(rows) < batch:
            return anchor or GENESIS, None
        after = rows[-1]["id"]
