"""Audit log tests: a freshly migrated database (`migrated_database_url`, in tests/conftest.py)
for the tests that change its state for good."""

from tests.helpers import query


def add_row(database_url: str, at: str = "2026-11-23 10:00:00+00:00", **fields) -> int:
    """Insert one audit row with raw SQL (as `core.audit.log.record` would); returns its id."""
    values = {"at": at, "action": "test.row", "outcome": "allowed", **fields}
    names = ", ".join(values)
    literals = ", ".join(f"'{value}'" for value in values.values())
    query(database_url, f"INSERT INTO audit_event ({names}) VALUES ({literals})")
    [(row_id,)] = query(database_url, "SELECT max(id) FROM audit_event")
    return row_id
