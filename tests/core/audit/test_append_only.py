"""The database itself keeps audit_event append-only: only the sealer's one update and the
pruning of rows past the retention period get through."""

import pytest

from tests.core.audit.conftest import add_row
from tests.helpers import query

SEALED = "prev_hash = '{}', hash = '{}'".format("0" * 64, "a" * 64)


def test_the_database_refuses_to_change_or_delete_an_audit_row(migrated_database_url):
    url = migrated_database_url
    row = add_row(url, object_id="7")
    for statement in (
        f"UPDATE audit_event SET action = 'forged' WHERE id = {row}",
        f"UPDATE audit_event SET object_id = NULL WHERE id = {row}",
        f"DELETE FROM audit_event WHERE id = {row}",
        "DELETE FROM audit_event",
    ):
        with pytest.raises(Exception, match="append-only"):
            query(url, statement)
    if url.startswith("postgresql"):
        with pytest.raises(Exception, match="cannot be truncated"):
            query(url, "TRUNCATE audit_event")
    assert query(url, "SELECT id, action, object_id FROM audit_event") == [(row, "test.row", "7")]


def test_the_sealer_may_set_the_chain_columns_once(migrated_database_url):
    url = migrated_database_url
    first, second = add_row(url), add_row(url)
    query(url, f"UPDATE audit_event SET {SEALED} WHERE id = {first}")
    for statement in (
        f"UPDATE audit_event SET hash = '{'b' * 64}' WHERE id = {first}",
        f"UPDATE audit_event SET prev_hash = NULL, hash = NULL WHERE id = {first}",
        f"UPDATE audit_event SET {SEALED}, action = 'forged' WHERE id = {second}",
        f"UPDATE audit_event SET hash = '{'c' * 64}' WHERE id = {second}",
    ):
        with pytest.raises(Exception, match="append-only"):
            query(url, statement)
    assert query(url, "SELECT id, hash, action FROM audit_event ORDER BY id") == [
        (first, "a" * 64, "test.row"),
        (second, None, "test.row"),
    ]


def test_only_rows_past_the_retention_period_may_be_deleted(migrated_database_url):
    url = migrated_database_url
    assert query(url, "SELECT days FROM audit_retention") == [(3650,)]
    old = add_row(url, at="2000-01-01 00:00:00+00:00")
    young = add_row(url)
    query(url, f"DELETE FROM audit_event WHERE id = {old}")
    with pytest.raises(Exception, match="past the retention period"):
        query(url, f"DELETE FROM audit_event WHERE id = {young}")
    with pytest.raises(Exception, match="(?i)check"):
        query(url, "UPDATE audit_retention SET days = 30")
    assert query(url, "SELECT id FROM audit_event") == [(young,)]
