"""Login, the second factor, logout, and the user's own account page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_429_TOO_MANY_REQUESTS,
)

from core.audit.log import Outcome, record
from core.auth import csrf, throttle, totp
from core.auth.current import CurrentUser
from core.auth.guard import SECOND_FACTOR_SETUP
from core.auth.passwords import (
    context_words,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from core.auth.permissions import AUTHENTICATED
from core.auth.sessions import (
    cookie_value,
    end_session,
    end_user_sessions,
    expired_session_cookie,
    session_cookie,
    start_session,
)
from core.auth.tables import Membership, RecoveryCode, Session, User
from core.db import OWN_TRANSACTIONS, engine_for, write_transaction
from core.i18n import gettext as _
from core.network import client_address
from core.pages import page
from core.parsing import clean_text, id_or_none
from core.settings import Settings

AnyRequest = Request[Any, Any, Any]
ACCOUNT = {"permission": AUTHENTICATED, SECOND_FACTOR_SETUP: True}


def safe_next(value: object) -> str:
    """Only a local path: never another site (no open redirect)."""
    text = str(value or "")
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        return text
    return "/"


def _settings(request: AnyRequest) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _state(request: AnyRequest) -> dict[str, Any]:
    state: dict[str, Any] = request.scope.setdefault("state", {})
    return state


def _user(request: AnyRequest) -> CurrentUser:
    user: CurrentUser = _state(request)["user"]
    return user


async def _stored_user(request: AnyRequest) -> User:
    """The logged-in user's row (a session's user always exists: deleting one ends it)."""
    user = await User.objects().get(User.id == _user(request).id)
    assert user is not None
    return user


# --- Login -----------------------------------------------------------------------------------


def _login_page(
    request: AnyRequest, status_code: int = 200, error: str = "", username: str = ""
) -> Template:
    response = page(
        request,
        "auth/login.html",
        {"error": error, "username": username, "next": safe_next(request.query_params.get("next"))},
        status_code=status_code,
    )
    new_cookie = _state(request).get("new_csrf_cookie")
    if new_cookie:
        response.headers["set-cookie"] = csrf.csrf_cookie(new_cookie)
    return response


@get("/login", opt={"public": True})
async def login_form(request: AnyRequest) -> Template | Redirect:
    if _state(request).get("user") is not None:
        return Redirect("/", status_code=303)
    if not cookie_value(request.scope, csrf.CSRF_COOKIE):
        cookie = csrf.new_anonymous_cookie()
        _state(request).update(csrf_cookie=cookie, new_csrf_cookie=cookie)
    return _login_page(request)


def _throttled_page(request: AnyRequest, wait: int, username: str) -> Template:
    response = _login_page(
        request,
        HTTP_429_TOO_MANY_REQUESTS,
        _("Too many failed attempts. Try again in {seconds} seconds.").format(seconds=wait),
        username,
    )
    response.headers["retry-after"] = str(wait)
    return response


@post("/login", opt={"public": True, OWN_TRANSACTIONS: True})
async def login(request: AnyRequest) -> Response[Any]:
    """The password is verified outside any transaction: a login waiting for its hash holds
    neither SQLite's write lock, which every other request needs for its audit row, nor a
    pooled PostgreSQL connection. Throttling is asked twice: before the hash, so a throttled
    client costs none, and again in the write transaction that records the outcome, so
    attempts made at once learn nothing once the allowance is spent."""
    form = await request.form()
    # No user name is longer than its column: a longer one is cut, and its throttle keys fit.
    username = clean_text(form.get("username", "")).lower()[: User.username.length]
    password = str(form.get("password", ""))
    next_path = safe_next(form.get("next"))
    checked = throttle.keys(username, client_address(request.scope, _settings(request)))
    engine = engine_for(_settings(request))

    wait = await throttle.seconds_to_wait(checked)
    if wait:
        async with write_transaction(engine):
            await record(request, "login.throttled", Outcome.denied)
        return _throttled_page(request, wait, username)

    user = await User.objects().get(User.username == username) if username else None
    usable = user is not None and user.active
    correct = await verify_password(user.password_hash if usable and user else None, password)
    new_hash = (
        await hash_password(password)
        if correct and user is not None and needs_rehash(user.password_hash)
        else None
    )

    async with write_transaction(engine):
        await throttle.serialize(checked)
        wait = await throttle.seconds_to_wait(checked)
        if wait:
            await record(request, "login.throttled", Outcome.denied)
            return _throttled_page(request, wait, username)
        if not correct:
            await throttle.record_failure(checked)
            await record(request, "login.failed", Outcome.failed, user_id=user.id if user else None)
            return _login_page(
                request,
                HTTP_401_UNAUTHORIZED,
                _("The user name or password is wrong."),
                username,
            )
        assert user is not None
        await throttle.clear([(rule, key) for rule, key in checked if rule is not throttle.ADDRESS])
        if new_hash is not None:
            await User.update({User.password_hash: new_hash}).where(
                (User.id == user.id) & (User.password_hash == user.password_hash)
            )
        old_session = _state(request).get("session")
        if old_session is not None:
            await end_session(old_session["id"])
        first = await Membership.select(Membership.id).where(Membership.user == user.id).first()
        token = await start_session(
            user.id, first["id"] if first else None, verified=not user.totp_enabled
        )
        if user.totp_enabled:
            await record(request, "login.password_ok", user_id=user.id)
            target = f"/login/second-factor?next={next_path}"
        else:
            await record(request, "login", user_id=user.id)
            target = next_path
    return Redirect(target, status_code=303, headers={"set-cookie": session_cookie(token)})


def _second_factor_page(request: AnyRequest, status_code: int = 200, error: str = "") -> Template:
    return page(
        request,
        "auth/second_factor.html",
        {"error": error, "next": safe_next(request.query_params.get("next"))},
        status_code=status_code,
    )


@get("/login/second-factor", opt={"public": True})
async def second_factor_form(request: AnyRequest) -> Template | Redirect:
    session = _state(request).get("session")
    if session is None or session["verified"]:
        return Redirect("/login", status_code=303)
    return _second_factor_page(request)


@post("/login/second-factor", opt={"public": True})
async def second_factor(request: AnyRequest) -> Response[Any]:
    session = _state(request).get("session")
    if session is None or session["verified"]:
        return Redirect("/login", status_code=303)
    form = await request.form()
    checked = [(throttle.SECOND_FACTOR, f"{throttle.SECOND_FACTOR.prefix}:{session['user_id']}")]
    wait = await throttle.seconds_to_wait(checked)
    if wait:
        await record(request, "login.throttled", Outcome.denied, user_id=session["user_id"])
        message = _("Too many failed attempts. Try again in {seconds} seconds.")
        response = _second_factor_page(
            request, HTTP_429_TOO_MANY_REQUESTS, message.format(seconds=wait)
        )
        response.headers["retry-after"] = str(wait)
        return response
    user = await User.objects().get(User.id == session["user_id"])
    code = str(form.get("code", ""))
    if user is None or not await totp.verify_second_factor(
        user, code, _settings(request).secret_key
    ):
        await throttle.record_failure(checked)
        await record(
            request, "login.second_factor_failed", Outcome.failed, user_id=session["user_id"]
        )
        return _second_factor_page(
            request, HTTP_401_UNAUTHORIZED, _("The code is wrong or has been used already.")
        )
    await throttle.clear(checked)
    membership = await Session.select(Session.membership).where(Session.id == session["id"]).first()
    await end_session(session["id"])
    token = await start_session(user.id, membership["membership"] if membership else None, True)
    await record(request, "login", user_id=user.id)
    return Redirect(
        safe_next(form.get("next")),
        status_code=303,
        headers={"set-cookie": session_cookie(token)},
    )


@post("/logout", opt={"public": True})
async def logout(request: AnyRequest) -> Redirect:
    session = _state(request).get("session")
    if session is not None:
        await end_session(session["id"])
        await record(request, "logout", user_id=session["user_id"])
    return Redirect("/login", status_code=303, headers={"set-cookie": expired_session_cookie()})


# --- The user's own account ------------------------------------------------------------------


def _account_page(
    request: AnyRequest, status_code: int = 200, errors: list[str] | None = None
) -> Template:
    return page(
        request,
        "auth/account.html",
        {
            "errors": errors or [],
            "saved": request.query_params.get("saved", ""),
            "admin_2fa_required": _settings(request).admin_2fa == "required",
        },
        status_code=status_code,
    )


@get("/account", opt=ACCOUNT)
async def account(request: AnyRequest) -> Template:
    return _account_page(request)


# Routes that verify or hash a password open their own short transactions around that work
# (`core.db.OWN_TRANSACTIONS`), as the login does: the hash holds no write lock or connection.
PASSWORD_WORK = {**ACCOUNT, OWN_TRANSACTIONS: True}


@post("/account/password", opt=PASSWORD_WORK)
async def change_password(request: AnyRequest) -> Response[Any]:
    form = await request.form()
    current_user = _user(request)
    user = await _stored_user(request)
    engine = engine_for(_settings(request))
    new = str(form.get("new_password", ""))
    if not await verify_password(user.password_hash, str(form.get("current_password", ""))):
        async with write_transaction(engine):
            await record(request, "password.change_failed", Outcome.failed)
        return _account_page(request, HTTP_400_BAD_REQUEST, [_("The current password is wrong.")])
    problems = password_problems(
        new, await context_words(user.username, user.full_name, user.email)
    )
    if new != str(form.get("repeat_password", "")):
        problems.append(_("The new password and its repetition differ."))
    if problems:
        return _account_page(request, HTTP_400_BAD_REQUEST, problems)
    new_hash = await hash_password(new)
    async with write_transaction(engine):
        await User.update(
            {User.password_hash: new_hash, User.password_changed_at: datetime.now(UTC)}
        ).where(User.id == user.id)
        if form.get("end_other_sessions"):
            await end_user_sessions(user.id, keep_session_id=current_user.session_id)
        await record(request, "password.changed")
    return Redirect("/account?saved=password", status_code=303)


@post("/account/membership", opt=ACCOUNT)
async def switch_membership(request: AnyRequest) -> Redirect:
    form = await request.form()
    user = _user(request)
    chosen = id_or_none(form.get("membership", ""))
    if chosen in {m.id for m in user.memberships}:
        await Session.update({Session.membership: chosen}).where(Session.id == user.session_id)
    return Redirect(safe_next(form.get("next")), status_code=303)


@get("/account/two-factor", opt=ACCOUNT)
async def two_factor(request: AnyRequest) -> Template:
    return await _two_factor_page(request)


async def _two_factor_page(
    request: AnyRequest, status_code: int = 200, error: str = "", codes: list[str] | None = None
) -> Template:
    current = _user(request)
    user = await _stored_user(request)
    secret = (
        totp.decrypt(user.totp_secret, _settings(request).secret_key)
        if user.totp_secret and not user.totp_enabled
        else None
    )
    return page(
        request,
        "auth/two_factor.html",
        {
            "enabled": user.totp_enabled,
            "pending_secret": secret,
            "qr_svg": totp.qr_svg(secret, user.username) if secret else "",
            "error": error,
            "recovery_codes": codes or [],
            "required": _settings(request).admin_2fa == "required" and current.administers,
        },
        status_code=status_code,
    )


@post("/account/two-factor/start", opt=ACCOUNT)
async def start_two_factor(request: AnyRequest) -> Redirect:
    user = await _stored_user(request)
    if not user.totp_enabled:
        user.totp_secret = totp.encrypt(totp.new_secret(), _settings(request).secret_key)
        await user.save([User.totp_secret])
    return Redirect("/account/two-factor", status_code=303)


@post("/account/two-factor/confirm", opt=ACCOUNT)
async def confirm_two_factor(request: AnyRequest) -> Response[Any]:
    form = await request.form()
    user = await _stored_user(request)
    secret = (
        totp.decrypt(user.totp_secret, _settings(request).secret_key) if user.totp_secret else None
    )
    step = totp.matching_step(secret, str(form.get("code", "")), 0) if secret else None
    if user.totp_enabled or step is None:
        return await _two_factor_page(
            request, HTTP_400_BAD_REQUEST, _("The code is wrong. Check the clock of your phone.")
        )
    user.totp_enabled = True
    user.totp_last_step = step
    await user.save([User.totp_enabled, User.totp_last_step])
    codes = await totp.new_recovery_codes(user.id)
    await record(request, "two_factor.enabled")
    # Shown once, in this answer only: recovery codes are stored hashed.
    response = await _two_factor_page(request, codes=codes)
    response.headers["cache-control"] = "no-store"
    return response


@post("/account/two-factor/disable", opt=PASSWORD_WORK)
async def disable_two_factor(request: AnyRequest) -> Response[Any]:
    form = await request.form()
    current = _user(request)
    user = await _stored_user(request)
    if _settings(request).admin_2fa == "required" and current.administers:
        return await _two_factor_page(
            request, HTTP_400_BAD_REQUEST, _("Administrators must keep two-factor login on.")
        )
    if not await verify_password(user.password_hash, str(form.get("password", ""))):
        return await _two_factor_page(request, HTTP_400_BAD_REQUEST, _("The password is wrong."))
    async with write_transaction(engine_for(_settings(request))):
        await User.update({User.totp_enabled: False, User.totp_secret: ""}).where(
            User.id == user.id
        )
        await RecoveryCode.delete().where(RecoveryCode.user == user.id)
        await record(request, "two_factor.disabled")
    return Redirect("/account/two-factor", status_code=303)


ROUTES = (
    login_form,
    login,
    second_factor_form,
    second_factor,
    logout,
    account,
    change_password,
    switch_membership,
    two_factor,
    start_two_factor,
    confirm_two_factor,
    disable_two_factor,
)
