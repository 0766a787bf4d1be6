"""Running the queue: claiming due jobs under a lease, running their handlers, retrying failures.

A pass (`JobRunner.run_pass`) calls every periodic job's ``enqueue_due(now)``, gives up on jobs
whose workers died too often, removes jobs finished more than `FINISHED_KEPT` ago, and then runs
due jobs one by one until none is left. ``heaolu jobs run`` makes one pass (cron);
``heaolu jobs worker`` makes one every few seconds until SIGTERM or SIGINT (`work`).

**Claiming.** A job is due when it is pending and its ``run_at`` has come, or when it is running
but its lease has expired (its worker died). Claiming sets it running, leased to this runner for
`LEASE`, and counts the attempt, in one statement: on PostgreSQL ``UPDATE ... WHERE id = (SELECT
... FOR UPDATE SKIP LOCKED) RETURNING``, so concurrent workers each take a different job; on
SQLite the same statement inside a ``BEGIN IMMEDIATE`` transaction, so workers take turns.

**Running.** The handler runs outside any transaction (it opens its own when it writes several
rows) with a time limit shorter than the lease. Success marks the job done, only while this
runner still holds the lease. Failure (an exception, the time limit, a kind without a handler)
makes it pending again after a backoff (30 s, 2 min, 8 min, ... at most 6 h) until
``max_attempts``, then failed. Only the exception's class is stored and logged: messages of
libraries may quote personal data (an SMTP server quoting an address).

Jobs run at least once, not exactly once: a worker that dies after the handler's work and before
marking the job done leaves it to run again when the lease expires. Handlers must be idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from core.db import write_transaction
from core.jobs.tables import Job, JobStatus
from core.registry import JobHandler, PeriodicJob

logger = logging.getLogger("heaolu.jobs")

LEASE = timedelta(minutes=5)
# A handler is stopped before its lease runs out, so no other worker starts it meanwhile.
HANDLER_TIME_LIMIT = timedelta(minutes=4)
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=6)
FINISHED_KEPT = timedelta(days=30)

# Due: pending and its time has come, or running with an expired lease (its worker died).
# Parameters: lease owner, lease end, now, now.
_CLAIM_POSTGRES = (
    "UPDATE jobs_job SET status = 'running', lease_owner = {}, leased_until = {},"
    " attempts = attempts + 1"
    " WHERE id = (SELECT id FROM jobs_job"
    " WHERE ((status = 'pending' AND run_at <= {}) OR (status = 'running' AND leased_until < {}))"
    " AND attempts < max_attempts"
    " ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING id, kind, payload, attempts, max_attempts"
)
# SQLite has no row locks: the claim runs inside BEGIN IMMEDIATE, so claimers take turns.
_CLAIM_SQLITE = _CLAIM_POSTGRES.replace(" FOR UPDATE SKIP LOCKED", "")


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 2 min, 8 min, ..."""
    # The exponent is capped so that many attempts never overflow a timedelta.
    wait: timedelta = FIRST_BACKOFF * 4 ** min(attempts - 1, 10)
    return min(wait, MAX_BACKOFF)


def worker_name() -> str:
    """This process's name on the leases it takes: host, process id and a random suffix."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int


@dataclass
class PassReport:
    """What one pass did: jobs done, attempts that failed and will be retried, jobs given up."""

    done: int = 0
    retried: int = 0
    failed: int = 0


class JobRunner:
    """Runs the jobs of one database with the handlers and periodic jobs the plugins gave."""

    def __init__(
        self,
        handlers: Mapping[str, JobHandler],
        periodic_jobs: Mapping[str, PeriodicJob],
        owner: str | None = None,
    ) -> None:
        self.handlers = handlers
        self.periodic_jobs = periodic_jobs
        self.owner = owner or worker_name()
        self.engine = Job._meta.db

    async def run_pass(self, stop: asyncio.Event | None = None) -> PassReport:
        """One pass (see the module's docstring); stops between jobs when ``stop`` is set."""
        await self.enqueue_periodic()
        await self.give_up_abandoned()
        await self.remove_finished()
        report = PassReport()
        while stop is None or not stop.is_set():
            job = await self.claim()
            if job is None:
                break
            await self.run(job, report)
        return report

    async def enqueue_periodic(self) -> None:
        for name, periodic in self.periodic_jobs.items():
            try:
                async with write_transaction(self.engine):
                    await periodic.enqueue_due(datetime.now(UTC))
            except Exception as exc:
                logger.error("periodic job %s failed to enqueue: %s", name, type(exc).__name__)

    async def give_up_abandoned(self) -> None:
        """Fail the jobs whose lease expired on their last allowed attempt (their worker died)."""
        now = datetime.now(UTC)
        rows = (
            await Job.update(
                {
                    Job.status: JobStatus.failed.value,
                    Job.finished_at: now,
                    Job.lease_owner: None,
                    Job.leased_until: None,
                    Job.last_error: "lease expired",
                }
            )
            .where(
                (Job.status == JobStatus.running.value)
                & (Job.leased_until < now)
                & (Job.attempts >= Job.max_attempts)
            )
            .returning(Job.id, Job.kind)
        )
        for row in rows:
            logger.error(
                "job %s (%s) failed: its worker stopped on the last attempt", *row.values()
            )

    async def remove_finished(self) -> None:
        cutoff = datetime.now(UTC) - FINISHED_KEPT
        await Job.delete().where(
            Job.status.is_in([JobStatus.done.value, JobStatus.failed.value])
            & (Job.finished_at < cutoff)
        )

    async def claim(self) -> ClaimedJob | None:
        """Lease the next due job to this runner, or None when none is due."""
        now = datetime.now(UTC)
        sql = _CLAIM_POSTGRES if isinstance(self.engine, PostgresEngine) else _CLAIM_SQLITE
        async with write_transaction(self.engine):
            rows = await Job.raw(sql, self.owner, now + LEASE, now, now)
        if not rows:
            return None
        row = rows[0]
        payload = row["payload"]
        return ClaimedJob(
            id=row["id"],
            kind=row["kind"],
            payload=json.loads(payload) if isinstance(payload, str) else dict(payload),
            attempts=row["attempts"],
            max_attempts=row["max_attempts"],
        )

    async def run(self, job: ClaimedJob, report: PassReport) -> None:
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            async with asyncio.timeout(HANDLER_TIME_LIMIT.total_seconds()):
                await handler(job.payload)
        except Exception as exc:
            await self._failed(job, type(exc).__name__, report)
            return
        finished = (
            await Job.update(
                {
                    Job.status: JobStatus.done.value,
                    Job.finished_at: datetime.now(UTC),
                    Job.lease_owner: None,
                    Job.leased_until: None,
                    Job.last_error: None,
                }
            )
            .where(self._still_mine(job))
            .returning(Job.id)
        )
        if finished:
            report.done += 1
        else:
            logger.warning("job %s (%s) outlived its lease; it may run again", job.id, job.kind)

    async def _failed(self, job: ClaimedJob, error: str, report: PassReport) -> None:
        now = datetime.now(UTC)
        values: dict[Any, Any] = {
            Job.lease_owner: None,
            Job.leased_until: None,
            Job.last_error: error[:200],
        }
        if job.attempts >= job.max_attempts:
            values |= {Job.status: JobStatus.failed.value, Job.finished_at: now}
            report.failed += 1
            logger.error(
                "job %s (%s) failed on its last attempt (%s of %s): %s",
                job.id,
                job.kind,
                job.attempts,
                job.max_attempts,
                error,
            )
        else:
            retry_at = now + backoff(job.attempts)
            values |= {Job.status: JobStatus.pending.value, Job.run_at: retry_at}
            report.retried += 1
            logger.warning(
                "job %s (%s) failed on attempt %s of %s: %s; retrying at %s",
                job.id,
                job.kind,
                job.attempts,
                job.max_attempts,
                error,
                retry_at.isoformat(timespec="seconds"),
            )
        await Job.update(values).where(self._still_mine(job))

    def _still_mine(self, job: ClaimedJob) -> Any:
        return (
            (Job.id == job.id)
            & (Job.status == JobStatus.running.value)
            & (Job.lease_owner == self.owner)
        )


async def work(runner: JobRunner, stop: asyncio.Event, interval: float) -> None:
    """Make a pass every ``interval`` seconds until ``stop`` is set (SIGTERM or SIGINT); the job
    running then is finished first. A pass that fails (the database is down) is logged and the
    next one tried after the interval."""
    while not stop.is_set():
        try:
            await runner.run_pass(stop)
        except Exception as exc:
            logger.error("job pass failed: %s", type(exc).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
