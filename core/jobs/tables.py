"""The job queue's one table.

A job's ``payload`` holds ids and dates only, never names or other personal data, and
``last_error`` only the class of the exception (an SMTP error can quote an address).
"""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import JSON, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class JobStatus(StrEnum):
    pending = "pending"
    running = "running"
    done = "done"
    failed = "failed"


class Job(Table, tablename="jobs_job"):
    id = Serial(primary_key=True)
    kind = Varchar(length=100)
    payload = JSON(default="{}")
    # Not before this moment; a failed attempt moves it later (backoff).
    run_at = Timestamptz(default=TimestamptzNow())
    status = Varchar(length=10, default=JobStatus.pending.value)
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    # The worker running the job and until when it may; an expired lease is claimed again.
    lease_owner = Varchar(length=100, null=True, default=None)
    leased_until = Timestamptz(null=True, default=None)
    last_error = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    # Unique when set (an index): the same periodic job or reminder is enqueued only once.
    dedupe_key = Varchar(length=200, null=True, default=None)
