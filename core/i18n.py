"""Languages, message catalogues and dates.

Estonian is the default; English is chosen with ``?lang=en`` and remembered in a cookie.
Message ids are English; ``core/locale/<lang>/LC_MESSAGES/messages.po`` translates them, and a
plugin's own catalogues (``heaolu_locale_dirs``) translate its messages. The catalogues are
compiled in memory at start-up, so there is no build step and no .mo file. Typed dates are
read by `core.parsing.parse_date`.
The current request's language lives in a context variable set by `LanguageMiddleware`.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date, datetime, time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context
from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from markupsafe import Markup

LANGUAGES = ("et", "en")
DEFAULT_LANGUAGE = "et"
LANGUAGE_COOKIE = "heaolu_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALE_DIR = Path(__file__).parent / "locale"
# Times are shown, and dates typed, in Estonian time whatever the server's zone.
TIME_ZONE = ZoneInfo("Europe/Tallinn")
DATE_PATTERN = "pp.kk.aaaa"

_language: ContextVar[str] = ContextVar("heaolu_language", default=DEFAULT_LANGUAGE)


def _read_catalog(locale_dir: Path, language: str) -> Any:
    po_path = locale_dir / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return None
    with po_path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def _translations(catalog: Any) -> stdlib_gettext.NullTranslations:
    if catalog is None:
        return stdlib_gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)


def _translated_ids(catalog: Any) -> set[str]:
    return {
        message.id
        for message in catalog or ()
        if isinstance(message.id, str) and message.id and message.string
    }


_CATALOGS = {language: _read_catalog(LOCALE_DIR, language) for language in LANGUAGES}
_TRANSLATIONS = {language: _translations(catalog) for language, catalog in _CATALOGS.items()}
# Message ids translated into Estonian: what `is_message_id` accepts.
_MESSAGE_IDS = _translated_ids(_CATALOGS[DEFAULT_LANGUAGE])
_PLUGIN_LOCALE_DIRS: set[Path] = set()


def add_catalogues(locale_dir: Path) -> None:
    """Add a plugin's catalogues (``<locale_dir>/<lang>/LC_MESSAGES/messages.po``) behind
    core's: core's translation wins for a message id both have. Adding a directory twice
    changes nothing."""
    locale_dir = locale_dir.resolve()
    if locale_dir in _PLUGIN_LOCALE_DIRS:
        return
    _PLUGIN_LOCALE_DIRS.add(locale_dir)
    for language in LANGUAGES:
        catalog = _read_catalog(locale_dir, language)
        if catalog is None:
            continue
        _TRANSLATIONS[language].add_fallback(_translations(catalog))
        _LABELS[language].clear()
        if language == DEFAULT_LANGUAGE:
            _MESSAGE_IDS.update(_translated_ids(catalog))


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message


def gettext(message: str) -> str:
    return _TRANSLATIONS[_language.get()].gettext(message)


def gettext_in(language: str, message: str) -> str:
    """``message`` in ``language`` whatever the current request's language (e-mail, jobs)."""
    return _TRANSLATIONS[language].gettext(message)


def is_message_id(message: str) -> bool:
    """True when ``message`` is a message id of the Estonian catalogue (so not free text)."""
    return message in _MESSAGE_IDS


def ngettext(singular: str, plural: str, n: int) -> str:
    return _TRANSLATIONS[_language.get()].ngettext(singular, plural, n)


def format_date(value: date | None) -> str:
    """A date as ``pp.kk.aaaa`` (23.11.2026), the form Estonian users read and type. Formatted
    by hand: ``strftime`` takes twice as long, and a list formats a date on every row."""
    return f"{value.day:02}.{value.month:02}.{value.year:04}" if value else ""


def format_datetime(value: datetime | None) -> str:
    """A moment as ``pp.kk.aaaa tt:mm:ss`` in Estonian time (23.11.2026 11:05:09)."""
    if not value:
        return ""
    here = value.astimezone(TIME_ZONE)
    return f"{format_date(here)} {here.hour:02}:{here.minute:02}:{here.second:02}"


def start_of_day(day: date) -> datetime:
    """The first moment of ``day`` in Estonian time."""
    return datetime.combine(day, time.min, tzinfo=TIME_ZONE)


def language_from_scope(scope: Scope) -> tuple[str, bool]:
    """The language a request asks for, and whether it asked in the query string."""
    query = scope.get("query_string", b"").decode("latin-1")
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == "lang" and value in LANGUAGES:
            return value, True
    for name, raw in scope.get("headers", ()):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(raw.decode("latin-1"))
            except Exception:  # noqa: S112 - a malformed cookie header means "no preference"
                continue
            morsel = cookie.get(LANGUAGE_COOKIE)
            if morsel is not None and morsel.value in LANGUAGES:
                return morsel.value, False
    return DEFAULT_LANGUAGE, False


def language_cookie(language: str) -> str:
    return (
        f"{LANGUAGE_COOKIE}={language}; Max-Age={LANGUAGE_COOKIE_MAX_AGE}; Path=/; "
        "SameSite=Lax; HttpOnly"
    )


class LanguageMiddleware(ASGIMiddleware):
    """Sets the request's language; remembers an explicit ``?lang=`` choice in a cookie."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        language, chosen = language_from_scope(scope)
        set_language(language)
        if not chosen:
            await next_app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message).add(
                    "set-cookie", language_cookie(language)
                )
            await send(message)

        await next_app(scope, receive, send_with_cookie)


def template_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's ``gettext`` and ``_`` (newstyle: a translation is a format string, filled with
    the keyword arguments) for ``translate``, without the cost where formatting changes
    nothing: a translation with no ``%`` in it is returned as it is (``Markup % {}`` would only
    copy it, escaping on the way, for each of the page's hundred labels). ``translate`` is
    called directly, not through the template's context (it takes none), and ``_`` is this
    function too, not Jinja's alias that looks ``gettext`` up and calls it through the context:
    a case page asks some 150 translations."""

    @pass_context
    def template_gettext(context: Context, message: str, **variables: Any) -> str:
        translated = translate(message)
        if context.eval_ctx.autoescape:
            # The catalogue's text is trusted as Jinja's own gettext trusts it.
            translated = Markup(translated)  # noqa: S704
        if not variables and "%" not in translated:
            return translated
        return translated % variables

    return template_gettext


# Each language's fixed labels of the templates as `template_gettext` gives them: a label of
# the page's markup is translated once per worker, not each time a page shows it.
_LABELS: dict[str, dict[str, Markup]] = {language: {} for language in LANGUAGES}
LABELS = "_labels"


class _Labels:
    """The templates' fixed labels in the current request's language: ``_labels["Save"]`` is
    what ``_("Save")`` gives (`FixedLabels` compiles the one into the other)."""

    def __getitem__(self, message: str) -> Markup:
        language = _language.get()
        found = _LABELS[language].get(message)
        if found is None:
            # The catalogue's text is trusted as Jinja's own gettext trusts it.
            found = Markup(_TRANSLATIONS[language].gettext(message))  # noqa: S704
            if "%" in found:
                found = found % {}
            _LABELS[language][message] = found
        return found


class FixedLabels(Extension):
    """Compiles a template's ``_("literal")`` (a label with nothing to fill in) as
    ``_labels["literal"]``: a look-up in the current language's table of labels (`_Labels`),
    where the call cost some 2 µs through Jinja's context, the catalogue and `Markup` (a case
    page shows some 150 labels). A call with values to fill in stays a call."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        tokens = list(stream)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            call = tokens[index : index + 4]
            if (
                token.type == "name"
                and token.value == "_"
                and [t.type for t in call] == ["name", "lparen", "string", "rparen"]
                and (index == 0 or tokens[index - 1].type != "dot")
            ):
                yield Token(token.lineno, "name", LABELS)
                yield Token(token.lineno, "lbracket", "[")
                yield call[2]
                yield Token(token.lineno, "rbracket", "]")
                index += 4
                continue
            yield token
            index += 1


def jinja_globals() -> dict[str, Any]:
    return {"current_language": current_language, "LANGUAGES": LANGUAGES, LABELS: _Labels()}
