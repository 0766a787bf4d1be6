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
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from piccolo.columns import Column, Timestamptz
from piccolo.query.base import Query
from piccolo.query.methods.raw import Raw
from piccolo.query.methods.select import First, Select
from piccolo.query.mixins import Output
from piccolo.querystring import QueryString
from piccolo.table import Table


class Slot:
    """The place of the value named ``name`` in a kept statement (of its ``index``-th item,
    when the value is a list); in a statement of `together`, of the ``owner``-th select's
    values."""

    __slots__ = ("index", "name", "owner")

    def __init__(self, name: str, index: int | None = None, owner: int = 0) -> None:
        self.name = name
        self.index = index
        self.owner = owner

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

    def _query(
        self, shape: tuple[Hashable, ...], lengths: tuple[int | None, ...], owner: int = 0
    ) -> Query[Any, Any]:
        """The query built with a `Slot` for each value (of the ``owner``-th select)."""
        slots = {
            name: Slot(name, owner=owner)
            if length is None
            else [Slot(name, i, owner) for i in range(length)]
            for name, length in zip(self._names, lengths, strict=True)
        }
        return _plain(self._build(*shape, **slots))

    def _statement(
        self, shape: tuple[Hashable, ...], lengths: tuple[int | None, ...]
    ) -> _Statement:
        key = (shape, lengths)
        statement = self._kept.get(key)
        if statement is None or statement.table._meta.db.engine_type != statement.engine_type:
            query = self._query(shape, lengths)
            engine_type = query.table._meta.db.engine_type
            [querystring] = query.querystrings
            sql, parts = querystring.compile_string(engine_type)
            statement = _Statement(query.table, engine_type, sql, tuple(parts))
            self._kept[key] = statement
        return statement

    def _lengths(self, values: dict[str, Any]) -> tuple[int | None, ...]:
        """The length of each value given as a list (None for the others), checking that
        ``values`` are the statement's."""
        if values.keys() != set(self._names):
            raise TypeError(f"the statement takes {list(self._names)}, not {sorted(values)}")
        return tuple(
            len(value) if isinstance(value, list | tuple) else None
            for value in (values[name] for name in self._names)
        )

    def asked(self, *shape: Hashable, **values: Any) -> Asked:
        """The statement for ``shape`` with ``values``, to run with others (`together`)."""
        self._lengths(values)
        return Asked(self, shape, values)

    async def _run(self, shape: tuple[Hashable, ...], values: dict[str, Any]) -> list[Any]:
        statement = self._statement(shape, self._lengths(values))
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


@dataclass(frozen=True)
class Asked:
    """A kept statement with its shape and values (`Kept.asked`), run by `together`."""

    kept: Kept
    shape: tuple[Hashable, ...]
    values: dict[str, Any]


# How a column's value reads back from JSON, by the column's Python type: numbers, text and
# truth values are JSON's own.
_FROM_JSON: dict[type, Callable[[Any], Any] | None] = {
    int: None,
    str: None,
    bool: None,
    date: date.fromisoformat,
}


def _utc(value: str) -> datetime:
    """A ``timestamptz`` as asyncpg reads it: in UTC, whatever the session's time zone."""
    return datetime.fromisoformat(value).astimezone(UTC)


def _from_json(column: Column) -> Callable[[Any], Any] | None:
    if isinstance(column, Timestamptz):
        return _utc
    if column.value_type is datetime:
        return datetime.fromisoformat
    if column.value_type not in _FROM_JSON:
        raise TypeError(
            f"{column._meta.name}: a {type(column).__name__} column is not read back from JSON"
            " in `together`"
        )
    return _FROM_JSON[column.value_type]


def _name(column: Column) -> str:
    """The column's name in a row, as Piccolo's select names it."""
    name: str = column._alias or column._meta.get_default_alias()  # type: ignore[no-untyped-call]
    return name


@dataclass(frozen=True)
class _Together:
    """The one PostgreSQL statement of several kept selects, and how each select's rows read
    back: the columns (by their names in the rows) whose JSON values are converted. The SQL
    is PostgreSQL's, built once for each key and anew when the tables move to an engine of
    another type (whose builders may write other SQL)."""

    table: type[Table]
    engine_type: str
    sql: str
    parts: tuple[Any, ...]
    converters: tuple[tuple[tuple[str, Callable[[Any], Any]], ...], ...]


_TOGETHER: dict[tuple[Any, ...], _Together] = {}


def _together_statement(asked: tuple[Asked, ...], key: tuple[Any, ...]) -> _Together:
    found = _TOGETHER.get(key)
    if found is not None and found.table._meta.db.engine_type == found.engine_type:
        return found
    queries = [
        one.kept._query(one.shape, one.kept._lengths(one.values), owner)
        for owner, one in enumerate(asked)
    ]
    converters = []
    for query in queries:
        if not isinstance(query, Select):
            raise TypeError("`together` runs selects, not raw statements")
        selected = query.columns_delegate.selected_columns or query.table._meta.columns
        columns = [column for column in selected if isinstance(column, Column)]
        if len(columns) != len(selected):
            raise TypeError("`together` reads back columns, not other selected values")
        named = [(_name(column), column) for column in columns]
        converters.append(
            tuple(
                (name, convert)
                for name, column in named
                if (convert := _from_json(column)) is not None
            )
        )
    # Only the selects' own query strings go in; the text around them is fixed.
    each = ", ".join(
        f"(SELECT coalesce(json_agg(q), '[]'::json) FROM ({{}}) q) AS r{owner}"  # noqa: S608
        for owner in range(len(queries))
    )
    combined = QueryString(f"SELECT {each}", *(query.querystrings[0] for query in queries))
    sql, parts = combined.compile_string("postgres")
    table = queries[0].table
    found = _Together(table, table._meta.db.engine_type, sql, tuple(parts), tuple(converters))
    _TOGETHER[key] = found
    return found


async def together(*asked: Asked) -> list[list[dict[str, Any]]]:
    """The rows of each statement ``asked``, as `Kept.rows` gives them (see the module's
    docstring): on PostgreSQL in one statement, on SQLite one after another."""
    if not asked:
        return []
    key = tuple((one.kept, one.shape, one.kept._lengths(one.values)) for one in asked)
    # Built on SQLite too: what PostgreSQL could not run together fails on both alike.
    statement = _together_statement(asked, key)
    if statement.engine_type != "postgres":
        return [await one.kept._run(one.shape, one.values) for one in asked]
    values = [
        part.value(asked[part.owner].values) if isinstance(part, Slot) else part
        for part in statement.parts
    ]
    [row] = await Raw(statement.table, _Compiled(statement.sql, values))
    found = []
    for owner, converters in enumerate(statement.converters):
        rows = json.loads(row[f"r{owner}"])
        for one in rows:
            for name, convert in converters:
                if one[name] is not None:
                    one[name] = convert(one[name])
        found.append(rows)
    return found
