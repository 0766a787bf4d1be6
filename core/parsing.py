"""The one parsing layer: every id, number, year, date, choice and text a request brings is read
here before a handler uses it.

Each function takes the raw text of a form field or query parameter and returns a value a
handler may trust, or raises `InputError` with a message for the user in their language. A
handler that shows its form again catches `InputError` and puts the message beside the field;
one that does not lets it go, and the error page answers 400 with the message.

What is checked, so that no input reaches the database or Python in a shape they refuse:
- ids: ASCII digits only (``²`` and ``٣`` are digits to ``str.isdigit()`` but not to ``int()``),
  positive, at most ``2**63 - 1`` (the largest integer SQLite and PostgreSQL store);
- numbers and years: ASCII digits within a stated range;
- dates: ``pp.kk.aaaa`` as Estonian users type them (the app's forms use text fields, never a
  browser's date input); a day the calendar lacks (31.02) is a message, not an exception;
- text: at most a stated length, without NUL or other control characters (newlines and tabs are
  kept where several lines are allowed);
- choices: one of a stated set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from litestar.exceptions import NotFoundException
from multidict import MultiMapping

from core.i18n import gettext as _

MAX_ID = 2**63 - 1
# Years a person types: births, school years, statistics. Outside this, a typing mistake.
MIN_YEAR = 1900
MAX_YEAR = 2100
# A one-line field (a name, a reason's title) and a text area (a note, a reason).
LINE_LENGTH = 200
TEXT_LENGTH = 10_000
# A search term: enough for a name or an isikukood; SQLite refuses long LIKE patterns.
SEARCH_LENGTH = 100
_DIGITS = re.compile(r"[0-9]+")
_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_KEPT_IN_TEXT = {"\n", "\t"}


class InputError(ValueError):
    """An input the user can correct; ``str(error)`` is the message, already translated."""


def _ascii_number(text: str) -> int | None:
    text = text.strip()
    if not _DIGITS.fullmatch(text) or len(text) > 19:
        return None
    return int(text)


def parse_id(text: object) -> int:
    """A record's id: ASCII digits, from 1 to ``MAX_ID``."""
    number = _ascii_number(str(text))
    if number is None or not 1 <= number <= MAX_ID:
        raise InputError(_("The choice is not valid. Reload the page and choose again."))
    return number


def optional_id(text: object) -> int | None:
    """A record's id, or None for an empty field (nothing chosen)."""
    return parse_id(text) if str(text).strip() else None


def id_or_none(text: object) -> int | None:
    """The id in ``text``, or None when it holds none: for a choice the handler checks against
    the allowed ids and answers with its own message."""
    number = _ascii_number(str(text))
    return number if number is not None and 1 <= number <= MAX_ID else None


def parse_ids(texts: Collection[object]) -> set[int]:
    """Several ids of a multiple choice (check boxes)."""
    return {parse_id(text) for text in texts}


def parse_number(text: object, minimum: int, maximum: int) -> int:
    """A whole number from ``minimum`` to ``maximum``, typed in ASCII digits."""
    number = _ascii_number(str(text))
    if number is None or not minimum <= number <= maximum:
        raise InputError(
            _("Enter a whole number from {minimum} to {maximum}.").format(
                minimum=minimum, maximum=maximum
            )
        )
    return number


def parse_year(text: object, minimum: int = MIN_YEAR, maximum: int = MAX_YEAR) -> int:
    """A year from ``minimum`` to ``maximum``."""
    number = _ascii_number(str(text))
    if number is None or not minimum <= number <= maximum:
        raise InputError(
            _("Enter a year from {minimum} to {maximum}.").format(minimum=minimum, maximum=maximum)
        )
    return number


def page_number(text: object) -> int:
    """A page of a list: 1 unless a page from 1 to 100 000 is asked for."""
    return parse_number(text, 1, 100_000) if str(text).strip() else 1


def page_count(total: int, page_size: int) -> int:
    """How many pages of ``page_size`` a list of ``total`` rows takes (one when empty)."""
    return max(1, -(-total // page_size))


def parse_date(text: object) -> date:
    """A date typed as ``pp.kk.aaaa`` (23.11.2026)."""
    match = _DATE.fullmatch(str(text).strip())
    if not match:
        raise InputError(_("Enter the date as dd.mm.yyyy, e.g. 23.11.2026."))
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(_("There is no such date in the calendar.")) from None


def optional_date(text: object) -> date | None:
    """A date, or None for an empty field."""
    return parse_date(text) if str(text).strip() else None


def clean_text(text: object, multiline: bool = False) -> str:
    """``text`` without NUL and other control characters (newlines and tabs stay when
    ``multiline``), and without surrounding spaces; Windows line ends become ``\\n``."""
    text = str(text).replace("\r\n", "\n")
    kept = _KEPT_IN_TEXT if multiline else set()
    return "".join(
        character
        for character in text
        if character in kept or unicodedata.category(character) not in ("Cc", "Cs")
    ).strip()


def bounded_text(text: object, max_length: int = LINE_LENGTH, multiline: bool = False) -> str:
    """Cleaned text (see `clean_text`) of at most ``max_length`` characters."""
    cleaned = clean_text(text, multiline)
    if len(cleaned) > max_length:
        raise InputError(
            _("The text is too long: at most {limit} characters.").format(limit=max_length)
        )
    return cleaned


def length_problems(values: Mapping[str, str], limits: Mapping[str, int | None]) -> list[str]:
    """A message for each of ``values`` longer than its limit in ``limits`` (for a text column,
    the column's length; None for none), for a handler that shows its form again with them."""
    return [
        _("The text is too long: at most {limit} characters.").format(limit=limit)
        for name, limit in limits.items()
        if limit is not None and len(values.get(name, "")) > limit
    ]


def search_term(text: object) -> str:
    """A search term: cleaned and cut to ``SEARCH_LENGTH`` characters (a search is never an
    error; a term that long finds nothing more than its beginning does)."""
    return clean_text(text)[:SEARCH_LENGTH]


def check_request(
    path_params: Mapping[str, Any],
    query: MultiMapping[Any],
    form: MultiMapping[Any] | None,
) -> None:
    """What every request is checked for before its handler runs (the permission guard calls
    this): an id in the path that no row can have is a page that does not exist (404), and a
    NUL character in a query parameter or form field, which no database stores in text, is an
    input error (400). File uploads are read by their own parsers."""
    if any(isinstance(value, int) and not 0 <= value <= MAX_ID for value in path_params.values()):
        raise NotFoundException()
    values = [*query.values(), *(form.values() if form is not None else ())]
    if any(isinstance(value, str) and "\x00" in value for value in values):
        raise InputError(_("The form has a character that cannot be stored (NUL); remove it."))


def parse_choice(text: object, choices: Collection[str]) -> str:
    """One of ``choices``."""
    value = str(text).strip()
    if value not in choices:
        raise InputError(_("The choice is not valid. Reload the page and choose again."))
    return value
