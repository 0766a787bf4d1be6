"""The schema format: code and JSON share the rules; a bad file gets every problem with where
it is."""

from __future__ import annotations

import json

import pytest

from core.forms.noticing import NOTICING_SHEET
from core.forms.rajaleidja import RAJALEIDJA_FORM
from core.forms.schema import SchemaError, read_schema, schema_problems, schema_to_dict
from core.i18n import set_language
from core.plugins import PluginError, build_plugins
from core.registry import Bilingual, FieldType, FormField, FormSchema
from tests.testplugins.notes import FEEDBACK


@pytest.fixture(autouse=True)
def estonian():
    set_language("et")
    yield
    set_language("et")


def problems_of(text) -> list[str]:
    with pytest.raises(SchemaError) as caught:
        read_schema(text)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("schema", [FEEDBACK, NOTICING_SHEET, RAJALEIDJA_FORM])
def test_a_schema_survives_its_json_form(schema):
    text = json.dumps(schema_to_dict(schema))
    assert read_schema(text, version=schema.version) == schema
    assert schema_problems(schema) == []


def test_broken_json_is_reported_by_line_and_column():
    assert problems_of('{\n  "key": "local.x",\n  "title": {"et": "X"\n}') == [
        "rida 4, veerg 2: See ei ole korrektne JSON: Expecting ',' delimiter."
    ]


def test_every_problem_of_a_bad_schema_is_reported_with_its_path():
    bad = {
        "key": "local.x",
        "title": {"et": "X", "fr": "X"},
        "fields": [
            {"key": "a", "type": "txt", "label": {"et": "A"}},
            {"key": "b", "type": "choice", "label": {"en": "B"}, "requried": True},
            {"key": "c", "type": "number", "label": {"et": "C"}, "min": "1"},
        ],
    }
    assert problems_of(json.dumps(bad)) == [
        "title.fr: Tundmatu omadus; oodati üht neist: en, et.",
        "fields[0] (a).type: Tundmatu väljatüüp; oodati üht neist: text, long_text, date, "
        "number, choice, multiple_choice, yes_no, scale, person, group.",
        "fields[1] (b).requried: Tundmatu omadus; oodati üht neist: fields, help, key, label, "
        "max, max_rows, min, options, required, type.",
        "fields[1] (b).label.et: See puudub.",
        "fields[2] (c).min: Oodati arvu.",
    ]


def test_the_rules_of_a_well_formed_schema_are_checked_too():
    bad = {
        "key": "Local x",
        "title": {"et": ""},
        "fields": [
            {"key": "a", "type": "choice", "label": {"et": "A"}},
            {"key": "a", "type": "number", "label": {"et": "B"}, "min": 5, "max": 1},
            {
                "key": "g",
                "type": "group",
                "label": {"et": "G"},
                "fields": [{"key": "h", "type": "group", "label": {"et": "H"}, "fields": []}],
            },
        ],
    }
    problems = problems_of(json.dumps(bad))
    assert problems == [
        "key: Vormi võti on punktidega ühendatud väiketähtedega sõnad, nt local.intake "
        "(tähed a-z, numbrid ja _; kuni 120 märki).",
        "title.et: Eestikeelne tekst puudub.",
        "fields[0] (a).options: Valikuväljal peavad olema valikud.",
        "fields[1] (a): Teisel väljal on sama võti.",
        "fields[1] (a).min: Miinimum on suurem kui maksimum.",
        "fields[2] (g).fields[0] (h): Rühm ei saa olla teise rühma sees.",
        "fields[2] (g).fields[0] (h).fields: Rühmas peab olema vähemalt üks väli.",
    ]


def test_problems_are_said_in_english_to_an_english_user():
    set_language("en")
    assert problems_of("[]") == ["The file must hold one JSON object {…} describing the form."]


def test_heaolu_forms_a_broken_schema_stops_start_up_naming_the_plugin(settings, monkeypatch):
    import tests.testplugins.notes as notes

    broken = FormSchema(
        "notes.broken", 1, Bilingual("Katki"), (FormField("x", FieldType.choice, Bilingual("X")),)
    )
    monkeypatch.setattr(notes, "FEEDBACK", broken)
    with pytest.raises(PluginError) as caught:
        build_plugins(settings, ["tests.testplugins.notes"])
    assert "plugin 'notes': form 'notes.broken' cannot be used" in str(caught.value)
    assert "fields[0] (x).options" in str(caught.value)


def test_the_example_upload_in_the_plugin_guide_is_a_valid_schema():
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[3] / "docs" / "plugins.md").read_text()
    [example, instrument] = re.findall(r"```json\n(.*?)```", guide, re.DOTALL)
    assert read_schema(instrument).toolbox is not None
    schema = read_schema(example)
    assert schema.key == "local.home_visit"
    assert [field.type for field in schema.fields] == [
        FieldType.date,
        FieldType.multiple_choice,
        FieldType.scale,
        FieldType.group,
    ]
