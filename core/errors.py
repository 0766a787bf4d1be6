"""Error pages in the shell: a message, the request's id, and a stack trace only in debug.

An error that says the database cannot be reached or written right now (`core.db.is_unavailable`:
a missing or read-only SQLite file, PostgreSQL down) is no bug: it answers 503 with "the service
cannot save right now, nothing was lost" (the request's transaction was rolled back), and the
next request tries again, so service comes back without a restart. A full database (`is_full`)
says so instead, since waiting will not help. An `InputError` a handler
lets go (a query parameter that is no id, year or date) answers 400 with its message."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from core.auth.guard import CsrfFailed, LoginRequired, SecondFactorSetupRequired, login_url
from core.auth.submissions import SubmissionKeyMissing
from core.db import is_full, is_unavailable
from core.i18n import gettext as _
from core.i18n import language_from_scope, set_language
from core.pages import page
from core.parsing import InputError
from core.request_id import HEADER, request_id
from core.security import HEADERS, host_allowed
from core.settings import Settings

logger = logging.getLogger("heaolu.errors")


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Access denied"), _("You do not have the right to see this page.")),
        404: (_("Page not found"), _("There is no page at this address.")),
        429: (_("Too many attempts"), _("Wait a moment and try again.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        500: (
            _("Something went wrong"),
            _("The error has been logged. Please try again; if it recurs, quote the code below."),
        ),
        503: (
            _("Service unavailable"),
            _("The service cannot save right now; nothing was lost. Try again in a moment."),
        ),
    }


# Seconds a client is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    settings: Settings = request.app.state.settings
    if not host_allowed(request.scope, settings):
        return Response(b"Bad Request: unknown host", status_code=400, media_type=MediaType.TEXT)
    if isinstance(exc, LoginRequired):
        return Redirect(login_url(exc.next_path), status_code=303)
    if isinstance(exc, SecondFactorSetupRequired):
        return Redirect("/account/two-factor", status_code=303)
    set_language(language_from_scope(request.scope)[0])
    rid = request_id(request.scope)
    headers: dict[str, str] = dict(getattr(exc, "headers", None) or {})
    details = None
    if isinstance(exc, HTTPException):
        status = exc.status_code
    elif isinstance(exc, InputError):
        status = HTTP_400_BAD_REQUEST
    elif is_unavailable(exc):
        status = HTTP_503_SERVICE_UNAVAILABLE
        headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        logger.warning(
            "database unavailable: %s", exc, extra={"request_id": rid, "path": request.url.path}
        )
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        logger.error(
            "unhandled error", exc_info=exc, extra={"request_id": rid, "path": request.url.path}
        )
        details = traceback.format_exception(exc) if request.app.debug else None
    titles = _titles()
    title, message = titles.get(status, titles[500 if status >= 500 else 400])
    if isinstance(exc, CsrfFailed):
        message = _("The form had expired. Go back, reload the page and try again.")
    if is_full(exc):
        message = _(
            "The database is full, so this was not saved; nothing saved before was lost. "
            "Tell the administrator."
        )
    if isinstance(exc, SubmissionKeyMissing):
        message = _("The form was incomplete. Go back, reload the page and send it again.")
    elif isinstance(exc, InputError):
        message = str(exc)
    template = page(
        request,
        "error.html",
        {"status": status, "title": title, "message": message, "details": details},
        status_code=status,
    )
    template.headers.update(headers)
    # Errors raised before a route is matched (a 405) never pass the route middleware: the
    # headers are set here too.
    template.headers.update(HEADERS)
    template.headers[HEADER] = rid
    return template
