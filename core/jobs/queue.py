"""Enqueueing a background job, and counting the jobs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from piccolo.query.functions.aggregate import Count

from core.jobs.tables import Job

DEFAULT_MAX_ATTEMPTS = 5


async def enqueue(
    kind: str,
    payload: Mapping[str, Any] | None = None,
    run_at: datetime | None = None,
    dedupe_key: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> int | None:
    """Enqueue a job of ``kind`` (a key of some plugin's ``heaolu_job_handlers``) to run at
    ``run_at`` (an aware datetime; default: now). Returns its id, or None when a job with the
    same ``dedupe_key`` exists already.

    ``payload`` holds ids and dates only, never names or other personal data: it is stored as
    JSON and outlives the request. The job is inserted in the current transaction, so a request
    that rolls back enqueues nothing. A dedupe key is remembered until its job is removed, 30
    days after it finished (`core.jobs.runner.FINISHED_KEPT`).
    """
    if run_at is not None and run_at.tzinfo is None:
        raise ValueError("enqueue(): run_at must be timezone-aware")
    if max_attempts < 1:
        raise ValueError("enqueue(): max_attempts must be at least 1")
    job = Job(
        kind=kind,
        payload=json.dumps(dict(payload or {}), sort_keys=True),
        run_at=run_at or datetime.now(UTC),
        dedupe_key=dedupe_key,
        max_attempts=max_attempts,
    )
    rows = await Job.insert(job).on_conflict(action="DO NOTHING").returning(Job.id)
    return int(rows[0]["id"]) if rows else None


async def counts() -> list[dict[str, Any]]:
    """How many jobs there are of each kind and status (``kind``, ``status``, ``count``)."""
    rows: list[dict[str, Any]] = (
        await Job.select(Job.kind, Job.status, Count(alias="count"))
        .group_by(Job.kind, Job.status)
        .order_by(Job.kind)
        .order_by(Job.status)
    )
    return rows
