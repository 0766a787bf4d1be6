"""Every Estonian catalogue, and the Estonian texts of the forms core and the built-in plugins
ship, follow the glossary (docs/glossary.md): no retired term is used."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUES = [
    ROOT / "core/locale/et/LC_MESSAGES/messages.po",
    *sorted(ROOT.glob("plugins/*/locale/et/LC_MESSAGES/messages.po")),
    *sorted(ROOT.glob("examples/*/*/locale/et/LC_MESSAGES/messages.po")),
]
LETTERS = "0-9a-zõäöüšž"


def retired_terms() -> list[str]:
    """The backticked variants in the last column of the glossary's table."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            terms += re.findall(r"`([^`]+)`", line.rstrip(" |").rsplit("|", 1)[-1])
    return terms


def pattern(term: str) -> re.Pattern[str]:
    """``term`` where a word starts, with any ending, in any case."""
    return re.compile(rf"(?<![{LETTERS}]){re.escape(term)}", re.IGNORECASE)


def estonian_texts(catalogue: Path) -> list[tuple[str, str]]:
    with catalogue.open("rb") as po:
        messages = read_po(po, locale="et")
    texts = []
    for message in messages:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(msgid, string) for string in strings if string]
    return texts


def test_the_glossary_retires_terms():
    assert {"tegevuskava", "valdkondadevahel", "ülevaatus", "teie"} <= set(retired_terms())


def test_a_retired_term_is_found_where_a_word_starts_only():
    assert pattern("vanem").search("Vanemate tagasiside")
    assert not pattern("vanem").search("Lapsevanemate tagasiside")
    assert pattern("teie").search("Ükski neist pole Teie töös")


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_estonian_message_uses_a_retired_term(catalogue):
    patterns = [(term, pattern(term)) for term in retired_terms()]
    found = [
        f"{msgid!r}: {term!r}"
        for msgid, text in estonian_texts(catalogue)
        for term, found_term in patterns
        if found_term.search(text)
    ]
    assert not found, "retired terms (see docs/glossary.md):\n" + "\n".join(found)


def estonian_form_texts(schema: object) -> list[str]:
    """The Estonian half of every text of a form schema, as dicts ``{"et": ..., "en": ...}``."""
    if isinstance(schema, dict):
        own = [schema["et"]] if isinstance(schema.get("et"), str) else []
        return own + [text for value in schema.values() for text in estonian_form_texts(value)]
    if isinstance(schema, list):
        return [text for value in schema for text in estonian_form_texts(value)]
    return []


def test_no_estonian_form_text_uses_a_retired_term(settings):
    from core.forms.schema import schema_to_dict
    from core.plugins import BUILTIN_PLUGINS, build_plugins
    from tests.conftest import loading

    builtins = [module.rsplit(".", 1)[-1] for module in BUILTIN_PLUGINS]
    forms = build_plugins(loading(settings, builtins=builtins)).forms
    assert {"core.noticing", "municipality.assessment"} <= forms.keys()
    patterns = [(term, pattern(term)) for term in retired_terms()]
    found = [
        f"{key}: {text!r}: {term!r}"
        for key, form in forms.items()
        for text in estonian_form_texts(schema_to_dict(form))
        for term, found_term in patterns
        if found_term.search(text)
    ]
    assert not found, "retired terms (see docs/glossary.md):\n" + "\n".join(found)
