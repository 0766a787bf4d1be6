"""Forms that administrators upload as JSON files, checked and then published.

Rules:

- An uploaded form's key starts with ``local.`` (no plugin may be named ``local``), so an upload
  never touches a form that a plugin or core ships in code; code forms change only in code.
- A new key makes a new form, owned by the uploader's municipality (a system administrator's
  upload is county-wide: every municipality may switch it on). The same key again is a new
  version of that form, allowed to the owner municipality's administrators and to system
  administrators; another municipality's administrator is refused.
- Publishing assigns the next version number (the highest stored one plus one). Nothing is
  stored before publishing: the preview carries the checked JSON to the publish button, which
  checks it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.auth.current import CurrentUser
from core.auth.reach import municipality_reach
from core.enablement import bump_version
from core.forms.schema import Problem, SchemaError, read_schema
from core.forms.tables import FormSource, FormVersion
from core.forms.versions import StoredVersion, current_version, schema_json
from core.i18n import gettext as _
from core.registry import FormSchema

UPLOAD_PREFIX = "local."
MAX_UPLOAD_BYTES = 256 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    """An upload's schema (with the version it would be published as) or its problems."""

    schema: FormSchema | None
    problems: tuple[Problem, ...]
    previous: StoredVersion | None

    @property
    def ok(self) -> bool:
        return self.schema is not None and not self.problems


async def check_upload(content: str | bytes, admin: CurrentUser) -> CheckedUpload:
    """Check an uploaded schema against the schema rules and the upload rules for ``admin``."""
    return await _check(content, municipality_reach(admin))


async def check_county_upload(content: str | bytes) -> CheckedUpload:
    """Check a county-wide template (the county's standardised documents): as a system
    administrator's upload, but a key a municipality owns is refused."""
    return await _check(content, None, county_only=True)


async def _check(
    content: str | bytes, reach: int | None, county_only: bool = False
) -> CheckedUpload:
    if len(content) > MAX_UPLOAD_BYTES:
        problem = Problem("", _("The file is larger than 256 KB; a form's schema is far smaller."))
        return CheckedUpload(None, (problem,), None)
    try:
        schema = read_schema(content)
    except SchemaError as exc:
        return CheckedUpload(None, exc.problems, None)
    if not schema.key.startswith(UPLOAD_PREFIX):
        problem = Problem(
            "key",
            _(
                "An uploaded form's key starts with local., e.g. local.intake; "
                "forms that plugins ship change only with the plugin."
            ),
        )
        return CheckedUpload(None, (problem,), None)
    previous = await current_version(schema.key)
    owned_elsewhere = reach is not None or county_only
    if previous is not None and owned_elsewhere and previous.owner != reach:
        problem = Problem(
            "key",
            _("Another municipality or the county owns a form with this key; choose another key."),
        )
        return CheckedUpload(None, (problem,), previous)
    version = previous.version + 1 if previous is not None else 1
    return CheckedUpload(replace(schema, version=version), (), previous)


async def publish(checked: CheckedUpload, admin: CurrentUser) -> FormSchema | None:
    """Store a checked upload as its form's next version; None when someone published a version
    of the same form in the meantime (check it again)."""
    owner = checked.previous.owner if checked.previous else municipality_reach(admin)
    return await _publish(checked, owner, admin.id)


async def publish_county_upload(checked: CheckedUpload, publisher_id: int) -> FormSchema | None:
    """Store a template checked by `check_county_upload` as a county-wide form's next version;
    None as `publish`."""
    return await _publish(checked, None, publisher_id)


async def _publish(
    checked: CheckedUpload, owner: int | None, publisher_id: int
) -> FormSchema | None:
    if checked.schema is None or checked.problems:
        raise ValueError("only a checked upload without problems can be published")
    schema = checked.schema
    inserted = (
        await FormVersion.insert(
            FormVersion(
                key=schema.key,
                version=schema.version,
                schema=schema_json(schema),
                source=FormSource.upload.value,
                owner=owner,
                published_by=publisher_id,
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(FormVersion.id)
    )
    if not inserted:
        return None
    # A first version is a new key offered to municipalities: cached forms must be read again.
    await bump_version()
    return schema
