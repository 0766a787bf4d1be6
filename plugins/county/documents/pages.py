"""The county's standardised documents (``/county/documents``, issue item 7).

The county coordinator publishes form templates (structure and required content) as county-wide
forms through core's uploads (`check_county_upload`, `publish_county_upload`): the same JSON
schema an administrator's form upload takes, with a key starting ``local.``; the same key again
is the template's next version. A municipality's administrator (``core.admin.plugins``) adopts
one published version for the municipality (`set_form_enabled` with a version): its users then
fill in that version, whatever later versions the county publishes, until the administrator
adopts another. The page, open to every logged-in user, lists every template, its versions and
which municipality uses which version. No child is shown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.api import (
    AUTHENTICATED,
    CREATES,
    MANAGE_PLUGINS,
    N_,
    AnyRequest,
    CheckedUpload,
    Municipality,
    Outcome,
    adopted_versions,
    check_county_upload,
    gettext,
    id_or_none,
    page,
    plugins_of,
    publish_county_upload,
    record,
    set_form_enabled,
    uploaded_keys,
    user_of,
    versions_of,
)
from plugins.county.roles import COORDINATE

VIEW = {"permission": AUTHENTICATED}
PUBLISH = {"permission": COORDINATE, CREATES: True}
ADOPT = {"permission": MANAGE_PLUGINS}
PUBLISHED = "county.documents.published"
ADOPTED = "county.documents.adopted"
ACTION_LABELS = {
    PUBLISHED: N_("County document template published"),
    ADOPTED: N_("County document template version adopted"),
}


async def _templates() -> list[dict[str, Any]]:
    names = {
        row["id"]: row["name"]
        for row in await Municipality.select(Municipality.id, Municipality.name)
    }
    templates = []
    for key in sorted(await uploaded_keys(None)):
        adopted = await adopted_versions(key)
        templates.append(
            {
                "key": key,
                "versions": await versions_of(key),
                "users": sorted((names[m], v) for m, v in adopted.items() if m in names),
                "adopted": adopted,
            }
        )
    return templates


async def _page(
    request: AnyRequest, problems: Sequence[tuple[str, str]] = (), adopt_error: str = ""
) -> Template:
    user = user_of(request)
    return page(
        request,
        "county/documents/list.html",
        {
            "templates": await _templates(),
            "may_publish": user.can(COORDINATE),
            "adopting": user.municipality_id if user.can(MANAGE_PLUGINS) else None,
            "problems": problems,
            "adopt_error": adopt_error,
        },
        status_code=HTTP_400_BAD_REQUEST if problems or adopt_error else 200,
    )


@get("/documents", opt=VIEW)
async def documents(request: AnyRequest) -> Template:
    return await _page(request)


@post("/documents", opt=PUBLISH)
async def publish_template(request: AnyRequest) -> Response[Any]:
    """Check the uploaded template and publish it as its next version, or show its problems."""
    form = await request.form()
    file = form.get("schema_file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    checked = await check_county_upload(content) if content else None
    published = None
    if checked is not None and checked.ok:
        published = await publish_county_upload(checked, user_of(request).id)
    if published is None:
        key = checked.schema.key if checked is not None and checked.schema is not None else None
        await record(request, PUBLISHED, Outcome.failed, object_type="form", object_id=key)
        return await _page(request, problems=_problems(checked))
    await record(
        request, PUBLISHED, object_type="form", object_id=f"{published.key}@{published.version}"
    )
    return Redirect("/county/documents", status_code=303)


def _problems(checked: CheckedUpload | None) -> list[tuple[str, str]]:
    if checked is None:
        return [("", gettext("Choose a JSON file describing the form."))]
    if checked.problems:
        return [(problem.where, problem.message) for problem in checked.problems]
    return [
        ("", gettext("Someone published a version of this form a moment ago; upload it again."))
    ]


@post("/documents/adopt", opt=ADOPT)
async def adopt(request: AnyRequest) -> Response[Any]:
    """Adopt a published version of a county template for the administrator's municipality."""
    user = user_of(request)
    if user.municipality_id is None:
        raise PermissionDeniedException()
    form = await request.form()
    key = str(form.get("key", ""))
    version = id_or_none(form.get("version", ""))
    published = set()
    if key in await uploaded_keys(None):
        published = {stored.version for stored in await versions_of(key)}
    if version not in published:
        message = gettext("Choose a published version of the template.")
        return await _page(request, adopt_error=message)
    await set_form_enabled(plugins_of(request), key, user.municipality_id, True, version=version)
    await record(request, ADOPTED, object_type="form", object_id=f"{key}@{version}")
    return Redirect("/county/documents", status_code=303)


ROUTES = (documents, publish_template, adopt)
