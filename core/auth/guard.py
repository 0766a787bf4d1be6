"""The one permission guard: deny by default.

Every route states either ``opt={"permission": "<name>"}`` or ``opt={"public": True}``. The guard

- checks the request's input the same way for every route (`core.parsing.check_request`);
- refuses unsafe methods (POST, PUT, PATCH, DELETE) without a valid CSRF token, public routes
  included (the token comes in the ``X-CSRF-Token`` header or the ``_csrf_token`` form field);
- sends an anonymous visitor to the login page;
- sends an administrator who must use a second factor and has none to its enrolment;
- answers 404 for routes of a plugin the user's municipality has disabled;
- answers 403 (and writes a "denied" audit row) when the user's active role lacks the
  permission, or the route declares none.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from core.audit.log import Outcome, record
from core.auth import csrf
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.parsing import check_request
from core.settings import Settings

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Routes that still answer while an administrator has no second factor yet.
SECOND_FACTOR_SETUP = "second_factor_setup"


class LoginRequired(NotAuthorizedException):
    """An anonymous visitor asked for a page that needs a login; answered with a redirect."""

    def __init__(self, next_path: str) -> None:
        super().__init__(detail="login required")
        self.next_path = next_path


class SecondFactorSetupRequired(PermissionDeniedException):
    """An administrator without a second factor, where one is required."""


class CsrfFailed(PermissionDeniedException):
    """An unsafe request without a valid CSRF token."""


def login_url(next_path: str) -> str:
    return "/login" if next_path in ("", "/") else f"/login?next={quote(next_path, safe='/')}"


async def permission_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    opt = handler.opt
    settings: Settings = connection.app.state.settings
    method = connection.scope.get("method", "GET")
    form = None
    if method in UNSAFE_METHODS and isinstance(connection, Request) and _has_form(connection):
        form = await connection.form()
    check_request(connection.path_params, connection.query_params, form)
    if method in UNSAFE_METHODS:
        await _check_csrf(connection, settings)
    if opt.get("public"):
        return
    user: CurrentUser | None = connection.scope.get("state", {}).get("user")
    if user is None:
        raise LoginRequired(connection.url.path)
    if (
        settings.admin_2fa == "required"
        and user.administers
        and not user.totp_enabled
        and not opt.get(SECOND_FACTOR_SETUP)
    ):
        raise SecondFactorSetupRequired()
    plugin = opt.get("plugin")
    if plugin is not None and plugin not in user.enabled_plugins:
        raise NotFoundException()
    permission = opt.get("permission")
    if permission == AUTHENTICATED or (permission is not None and user.can(permission)):
        return
    await record(connection, "permission.denied", Outcome.denied, purpose=permission)
    raise PermissionDeniedException()


def _has_form(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    content_type = connection.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


async def _check_csrf(connection: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> None:
    token = connection.headers.get(csrf.HEADER, "")
    if not token and hasattr(connection, "form"):
        form = await connection.form()
        token = str(form.get(csrf.FIELD, ""))
    if not csrf.is_valid(connection, settings.secret_key, token):
        raise CsrfFailed()
