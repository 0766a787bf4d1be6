"""A condition that a column is one of a list of ids, the list sent as one parameter.

Piccolo's ``column.is_in(ids)`` writes one placeholder per id and builds a piece of query for
each: for a list of a hundred ids, asked about in several subqueries, building the statement
costs more than running it. `one_of` sends the list once, as a JSON array read by
``json_each`` on SQLite and as an integer array on PostgreSQL; both use the column's index.
`ids_table` gives the list as a table to join from.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.querystring import QueryString


def among(of: Column | QueryString, ids: Collection[int], engine_type: str) -> QueryString:
    """SQL: ``of`` (a column, or SQL naming one) is one of ``ids`` (none when empty), on the
    database of ``engine_type`` (Piccolo's ``"sqlite"`` or another)."""
    values = [int(value) for value in ids]
    if engine_type == "sqlite":
        return QueryString("{} IN (SELECT value FROM json_each({}))", of, json.dumps(values))
    return QueryString("{} = ANY({}::integer[])", of, values)


def ids_table(ids: Collection[int], engine_type: str) -> QueryString:
    """SQL for a FROM clause: a table ``ids`` of ``ids``, one row each, in its column
    ``value``. Written first in a join (``CROSS JOIN`` keeps that order on SQLite), it has
    the other table's index looked up once per id."""
    values = [int(value) for value in ids]
    if engine_type == "sqlite":
        return QueryString("json_each({}) AS ids", json.dumps(values))
    return QueryString("unnest({}::integer[]) AS ids(value)", values)


def one_of(column: Column, ids: Collection[int]) -> WhereRaw:
    """``column`` (an integer column, such as an id) is one of ``ids`` (none when empty)."""
    return WhereRaw("{}", among(column, ids, column._meta.table._meta.db.engine_type))
