"""Languages, catalogues and the dd.mm.yyyy date form."""

import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
# Core and each built-in plugin: its code, templates and catalogue.
PACKAGES = ["core", *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("plugins/*/"))]


def extracted_messages(package: str) -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT / package,
        method_map=METHODS,
        keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_every_message_has_an_estonian_translation(package):
    with (ROOT / package / "locale/et/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    extracted = extracted_messages(package)
    assert extracted, f"nothing extracted from {package}"
    missing = extracted - translated
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


def test_heaolu_locale_dirs_add_a_plugins_catalogue_behind_cores(settings):
    from core.plugins import build_plugins
    from tests.conftest import TEST_PLUGINS

    build_plugins(settings, TEST_PLUGINS)
    i18n.set_language("et")
    assert i18n.gettext("Notes reader") == "Märkmete lugeja"
    assert i18n.gettext("Home") == "Avaleht"  # core's translation wins
    assert i18n.is_message_id("Notes teacher")
    i18n.set_language("en")
    try:
        assert i18n.gettext("Notes reader") == "Notes reader"
    finally:
        i18n.set_language("et")


def test_gettext_follows_the_current_language():
    i18n.set_language("et")
    assert i18n.gettext("Home") == "Avaleht"
    i18n.set_language("en")
    assert i18n.gettext("Home") == "Home"
    i18n.set_language("xx")
    assert i18n.current_language() == "et"


def test_a_templates_fixed_labels_are_translated_as_gettext_translates_them():
    """`FixedLabels` compiles ``_("Home")`` into a look-up of the label: the page says what
    the call said, in either language; a call with values stays a call, and a method named
    ``_`` is left alone."""
    from jinja2 import Environment
    from markupsafe import Markup

    environment = Environment(autoescape=True, extensions=["jinja2.ext.i18n", i18n.FixedLabels])
    environment.globals.update(i18n.jinja_globals())
    environment.globals["_"] = i18n.template_gettext(i18n.gettext)
    source = (
        '{{ _("Home") }}|{{ _("Home") ~ "!" }}|{{ _("%(count)s in all", count=3) }}'
        '|{{ other._("Home") }}|{{ _("No translation for <this>") }}'
    )
    template = environment.from_string(source)
    assert i18n.LABELS in environment.compile(source, raw=True)

    class Other:
        def _(self, message):
            return Markup("<b>other</b>")

    try:
        for language, home in (("et", "Avaleht"), ("en", "Home")):
            i18n.set_language(language)
            counted = i18n.gettext("%(count)s in all") % {"count": 3}
            assert template.render(other=Other()) == (
                f"{home}|{home}!|{counted}|<b>other</b>|No translation for <this>"
            )
    finally:
        i18n.set_language("et")


def test_date_hints_are_translated_not_written_in_estonian_into_templates():
    templates = [
        *ROOT.glob("core/templates/**/*.html"),
        *ROOT.glob("plugins/*/templates/**/*.html"),
    ]
    assert templates
    hard_coded = [str(p.relative_to(ROOT)) for p in templates if "pp.kk.aaaa" in p.read_text()]
    assert not hard_coded, "use {{ _('dd.mm.yyyy') }}, the English hint, translated"


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


def test_make_messages_extracts_and_updates_the_estonian_catalogue(tmp_path):
    """`make messages`, on a copy of the catalogue: every message of the code is in it, the
    translations stay, no source locations are written, the header stays."""
    shutil.copytree(ROOT / "core/locale", tmp_path / "locale")
    catalogue = tmp_path / "locale/et/LC_MESSAGES/messages.po"
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "-o",
            ".venv/.installed-stamp",  # never reinstall from a test
            "messages",
            f"BIN={Path(sys.executable).parent}",
            f"MESSAGES_POT={tmp_path / 'messages.pot'}",
            f"LOCALE_DIR={tmp_path / 'locale'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (ROOT / "core/locale/et/LC_MESSAGES/messages.po").open("rb") as po:
        before = {m.id: m.string for m in read_po(po) if m.id}
    with catalogue.open("rb") as po:
        updated = read_po(po)
    after = {m.id: m.string for m in updated if m.id}
    assert {m[0] if isinstance(m, tuple) else m for m in after} == extracted_messages("core")
    assert after == {key: value for key, value in before.items() if key in after}
    assert updated.locale_identifier == "et"
    assert "#:" not in catalogue.read_text(encoding="utf-8")
