"""`heaolu jobs run`, `worker` and `list`, as real processes on the test database."""

import asyncio
import signal
import time
from collections import Counter
from datetime import datetime

import pytest

from core.i18n import TIME_ZONE
from core.jobs import enqueue
from core.jobs.tables import Job
from tests.conftest import NOTES
from tests.helpers import install_entry_point, run_heaolu, start_heaolu
from tests.testplugins.notes.tables import Note

pytestmark = pytest.mark.anyio


@pytest.fixture
def notes_installed(tmp_path):
    """A directory to put on PYTHONPATH so that `heaolu` loads the notes plugin."""
    install_entry_point(tmp_path, "heaolu_notes", "notes", NOTES)
    return tmp_path


async def ran_jobs() -> tuple[Counter, set[str]]:
    """How often each `notes.write` job number ran, and which processes ran them."""
    numbers, processes = Counter(), set()
    for row in await Note.select(Note.text):
        _job, number, _by, pid = row["text"].split()
        numbers[number] += 1
        processes.add(pid)
    return numbers, processes


async def test_jobs_run_makes_one_pass_and_jobs_list_counts(bound_plugins, notes_installed):
    for n in range(3):
        await enqueue("notes.write", {"n": n})
    await enqueue("notes.write", {"n": 99}, max_attempts=1, dedupe_key="kept")
    await Job.update({Job.kind: "notes.gone"}).where(Job.dedupe_key == "kept")

    result = run_heaolu("jobs", "run", env={"HEAOLU_PLUGINS": "notes"}, path=notes_installed)
    assert result.returncode == 0, result.stderr
    # Three jobs, the periodic daily note and core's daily deadline check are done; the job
    # without a handler failed.
    assert result.stdout.strip() == "jobs: 5 done, 0 to be retried, 1 failed"
    assert '"logger": "heaolu.jobs"' in result.stderr
    numbers, _ = await ran_jobs()
    assert sorted(numbers) == sorted(["0", "1", "2", datetime.now(TIME_ZONE).date().isoformat()])

    listed = run_heaolu("jobs", "list", path=notes_installed)
    assert listed.returncode == 0, listed.stderr
    assert [line.split() for line in listed.stdout.splitlines()] == [
        ["core.case_deadlines", "done", "1"],
        ["notes.gone", "failed", "1"],
        ["notes.write", "done", "4"],
    ]


async def test_a_job_runs_once_with_two_workers(bound_plugins, notes_installed):
    total = 300
    async with Job._meta.db.transaction():
        for n in range(total):
            await enqueue("notes.write", {"n": n})
    workers = [
        start_heaolu("jobs", "worker", "--interval", "0.2", path=notes_installed) for _ in range(2)
    ]
    try:
        for _ in range(600):  # two minutes at most
            if not await Job.count().where(Job.status != "done"):
                break
            await asyncio.sleep(0.2)
    finally:
        workers[0].send_signal(signal.SIGTERM)
        workers[1].send_signal(signal.SIGINT)
        outputs = [worker.communicate(timeout=30) for worker in workers]
    for worker, (stdout, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr
        assert stdout.splitlines()[-1] == "jobs worker: stopped"

    numbers, processes = await ran_jobs()
    assert {str(n) for n in range(total)} <= set(numbers)
    assert set(numbers.values()) == {1}, "a job ran more than once"
    assert len(processes) == 2, "both workers ran jobs"
    attempts = await Job.select(Job.attempts, Job.status).where(Job.kind == "notes.write")
    assert {(row["status"], row["attempts"]) for row in attempts} == {("done", 1)}


def test_a_worker_without_a_database_keeps_trying_and_stops_cleanly(tmp_path):
    worker = start_heaolu(
        "jobs",
        "worker",
        "--interval",
        "0.2",
        env={"HEAOLU_DATABASE_URL": "postgresql://heaolu@127.0.0.1:1/nowhere"},
    )
    # Wait for a failed pass (a slow machine may take seconds to start), then stop it.
    seen = ""
    deadline = time.monotonic() + 60
    while "job pass failed" not in seen and time.monotonic() < deadline:
        seen += worker.stderr.readline()
    worker.send_signal(signal.SIGTERM)
    stdout, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, seen + stderr
    assert "job pass failed" in seen
    assert stdout.splitlines()[-1] == "jobs worker: stopped"
