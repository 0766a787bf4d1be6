"""`core.piccolo_speed`: the membership test that replaces ``dir()`` in Piccolo's foreign key."""

import inspect

import piccolo.columns.column_types as column_types
from piccolo.columns.column_types import ForeignKey

from core import db  # noqa: F401  (installs the faster test)
from core.cases.tables import Case, CaseParticipant
from core.piccolo_speed import AttributeNames


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
