"""Administration of forms: uploading a schema, its preview, publishing, and a form's versions.

Permission ``core.admin.plugins``. A municipality administrator uploads and sees their own
municipality's forms and the county-wide and code forms; a system administrator all of them.
Uploads and publishing are audited (``form.uploaded``, ``form.published``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT

from core.audit.log import Outcome, record
from core.auth.current import CurrentUser
from core.auth.permissions import MANAGE_PLUGINS
from core.auth.reach import municipality_reach
from core.auth.submissions import CREATES
from core.auth.tables import User
from core.forms.entry import blank
from core.forms.schema import Problem
from core.forms.tables import FormSource
from core.forms.uploads import CheckedUpload, check_upload, publish
from core.forms.versions import schema_json, versions_of
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.toolbox.areas import AREA_LABELS

AnyRequest = Request[Any, Any, Any]
PLUGINS = {"permission": MANAGE_PLUGINS}


def _admin(request: AnyRequest) -> CurrentUser:
    user: CurrentUser = request.scope["state"]["user"]
    return user


@get("/admin/forms/upload", opt=PLUGINS)
async def upload_form(request: AnyRequest) -> Template:
    municipality_reach(_admin(request))
    return page(request, "admin/form_upload.html", {"checked": None})


def _preview(request: AnyRequest, checked: CheckedUpload, status_code: int) -> Template:
    return page(
        request,
        "admin/form_upload.html",
        {
            "checked": checked,
            "entry": blank(checked.schema) if checked.schema is not None else None,
            "schema_json": schema_json(checked.schema) if checked.schema is not None else "",
            "areas": AREA_LABELS,
        },
        status_code=status_code,
    )


@post("/admin/forms/upload", opt=PLUGINS)
async def preview_upload(request: AnyRequest) -> Template:
    """Check the uploaded file and show the form as users would see it, or its problems."""
    form = await request.form()
    file = form.get("schema_file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    if not content:
        problem = Problem("", _("Choose a JSON file describing the form."))
        checked = CheckedUpload(None, (problem,), None)
    else:
        checked = await check_upload(content, _admin(request))
    key = checked.schema.key if checked.schema is not None else None
    await record(
        request,
        "form.uploaded",
        Outcome.allowed if checked.ok else Outcome.failed,
        object_type="form",
        object_id=key,
    )
    return _preview(request, checked, HTTP_200_OK if checked.ok else HTTP_400_BAD_REQUEST)


@post("/admin/forms/publish", opt={**PLUGINS, CREATES: True})
async def publish_upload(request: AnyRequest) -> Response[Any]:
    form = await request.form()
    checked = await check_upload(str(form.get("schema", "")), _admin(request))
    if not checked.ok:
        return _preview(request, checked, HTTP_400_BAD_REQUEST)
    expected = str(form.get("version", ""))
    assert checked.schema is not None
    published = None
    if expected == str(checked.schema.version):
        published = await publish(checked, _admin(request))
    if published is None:
        problem = Problem(
            "version",
            _("Someone published a version of this form a moment ago; check the file again."),
        )
        return _preview(request, CheckedUpload(None, (problem,), None), HTTP_409_CONFLICT)
    await record(
        request,
        "form.published",
        object_type="form",
        object_id=f"{published.key}@{published.version}",
    )
    return Redirect(f"/admin/forms/{published.key}", status_code=303)


@get("/admin/forms/{key:str}", opt=PLUGINS)
async def form_versions(request: AnyRequest, key: FromPath[str]) -> Template:
    """A form's versions, newest first, and a preview of one of them."""
    reach = municipality_reach(_admin(request))
    versions = await versions_of(key)
    if not versions:
        raise NotFoundException()
    newest = versions[0]
    if newest.source is FormSource.code and key not in plugins_of(request).forms:
        raise NotFoundException()
    if reach is not None and newest.owner not in (None, reach):
        raise NotFoundException()
    wanted = str(request.query_params.get("version", ""))
    shown = next((v for v in versions if str(v.version) == wanted), newest)
    publishers = {v.published_by for v in versions if v.published_by is not None}
    names = {
        row["id"]: row["full_name"]
        for row in await User.select(User.id, User.full_name).where(
            User.id.is_in(sorted(publishers) or [0])
        )
    }
    return page(
        request,
        "admin/form_versions.html",
        {
            "versions": versions,
            "shown": shown,
            "entry": blank(shown.schema),
            "areas": AREA_LABELS,
            "names": names,
            "may_upload": newest.source is FormSource.upload
            and (reach is None or newest.owner == reach),
        },
    )


ROUTES = (upload_form, preview_upload, publish_upload, form_versions)
