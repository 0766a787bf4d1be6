"""Adding children to the register from the municipality's population data (a CSV file) or
one at a time.

The file (docs/municipality.md): UTF-8, a header row, fields separated by ``;`` or ``,``;
columns ``isikukood``, ``given_name``, ``family_name``, ``date_of_birth`` (dd.mm.yyyy),
``address_area``, or their Estonian headings (`HEADINGS`). A row names a child by isikukood,
or by names and date of birth. Every row is checked first; if any row is bad, each bad row is
listed with its line number and nothing is written. A child already in heaolu (same isikukood,
or same name and date of birth: `core.api.existing_child`) is added to the register
as that record; a new child is created registered and living in the municipality. A child
already in the register, or (for the children at home) enrolled in a kindergarten, is skipped
and reported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from stdnum.ee import ik

from core.api import (
    NewChild,
    add_child,
    existing_child,
    fold,
    isikukood_problem,
    parse_date,
    surviving_record,
)
from core.api import gettext as _
from plugins.municipality.insight.common import due_at_school, in_kindergarten
from plugins.municipality.insight.tables import HomeChild

COLUMNS = ("isikukood", "given_name", "family_name", "date_of_birth", "address_area")
# The Estonian headings the instructions show, accepted beside the English column names.
HEADINGS = {
    "eesnimi": "given_name",
    "perekonnanimi": "family_name",
    "sünnikuupäev": "date_of_birth",
    "sünniaeg": "date_of_birth",
    "elukoha_piirkond": "address_area",
}
MAX_ROWS = 5_000
# 5000 rows of a few names and an area fit in well under 2 MB.
MAX_FILE_BYTES = 2 * 1024 * 1024
NAME_LIMIT = 100
AREA_LIMIT = 200


class FileProblem(Exception):
    """The file cannot be read as a whole; the message (translated) says why."""


@dataclass
class Planned:
    line: int
    values: dict[str, str]
    born: date
    child: int | None


@dataclass
class Checked:
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)


def column(heading: str) -> str:
    """The column a heading names: ``Elukoha piirkond`` and ``address_area`` are the same."""
    name = "_".join(heading.strip().lower().replace("-", " ").split())
    return HEADINGS.get(name, name)


def read_csv(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows of the file with their line numbers; `FileProblem` when it cannot be read."""
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(_("The file is larger than 2 MB: split it."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_("The file is not UTF-8 text: save it as CSV UTF-8.")) from None
    if "\x00" in text:
        raise FileProblem(_("The file holds a NUL character: save it again as CSV UTF-8."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [column(name) for name in reader.fieldnames or []]
    if "isikukood" not in header and not {"given_name", "family_name", "date_of_birth"} <= set(
        header
    ):
        raise FileProblem(
            _(
                "The first row must name the columns: isikukood, or given_name, family_name "
                "and date_of_birth (and address_area)."
            )
        )
    reader.fieldnames = header
    try:
        rows = [
            (number, {k: (v or "").strip() for k, v in record.items() if k in COLUMNS})
            for number, record in enumerate(reader, start=2)
        ]
    except csv.Error:
        raise FileProblem(
            _("A field of the file is too long to be a name or an area: check the file.")
        ) from None
    rows = [(number, values) for number, values in rows if any(values.values())]
    if not rows:
        raise FileProblem(_("The file has no rows of children."))
    if len(rows) > MAX_ROWS:
        raise FileProblem(_("The file has more than 5000 rows: split it."))
    return rows


def _last_school_start(today: date) -> date:
    this_year = date(today.year, 9, 1)
    return this_year if today >= this_year else date(today.year - 1, 9, 1)


async def check(
    rows: list[tuple[int, dict[str, str]]],
    municipality_id: int,
    group_id: int | None,
    today: date,
) -> Checked:
    """Check every row; nothing is written."""
    result = Checked()
    seen: set[str] = set()
    registered = {
        row["child"]
        for row in await HomeChild.select(HomeChild.child).where(
            (HomeChild.municipality == municipality_id)
            & (
                HomeChild.home_group.is_null()
                if group_id is None
                else HomeChild.home_group == group_id
            )
        )
    }
    kindergarten = {row["child"] for row in await in_kindergarten(today)}
    for line, raw in rows:
        values = {column: raw.get(column, "") for column in COLUMNS}
        problems, born = _row_problems(values, today)
        if born is not None and not problems:
            key = values["isikukood"] or fold(
                f"{values['family_name']} {values['given_name']} {born}"
            )
            if key in seen:
                problems.append(_("the same child is on an earlier line"))
            seen.add(key)
        found = None
        if born is not None and not problems:
            found = await existing_child(values, born)
            if found is not None:
                found = await surviving_record(found) or found
            if found is None and not (values["given_name"] and values["family_name"]):
                problems.append(_("the child is not in heaolu yet: give the names too"))
        if problems:
            result.problems.append((line, "; ".join(problems)))
            continue
        assert born is not None
        if found is not None and found in registered:
            result.skipped.append((line, _("already in the register")))
        elif found is not None and group_id is None and found in kindergarten:
            result.skipped.append((line, _("enrolled in a kindergarten")))
        else:
            result.planned.append(Planned(line, values, born, found))
    return result


def _row_problems(values: dict[str, str], today: date) -> tuple[list[str], date | None]:
    problems: list[str] = []
    born: date | None = None
    if values["date_of_birth"]:
        try:
            born = parse_date(values["date_of_birth"])
        except ValueError as bad:
            problems.append(str(bad))
    code = values["isikukood"]
    if code:
        problem = isikukood_problem(code, born)
        if problem:
            problems.append(problem)
        elif born is None:
            born = ik.get_birth_date(code)
    elif not (values["given_name"] and values["family_name"] and values["date_of_birth"]):
        problems.append(_("give the isikukood, or the names and the date of birth"))
    if len(values["given_name"]) > NAME_LIMIT or len(values["family_name"]) > NAME_LIMIT:
        problems.append(_("a name is longer than 100 characters"))
    if len(values["address_area"]) > AREA_LIMIT:
        problems.append(_("the address area is longer than 200 characters"))
    if born is not None and not problems:
        if born > today:
            problems.append(_("the date of birth is in the future"))
        elif due_at_school(born, _last_school_start(today)):
            problems.append(_("the child is older than pre-school age"))
    return problems, (born if not problems else None)


async def write(
    checked: Checked, municipality_id: int, group_id: int | None, user_id: int, source: str
) -> list[int]:
    """Add the checked rows (create new children); returns the children's ids."""
    added: list[int] = []
    for planned in checked.planned:
        child_id = planned.child
        if child_id is None:
            child_id = await _create_child(planned.values, planned.born, municipality_id)
        await HomeChild.insert(
            HomeChild(
                child=child_id,
                municipality=municipality_id,
                home_group=group_id,
                address_area=planned.values["address_area"],
                source=source,
                added_by=user_id,
            )
        )
        added.append(child_id)
    return added


async def _create_child(values: dict[str, str], born: date, municipality_id: int) -> int:
    return await add_child(
        NewChild(
            given_name=values["given_name"],
            family_name=values["family_name"],
            date_of_birth=born,
            isikukood=values["isikukood"] or None,
            registered_municipality=municipality_id,
        )
    )
