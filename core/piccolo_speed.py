"""A faster membership test for Piccolo's foreign keys, installed once per process (`install`).

Piccolo 1.x's ``ForeignKey.__getattribute__`` asks ``name not in dir(self)`` on every access of
a public attribute of a foreign-key column, to find the columns of a table referenced lazily.
``dir()`` builds and sorts the list of every attribute of the column each time: building the
queries of a case page asked it some 170 times, a fifth of the page's time. The test only needs
membership, so the ``dir`` that module sees is replaced by `AttributeNames`, which answers the
same question from the class's names (gathered once per class) and the instance's own
attributes. `tests/core/test_piccolo_speed.py` checks that it answers as ``dir()`` does and that
Piccolo still asks the question this way.
"""

from __future__ import annotations

from typing import Any

import piccolo.columns.column_types as column_types

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


def install() -> None:
    column_types.dir = AttributeNames  # type: ignore[attr-defined]
