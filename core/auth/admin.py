"""Administration: users and memberships, plugins and forms per municipality, loaded plugins.

A municipality administrator works within their own municipality: the users who hold a role in
one of its organisations, those organisations, and the municipality's plugins and forms. A
system administrator works across all municipalities and sees ``/-/plugins``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT

from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.passwords import context_words, hash_password, password_problems
from core.auth.permissions import (
    MANAGE_PLUGINS,
    MANAGE_USERS,
    SYSTEM_ADMIN,
    SYSTEM_ADMIN_ROLE,
)
from core.auth.reach import municipality_reach
from core.auth.sessions import end_user_sessions
from core.auth.submissions import CREATES
from core.auth.tables import Membership, Session, User
from core.cases.workflows import open_cases_of_plugin
from core.enablement import enabled_plugins, set_plugin_enabled
from core.forms.enablement import is_offered, offered_forms, set_form_enabled
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.parsing import id_or_none, length_problems
from core.people.tables import Municipality, Organisation, Unit
from core.registry import Panel, Role, Scope

AnyRequest = Request[Any, Any, Any]
USERS = {"permission": MANAGE_USERS}
PLUGINS = {"permission": MANAGE_PLUGINS}
# The new-user form's fields: an empty form shows each of them blank.
NEW_USER_FIELDS = ("username", "full_name", "email", "phone", "organisation", "role", "unit")


def _admin(request: AnyRequest) -> CurrentUser:
    user: CurrentUser = request.scope["state"]["user"]
    return user


async def _organisations(user: CurrentUser) -> list[dict[str, Any]]:
    query = Organisation.select(
        Organisation.id, Organisation.name, Organisation.municipality.name.as_alias("municipality")
    ).order_by(Organisation.name)
    own = municipality_reach(user)
    if own is not None:
        query = query.where(Organisation.municipality == own)
    rows: list[dict[str, Any]] = await query
    return rows


async def _units(user: CurrentUser) -> list[dict[str, Any]]:
    """Open units (groups, classes) of the organisations the administrator reaches."""
    organisation: Any = Unit.organisation
    query = Unit.select(
        Unit.id,
        Unit.name,
        Unit.organisation,
        organisation.name.as_alias("organisation_name"),
    ).where(Unit.active.eq(True))
    reach = municipality_reach(user)
    if reach is not None:
        query = query.where(organisation.municipality == reach)
    rows: list[dict[str, Any]] = await query.order_by(organisation.name).order_by(Unit.name)
    return rows


async def _membership_problems(
    request: AnyRequest, admin: CurrentUser, organisation: str, role: str, unit: str
) -> list[str]:
    """What is wrong with a membership the administrator is giving; empty if nothing."""
    errors = []
    if organisation not in {str(o["id"]) for o in await _organisations(admin)}:
        errors.append(_("Choose an organisation."))
    if role not in {name for name, _label in _assignable_roles(request, admin)}:
        errors.append(_("Choose a role."))
    scope = plugins_of(request).roles[role].scope if role in plugins_of(request).roles else None
    units = {str(u["id"]): str(u["organisation"]) for u in await _units(admin)}
    if scope is Scope.unit and not unit:
        errors.append(_("This role is for one group or class: choose it."))
    if unit and units.get(unit) != organisation:
        errors.append(_("Choose a group or class of the chosen organisation."))
    return errors


def municipality_may_give(role: Role) -> bool:
    """Whether a municipality administrator may give ``role``: any role of a municipality's
    staff, the plugins' posts (scope ``none``, e.g. a network member) included; not the system
    administrator's role, and no county role (the county's bodies are not the municipality's)."""
    return (
        role.name != SYSTEM_ADMIN_ROLE
        and SYSTEM_ADMIN not in role.permissions
        and role.scope is not Scope.county
    )


def _assignable_roles(request: AnyRequest, user: CurrentUser) -> list[tuple[str, str]]:
    roles: list[Role] = list(plugins_of(request).roles.values())
    if not user.can(SYSTEM_ADMIN):
        roles = [r for r in roles if municipality_may_give(r)]
    return sorted(((r.name, _(r.label)) for r in roles), key=lambda pair: pair[1])


async def _managed_user(request: AnyRequest, user_id: int) -> User:
    """The user with ``user_id`` if the administrator may manage them; 404 otherwise.

    A municipality administrator manages only people whose every role is one they could give,
    in an organisation of their municipality: someone who also works elsewhere, or is a system
    administrator, is managed by a system administrator (else a municipality administrator
    could take over an account with more rights than their own).
    """
    user = _admin(request)
    target = await User.objects().get(User.id == user_id)
    own = municipality_reach(user)
    if target is not None and own is not None:
        organisation: Any = Membership.organisation  # Piccolo's join chains are untyped
        roles = await Membership.select(
            Membership.role, organisation.municipality.as_alias("municipality")
        ).where(Membership.user == user_id)
        assignable = {name for name, _label in _assignable_roles(request, user)}
        if not roles or any(r["municipality"] != own or r["role"] not in assignable for r in roles):
            target = None
    if target is None:
        raise NotFoundException()
    return target


# --- Users -----------------------------------------------------------------------------------


@get("/admin/users", opt=USERS)
async def users(request: AnyRequest) -> Template:
    admin = _admin(request)
    query = User.select(User.id, User.username, User.full_name, User.active).order_by(User.username)
    own = municipality_reach(admin)
    if own is not None:
        members = Membership.select(Membership.user).where(
            Membership.organisation.municipality == own
        )
        query = query.where(User.id.is_in([row["user"] for row in await members] or [0]))
    return page(request, "admin/users.html", {"users": await query})


USER_LIMITS = {
    name: getattr(User, name).length for name in ("username", "full_name", "email", "phone")
}
NEW_USER_FIELDS = ("username", "full_name", "email", "phone", "organisation", "role", "unit")


async def _new_user_page(
    request: AnyRequest,
    organisations: list[dict[str, Any]],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    return page(
        request,
        "admin/user_new.html",
        {
            "errors": errors or [],
            "values": values or dict.fromkeys(NEW_USER_FIELDS, ""),
            "organisations": organisations,
            "units": await _units(_admin(request)),
            "roles": _assignable_roles(request, _admin(request)),
        },
        status_code=status_code,
    )


@get("/admin/users/new", opt=USERS)
async def new_user_form(request: AnyRequest) -> Template:
    return await _new_user_page(request, await _organisations(_admin(request)))


@post("/admin/users", opt={**USERS, CREATES: True})
async def create_user(request: AnyRequest) -> Response[Any]:
    admin = _admin(request)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in NEW_USER_FIELDS}
    values["username"] = values["username"].lower()
    password = str(form.get("password", ""))
    organisations = await _organisations(admin)
    errors = []
    if not values["username"] or not values["username"].replace(".", "").replace("-", "").isalnum():
        errors.append(_("The user name may hold letters, digits, dots and hyphens."))
    elif await User.exists().where(User.username == values["username"]):
        errors.append(_("That user name is taken."))
    if not values["full_name"]:
        errors.append(_("Enter the person's name."))
    errors += length_problems(values, USER_LIMITS)
    errors += await _membership_problems(
        request, admin, values["organisation"], values["role"], values["unit"]
    )
    context = await context_words(values["username"], values["full_name"], values["email"])
    errors += password_problems(password, context)
    if errors:
        return await _new_user_page(request, organisations, errors, values, HTTP_400_BAD_REQUEST)
    [created] = await User.insert(
        User(
            username=values["username"],
            full_name=values["full_name"],
            email=values["email"],
            phone=values["phone"],
            password_hash=await hash_password(password),
        )
    ).returning(User.id)
    [membership] = await Membership.insert(
        Membership(
            user=created["id"], organisation=int(values["organisation"]), role=values["role"]
        )
    ).returning(Membership.id)
    await record(request, "user.created", object_type="user", object_id=created["id"])
    await record(request, "membership.added", object_type="membership", object_id=membership["id"])
    return Redirect(f"/admin/users/{created['id']}", status_code=303)


async def _user_page(
    request: AnyRequest,
    target: User,
    errors: list[str] | None = None,
    status_code: int = 200,
    saved: str = "",
) -> Template:
    admin = _admin(request)
    organisations = await _organisations(admin)
    visible = {o["id"] for o in organisations}
    memberships = [
        m
        for m in await Membership.select(
            Membership.id,
            Membership.role,
            Membership.organisation.id.as_alias("organisation_id"),
            Membership.organisation.name.as_alias("organisation"),
        ).where(Membership.user == target.id)
        if m["organisation_id"] in visible
    ]
    labels = {role.name: _(role.label) for role in plugins_of(request).roles.values()}
    sessions = await Session.count().where(Session.user == target.id)
    return page(
        request,
        "admin/user.html",
        {
            "target": target,
            "memberships": memberships,
            "role_labels": labels,
            "organisations": organisations,
            "units": await _units(_admin(request)),
            "roles": _assignable_roles(request, admin),
            "session_count": sessions,
            "errors": errors or [],
            "saved": saved or request.query_params.get("saved", ""),
        },
        status_code=status_code,
    )


@get("/admin/users/{user_id:int}", opt={**USERS})
async def user_detail(request: AnyRequest, user_id: FromPath[int]) -> Template:
    target = await _managed_user(request, user_id)
    await record(request, "user.viewed", object_type="user", object_id=user_id)
    return await _user_page(request, target)


@post("/admin/users/{user_id:int}", opt=USERS)
async def update_user(request: AnyRequest, user_id: FromPath[int]) -> Response[Any]:
    target = await _managed_user(request, user_id)
    form = await request.form()
    full_name = str(form.get("full_name", "")).strip()
    if not full_name:
        return await _user_page(
            request, target, [_("Enter the person's name.")], HTTP_400_BAD_REQUEST
        )
    profile = {name: str(form.get(name, "")).strip() for name in ("full_name", "email", "phone")}
    too_long = length_problems(profile, USER_LIMITS)
    if too_long:
        return await _user_page(request, target, too_long, HTTP_400_BAD_REQUEST)
    was_active = target.active
    target.full_name = full_name
    target.email = str(form.get("email", "")).strip()
    target.phone = str(form.get("phone", "")).strip()
    target.active = bool(form.get("active"))
    await target.save([User.full_name, User.email, User.phone, User.active])
    if was_active and not target.active:
        await end_user_sessions(target.id)
        await record(request, "user.disabled", object_type="user", object_id=user_id)
    await record(request, "user.updated", object_type="user", object_id=user_id)
    return Redirect(f"/admin/users/{user_id}?saved=profile", status_code=303)


@post("/admin/users/{user_id:int}/password", opt=USERS)
async def reset_password(request: AnyRequest, user_id: FromPath[int]) -> Response[Any]:
    target = await _managed_user(request, user_id)
    form = await request.form()
    password = str(form.get("password", ""))
    context = await context_words(target.username, target.full_name, target.email)
    problems = password_problems(password, context)
    if problems:
        return await _user_page(request, target, problems, HTTP_400_BAD_REQUEST)
    target.password_hash = await hash_password(password)
    await target.save([User.password_hash])
    await end_user_sessions(target.id)
    await record(request, "user.password_reset", object_type="user", object_id=user_id)
    return Redirect(f"/admin/users/{user_id}?saved=password", status_code=303)


@post("/admin/users/{user_id:int}/sessions/end", opt=USERS)
async def end_sessions(request: AnyRequest, user_id: FromPath[int]) -> Redirect:
    target = await _managed_user(request, user_id)
    await end_user_sessions(target.id)
    await record(request, "user.sessions_ended", object_type="user", object_id=user_id)
    return Redirect(f"/admin/users/{user_id}?saved=sessions", status_code=303)


@post("/admin/users/{user_id:int}/memberships", opt={**USERS, CREATES: True})
async def add_membership(request: AnyRequest, user_id: FromPath[int]) -> Response[Any]:
    admin = _admin(request)
    target = await _managed_user(request, user_id)
    form = await request.form()
    organisation = str(form.get("organisation", ""))
    role = str(form.get("role", ""))
    unit = str(form.get("unit", ""))
    errors = await _membership_problems(request, admin, organisation, role, unit)
    if not errors and await Membership.exists().where(
        (Membership.user == user_id)
        & (Membership.organisation == int(organisation))
        & (Membership.role == role)
    ):
        errors.append(_("The person already has this role there."))
    if errors:
        return await _user_page(request, target, errors, HTTP_400_BAD_REQUEST)
    [added] = await Membership.insert(
        Membership(
            user=user_id,
            organisation=int(organisation),
            role=role,
            unit=int(unit) if unit else None,
        )
    ).returning(Membership.id)
    await record(request, "membership.added", object_type="membership", object_id=added["id"])
    return Redirect(f"/admin/users/{user_id}?saved=membership", status_code=303)


@post("/admin/users/{user_id:int}/memberships/{membership_id:int}/delete", opt=USERS)
async def remove_membership(
    request: AnyRequest, user_id: FromPath[int], membership_id: FromPath[int]
) -> Redirect:
    admin = _admin(request)
    await _managed_user(request, user_id)
    allowed_orgs = [o["id"] for o in await _organisations(admin)]
    removed = (
        await Membership.delete()
        .where(
            (Membership.id == membership_id)
            & (Membership.user == user_id)
            & Membership.organisation.is_in(allowed_orgs or [0])
        )
        .returning(Membership.id)
    )
    if not removed:
        raise NotFoundException()
    await record(request, "membership.removed", object_type="membership", object_id=membership_id)
    return Redirect(f"/admin/users/{user_id}?saved=membership", status_code=303)


# --- Plugins and forms per municipality ------------------------------------------------------


async def _chosen_municipality(request: AnyRequest, value: object) -> dict[str, Any]:
    admin = _admin(request)
    own = municipality_reach(admin)
    wanted = own if own is not None else id_or_none(str(value))
    query = Municipality.select(Municipality.id, Municipality.name).order_by(Municipality.name)
    if wanted is not None:
        query = query.where(Municipality.id == wanted)
    row: dict[str, Any] | None = await query.first()
    if row is None:
        raise NotFoundException()
    return row


async def _plugins_page(
    request: AnyRequest, municipality: dict[str, Any], error: str = "", status_code: int = 200
) -> Template:
    plugins = plugins_of(request)
    on = await enabled_plugins(plugins, municipality["id"])
    panels: list[Panel] = await plugins.call_for(
        on,
        "heaolu_municipality_settings",
        request=request,
        user=_admin(request),
        municipality_id=municipality["id"],
    )
    municipalities = (
        await Municipality.select(Municipality.id, Municipality.name).order_by(Municipality.name)
        if municipality_reach(_admin(request)) is None
        else [municipality]
    )
    return page(
        request,
        "admin/plugins.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "plugins": [info for info in plugins.infos if info.name in plugins.names],
            "labels": {info.name: plugins.description(info.name).label for info in plugins.infos},
            "enabled": on,
            "forms": await offered_forms(plugins, municipality["id"]),
            "panels": sorted(panels, key=lambda panel: panel.order),
            "error": error,
        },
        status_code=status_code,
    )


@get("/admin/plugins", opt=PLUGINS)
async def plugin_settings(request: AnyRequest) -> Template:
    municipality = await _chosen_municipality(request, request.query_params.get("municipality"))
    return await _plugins_page(request, municipality)


async def _reason_in_use(request: AnyRequest, plugin: str, municipality_id: int) -> str | None:
    for _owner, answer in plugins_of(request).collect(
        "heaolu_plugin_in_use", only={plugin}, municipality_id=municipality_id
    ):
        reason = await answer if asyncio.iscoroutine(answer) else answer
        if reason:
            return str(reason)
    return None


async def _turn_off_page(
    request: AnyRequest, name: str, municipality: dict[str, Any], status_code: int = 200
) -> Template:
    """What turning ``name`` off takes from the municipality's users, and the button that
    does it (none while the plugin says it is in use)."""
    plugins = plugins_of(request)
    return page(
        request,
        "admin/plugin_off.html",
        {
            "name": name,
            "description": plugins.description(name),
            "municipality": municipality,
            "open_cases": await open_cases_of_plugin(plugins, name, municipality["id"]),
            "in_use": await _reason_in_use(request, name, municipality["id"]),
        },
        status_code=status_code,
    )


def _loaded(request: AnyRequest, name: str) -> str:
    if name not in plugins_of(request).names:
        raise NotFoundException()
    return name


@get("/admin/plugins/{name:str}/off", opt=PLUGINS)
async def turn_off_form(request: AnyRequest, name: FromPath[str]) -> Template:
    municipality = await _chosen_municipality(request, request.query_params.get("municipality"))
    return await _turn_off_page(request, _loaded(request, name), municipality)


@post("/admin/plugins/{name:str}", opt=PLUGINS)
async def toggle_plugin(request: AnyRequest, name: FromPath[str]) -> Response[Any]:
    """Turn a plugin on, or off once the administrator has confirmed what its users lose."""
    form = await request.form()
    municipality = await _chosen_municipality(request, form.get("municipality"))
    _loaded(request, name)
    enable = form.get("enabled") == "1"
    if not enable:
        reason = await _reason_in_use(request, name, municipality["id"])
        if reason:
            message = _("{plugin} cannot be turned off while it is in use here: {reason}.")
            label = _(plugins_of(request).description(name).label)
            return await _plugins_page(
                request,
                municipality,
                message.format(plugin=label, reason=reason),
                HTTP_409_CONFLICT,
            )
        if form.get("confirmed") != "1":
            return await _turn_off_page(request, name, municipality)
    await set_plugin_enabled(plugins_of(request), name, municipality["id"], enable)
    action = "plugin.enabled" if enable else "plugin.disabled"
    await record(request, action, object_type="plugin", object_id=f"{name}@{municipality['id']}")
    return Redirect(f"/admin/plugins?municipality={municipality['id']}", status_code=303)


@post("/admin/forms/{key:str}", opt=PLUGINS)
async def toggle_form(request: AnyRequest, key: FromPath[str]) -> Redirect:
    form = await request.form()
    municipality = await _chosen_municipality(request, form.get("municipality"))
    if not await is_offered(plugins_of(request), key, municipality["id"]):
        raise NotFoundException()
    enable = form.get("enabled") == "1"
    await set_form_enabled(plugins_of(request), key, municipality["id"], enable)
    action = "form.enabled" if enable else "form.disabled"
    await record(request, action, object_type="form", object_id=f"{key}@{municipality['id']}")
    return Redirect(f"/admin/plugins?municipality={municipality['id']}", status_code=303)


@get("/-/plugins", opt={"permission": SYSTEM_ADMIN})
async def loaded_plugins(request: AnyRequest) -> Template:
    plugins = plugins_of(request)
    labels = {info.name: plugins.description(info.name).label for info in plugins.infos}
    return page(request, "admin/loaded_plugins.html", {"infos": plugins.infos, "labels": labels})


ROUTES = (
    users,
    new_user_form,
    create_user,
    user_detail,
    update_user,
    reset_password,
    end_sessions,
    add_membership,
    remove_membership,
    plugin_settings,
    turn_off_form,
    toggle_plugin,
    toggle_form,
    loaded_plugins,
)
