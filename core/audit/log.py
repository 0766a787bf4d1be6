"""Writing audit rows. Callers pass ids; the request's user, role and organisation are added."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from litestar.connection import ASGIConnection
from piccolo.querystring import QueryString

from core.audit.tables import OBJECT_ID_LENGTH, AuditEvent
from core.db import DeferredStatement, after_read
from core.request_id import request_id

# Key in ``scope["state"]`` of a read request's audit rows, waiting for `core.db.after_read`.
_PENDING_ROWS = "audit_rows"
# A new row of `AuditEvent`: the columns it names (the id is the database's; the hashes are
# written when the row joins the chain) and a row's values, in that order.
_INSERT = (
    "INSERT INTO audit_event (at, user_id, role, organisation_id, action, object_type,"
    " object_id, purpose, outcome, request_id) VALUES {}"
)
_ROW = "({}, {}, {}, {}, {}, {}, {}, {}, {}, {})"


class Outcome(StrEnum):
    allowed = "allowed"
    denied = "denied"
    failed = "failed"


async def record(
    connection: ASGIConnection[Any, Any, Any, Any] | None,
    action: str,
    outcome: Outcome = Outcome.allowed,
    *,
    user_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    purpose: str | None = None,
) -> None:
    """Append one audit row: in the current transaction, or, in a read request, just after its
    read transaction and before its response leaves (`core.db.after_read`), all of the
    request's rows in one statement.

    ``user_id`` defaults to the request's user; the active role and organisation come from the
    user's active membership. A list of ids longer than the column is written as several rows
    (`object_id_parts`). The row joins the hash chain later, when `core.audit.chain.seal`
    runs; nothing may change it afterwards (the database refuses).
    """
    user = connection.scope.get("state", {}).get("user") if connection is not None else None
    membership = user.membership if user is not None else None
    at = datetime.now(UTC)
    rows = [
        (
            at,
            user_id if user_id is not None else (user.id if user else None),
            membership.role if membership else None,
            membership.organisation_id if membership else None,
            action,
            object_type,
            part,
            purpose,
            outcome.value,
            request_id(connection.scope) if connection is not None else None,
        )
        for part in object_id_parts(object_id)
    ]
    deferred = after_read(connection.scope) if connection is not None else None
    if connection is None or deferred is None:
        await AuditEvent.raw("{}", insert_statement(rows))
        return
    state = connection.scope["state"]
    pending: list[tuple[Any, ...]] | None = state.get(_PENDING_ROWS)
    if pending is None:
        pending = state[_PENDING_ROWS] = []
        deferred.append(DeferredStatement(lambda: insert_statement(pending)))
    pending.extend(rows)


def insert_statement(rows: list[tuple[Any, ...]]) -> QueryString:
    """One INSERT of ``rows`` (each the values of `_INSERT`'s columns, in order), written as
    SQL: it runs on every page, where building Piccolo's insert of `AuditEvent` objects cost
    more than the write."""
    values = ", ".join("{}" for _ in rows)
    return QueryString(_INSERT, QueryString(values, *(QueryString(_ROW, *row) for row in rows)))


def object_id_parts(object_id: str | int | None) -> list[str | None]:
    """The ``object_id`` of each row: the id, or a comma-separated list of ids cut at commas
    into parts that fit the column (a long list, e.g. a coordinator's page of every child of a
    school, becomes several rows of one action)."""
    if object_id is None:
        return [None]
    text = str(object_id)
    parts: list[str | None] = []
    while len(text) > OBJECT_ID_LENGTH:
        cut = text.rfind(",", 0, OBJECT_ID_LENGTH + 1)
        if cut <= 0:
            cut = OBJECT_ID_LENGTH
        parts.append(text[:cut])
        text = text[cut:].lstrip(",")
    parts.append(text)
    return parts
