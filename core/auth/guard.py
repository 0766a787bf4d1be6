"""The one permission guard: deny by default.

Every route states either ``opt={"permission": "<name>"}`` or ``opt={"public": True}``. The guard

- checks the request's input the same way for every route (`core.parsing.check_request`);
- refuses unsafe methods (POST, PUT, PATCH, DELETE) without a valid CSRF token, public routes
  included (the token comes in the ``X-CSRF-Token`` header or the ``_csrf_token`` form field);
- sends an anonymous visitor to the login page;
- sends an administrator who must use a second factor and has none to its enrolment;
- answers 404 for routes of a plugin the user's municipality has disabled (audited as denied
  when the path names a child's record);
- answers 403 (and writes a "denied" audit row) when the user's active role lacks the
  permission, or the route declares none; on a route about one record of a child (its path
  names a `RECORD_PARAMETERS` id) a role without ``core.records.read`` (an administrator's) is
  answered 404 instead, as `core.access` answers it on every other record route.
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
from core.auth.permissions import AUTHENTICATED, READ_RECORDS
from core.parsing import check_request
from core.settings import Settings

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Path parameters naming a child's record, and the audit row's object type for each.
RECORD_PARAMETERS = {
    "child_id": "child",
    "case_id": "case",
    "report_id": "report",
    "consent_id": "consent",
    "attachment_id": "attachment",
    "submission_id": "submission",
    "handover_id": "handover",
}
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
        await _deny_record(connection, _record_of(connection), f"plugin:{plugin}")
        raise NotFoundException()
    permission = opt.get("permission")
    if permission == AUTHENTICATED or (permission is not None and user.can(permission)):
        return
    record_of = None if user.can(READ_RECORDS) else _record_of(connection)
    if record_of is not None:
        await _deny_record(connection, record_of, permission)
        raise NotFoundException()
    await record(connection, "permission.denied", Outcome.denied, purpose=permission)
    raise PermissionDeniedException()


async def _deny_record(
    connection: ASGIConnection[Any, Any, Any, Any],
    record_of: tuple[str, Any] | None,
    purpose: str | None,
) -> None:
    """A "denied" audit row for a request refused with 404 before it reached a child's record
    its path names (none when the path names no record)."""
    if record_of is not None:
        object_type, object_id = record_of
        await record(
            connection,
            "permission.denied",
            Outcome.denied,
            object_type=object_type,
            object_id=object_id,
            purpose=purpose,
        )


def _record_of(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[str, Any] | None:
    """The (object type, id) of the child's record the request's path names, if any."""
    for parameter, object_type in RECORD_PARAMETERS.items():
        if parameter in connection.path_params:
            return object_type, connection.path_params[parameter]
    return None


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
