"""The Estonian personal identification code (isikukood): validation and masking."""

from __future__ import annotations

from datetime import date

from stdnum.ee import ik
from stdnum.exceptions import InvalidChecksum, ValidationError

from core.i18n import gettext as _


def isikukood_problem(code: str, date_of_birth: date | None) -> str | None:
    """What is wrong with ``code`` for a person born on ``date_of_birth`` (a message in the
    user's language), or None when it is a valid code of that date."""
    if not (code.isascii() and code.isdigit() and len(code) == 11):
        return _("The personal identification code has 11 digits.")
    try:
        ik.validate(code)
    except InvalidChecksum:
        return _("The personal identification code's check digit is wrong: check the digits.")
    except ValidationError:
        return _("The personal identification code holds no real date of birth.")
    if date_of_birth is not None and ik.get_birth_date(code) != date_of_birth:
        return _("The personal identification code does not agree with the date of birth.")
    return None


def mask(code: str | None) -> str:
    """For lists: the first digit and the last four, ``5******1234``."""
    if not code:
        return ""
    return f"{code[0]}{'*' * 6}{code[-4:]}"
