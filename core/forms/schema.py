"""Checking a form schema, and reading and writing it as JSON.

A schema comes from code (`core.registry.FormSchema` from ``heaolu_forms``) or from a JSON file
an administrator uploads; both are checked by the same rules (`schema_problems`). A JSON file is
read by `read_schema`, which reports every problem at once, each with where it is: a line and
column for broken JSON, a path such as ``fields[2] (since).label.et`` for a bad schema.
The JSON form of a schema is `schema_to_dict`; docs/plugins.md describes it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.i18n import gettext as _
from core.registry import (
    Bilingual,
    FieldType,
    FormField,
    FormSchema,
    Option,
    ToolboxArea,
    ToolboxEntry,
)

FORM_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
FIELD_KEY = re.compile(r"[a-z][a-z0-9_]*")
MAX_FORM_KEY = 120
MAX_FIELD_KEY = 60
MAX_FIELDS = 200
MAX_OPTIONS = 100
MAX_ROWS = 100
MAX_TEXT = 2000
CHOICE_TYPES = frozenset({FieldType.choice, FieldType.multiple_choice})
MIN_AGE = 0
MAX_AGE = 18

_SCHEMA_KEYS = frozenset({"key", "version", "title", "description", "fields", "toolbox"})
_FIELD_KEYS = frozenset(
    {"key", "type", "label", "help", "required", "options", "min", "max", "fields", "max_rows"}
)
_OPTION_KEYS = frozenset({"key", "label"})
_TOOLBOX_KEYS = frozenset({"area", "age_from", "age_to", "guidance"})
_LANGUAGES = frozenset({"et", "en"})


@dataclass(frozen=True)
class Problem:
    """What is wrong (in the user's language) and where: a JSON path or a line and column."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SchemaError(ValueError):
    """A schema that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


# --- Rules shared by code and uploaded schemas ----------------------------------------------


def schema_problems(schema: FormSchema) -> list[Problem]:
    """Everything wrong with ``schema``; empty when it may be used."""
    problems: list[Problem] = []
    if len(schema.key) > MAX_FORM_KEY or not FORM_KEY.fullmatch(schema.key):
        problems.append(
            Problem(
                "key",
                _(
                    "A form key is lower-case words joined by dots, e.g. local.intake "
                    "(letters a-z, digits and _; at most 120 characters)."
                ),
            )
        )
    if schema.version < 1:
        problems.append(Problem("version", _("The version is a whole number from 1.")))
    problems += _text_problems("title", schema.title)
    if schema.description is not None:
        problems += _text_problems("description", schema.description)
    if not schema.fields:
        problems.append(Problem("fields", _("A form needs at least one field.")))
    if _count_fields(schema.fields) > MAX_FIELDS:
        problems.append(Problem("fields", _("A form may have at most 200 fields.")))
    problems += _fields_problems("fields", schema.fields, in_group=False)
    if schema.toolbox is not None:
        problems += _toolbox_problems(schema.toolbox)
    return problems


def _toolbox_problems(entry: ToolboxEntry) -> list[Problem]:
    problems = []
    for name, age in (("age_from", entry.age_from), ("age_to", entry.age_to)):
        if not MIN_AGE <= age <= MAX_AGE:
            problems.append(Problem(f"toolbox.{name}", _("An age is a whole number from 0 to 18.")))
    if entry.age_from > entry.age_to:
        problems.append(
            Problem("toolbox.age_from", _("The lowest age is greater than the highest."))
        )
    problems += _text_problems("toolbox.guidance", entry.guidance)
    return problems


def _count_fields(fields: Iterable[FormField]) -> int:
    return sum(1 + _count_fields(field.fields) for field in fields)


def _text_problems(where: str, text: Bilingual) -> list[Problem]:
    problems = []
    if not text.et.strip():
        problems.append(Problem(f"{where}.et", _("The Estonian text is missing.")))
    if len(text.et) > MAX_TEXT or len(text.en) > MAX_TEXT:
        problems.append(Problem(where, _("A text may have at most 2000 characters.")))
    return problems


def _fields_problems(where: str, fields: Sequence[FormField], in_group: bool) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, field in enumerate(fields):
        here = f"{where}[{index}] ({field.key})"
        if field.key in seen:
            problems.append(Problem(here, _("Another field has the same key.")))
        seen.add(field.key)
        problems += _field_problems(here, field, in_group)
    return problems


def _field_problems(here: str, field: FormField, in_group: bool) -> list[Problem]:
    problems: list[Problem] = []
    if len(field.key) > MAX_FIELD_KEY or not FIELD_KEY.fullmatch(field.key):
        problems.append(
            Problem(
                f"{here}.key",
                _(
                    "A field key is one lower-case word: letters a-z, digits and _, "
                    "starting with a letter (at most 60 characters)."
                ),
            )
        )
    problems += _text_problems(f"{here}.label", field.label)
    if field.help is not None:
        problems += _text_problems(f"{here}.help", field.help)
    problems += _options_problems(here, field)
    if field.type is FieldType.number:
        for name, bound in (("min", field.min), ("max", field.max)):
            if bound is not None and not math.isfinite(bound):
                problems.append(Problem(f"{here}.{name}", _("Expected a number.")))
        if field.min is not None and field.max is not None and field.min > field.max:
            problems.append(Problem(f"{here}.min", _("The minimum is greater than the maximum.")))
    elif field.min is not None or field.max is not None:
        problems.append(Problem(here, _("Only number fields have a minimum and a maximum.")))
    if field.type is FieldType.group:
        if in_group:
            problems.append(Problem(here, _("A group cannot be inside another group.")))
        if not field.fields:
            problems.append(Problem(f"{here}.fields", _("A group needs at least one field.")))
        if not 1 <= field.max_rows <= MAX_ROWS:
            problems.append(Problem(f"{here}.max_rows", _("The number of rows is from 1 to 100.")))
        problems += _fields_problems(f"{here}.fields", field.fields, in_group=True)
    elif field.fields:
        problems.append(Problem(here, _("Only groups have fields of their own.")))
    return problems


def _options_problems(here: str, field: FormField) -> list[Problem]:
    if field.type not in CHOICE_TYPES:
        if field.options:
            return [Problem(here, _("Only choice fields have options."))]
        return []
    problems: list[Problem] = []
    if not field.options:
        problems.append(Problem(f"{here}.options", _("A choice field needs options.")))
    if len(field.options) > MAX_OPTIONS:
        problems.append(Problem(f"{here}.options", _("A field may have at most 100 options.")))
    seen: set[str] = set()
    for index, option in enumerate(field.options):
        there = f"{here}.options[{index}]"
        if not FIELD_KEY.fullmatch(option.key) or len(option.key) > MAX_FIELD_KEY:
            problems.append(
                Problem(
                    f"{there}.key",
                    _("An option key is one lower-case word: letters a-z, digits and _."),
                )
            )
        if option.key in seen:
            problems.append(Problem(there, _("Another option has the same key.")))
        seen.add(option.key)
        problems += _text_problems(f"{there}.label", option.label)
    return problems


# --- JSON ------------------------------------------------------------------------------------


def schema_to_dict(schema: FormSchema) -> dict[str, Any]:
    """The JSON form of ``schema`` (what an administrator uploads, and what is stored)."""
    data: dict[str, Any] = {
        "key": schema.key,
        "version": schema.version,
        "title": _text_to_dict(schema.title),
    }
    if schema.description is not None:
        data["description"] = _text_to_dict(schema.description)
    data["fields"] = [_field_to_dict(field) for field in schema.fields]
    if schema.toolbox is not None:
        data["toolbox"] = {
            "area": schema.toolbox.area.value,
            "age_from": schema.toolbox.age_from,
            "age_to": schema.toolbox.age_to,
            "guidance": _text_to_dict(schema.toolbox.guidance),
        }
    return data


def _text_to_dict(text: Bilingual) -> dict[str, str]:
    return {"et": text.et, "en": text.en} if text.en else {"et": text.et}


def _field_to_dict(field: FormField) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": field.key,
        "type": field.type.value,
        "label": _text_to_dict(field.label),
    }
    if field.help is not None:
        data["help"] = _text_to_dict(field.help)
    if field.required:
        data["required"] = True
    if field.options:
        data["options"] = [
            {"key": option.key, "label": _text_to_dict(option.label)} for option in field.options
        ]
    if field.min is not None:
        data["min"] = field.min
    if field.max is not None:
        data["max"] = field.max
    if field.type is FieldType.group:
        data["fields"] = [_field_to_dict(sub) for sub in field.fields]
        data["max_rows"] = field.max_rows
    return data


def read_schema(content: str | bytes, version: int = 1) -> FormSchema:
    """Read a schema from JSON text and check it; raises `SchemaError` with every problem.

    The schema gets ``version`` (an uploaded file's own ``version``, if any, is only checked to
    be a whole number: publishing assigns the next one)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SchemaError([Problem("", _("The file is not UTF-8 text."))]) from None
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        where = _("line {line}, column {column}").format(line=exc.lineno, column=exc.colno)
        raise SchemaError(
            [Problem(where, _("This is not valid JSON: {error}.").format(error=exc.msg))]
        ) from None
    return schema_from_dict(data, version)


def schema_from_dict(data: object, version: int) -> FormSchema:
    """The schema that ``data`` (parsed JSON) describes, with ``version``; raises `SchemaError`."""
    reader = _Reader()
    schema = reader.schema(data, version)
    problems = reader.problems
    if schema is not None and not problems:
        problems = schema_problems(schema)
    if problems or schema is None:
        raise SchemaError(problems)
    return schema


class _Reader:
    """Turns parsed JSON into a schema, noting each shape problem with its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def note(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def mapping(self, where: str, data: object, allowed: frozenset[str]) -> Mapping[str, Any]:
        if data is None:
            self.note(where, _("This is missing."))
            return {}
        if not isinstance(data, dict):
            self.note(where, _("Expected an object {…}."))
            return {}
        for name in sorted(set(data) - allowed):
            self.note(
                _join(where, name),
                _("Unknown property; expected one of: {names}.").format(
                    names=", ".join(sorted(allowed))
                ),
            )
        return data

    def string(self, where: str, data: Mapping[str, Any], name: str) -> str:
        value = data.get(name)
        if value is None:
            self.note(_join(where, name), _("This is missing."))
            return ""
        if not isinstance(value, str):
            self.note(_join(where, name), _("Expected a text in quotes."))
            return ""
        return value

    def text(self, where: str, value: object) -> Bilingual:
        data = self.mapping(where, value, _LANGUAGES)
        if not data:
            return Bilingual("")
        et = self.string(where, data, "et")
        en = self.string(where, data, "en") if "en" in data else ""
        return Bilingual(et, en)

    def number(self, where: str, value: object) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.note(where, _("Expected a number."))
            return None
        return value

    def schema(self, value: object, version: int) -> FormSchema | None:
        if not isinstance(value, dict):
            self.note("", _("The file must hold one JSON object {…} describing the form."))
            return None
        data = self.mapping("", value, _SCHEMA_KEYS)
        if "version" in data:
            given = data["version"]
            if isinstance(given, bool) or not isinstance(given, int) or given < 1:
                self.note("version", _("The version is a whole number from 1."))
        description = data.get("description")
        toolbox = data.get("toolbox")
        return FormSchema(
            key=self.string("", data, "key"),
            version=version,
            title=self.text("title", data.get("title")),
            description=None if description is None else self.text("description", description),
            fields=self.fields("fields", data.get("fields")),
            toolbox=None if toolbox is None else self.toolbox("toolbox", toolbox),
        )

    def toolbox(self, where: str, value: object) -> ToolboxEntry:
        data = self.mapping(where, value, _TOOLBOX_KEYS)
        if not data:
            return ToolboxEntry(ToolboxArea.wellbeing, MIN_AGE, MAX_AGE, Bilingual(""))
        area = ToolboxArea.wellbeing
        if data.get("area") is None:
            self.note(f"{where}.area", _("This is missing."))
        else:
            try:
                area = ToolboxArea(str(data["area"]))
            except ValueError:
                self.note(
                    f"{where}.area",
                    _("Unknown area; expected one of: {names}.").format(
                        names=", ".join(known.value for known in ToolboxArea)
                    ),
                )
        return ToolboxEntry(
            area=area,
            age_from=self.age(f"{where}.age_from", data.get("age_from")),
            age_to=self.age(f"{where}.age_to", data.get("age_to")),
            guidance=self.text(f"{where}.guidance", data.get("guidance")),
        )

    def age(self, where: str, value: object) -> int:
        if value is None:
            self.note(where, _("This is missing."))
            return MIN_AGE
        if isinstance(value, bool) or not isinstance(value, int):
            self.note(where, _("An age is a whole number from 0 to 18."))
            return MIN_AGE
        return value

    def fields(self, where: str, value: object) -> tuple[FormField, ...]:
        if value is None:
            self.note(where, _("This is missing."))
            return ()
        if not isinstance(value, list):
            self.note(where, _("Expected a list [...] of fields."))
            return ()
        return tuple(self.field(f"{where}[{index}]", item) for index, item in enumerate(value))

    def field(self, where: str, value: object) -> FormField:
        if not isinstance(value, dict):
            self.note(where, _("Expected an object {…}."))
            return FormField("", FieldType.text, Bilingual(""))
        key = value.get("key")
        if isinstance(key, str):
            where = f"{where} ({key})"
        data = self.mapping(where, value, _FIELD_KEYS)
        type_name = data.get("type")
        try:
            field_type = FieldType(str(type_name))
        except ValueError:
            self.note(
                f"{where}.type",
                _("Unknown field type; expected one of: {names}.").format(
                    names=", ".join(kind.value for kind in FieldType)
                ),
            )
            field_type = FieldType.text
        required = data.get("required", False)
        if not isinstance(required, bool):
            self.note(f"{where}.required", _("Expected true or false."))
            required = False
        max_rows = data.get("max_rows", FormField.max_rows)
        if isinstance(max_rows, bool) or not isinstance(max_rows, int):
            self.note(f"{where}.max_rows", _("The number of rows is from 1 to 100."))
            max_rows = FormField.max_rows
        return FormField(
            key=self.string(where, data, "key"),
            type=field_type,
            label=self.text(f"{where}.label", data.get("label")),
            help=None if data.get("help") is None else self.text(f"{where}.help", data["help"]),
            required=required,
            options=self.options(f"{where}.options", data.get("options", [])),
            min=None if data.get("min") is None else self.number(f"{where}.min", data["min"]),
            max=None if data.get("max") is None else self.number(f"{where}.max", data["max"]),
            fields=self.fields(f"{where}.fields", data["fields"]) if "fields" in data else (),
            max_rows=max_rows,
        )

    def options(self, where: str, value: object) -> tuple[Option, ...]:
        if not isinstance(value, list):
            self.note(where, _("Expected a list [...] of options."))
            return ()
        options = []
        for index, item in enumerate(value):
            there = f"{where}[{index}]"
            if not isinstance(item, dict):
                self.note(there, _("Expected an object {…}."))
                continue
            data = self.mapping(there, item, _OPTION_KEYS)
            options.append(
                Option(
                    key=self.string(there, data, "key"),
                    label=self.text(f"{there}.label", data.get("label")),
                )
            )
        return tuple(options)


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
