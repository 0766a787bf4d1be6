"""The hash chain: `heaolu audit seal` links rows off the request path, `heaolu audit verify`
finds rows changed, removed or slipped in behind the application's back."""

import asyncio
import contextlib
import hashlib
import sqlite3
import threading
import time

import pytest

from core.audit.chain import GENESIS, SEAL_LOCK, canonical, row_hash
from tests.core.audit.conftest import add_row
from tests.helpers import bypassing_append_only, query, run_heaolu, start_heaolu


def test_the_hash_covers_every_field_in_a_fixed_form():
    from datetime import datetime, timedelta, timezone

    row = {
        "id": 7,
        "at": datetime(2026, 11, 23, 12, 0, 1, 5, tzinfo=timezone(timedelta(hours=2))),
        "user_id": 3,
        "role": "municipality_admin",
        "organisation_id": 2,
        "action": "user.created",
        "object_type": "user",
        "object_id": "12",
        "purpose": None,
        "outcome": "allowed",
        "request_id": "ab12",
        "hash": "ignored",
    }
    # Pinned: a change here would make every chain already sealed fail to verify.
    expected = (
        '{"action":"user.created","at":"2026-11-23T10:00:01.000005Z","id":7,'
        '"object_id":"12","object_type":"user","organisation_id":2,"outcome":"allowed",'
        '"purpose":null,"request_id":"ab12","role":"municipality_admin","user_id":3}'
    )
    assert canonical(row) == expected
    assert row_hash(GENESIS, row) == hashlib.sha256((GENESIS + expected).encode()).hexdigest()
    assert row_hash(GENESIS, {**row, "object_id": "13"}) != row_hash(GENESIS, row)


def test_seal_chains_new_rows_and_verify_passes(clean_database, settings):
    url = settings.database_url
    rows = [add_row(url, object_id=str(i)) for i in range(3)]
    assert (
        run_heaolu("audit", "verify").stdout
        == "ok: 0 rows chained\n3 newer row(s) not sealed yet\n"
    )
    assert run_heaolu("audit", "seal").stdout == "sealed 3 row(s)\n"
    rows.append(add_row(url))
    waiting = run_heaolu("audit", "verify")
    assert waiting.returncode == 0, waiting.stderr
    assert "1 newer row(s) not sealed yet" in waiting.stdout
    assert run_heaolu("audit", "seal").stdout == "sealed 1 row(s)\n"
    verified = run_heaolu("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    [(head_hash,)] = query(url, f"SELECT hash FROM audit_event WHERE id = {rows[-1]}")
    assert verified.stdout == f"ok: 4 rows chained\nhead: row {rows[-1]}, hash {head_hash}\n"
    links = query(url, "SELECT prev_hash, hash FROM audit_event ORDER BY id")
    assert links[0][0] == GENESIS
    assert [prev for prev, _hash in links[1:]] == [hash_ for _prev, hash_ in links[:-1]]


@pytest.mark.parametrize(
    ("tampering", "broken_at"),
    [
        ("UPDATE audit_event SET object_id = '999' WHERE id = {row}", 0),
        ("UPDATE audit_event SET at = '2026-11-23 09:00:00+00:00' WHERE id = {row}", 0),
        ("DELETE FROM audit_event WHERE id = {row}", 1),
        ("UPDATE audit_event SET prev_hash = NULL, hash = NULL WHERE id = {row}", 1),
    ],
    ids=["changed", "backdated", "removed", "unsealed"],
)
def test_verify_finds_a_row_changed_behind_the_applications_back(
    clean_database, settings, tampering, broken_at
):
    url = settings.database_url
    rows = [add_row(url, object_id=str(i)) for i in range(4)]
    run_heaolu("audit", "seal")
    # What someone with the database owner's rights can do: take the triggers out of the way.
    bypassing_append_only(url, tampering.format(row=rows[1]))
    result = run_heaolu("audit", "verify")
    assert result.returncode == 1
    assert f"the chain breaks at row {rows[1 + broken_at]}" in result.stderr
    assert "ok:" not in result.stdout


def test_an_unsealed_row_below_the_chain_head_is_reported(clean_database, settings):
    url = settings.database_url
    # A row that commits after the sealer chained a row with a higher id (on PostgreSQL ids are
    # handed out at insert, not at commit): made here with explicit ids.
    add_row(url, id=1_000_001)
    add_row(url, id=1_000_003)
    run_heaolu("audit", "seal")
    add_row(url, id=1_000_002)
    result = run_heaolu("audit", "verify")
    assert result.returncode == 3
    assert result.stdout.startswith("ok: 2 rows chained\n")
    assert "unsealed rows below the chain head: 1000002 (a late commit" in result.stderr
    assert run_heaolu("audit", "seal").stdout == "sealed 0 row(s)\n"


def test_two_sealers_at_once_make_one_chain(clean_database, settings):
    url = settings.database_url
    query(
        url,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
        " INSERT INTO audit_event (at, action, outcome, object_id)"
        " SELECT '2026-11-23 10:00:00+00:00', 'test.bulk', 'allowed', i FROM n",
    )
    with holding_the_sealers_lock(url) as both_waiting:
        sealers = [start_heaolu("audit", "seal", "--batch", "20") for _ in range(2)]
        both_waiting()
    outputs = [sealer.communicate(timeout=120) for sealer in sealers]
    assert [sealer.returncode for sealer in sealers] == [0, 0], outputs
    assert sum(int(stdout.split()[1]) for stdout, _stderr in outputs) == 2000
    verified = run_heaolu("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: 2000 rows chained\n")
    assert query(url, "SELECT count(DISTINCT prev_hash) FROM audit_event") == [(2000,)]


@contextlib.contextmanager
def holding_the_sealers_lock(url):
    """Hold the lock sealers take, so that both start sealing at the same moment; yields a
    function that returns once both sealers wait for the lock (on SQLite, after a while)."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield lambda: time.sleep(3)
        finally:
            connection.execute("COMMIT")
            connection.close()
        return
    import asyncpg

    async def hold(release: threading.Event, waiting: threading.Event):
        connection = await asyncpg.connect(url)
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", SEAL_LOCK)
            for _ in range(1200):  # a minute at most
                if await connection.fetchval(WAITERS, SEAL_LOCK) >= 2:
                    break
                await asyncio.sleep(0.05)
            waiting.set()
            await asyncio.get_running_loop().run_in_executor(None, release.wait)
            await connection.execute("SELECT pg_advisory_unlock($1)", SEAL_LOCK)
        finally:
            await connection.close()

    release, waiting = threading.Event(), threading.Event()
    holder = threading.Thread(target=asyncio.run, args=(hold(release, waiting),))
    holder.start()
    try:
        yield lambda: waiting.wait(timeout=70)
    finally:
        release.set()
        holder.join()


WAITERS = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    " AND ((classid::bigint << 32) | objid::bigint) = $1"
)
