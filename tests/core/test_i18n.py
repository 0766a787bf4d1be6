"""Languages, catalogues and the dd.mm.yyyy date form."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("core/**.py", "python"), ("core/templates/**.html", "jinja2")]


def extracted_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map=METHODS,
        keywords=KEYWORDS,
        options_map={"core/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_an_estonian_translation():
    with (ROOT / "core/locale/et/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    extracted = extracted_messages()
    assert "Home" in extracted  # the extraction itself works
    missing = extracted - translated
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


def test_gettext_follows_the_current_language():
    i18n.set_language("et")
    assert i18n.gettext("Home") == "Avaleht"
    i18n.set_language("en")
    assert i18n.gettext("Home") == "Home"
    i18n.set_language("xx")
    assert i18n.current_language() == "et"


def test_dates_are_shown_as_dd_mm_yyyy():
    assert i18n.format_date(date(2026, 1, 5)) == "05.01.2026"
    assert i18n.format_date(None) == ""


def test_times_are_shown_in_estonian_time_winter_and_summer():
    assert (
        i18n.format_datetime(datetime(2026, 1, 5, 22, 30, 5, tzinfo=UTC)) == "06.01.2026 00:30:05"
    )
    assert i18n.format_datetime(datetime(2026, 7, 5, 8, 0, tzinfo=UTC)) == "05.07.2026 11:00:00"
    assert i18n.format_datetime(None) == ""
    assert i18n.start_of_day(date(2026, 7, 5)) == datetime(2026, 7, 4, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.11.2026", date(2026, 11, 23)),
        ("1.2.2027", date(2027, 2, 1)),
        (" 29.02.2028 ", date(2028, 2, 29)),
    ],
)
def test_dates_are_typed_as_dd_mm_yyyy(text, expected):
    assert i18n.parse_date(text) == expected


def test_a_badly_typed_date_gets_a_message_in_the_users_language():
    i18n.set_language("et")
    with pytest.raises(ValueError, match="pp.kk.aaaa"):
        i18n.parse_date("2026-11-23")
    with pytest.raises(ValueError, match="Sellist kuupäeva kalendris ei ole"):
        i18n.parse_date("30.02.2026")
    i18n.set_language("en")
    with pytest.raises(ValueError, match="dd.mm.yyyy"):
        i18n.parse_date("23/11/2026")
