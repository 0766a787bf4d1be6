"""Audit log tests: a freshly migrated database for the tests that change its state for good."""

import pytest

from tests.helpers import query, run_heaolu


@pytest.fixture
def migrated_database_url(fresh_database_url):
    """An empty database of the test database's kind, migrated by `heaolu migrate`."""
    result = run_heaolu("migrate", env={"HEAOLU_DATABASE_URL": fresh_database_url})
    assert result.returncode == 0, result.stderr
    return fresh_database_url


def add_row(database_url: str, at: str = "2026-11-23 10:00:00+00:00", **fields) -> int:
    """Insert one audit row with raw SQL (as `core.audit.log.record` would); returns its id."""
    values = {"at": at, "action": "test.row", "outcome": "allowed", **fields}
    names = ", ".join(values)
    literals = ", ".join(f"'{value}'" for value in values.values())
    query(database_url, f"INSERT INTO audit_event ({names}) VALUES ({literals})")
    [(row_id,)] = query(database_url, "SELECT max(id) FROM audit_event")
    return row_id
