"""Which posts besides child protection may act as case managers (report step 12).

A municipality's administrator (``core.admin.plugins``) ticks the posts at
``/municipality/settings/case-managers``; `case_manager_roles` answers core's
``heaolu_case_manager_roles`` from the same rows. Offered are the posts of scope "municipality"
(they see the municipality's cases), and the institutions' posts of scope "organisation" that
their plugin marks as able to manage a cross-sector case (``core.case.cross_sector``, e.g. a
kindergarten's support-services coordinator or a school's support-learning coordinator): such
a post sees the cases it becomes responsible for (core's responsible rule). Only posts of
plugins enabled in the municipality are offered. Posts that hold ``core.case.manage`` are case
managers by their permissions and are shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from core.api import (
    CHILD_PROTECTION_ROLE,
    CROSS_SECTOR_CASES,
    MANAGE_CASES,
    MANAGE_PLUGINS,
    AnyRequest,
    Municipality,
    Panel,
    Plugins,
    Role,
    Scope,
    enabled_plugins,
    form_page,
    id_or_none,
    municipality_reach,
    plugins_of,
    record,
    user_of,
)
from core.api import gettext as _
from plugins.municipality.casework.tables import CaseManagerPost

ADMIN = {"permission": MANAGE_PLUGINS}
PATH = "/settings/case-managers"


@dataclass(frozen=True)
class Post:
    role: str
    label: str
    always: bool  # holds core.case.manage: a case manager whatever the setting
    institution: bool  # an institution's post (scope organisation), not the municipality's


def _may_run_cases(name: str, role: Role) -> bool:
    if role.administers or name == CHILD_PROTECTION_ROLE:
        return False
    if role.scope is Scope.organisation:
        return CROSS_SECTOR_CASES in role.permissions
    return role.scope is Scope.municipality


async def offered_posts(plugins: Plugins, municipality_id: int) -> list[Post]:
    """The posts a municipality may let act as case managers: declared roles of scope
    municipality, not administrators, besides child protection (always one by law), and roles
    of scope organisation marked ``core.case.cross_sector``; each of a plugin enabled in the
    municipality."""
    enabled = await enabled_plugins(plugins, municipality_id)
    return sorted(
        (
            Post(
                name,
                _(role.label),
                MANAGE_CASES in role.permissions,
                role.scope is Scope.organisation,
            )
            for name, role in plugins.roles.items()
            if _may_run_cases(name, role) and plugins.role_owner.get(name) in enabled
        ),
        key=lambda post: (post.institution, post.label),
    )


async def case_manager_roles(municipality_id: int) -> list[str]:
    """The roles the municipality lets act as case managers."""
    rows = await CaseManagerPost.select(CaseManagerPost.role).where(
        CaseManagerPost.municipality == municipality_id
    )
    return sorted(row["role"] for row in rows)


async def settings_panels(municipality_id: int, plugins: Plugins) -> list[Panel]:
    """The municipality settings page's panel: which posts act as case managers, and the link
    to change them."""
    chosen = set(await case_manager_roles(municipality_id))
    offered = await offered_posts(plugins, municipality_id)
    posts = [post.label for post in offered if post.always or post.role in chosen]
    return [
        Panel(
            _("Case managers"),
            "municipality/casework/_settings_panel.html",
            {"posts": posts, "href": f"/municipality{PATH}?municipality={municipality_id}"},
            50,
        )
    ]


async def _municipality(request: AnyRequest, value: object) -> dict[str, Any]:
    own = municipality_reach(user_of(request))
    wanted = own if own is not None else id_or_none(str(value))
    if wanted is None:
        raise NotFoundException()
    row: dict[str, Any] | None = (
        await Municipality.select(Municipality.id, Municipality.name)
        .where(Municipality.id == wanted)
        .first()
    )
    if row is None:
        raise NotFoundException()
    return row


async def _settings_page(
    request: AnyRequest,
    municipality: dict[str, Any],
    chosen: set[str],
    errors: list[str] | None = None,
) -> Template:
    return form_page(
        request,
        "municipality/casework/case_managers.html",
        {
            "municipality": municipality,
            "posts": await offered_posts(plugins_of(request), municipality["id"]),
            "chosen": chosen,
        },
        errors,
    )


@get(PATH, opt=ADMIN)
async def case_manager_settings(request: AnyRequest) -> Template:
    municipality = await _municipality(request, request.query_params.get("municipality"))
    chosen = set(await case_manager_roles(municipality["id"]))
    return await _settings_page(request, municipality, chosen)


@post(PATH, opt=ADMIN)
async def save_case_manager_settings(request: AnyRequest) -> Response[Any]:
    form = await request.form()
    municipality = await _municipality(request, form.get("municipality"))
    wanted = {str(value) for value in form.getall("role", [])}
    offered = await offered_posts(plugins_of(request), municipality["id"])
    settable = {post.role for post in offered if not post.always}
    if wanted - settable:
        return await _settings_page(
            request,
            municipality,
            wanted & settable,
            [_("Choose the posts from the list.")],
        )
    await CaseManagerPost.delete().where(CaseManagerPost.municipality == municipality["id"])
    if wanted:
        await CaseManagerPost.insert(
            *(
                CaseManagerPost(municipality=municipality["id"], role=role)
                for role in sorted(wanted)
            )
        )
    await record(
        request,
        "municipality.case_managers.changed",
        object_type="municipality",
        object_id=municipality["id"],
    )
    return Redirect(f"/municipality{PATH}?municipality={municipality['id']}", status_code=303)


ROUTES = (case_manager_settings, save_case_manager_settings)
