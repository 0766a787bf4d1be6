"""`heaolu audit prune`: rows past the retention period go, the chain stays verifiable."""

from tests.core.audit.conftest import add_row
from tests.helpers import query, run_heaolu

OLD = "2000-01-0{}T00:00:00+00:00"


def test_prune_removes_only_rows_past_retention_and_verify_still_passes(migrated_database_url):
    url = migrated_database_url
    env = {"HEAOLU_DATABASE_URL": url, "HEAOLU_AUDIT_RETENTION_DAYS": "4000"}
    for day in (1, 2, 3):
        add_row(url, at=OLD.format(day))
    young = [add_row(url), add_row(url)]
    assert run_heaolu("audit", "seal", env=env).stdout == "sealed 5 row(s)\n"
    late_old = add_row(url, at=OLD.format(4))  # after the head: not sealed yet, so kept

    dry = run_heaolu("audit", "prune", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("would delete 3 row(s) older than ")
    assert query(url, "SELECT count(*), (SELECT days FROM audit_retention) FROM audit_event") == [
        (6, 3650)
    ]

    pruned = run_heaolu("audit", "prune", env=env)
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.startswith("deleted 3 row(s) older than ")
    assert "(retention: 4000 days)" in pruned.stdout
    assert query(url, "SELECT id FROM audit_event ORDER BY id") == [
        (i,) for i in [*young, late_old]
    ]
    assert query(url, "SELECT days FROM audit_retention") == [(4000,)]

    verified = run_heaolu("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: 2 rows chained\n")
    assert "anchor: older rows were pruned" in verified.stdout
    assert "1 newer row(s) not sealed yet" in verified.stdout
    assert run_heaolu("audit", "seal", env=env).stdout == "sealed 1 row(s)\n"
    assert run_heaolu("audit", "verify", env=env).stdout.startswith("ok: 3 rows chained\n")


def test_prune_keeps_the_chain_head_however_old(migrated_database_url):
    url = migrated_database_url
    env = {"HEAOLU_DATABASE_URL": url}
    first, head = add_row(url, at=OLD.format(1)), add_row(url, at=OLD.format(2))
    assert run_heaolu("audit", "prune", env=env).stdout.startswith("deleted 0 row(s)")
    run_heaolu("audit", "seal", env=env)
    assert run_heaolu("audit", "prune", env=env).stdout.startswith("deleted 1 row(s)")
    assert query(url, "SELECT id FROM audit_event") == [(head,)]
    assert first < head
    new = add_row(url)
    run_heaolu("audit", "seal", env=env)
    verified = run_heaolu("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: 2 rows chained\n")
    hashes = dict(query(url, "SELECT id, hash FROM audit_event"))
    assert query(url, f"SELECT prev_hash FROM audit_event WHERE id = {new}") == [(hashes[head],)]
