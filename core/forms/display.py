"""Answers as people read them: the print view and the conflict page show these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.forms.people import contact_names
from core.i18n import current_language, format_date
from core.i18n import gettext as _
from core.registry import Bilingual, FieldType, FormField, FormSchema


def format_number(value: float | None) -> str:
    """A number as it is written in the user's language (3,5 in Estonian)."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if current_language() == "et" else text


@dataclass(frozen=True)
class Answer:
    """One field's answer: its label and the answer as text, or a group's rows of answers."""

    label: Bilingual
    text: str
    rows: tuple[tuple[Answer, ...], ...] = field(default=())
    group: bool = False


async def answers(schema: FormSchema, values: Mapping[str, Any]) -> list[Answer]:
    """The answers of ``values`` in the order of ``schema``'s fields (persons named)."""
    names = await contact_names(_person_ids(schema.fields, values))
    return [_answer(item, values.get(item.key), names) for item in schema.fields]


def _person_ids(fields: Iterable[FormField], values: Mapping[str, Any]) -> set[int]:
    found: set[int] = set()
    for item in fields:
        value = values.get(item.key)
        if item.type is FieldType.person and isinstance(value, int):
            found.add(value)
        elif item.type is FieldType.group and isinstance(value, list):
            for row in value:
                if isinstance(row, dict):
                    found |= _person_ids(item.fields, row)
    return found


def _answer(item: FormField, value: Any, names: Mapping[int, str]) -> Answer:
    if item.type is FieldType.group:
        rows = value if isinstance(value, list) else []
        return Answer(
            item.label,
            "",
            tuple(
                tuple(_answer(sub, row.get(sub.key), names) for sub in item.fields)
                for row in rows
                if isinstance(row, dict)
            ),
            group=True,
        )
    return Answer(item.label, _text(item, value, names))


def _text(item: FormField, value: Any, names: Mapping[int, str]) -> str:
    if value is None or value == []:
        return ""
    labels = {option.key: str(option.label) for option in item.options}
    kind = item.type
    if kind is FieldType.date:
        return format_date(date.fromisoformat(value))
    if kind is FieldType.number:
        return format_number(value)
    if kind is FieldType.choice:
        return labels.get(value, str(value))
    if kind is FieldType.multiple_choice:
        return "; ".join(labels.get(key, key) for key in value)
    if kind is FieldType.yes_no:
        return _("Yes") if value else _("No")
    if kind is FieldType.scale:
        return f"{value} / 10"
    if kind is FieldType.person:
        return names.get(value, _("a contact no longer in the directory"))
    return str(value)


def as_text(answer: Answer) -> str:
    """An answer on plain lines, a group's rows numbered (for side-by-side comparison)."""
    if not answer.group:
        return answer.text
    lines = []
    for number, row in enumerate(answer.rows, start=1):
        parts = [f"{sub.label}: {as_text(sub)}" for sub in row if as_text(sub)]
        lines.append(f"{number}. " + "; ".join(parts))
    return "\n".join(lines)
