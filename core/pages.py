"""Rendering a page in the shell, and core's own small pages (home, health, liveness)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from litestar import HttpMethod, MediaType, Request, Response, get, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_503_SERVICE_UNAVAILABLE

from core import db
from core.auth import csrf
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.sessions import SKIP_SESSION
from core.enablement import enabled_by_default
from core.i18n import LANGUAGES, current_language
from core.navigation import NAV_STATE
from core.notifications.unread import UNREAD_STATE
from core.plugins import Plugins
from core.registry import Panel
from core.request_id import request_id
from core.settings import Settings

AnyRequest = Request[Any, Any, Any]


def plugins_of(request: AnyRequest) -> Plugins:
    plugins: Plugins = request.app.state.plugins
    return plugins


def current_user(request: AnyRequest) -> CurrentUser | None:
    user: CurrentUser | None = request.scope.get("state", {}).get("user")
    return user


def enabled_plugins_for(request: AnyRequest) -> set[str]:
    """Plugins whose per-request hooks run for this request's user (its municipality's)."""
    user = current_user(request)
    if user is not None:
        return set(user.enabled_plugins)
    return enabled_by_default(plugins_of(request))


def shell_context(request: AnyRequest) -> dict[str, Any]:
    """What ``base.html`` needs: language, user, navigation, CSRF token, the request's id, the
    count of unread notifications."""
    user = current_user(request)
    settings: Settings = request.app.state.settings
    return {
        "user": user,
        "csrf_token": csrf.token_for(request, settings.secret_key),
        "lang": current_language(),
        "language_links": _language_links(request),
        # Gathered before the handler ran (`core.navigation`); none where it did not run (an
        # htmx request, an address no route serves).
        "nav_items": request.scope.get("state", {}).get(NAV_STATE, []),
        "current_path": request.url.path,
        "request_id": request_id(request.scope),
        # None where the page was not counted (an error outside a route, an anonymous visitor).
        "unread_notifications": request.scope.get("state", {}).get(UNREAD_STATE),
    }


def _language_links(request: AnyRequest) -> dict[str, str]:
    """This page's address in each language, keeping the rest of the query string."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {
        language: f"{request.url.path}?{urlencode([*params, ('lang', language)])}"
        for language in LANGUAGES
    }


def page(
    request: AnyRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = HTTP_200_OK,
) -> Template:
    """A full page: ``template`` extends ``base.html`` and gets the shell's context."""
    return Template(
        template_name=template,
        context={**shell_context(request), **(context or {})},
        status_code=status_code,
    )


def form_page(
    request: AnyRequest,
    template: str,
    context: Mapping[str, Any],
    errors: Mapping[Any, str] | Sequence[str] | None = None,
) -> Template:
    """A full page with a form: ``errors`` (messages, or messages by field) go into the
    context as ``errors``; with any, the answer is 400 and the page shows what was typed
    (``context`` carries it), so nothing typed is lost."""
    return page(
        request,
        template,
        {**context, "errors": errors or {}},
        status_code=HTTP_400_BAD_REQUEST if errors else HTTP_200_OK,
    )


def partial(
    request: AnyRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = HTTP_200_OK,
) -> Template:
    """An htmx partial: ``template`` (a ``_name.html`` the full page includes) alone, with the
    CSRF token its forms need, and ``Vary: HX-Request`` (the same address answers a full page
    without htmx)."""
    settings: Settings = request.app.state.settings
    response = Template(
        template_name=template,
        context={"csrf_token": csrf.token_for(request, settings.secret_key), **(context or {})},
        status_code=status_code,
    )
    response.headers["vary"] = "HX-Request"
    return response


@get("/", opt={"permission": AUTHENTICATED}, include_in_schema=False)
async def home(request: AnyRequest) -> Template:
    panels: list[Panel] = await plugins_of(request).call_for(
        enabled_plugins_for(request),
        "heaolu_dashboard_panels",
        request=request,
        user=current_user(request),
    )
    return page(request, "home.html", {"panels": sorted(panels, key=lambda p: p.order)})


@get(
    "/healthz",
    opt={"public": True, db.SKIP_DATABASE: True, SKIP_SESSION: True},
    media_type=MediaType.JSON,
    include_in_schema=False,
)
async def healthz(request: AnyRequest) -> Response[dict[str, str]]:
    """Readiness: 200 when the database answers, is migrated and accepts a write (a write rolled
    back, `core.db.accepts_writes`), 503 otherwise."""
    if await db.accepts_writes(request.app.state.engine):
        return Response({"status": "ok", "database": "ok"}, status_code=HTTP_200_OK)
    return Response(
        {"status": "unavailable", "database": "unreachable"},
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
    )


@route(
    "/{path:path}",
    http_method=list(HttpMethod),
    opt={"public": True},
    include_in_schema=False,
)
async def not_found(path: FromPath[str]) -> None:
    """Any address no other route serves: a 404 page in the shell of whoever is logged in.
    Litestar runs middleware only for a matched route, so without this route such a page would
    miss the session and the navigation. (An unsafe method still needs its CSRF token first.)"""
    raise NotFoundException()


@get(
    "/-/ping",
    opt={"public": True, db.SKIP_DATABASE: True, SKIP_SESSION: True},
    media_type=MediaType.TEXT,
    include_in_schema=False,
)
async def ping() -> str:
    """Liveness: a constant, touching neither the database nor the session."""
    return "pong"


@get(
    "/-/me",
    opt={"permission": AUTHENTICATED, db.SKIP_DATABASE: True},
    media_type=MediaType.TEXT,
    include_in_schema=False,
)
async def me() -> str:
    """A constant for a logged-in user: what being logged in costs (the session's one statement
    and the guard), beside `/-/ping`, which costs nothing."""
    return "ok"
