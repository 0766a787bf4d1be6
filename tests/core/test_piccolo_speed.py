"""`core.piccolo_speed`: the membership test that replaces ``dir()`` in Piccolo's foreign key,
and the converters of SQLite's values that replace Piccolo's."""

import inspect
from datetime import date
from decimal import InvalidOperation

import piccolo.columns.column_types as column_types
from piccolo.columns.column_types import ForeignKey

from core import db  # noqa: F401  (installs the faster test)
from core.cases.tables import Case, CaseParticipant
from core.piccolo_speed import SQLITE_CONVERTERS, AttributeNames


def test_piccolo_still_asks_dir_for_membership_only():
    """Piccolo's foreign key asks ``dir(self)`` for one thing, whether a name is among it; a
    Piccolo that asks otherwise fails here, before the replacement could answer wrongly."""
    source = inspect.getsource(ForeignKey.__getattribute__)
    assert source.count("dir(") == 1
    assert "name not in dir(self)" in source
    assert inspect.getsource(column_types).count("dir(") == 1
    assert column_types.dir is AttributeNames


def test_it_answers_as_dir_does_for_every_public_name():
    """Piccolo asks only of names without a leading underscore (the columns' names)."""
    columns = [
        Case.child,
        Case.responsible,
        CaseParticipant.user,
        CaseParticipant.case.child,
        CaseParticipant.case.child.registered_municipality,
    ]
    names = {"given_name", "full_name", "id", "name", "copy", "nothing_such", "case"}
    for column in columns:
        names |= {name for name in dir(column) if not name.startswith("_")}
    for column in columns:
        for name in names:
            assert (name in AttributeNames(column)) == (name in dir(column)), (column, name)


def test_the_sqlite_converters_give_piccolos_values():
    """On what SQLite gives for each type (the text of the stored value) and on odd values that
    Piccolo's converters still read (a real in an integer column, spaces); a value neither
    reads fails in both."""
    import sqlite3

    import pytest
    from piccolo.engine.sqlite import CONVERTERS

    values = {
        "INTEGER": [b"0", b"12", b"-5", b"9223372036854775807", b"1.0", b" 7 ", b"2.5"],
        "DATE": [b"2026-12-04", b"1999-01-31"],
        "TIMESTAMPTZ": [
            b"2026-12-04 20:35:43.849761+00:00",
            b"2026-12-04 20:35:43",
            b"2026-01-01T00:00:00+02:00",
        ],
        "BOOLEAN": [b"1", b"0"],
    }
    for declared, given in values.items():
        for value in given:
            assert SQLITE_CONVERTERS[declared](value) == CONVERTERS[declared](value), value
    for converter in (CONVERTERS["INTEGER"], SQLITE_CONVERTERS["INTEGER"]):
        with pytest.raises(InvalidOperation):
            converter(b"hello")
    # Registered for the driver (the SQLite engine's connections read declared types).
    connection = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_DECLTYPES)
    connection.execute("CREATE TABLE t (n INTEGER, d DATE, b BOOLEAN)")
    connection.execute("INSERT INTO t VALUES (42, '2026-12-04', 1)")
    assert connection.execute("SELECT n, d, b FROM t").fetchone() == (42, date(2026, 12, 4), True)
