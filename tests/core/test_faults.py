"""Faults, as tests (issue #16): a worker killed in the middle of writes, PostgreSQL stopped and
started again, a full SQLite database. Each starts real servers (`bench.load.Server`, which runs
`heaolu serve`) and takes seconds: a server starts in about two, and a fault needs writes in
flight when it strikes."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.accounts import csrf_from
from bench.load import Server, Tally, bind, demo_database, free_port, measure, serving, staff
from core.auth.sessions import SESSION_COOKIE
from core.db import sqlite_path
from tests.core.test_unavailable import SAYS_NOTHING_LOST
from tests.helpers import run_heaolu

pytestmark = pytest.mark.anyio
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SECONDS = 8
KILL_AFTER = 2
WRITES_IN_FLIGHT = 5
OLD_SESSION = {"cookie": f"{SESSION_COOKIE}=an-old-session"}


async def test_a_worker_killed_mid_writes_loses_no_acknowledged_write(
    settings, demo_database_url, clean_database
):
    """40 staff write with hardly a pause for 8 seconds; after 2, at a moment when at least five
    writes are in flight, the worker answering them is killed with SIGKILL (on PostgreSQL both
    of the two). A single worker is started again on the same port, two workers' supervisor
    starts them again; the staff send what was not answered again with the same key. Every
    acknowledged write is stored exactly once with its audit row and no write is half there
    (`bench.load.Findings`), and the database, opened by a new worker, takes writes. A
    server's start (two seconds, more on a busy machine) and the writes sent again a second
    apart until it answers make the test take about half a minute."""
    workers = 1 if settings.is_sqlite else 2
    server = Server(demo_database_url, workers)
    server.start()
    killed: list[int] = []

    async def kill_mid_writes(tally: Tally) -> None:
        # Once the staff are under way, at a moment when several writes are in flight.
        await asyncio.sleep(KILL_AFTER)
        for _ in range(1000):
            if tally.writing >= WRITES_IN_FLIGHT:
                break
            await asyncio.sleep(0.01)
        if workers == 1:
            killed.append(server.process.pid)
            server.kill()
            await asyncio.to_thread(server.start)
        else:
            # Each of them: a client keeps its connection to one worker, so the writes in
            # flight may all be on one.
            killed.extend(server.workers_pids())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    try:
        report = await measure(
            server.url, demo_database_url, 40, SECONDS, think=0.05, during=kill_mid_writes
        )
        health = await asyncio.to_thread(httpx.get, f"{server.url}/healthz")
    finally:
        server.stop()
    print("\n".join(report.lines()))
    cut = [write for write in report.tally.writes if write.attempts > 1]
    assert killed and cut, "the kill cut no write"
    assert report.problems == []
    # Sent again after the kill, they were answered by a new worker: the database takes
    # writes, and each of them is stored once whether or not the killed worker committed it.
    assert any(write.acknowledged for write in cut)
    assert health.status_code == 200
    if settings.is_sqlite:
        with contextlib.closing(sqlite3.connect(sqlite_path(demo_database_url))) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# --- PostgreSQL stopped and started again ------------------------------------------------------


def _postgres_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        message = "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return Path(found[-1]).parent


def _as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the user `postgres`."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        message = "running as root and there is no user `postgres` to run a PostgreSQL cluster"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def own_cluster() -> Iterator[tuple[list[str], str, str]]:
    """A PostgreSQL cluster of the test's own in a temporary directory, on a free port (its
    socket in that directory, trust authentication): yields the command prefix that runs
    pg_ctl on it, the data directory and the server's URL."""
    binaries, prefix = _postgres_binaries(), _as_postgres_user()
    data = Path(tempfile.mkdtemp(prefix="heaolu-pg-"))
    if prefix:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        [*prefix, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-w", "-o", options]
    subprocess.run([*pg_ctl, "-l", str(data / "log"), "start"], check=True, capture_output=True)
    try:
        yield pg_ctl, str(data), f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def _answers(url: str) -> tuple[int, int, str]:
    """/healthz's status, and the status and text of a page that reads the database (the
    session of a browser's old cookie is looked up)."""
    health = httpx.get(f"{url}/healthz")
    page = httpx.get(f"{url}/", headers=OLD_SESSION)
    return health.status_code, page.status_code, page.text


async def test_postgresql_stopped_answers_503_and_started_again_serves_without_a_restart(
    clean_database,
):
    """A cluster of its own (the suite's server must stay up), so it runs on both suites' runs:
    initdb, the migrations, the cluster's two starts and heaolu's take ten seconds, twice that
    on a busy machine."""
    with own_cluster() as (pg_ctl, data, server_url):
        import asyncpg

        connection = await asyncpg.connect(f"{server_url}/postgres")
        await connection.execute("CREATE DATABASE heaolu")
        await connection.close()
        url = f"{server_url}/heaolu"
        migrated = await asyncio.to_thread(run_heaolu, "migrate", env={"HEAOLU_DATABASE_URL": url})
        assert migrated.returncode == 0, migrated.stderr
        with serving(url) as server:
            assert _answers(server.url)[:2] == (200, 303)
            await asyncio.to_thread(subprocess.run, [*pg_ctl, "-m", "fast", "stop"], check=True)
            health, page, text = await asyncio.to_thread(_answers, server.url)
            assert (health, page) == (503, 503)
            assert SAYS_NOTHING_LOST in text
            await asyncio.to_thread(
                subprocess.run, [*pg_ctl, "-l", f"{data}/log", "start"], check=True
            )
            # The pool's connections died with the server: each is dropped when it fails, so
            # service comes back within a few requests, by the same process.
            pid = server.process.pid
            for _ in range(20):
                if (await asyncio.to_thread(_answers, server.url))[:2] == (200, 303):
                    break
                await asyncio.sleep(0.25)
            assert (await asyncio.to_thread(_answers, server.url))[:2] == (200, 303)
            assert server.process.pid == pid and server.process.poll() is None


# --- A full SQLite database ----------------------------------------------------------------------

BODY = "Pikk märkus. " * 1500  # about 20 kB: a few entries fill the headroom
HEADROOM_PAGES = 40
SAYS_FULL = "Andmebaas on täis, seetõttu seda ei salvestatud; varem salvestatust ei läinud midagi"


async def test_a_full_sqlite_database_says_the_save_failed_and_loses_nothing(
    tmp_path, clean_database
):
    """About a SQLite file whatever the suite's database: the demo in a new file (two seconds),
    capped by HEAOLU_SQLITE_MAX_PAGES a little above its size, then entries written until one
    does not fit."""
    url = await asyncio.to_thread(demo_database, tmp_path)
    with contextlib.closing(sqlite3.connect(sqlite_path(url))) as connection:
        [(pages,)] = connection.execute("PRAGMA page_count").fetchall()
    cap = str(pages + HEADROOM_PAGES)
    with serving(url, HEAOLU_SQLITE_MAX_PAGES=cap) as server:
        bind(url)
        [person] = await staff(1)
        saved: list[str] = []
        async with httpx.AsyncClient(base_url=server.url, headers={"cookie": person.cookie}) as c:
            token = csrf_from((await c.get(f"/cases/{person.case_id}")).text)
            for number in range(HEADROOM_PAGES):
                body = f"{number}: {BODY}"
                fields = {"kind": "note", "body": body, "sensitivity": "none"}
                key = f"full-database-test-{number:04d}"
                answer = await c.post(
                    f"/cases/{person.case_id}/entries",
                    data={**fields, "_csrf_token": token, "_submission_key": key},
                )
                if answer.status_code != 303:
                    break
                saved.append(body.strip())
            assert answer.status_code == 503, answer.status_code
            assert SAYS_FULL in answer.text
            english = await c.post(
                f"/cases/{person.case_id}/entries?lang=en",
                data={**fields, "_csrf_token": token, "_submission_key": key},
            )
            assert english.status_code == 503
            assert (
                "The database is full, so this was not saved; nothing saved before was lost."
                in (english.text)
            )
    assert saved, "not one entry fitted: the headroom is too small to test"
    with contextlib.closing(sqlite3.connect(sqlite_path(url))) as connection:
        stored = [
            row[0]
            for row in connection.execute(
                "SELECT body FROM cases_entry WHERE body LIKE '%Pikk märkus.%' ORDER BY id"
            )
        ]
        claimed = connection.execute(
            "SELECT count(*) FROM auth_submission_key WHERE key LIKE 'full-database-test-%'"
        ).fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert stored == saved
    assert claimed == [(len(saved),)]
