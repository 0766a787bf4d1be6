"""Filling a form in a page: what was typed, the clean values, the errors, and the fields to show.

Inputs are named ``f.<field>`` and, in a group's row, ``f.<group>.<row>.<field>``; a person
field's search box adds ``.q``. Two submit buttons ask for the form again instead of saving
(``_form_action``): ``add:<group>`` (another blank row) and ``find:<input name>`` (search the
directory for a person), so repeating groups and person fields work without JavaScript. A page
that fills a form therefore shows it again, unsaved, while ``entry.refresh`` is true.

Clean values are JSON: text, ISO dates (``2026-11-23``), numbers, option keys (a list for
multiple choice), true/false, a whole number 0-10 for a scale, a contact's id for a person, and a
list of rows (objects by field key) for a group; an unanswered field is null (an empty list for
multiple choice and groups).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as attribute
from datetime import date
from typing import Any

from core.forms.display import format_number
from core.forms.people import contact_names, find_contacts
from core.i18n import format_date
from core.i18n import gettext as _
from core.parsing import InputError, id_or_none, parse_date, parse_number
from core.registry import FieldType, FormField, FormSchema

PREFIX = "f"
ACTION = "_form_action"
QUERY = ".q"
MAX_TEXT = 2000
MAX_LONG_TEXT = 20000


def input_name(*parts: str | int) -> str:
    return ".".join([PREFIX, *(str(part) for part in parts)])


def input_id(name: str) -> str:
    return name.replace(".", "-")


@dataclass
class FieldView:
    """One field as a page shows it: its input's name and id, what is in it, its error."""

    field: FormField
    name: str
    values: list[str]
    error: str | None
    choices: list[tuple[str, str]] = attribute(default_factory=list)
    query: str = ""
    rows: list[list[FieldView]] = attribute(default_factory=list)
    can_add: bool = False
    searched: bool = False
    found: int = 0

    @property
    def id(self) -> str:
        return input_id(self.name)

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.field.help is not None:
            ids.append(f"{self.id}-help")
        if self.error:
            ids.append(f"{self.id}-error")
        return " ".join(ids)


@dataclass(frozen=True)
class Problem:
    """One problem of a form for its error summary: the input's id (to link to, empty when
    the problem is not one field's), the field's label and the message."""

    id: str
    label: str
    message: str


@dataclass
class Entry:
    """A form being filled in: ``raw`` (what was typed, by input name), ``values`` (clean, by
    field key), ``errors`` (by input name, in the user's language). ``refresh`` is true when
    the user asked for another row or a directory search: show the form again, save nothing;
    ``added`` is the key of the group given another row."""

    schema: FormSchema
    raw: dict[str, list[str]] = attribute(default_factory=dict)
    values: dict[str, Any] = attribute(default_factory=dict)
    errors: dict[str, str] = attribute(default_factory=dict)
    refresh: bool = False
    added: str | None = None
    rows: dict[str, int] = attribute(default_factory=dict)
    people: dict[int, str] = attribute(default_factory=dict)
    found: dict[str, list[tuple[int, str]]] = attribute(default_factory=dict)
    _persons: list[tuple[str, dict[str, Any], str]] = attribute(default_factory=list)

    @property
    def ok(self) -> bool:
        """May the values be saved: nothing is wrong and nothing else was asked for."""
        return not self.errors and not self.refresh

    def views(self) -> list[FieldView]:
        return [self._view(item, input_name(item.key)) for item in self.schema.fields]

    def added_group(self) -> FieldView | None:
        """The group given another row, as the page shows it (None when none was)."""
        for item in self.schema.fields:
            if item.type is FieldType.group and item.key == self.added:
                return self._view(item, input_name(item.key))
        return None

    def problems(self) -> list[Problem]:
        """Every field's error in the order of the page, a group row's with its number."""
        found: list[Problem] = []

        def walk(views: list[FieldView], row: str) -> None:
            for view in views:
                if view.error:
                    found.append(Problem(view.id, f"{view.field.label}{row}", view.error))
                for number, cells in enumerate(view.rows, start=1):
                    walk(cells, f" ({view.field.label}: {number})")

        walk(self.views(), "")
        return found

    def _view(self, item: FormField, name: str) -> FieldView:
        view = FieldView(item, name, self.raw.get(name, []), self.errors.get(name))
        if item.type is FieldType.group:
            count = self.rows.get(item.key, 1)
            view.rows = [
                [self._view(sub, f"{name}.{row}.{sub.key}") for sub in item.fields]
                for row in range(count)
            ]
            view.can_add = count < item.max_rows
        elif item.type is FieldType.person:
            view.query = (self.raw.get(name + QUERY) or [""])[0]
            chosen = [pid for pid in map(id_or_none, view.values) if pid is not None]
            offered = [(pid, self.people[pid]) for pid in chosen if pid in self.people]
            hits = [hit for hit in self.found.get(name, []) if hit[0] not in chosen]
            view.choices = [(str(pid), label) for pid, label in offered + hits]
            view.searched = name in self.found
            view.found = len(hits)
        return view

    # --- checking ------------------------------------------------------------------------

    def _fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def _check(self, item: FormField, name: str, into: dict[str, Any]) -> None:
        texts = [text.strip() for text in self.raw.get(name, [])]
        first = texts[0] if texts else ""
        into[item.key] = None
        if item.type is FieldType.multiple_choice:
            keys = [option.key for option in item.options]
            if any(text and text not in keys for text in texts):
                self._fail(name, _("Choose among the options given."))
            into[item.key] = [key for key in keys if key in texts]
            if item.required and not into[item.key]:
                self._fail(name, _("Choose at least one."))
            return
        if not first:
            if item.required:
                self._fail(name, _required_message(item))
            return
        try:
            into[item.key] = self._clean(item, first, name)
        except ValueError as exc:
            self._fail(name, str(exc))
        if item.type is FieldType.person and into[item.key] is not None:
            self._persons.append((name, into, item.key))

    def _clean(self, item: FormField, text: str, name: str) -> Any:
        kind = item.type
        if kind is FieldType.text:
            if "\n" in text or len(text) > MAX_TEXT:
                raise ValueError(_("Write at most 2000 characters on one line."))
            return text
        if kind is FieldType.long_text:
            text = self.raw[name][0].replace("\r\n", "\n").strip()
            if len(text) > MAX_LONG_TEXT:
                raise ValueError(_("Write at most 20000 characters."))
            return text
        if kind is FieldType.date:
            return parse_date(text).isoformat()
        if kind is FieldType.number:
            return _number(item, text)
        if kind is FieldType.choice:
            if text not in {option.key for option in item.options}:
                raise ValueError(_("Choose among the options given."))
            return text
        if kind is FieldType.yes_no:
            if text not in ("yes", "no"):
                raise ValueError(_("Answer yes or no."))
            return text == "yes"
        if kind is FieldType.scale:
            try:
                return parse_number(text, 0, 10)
            except InputError:
                raise ValueError(_("Choose a whole number from 0 to 10.")) from None
        if kind is FieldType.person:
            person = id_or_none(text)
            if person is None:
                raise ValueError(_("Choose a person from the directory."))
            return person
        raise ValueError(kind)

    async def _look_up_people(self) -> None:
        chosen = {into[key] for _name, into, key in self._persons}
        self.people = await contact_names(chosen)
        for name, into, key in self._persons:
            if into[key] not in self.people:
                into[key] = None
                self._fail(name, _("This person is no longer in the directory; choose another."))
        for name, texts in self.raw.items():
            if name.endswith(QUERY) and texts and texts[0].strip():
                self.found[name.removesuffix(QUERY)] = await find_contacts(texts[0])


def _required_message(item: FormField) -> str:
    if item.type is FieldType.person:
        return _("Choose a person.")
    if item.type in (FieldType.choice, FieldType.yes_no, FieldType.scale):
        return _("Choose an answer.")
    return _("This field is required.")


def _number(item: FormField, text: str) -> int | float:
    try:
        number = float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except ValueError:
        raise ValueError(_("Enter a number, e.g. 12 or 3,5.")) from None
    if not math.isfinite(number):
        raise ValueError(_("Enter a number, e.g. 12 or 3,5."))
    low, high = item.min, item.max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("Enter a number from {min} to {max}.")
        elif low is not None:
            message = _("Enter a number of at least {min}.")
        else:
            message = _("Enter a number of at most {max}.")
        raise ValueError(message.format(min=format_number(low), max=format_number(high)))
    return int(number) if number.is_integer() else number


def _multi(form_data: Any) -> dict[str, list[str]]:
    """Submitted form data (a multi-dict from ``request.form()``, or a mapping of texts or lists
    of texts) as lists of texts by name."""
    found: dict[str, list[str]] = {}
    items: Iterable[tuple[str, Any]]
    if hasattr(form_data, "multi_items"):
        items = form_data.multi_items()
    else:
        items = (
            (key, item)
            for key, value in dict(form_data).items()
            for item in (value if isinstance(value, list | tuple) else [value])
        )
    for key, value in items:
        if isinstance(value, str):
            found.setdefault(key, []).append(value)
    return found


def _group_rows(
    submitted: Mapping[str, list[str]], group: FormField, name: str, searching: bool
) -> list[dict[str, list[str]]]:
    """The rows of a group that hold anything (searching: or a person search), in order."""
    known = {sub.key for sub in group.fields}
    known |= {sub.key + QUERY for sub in group.fields if sub.type is FieldType.person}
    by_index: dict[int, dict[str, list[str]]] = {}
    prefix = name + "."
    for key, texts in submitted.items():
        if not key.startswith(prefix):
            continue
        index, _dot, sub = key.removeprefix(prefix).partition(".")
        if index.isascii() and index.isdigit() and len(index) <= 4 and sub in known:
            by_index.setdefault(int(index), {})[sub] = texts

    def holds(row: dict[str, list[str]], queries: bool) -> bool:
        return any(
            text.strip()
            for sub, texts in row.items()
            if sub.endswith(QUERY) == queries
            for text in texts
        )

    return [
        row
        for _index, row in sorted(by_index.items())
        if holds(row, False) or (searching and holds(row, True))
    ]


async def parse(schema: FormSchema, form_data: Any) -> Entry:
    """Read and check what was submitted for ``schema``; the entry keeps the input as typed."""
    submitted = _multi(form_data)
    action = (submitted.get(ACTION) or [""])[0]
    verb, _colon, group = action.partition(":")
    entry = Entry(schema, refresh=bool(action), added=group if verb == "add" else None)
    for item in schema.fields:
        name = input_name(item.key)
        if item.type is not FieldType.group:
            entry.raw[name] = submitted.get(name, [])
            if item.type is FieldType.person and submitted.get(name + QUERY):
                entry.raw[name + QUERY] = submitted[name + QUERY]
            entry._check(item, name, entry.values)
            continue
        rows = _group_rows(submitted, item, name, entry.refresh)
        if len(rows) > item.max_rows:
            entry._fail(name, _("At most {count} rows.").format(count=item.max_rows))
            rows = rows[: item.max_rows]
        values = []
        for index, row in enumerate(rows):
            value: dict[str, Any] = {}
            for sub in item.fields:
                sub_name = f"{name}.{index}.{sub.key}"
                entry.raw[sub_name] = row.get(sub.key, [])
                if row.get(sub.key + QUERY):
                    entry.raw[sub_name + QUERY] = row[sub.key + QUERY]
                entry._check(sub, sub_name, value)
            values.append(value)
        if item.required and not values:
            entry._fail(name, _("Add at least one row."))
        entry.values[item.key] = values
        entry.rows[item.key] = min(_shown_rows(len(rows), action, item.key), item.max_rows)
    await entry._look_up_people()
    if entry.refresh:
        # Another row or a directory search is not a save: nothing is checked yet.
        entry.errors.clear()
    return entry


def _shown_rows(filled: int, action: str, group: str) -> int:
    """How many rows a group shows again: those filled in and one blank row, two when another
    row was asked for; a directory search shows the rows as they were, adding none."""
    if action == f"add:{group}":
        return filled + 2
    if action.startswith("find:"):
        return max(filled, 1)
    return filled + 1


def blank(schema: FormSchema) -> Entry:
    """A form not filled in yet: one blank row in each group."""
    return Entry(schema)


async def prefill(schema: FormSchema, values: Mapping[str, Any]) -> Entry:
    """A form filled with saved ``values`` (to edit them), plus a blank row in each group."""
    entry = Entry(schema, values=dict(values))
    people: set[int] = set()
    for item in schema.fields:
        name = input_name(item.key)
        value = values.get(item.key)
        if item.type is not FieldType.group:
            entry.raw[name] = _typed(item, value)
            if item.type is FieldType.person and isinstance(value, int):
                people.add(value)
            continue
        rows = value if isinstance(value, list) else []
        for index, row in enumerate(rows):
            for sub in item.fields:
                sub_value = row.get(sub.key) if isinstance(row, dict) else None
                entry.raw[f"{name}.{index}.{sub.key}"] = _typed(sub, sub_value)
                if sub.type is FieldType.person and isinstance(sub_value, int):
                    people.add(sub_value)
        entry.rows[item.key] = min(len(rows) + 1, item.max_rows)
    entry.people = await contact_names(people)
    return entry


def _typed(item: FormField, value: Any) -> list[str]:
    """A clean value as it is typed in the page."""
    if value is None:
        return []
    kind = item.type
    if kind is FieldType.multiple_choice:
        return [str(key) for key in value]
    if kind is FieldType.date:
        return [format_date(date.fromisoformat(value))]
    if kind is FieldType.number:
        return [format_number(value)]
    if kind is FieldType.yes_no:
        return ["yes" if value else "no"]
    return [str(value)]
