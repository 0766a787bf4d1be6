"""The job runner on the real database: claiming, leases, retries with backoff, giving up."""

import logging
from datetime import UTC, datetime, timedelta

import pytest

from core.jobs import enqueue
from core.jobs.runner import FINISHED_KEPT, JobRunner, PassReport
from core.jobs.tables import Job
from tests.helpers import post

pytestmark = pytest.mark.anyio


def runner(handlers, owner=None):
    return JobRunner(handlers, {}, owner=owner)


async def job(job_id):
    return await Job.select().where(Job.id == job_id).first()


async def test_a_due_job_runs_once_and_is_done(bound_plugins):
    seen = []

    async def handler(payload):
        seen.append(payload)

    job_id = await enqueue("test.record", {"child_id": 7})
    report = await runner({"test.record": handler}).run_pass()
    assert report == PassReport(done=1)
    assert seen == [{"child_id": 7}]
    row = await job(job_id)
    assert (row["status"], row["attempts"], row["lease_owner"]) == ("done", 1, None)
    assert row["finished_at"] is not None
    assert await runner({"test.record": handler}).run_pass() == PassReport()
    assert len(seen) == 1


async def test_a_job_waits_for_its_time(bound_plugins):
    seen = []

    async def handler(payload):
        seen.append(payload)

    await enqueue("test.later", {"n": 1}, run_at=datetime.now(UTC) + timedelta(hours=1))
    assert await runner({"test.later": handler}).run_pass() == PassReport()
    assert seen == []


async def test_a_dedupe_key_enqueues_once_even_inside_one_transaction(bound_plugins):
    engine = Job._meta.db
    async with engine.transaction():
        first = await enqueue("test.check", {"day": "2026-11-23"}, dedupe_key="check:2026-11-23")
        second = await enqueue("test.check", {"day": "2026-11-23"}, dedupe_key="check:2026-11-23")
        # The refused duplicate left the transaction usable (PostgreSQL aborts on an error).
        third = await enqueue("test.check", {"day": "2026-11-24"}, dedupe_key="check:2026-11-24")
    assert first is not None and third is not None
    assert second is None
    assert await Job.count() == 2


async def test_a_rolled_back_request_enqueues_nothing(reader_client):
    from core.notifications.tables import Notification

    response = await post(reader_client, "/notes/add-then-fail", {"text": "lost"})
    assert response.status_code == 500
    assert await Job.count() == 0
    assert await Notification.count() == 0


async def test_a_failing_job_is_retried_with_backoff_then_fails(bound_plugins, caplog):
    async def handler(payload):
        raise RuntimeError("could not reach mari.maasikas@example.org")

    job_id = await enqueue("test.fail", {"n": 1}, max_attempts=2)
    before = datetime.now(UTC)
    with caplog.at_level(logging.WARNING, logger="heaolu.jobs"):
        assert await runner({"test.fail": handler}).run_pass() == PassReport(retried=1)
    row = await job(job_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, "RuntimeError")
    assert timedelta(seconds=29) < row["run_at"] - before < timedelta(seconds=35)
    assert row["lease_owner"] is None

    # Not due yet; then its time comes.
    assert await runner({"test.fail": handler}).run_pass() == PassReport()
    await Job.update({Job.run_at: datetime.now(UTC)}).where(Job.id == job_id)
    with caplog.at_level(logging.WARNING, logger="heaolu.jobs"):
        assert await runner({"test.fail": handler}).run_pass() == PassReport(failed=1)
    row = await job(job_id)
    assert (row["status"], row["attempts"]) == ("failed", 2)
    assert row["finished_at"] is not None
    # The exception's message (which may quote personal data) is neither stored nor logged.
    assert "RuntimeError" in caplog.text
    assert "maasikas" not in caplog.text
    assert "maasikas" not in str(await Job.select())


async def test_backoff_grows_and_is_capped():
    from core.jobs.runner import backoff

    assert [backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=8),
    ]
    assert backoff(7) == backoff(1000) == timedelta(hours=6)


async def test_a_job_of_an_unknown_kind_is_retried_then_fails(bound_plugins):
    job_id = await enqueue("gone.kind", {}, max_attempts=1)
    assert await runner({}).run_pass() == PassReport(failed=1)
    assert (await job(job_id))["last_error"] == "LookupError"


async def test_a_leased_job_is_not_claimed_by_another_runner(bound_plugins):
    await enqueue("test.record", {"n": 1})
    first = await runner({}, owner="first").claim()
    assert first is not None
    assert await runner({}, owner="second").claim() is None


async def test_an_expired_lease_is_claimed_again(bound_plugins):
    """A worker that died leaves its job running; when the lease expires another runs it."""
    seen = []

    async def handler(payload):
        seen.append(payload["n"])

    job_id = await enqueue("test.record", {"n": 1})
    assert await runner({}, owner="died").claim() is not None
    await Job.update({Job.leased_until: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Job.id == job_id
    )
    assert await runner({"test.record": handler}, owner="alive").run_pass() == PassReport(done=1)
    assert seen == [1]
    row = await job(job_id)
    assert (row["status"], row["attempts"]) == ("done", 2)


async def test_a_runner_that_lost_its_lease_does_not_mark_the_job_done(bound_plugins):
    seen = []

    async def handler(payload):
        seen.append(payload["n"])

    job_id = await enqueue("test.record", {"n": 1})
    slow = runner({"test.record": handler}, owner="slow")
    claimed = await slow.claim()
    await Job.update({Job.leased_until: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Job.id == job_id
    )
    assert await runner({}, owner="other").claim() is not None
    report = PassReport()
    await slow.run(claimed, report)
    assert report == PassReport()
    row = await job(job_id)
    assert (row["status"], row["lease_owner"]) == ("running", "other")


async def test_a_job_whose_worker_died_on_its_last_attempt_fails(bound_plugins):
    job_id = await enqueue("test.record", {"n": 1}, max_attempts=1)
    assert await runner({}, owner="died").claim() is not None
    await Job.update({Job.leased_until: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Job.id == job_id
    )
    assert await runner({}).run_pass() == PassReport()
    row = await job(job_id)
    assert (row["status"], row["last_error"]) == ("failed", "lease expired")


async def test_finished_jobs_are_removed_after_30_days(bound_plugins):
    async def handler(payload):
        return None

    old = await enqueue("test.record", {"n": 1}, dedupe_key="old")
    recent = await enqueue("test.record", {"n": 2}, dedupe_key="recent")
    await runner({"test.record": handler}).run_pass()
    await Job.update(
        {Job.finished_at: datetime.now(UTC) - FINISHED_KEPT - timedelta(hours=1)}
    ).where(Job.id == old)
    await runner({}).run_pass()
    assert [row["id"] for row in await Job.select(Job.id)] == [recent]
    # Its dedupe key is free again.
    assert await enqueue("test.record", {"n": 1}, dedupe_key="old") is not None
