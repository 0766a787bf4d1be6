"""The published versions of every form, kept in `FormVersion`.

Code schemas reach the table through `sync_code_forms`, run by ``heaolu migrate`` (the step every
deployment runs before starting new code): a version not stored yet is added; a stored version
is compared with the code, and a code schema that changed under the same version number stops
the migration (`FormVersionError`), because the submissions filled in that version must keep
rendering as they were filled in. Uploaded schemas
reach it through `core.forms.uploads`. The current version of a form is its highest stored one.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, reduce
from typing import Any

from core.forms.schema import schema_from_dict, schema_to_dict
from core.forms.tables import FormSource, FormVersion
from core.kept import Asked, Kept
from core.plugins import Plugins
from core.registry import FormSchema


class FormVersionError(RuntimeError):
    """Code and the stored versions disagree; the message says which form and what to do."""


@dataclass(frozen=True)
class StoredVersion:
    """One published version of a form, as stored."""

    schema: FormSchema
    source: FormSource
    owner: int | None
    published_at: datetime
    published_by: int | None

    @property
    def key(self) -> str:
        return self.schema.key

    @property
    def version(self) -> int:
        return self.schema.version


def schema_json(schema: FormSchema) -> str:
    return json.dumps(schema_to_dict(schema), ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=256)
def _parsed(text: str, version: int) -> FormSchema:
    """The schema of a stored version's JSON text, read and checked once per worker (pages that
    show forms read their versions on every request; a `FormSchema` is immutable)."""
    return schema_from_dict(json.loads(text), version)


def _stored(row: dict[str, Any]) -> StoredVersion:
    data = row["schema"]
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, sort_keys=True)
    return _version(row, _parsed(text, row["version"]))


def _version(row: dict[str, Any], schema: FormSchema) -> StoredVersion:
    """The version a row of `FormVersion` names (its ``schema`` column aside), of ``schema``."""
    return StoredVersion(
        schema=schema,
        source=FormSource(row["source"]),
        owner=row["owner"],
        published_at=row["published_at"],
        published_by=row["published_by"],
    )


_COLUMNS = (
    FormVersion.version,
    FormVersion.schema,
    FormVersion.source,
    FormVersion.owner,
    FormVersion.published_at,
    FormVersion.published_by,
)


async def sync_code_forms(plugins: Plugins) -> list[tuple[str, int]]:
    """Store the code schemas' versions that are not stored yet; returns ``(key, version)`` of
    those added. Raises `FormVersionError` when a stored version differs from the code."""
    added = []
    for key, schema in sorted(plugins.forms.items()):
        stored = await stored_version(key, schema.version)
        if stored is None:
            inserted = (
                await FormVersion.insert(
                    FormVersion(
                        key=key,
                        version=schema.version,
                        schema=schema_json(schema),
                        source=FormSource.code.value,
                    )
                )
                .on_conflict(action="DO NOTHING")
                .returning(FormVersion.id)
            )
            if inserted:
                added.append((key, schema.version))
                continue
            stored = await stored_version(key, schema.version)
        if stored is not None and stored.schema != schema:
            raise FormVersionError(
                f"form {key!r} of plugin {plugins.form_owner[key]!r} changed but keeps version "
                f"{schema.version}: submissions filled in version {schema.version} render with "
                "the stored schema, so a changed form needs the next version number"
            )
    return added


async def stored_version(key: str, version: int) -> StoredVersion | None:
    """Version ``version`` of form ``key``, or None."""
    row = (
        await FormVersion.select(*_COLUMNS)
        .where((FormVersion.key == key) & (FormVersion.version == version))
        .first()
    )
    return None if row is None else _stored(row)


async def current_version(key: str) -> StoredVersion | None:
    """The highest published version of form ``key``, or None when it has none."""
    row = (
        await FormVersion.select(*_COLUMNS)
        .where(FormVersion.key == key)
        .order_by(FormVersion.version, ascending=False)
        .first()
    )
    return None if row is None else _stored(row)


async def versions_of(key: str) -> list[StoredVersion]:
    """Every published version of form ``key``, newest first."""
    rows = (
        await FormVersion.select(*_COLUMNS)
        .where(FormVersion.key == key)
        .order_by(FormVersion.version, ascending=False)
    )
    return [_stored(row) for row in rows]


# The schemas of the versions `latest_versions` read, by key, version and publication time: a
# published version never changes, and its publication time tells one stored afresh (a
# database made anew) from the one read. A page listing forms (a case page lists every form of
# its municipality) reads then their heads alone, not each schema's JSON text again.
_SCHEMAS: dict[tuple[str, int, datetime], FormSchema] = {}
SCHEMAS_KEPT = 1024
_HEAD_COLUMNS = (
    FormVersion.key,
    FormVersion.version,
    FormVersion.source,
    FormVersion.owner,
    FormVersion.published_at,
    FormVersion.published_by,
)


# Every version's head, oldest first: the forms are tens, their versions few, and one kept
# statement (`core.kept`) for all costs less than building one for some.
_EVERY_HEAD = Kept(lambda: FormVersion.select(*_HEAD_COLUMNS).order_by(FormVersion.version))


def _schema_key(row: dict[str, Any]) -> tuple[str, int, datetime]:
    return row["key"], row["version"], row["published_at"]


def version_heads_select() -> Asked:
    """Every version's head, to read `together` with others and give `latest_versions`."""
    return _EVERY_HEAD.asked()


async def latest_versions(
    keys: Collection[str] | None = None, heads: list[dict[str, Any]] | None = None
) -> dict[str, StoredVersion]:
    """The current version of each form (of ``keys``, or of every stored form) by key; the
    versions' heads are ``heads`` when the caller read them (`version_heads_select`)."""
    if keys is not None and not keys:
        return {}
    latest: dict[str, dict[str, Any]] = {}
    for row in heads if heads is not None else await _EVERY_HEAD.rows():
        if keys is None or row["key"] in keys:
            latest[row["key"]] = row
    await _read_schemas([row for row in latest.values() if _schema_key(row) not in _SCHEMAS])
    return {key: _version(row, _SCHEMAS[_schema_key(row)]) for key, row in latest.items()}


async def _read_schemas(heads: list[dict[str, Any]]) -> None:
    """Read the schemas of the versions ``heads`` name into `_SCHEMAS` (one statement)."""
    if not heads:
        return
    if len(_SCHEMAS) + len(heads) > SCHEMAS_KEPT:
        _SCHEMAS.clear()
    condition = reduce(
        operator.or_,
        [
            (FormVersion.key == row["key"]) & (FormVersion.version == row["version"])
            for row in heads
        ],
    )
    for row in await FormVersion.select(FormVersion.key, FormVersion.schema, *_COLUMNS).where(
        condition
    ):
        _SCHEMAS[_schema_key(row)] = _stored(row).schema
