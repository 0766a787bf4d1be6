"""Faster answers to two questions Piccolo asks on every page, installed once per process
(`install`): a foreign key's attribute names, and the values SQLite returns.

Piccolo 1.x's ``ForeignKey.__getattribute__`` asks ``name not in dir(self)`` on every access of
a public attribute of a foreign-key column, to find the columns of a table referenced lazily.
``dir()`` builds and sorts the list of every attribute of the column each time: building the
queries of a case page asked it some 170 times, a fifth of the page's time. The test only needs
membership, so the ``dir`` that module sees is replaced by `AttributeNames`, which answers the
same question from the class's names (gathered once per class) and the instance's own
attributes. `tests/core/test_piccolo_speed.py` checks that it answers as ``dir()`` does and that
Piccolo still asks the question this way.

Piccolo registers a converter for each declared column type with SQLite's driver, called on
every value read from such a column: an ``INTEGER`` (every id and foreign key) becomes text,
then a ``Decimal``, then an ``int``, through a wrapper that checks the value's type first, some
300 calls a case page. `SQLITE_CONVERTERS` give the same values more directly (an integer's
text is read by ``int``; anything else still goes to Piccolo's converter), and the test checks
them against Piccolo's on the values SQLite gives and on the odd ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import piccolo.columns.column_types as column_types
from piccolo.engine.sqlite import CONVERTERS

_class_names: dict[type, frozenset[str]] = {}


class AttributeNames:
    """``name in AttributeNames(obj)`` is ``name in dir(obj)`` for a public name (the only kind
    Piccolo asks about; a class's names are read once, and Python adds dunder names to classes
    later), without building the list."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __contains__(self, name: object) -> bool:
        cls = type(self.obj)
        names = _class_names.get(cls)
        if names is None:
            names = _class_names[cls] = frozenset(dir(cls))
        return name in names or name in object.__getattribute__(self.obj, "__dict__")


def _integer(value: bytes) -> int:
    try:
        return int(value)
    except ValueError:
        converted: int = CONVERTERS["INTEGER"](value)
        return converted


def _date(value: bytes) -> date:
    return date.fromisoformat(value.decode())


def _timestamptz(value: bytes) -> datetime:
    return datetime.fromisoformat(value.decode()).replace(tzinfo=UTC)


def _boolean(value: bytes) -> bool:
    return value == b"1"


# Declared type → converter, for the types of heaolu's columns that Piccolo converts.
SQLITE_CONVERTERS: dict[str, Callable[[bytes], Any]] = {
    "INTEGER": _integer,
    "DATE": _date,
    "TIMESTAMPTZ": _timestamptz,
    "BOOLEAN": _boolean,
}


def install() -> None:
    column_types.dir = AttributeNames  # type: ignore[attr-defined]
    for declared, converter in SQLITE_CONVERTERS.items():
        sqlite3.register_converter(declared, converter)
