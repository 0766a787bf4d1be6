"""Statements kept as SQL: a select built once with Piccolo and run many times with new values.

Building a Piccolo select (its columns, joins and conditions as nested query strings) costs 50
to 150 µs, and the case's access statement over a millisecond: more than SQLite takes to run
them. A page of twenty statements spent a third of its time building them. A `Kept` statement
is built once for each engine type, and for each shape given (what its SQL depends on beyond
its values: a role's scope, whether the role has a unit), with a `Slot` where each value goes;
its SQL is compiled then and kept, and each run puts the values into the slots.

The query is written once, with Piccolo, as any other: the kept SQL is the SQL Piccolo builds.
A value is a slot only where it goes into the statement as a value; a builder must not ask a
slot's value (the shape carries what the SQL depends on), and one that formats a slot into the
SQL text (Piccolo's ``limit`` and ``offset``) fails when it is built. Only plain selects are
kept (no ``output`` options, no callbacks): their rows are the driver's, as Piccolo's are.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from piccolo.query.base import Query
from piccolo.query.methods.raw import Raw
from piccolo.query.methods.select import First, Select
from piccolo.query.mixins import Output
from piccolo.querystring import QueryString
from piccolo.table import Table


class Slot:
    """The place of the value named ``name`` in a kept statement (of its ``index``-th item,
    when the value is a list)."""

    __slots__ = ("index", "name")

    def __init__(self, name: str, index: int | None = None) -> None:
        self.name = name
        self.index = index

    def __repr__(self) -> str:
        index = "" if self.index is None else f", {self.index}"
        return f"Slot({self.name!r}{index})"

    def value(self, given: dict[str, Any]) -> Any:
        value = given[self.name]
        return value if self.index is None else value[self.index]

    def __format__(self, spec: str) -> str:
        raise TypeError(f"{self!r} was written into the SQL's text: only values may be slots")

    __str__ = __repr__


class _Compiled(QueryString):
    """SQL compiled before, with its values: the engine runs it as it stands."""

    def __init__(self, sql: str, values: list[Any]) -> None:
        super().__init__("")
        self._sql = sql
        self._values = values

    def compile_string(self, engine_type: str = "postgres") -> tuple[str, list[Any]]:
        return self._sql, self._values


@dataclass(frozen=True)
class _Statement:
    table: type[Table]
    engine_type: str
    sql: str
    parts: tuple[Any, ...]  # each placeholder's `Slot`, or a value fixed by the shape

    def values(self, given: dict[str, Any]) -> list[Any]:
        return [part.value(given) if isinstance(part, Slot) else part for part in self.parts]


def _plain(query: Any) -> Query[Any, Any]:
    """The query to compile (of ``.first()``, the select it limits to one row)."""
    if isinstance(query, First):
        query = query.query
    if isinstance(query, Select):
        plain_output = vars(query.output_delegate._output) == vars(Output())
        if not plain_output or any(query.callback_delegate._callbacks.values()):
            raise TypeError("only a plain select is kept (no output options, no callbacks)")
        return query
    if isinstance(query, Raw):
        return query
    raise TypeError(f"only a select is kept, not {type(query).__name__}")


class Kept:
    """A select built by ``build`` and kept as SQL (see the module's docstring).

    ``build`` takes the shape's parts as its positional parameters and the values as its
    keyword-only parameters, and returns the query; a `Slot` stands for each value when it is
    built, and a list of them for a value given as a list or tuple (for ``column.is_in``). The
    SQL is kept for each shape and each length of the lists, and built anew when the tables
    move to an engine of another type."""

    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._names = tuple(
            sorted(
                name
                for name, parameter in inspect.signature(build).parameters.items()
                if parameter.kind is inspect.Parameter.KEYWORD_ONLY
            )
        )
        self._kept: dict[tuple[Hashable, ...], _Statement] = {}

    def statement(self, *shape: Hashable) -> tuple[str, tuple[Any, ...]]:
        """The kept SQL for ``shape`` on the tables' engine (no value a list), and what fills
        each placeholder (a `Slot`, or a value the shape fixes)."""
        statement = self._statement(shape, (None,) * len(self._names))
        return statement.sql, statement.parts

    def _statement(
        self, shape: tuple[Hashable, ...], lengths: tuple[int | None, ...]
    ) -> _Statement:
        key = (shape, lengths)
        statement = self._kept.get(key)
        if statement is None or statement.table._meta.db.engine_type != statement.engine_type:
            slots = {
                name: Slot(name) if length is None else [Slot(name, i) for i in range(length)]
                for name, length in zip(self._names, lengths, strict=True)
            }
            query = _plain(self._build(*shape, **slots))
            engine_type = query.table._meta.db.engine_type
            [querystring] = query.querystrings
            sql, parts = querystring.compile_string(engine_type)
            statement = _Statement(query.table, engine_type, sql, tuple(parts))
            self._kept[key] = statement
        return statement

    async def _run(self, shape: tuple[Hashable, ...], values: dict[str, Any]) -> list[Any]:
        if values.keys() != set(self._names):
            raise TypeError(f"the statement takes {list(self._names)}, not {sorted(values)}")
        lengths = tuple(
            len(value) if isinstance(value, list | tuple) else None
            for value in (values[name] for name in self._names)
        )
        statement = self._statement(shape, lengths)
        rows: list[Any] = await Raw(
            statement.table, _Compiled(statement.sql, statement.values(values))
        )
        return rows

    async def rows(self, *shape: Hashable, **values: Any) -> list[dict[str, Any]]:
        """The statement's rows for ``shape`` with ``values`` in its slots."""
        return await self._run(shape, values)

    async def first(self, *shape: Hashable, **values: Any) -> dict[str, Any] | None:
        """The first row (of a statement built with ``.first()``), or None."""
        rows = await self._run(shape, values)
        return rows[0] if rows else None
