"""``heaolu import organisations|staff|children FILE --municipality M [--dry-run]``.

heaolu's own CSV formats (docs/import.md): a header row, UTF-8, fields separated by ``;`` or
``,``. Every row is checked first; a dry run lists each bad row with its line number and reason,
and a real run imports all rows or, if any row is bad, none. Records already in heaolu (an
organisation of the same name in the municipality, a user name, a child's isikukood) are
skipped and reported, so a corrected file can be imported again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from core.auth.tables import Membership, User
from core.parsing import parse_date
from core.people.adding import NewChild, add_child
from core.people.folding import fold
from core.people.isikukood import isikukood_problem
from core.people.tables import (
    DEFAULT_SECTOR,
    Child,
    Enrolment,
    Guardian,
    GuardianLink,
    GuardianRelation,
    Municipality,
    Organisation,
    OrganisationKind,
    Sector,
    Unit,
)
from core.plugins import Plugins

KINDS = ("organisations", "staff", "children")
# Columns each kind needs (others listed in docs/import.md are optional).
REQUIRED = {
    "organisations": ("name", "kind"),
    "staff": ("username", "full_name", "organisation", "role"),
    "children": ("given_name", "family_name", "date_of_birth", "organisation"),
}
# A password hash no password matches: imported staff log in once an administrator sets one.
NO_PASSWORD = "!imported"  # noqa: S105 - not a password: a hash that matches none


class CsvImportError(Exception):
    """The file cannot be read as a whole (encoding, header); the message says why."""


@dataclass
class Report:
    kind: str
    rows: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0


@dataclass
class _Row:
    line: int
    values: dict[str, str]


def read_rows(path: Path, kind: str) -> Iterator[_Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvImportError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED[kind] if column not in header]
    if missing:
        raise CsvImportError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
    reader.fieldnames = header
    for number, record in enumerate(reader, start=2):
        yield _Row(number, {k: (v or "").strip() for k, v in record.items() if k is not None})


async def run_import(
    plugins: Plugins, kind: str, path: Path, municipality_name: str, dry_run: bool
) -> Report:
    """Check every row, then (unless ``dry_run`` or a row is bad) import them all; the caller
    runs this in one transaction, so a failure midway leaves nothing behind."""
    municipality = (
        await Municipality.select(Municipality.id)
        .where(Municipality.name == municipality_name)
        .first()
    )
    if municipality is None:
        raise CsvImportError(f"no municipality named {municipality_name!r}")
    report = Report(kind)
    rows = list(read_rows(path, kind))
    report.rows = len(rows)
    importer = _IMPORTERS[kind]
    writes = await importer(plugins, municipality["id"], rows, report)
    if not dry_run and not report.problems:
        for write in writes:
            await write()
        report.imported = len(writes)
    return report


Write = Callable[[], Awaitable[Any]]


async def _organisations_by_name(municipality_id: int) -> dict[str, int]:
    rows = await Organisation.select(Organisation.id, Organisation.name).where(
        Organisation.municipality == municipality_id
    )
    return {row["name"]: row["id"] for row in rows}


async def _units_by_name(municipality_id: int) -> dict[tuple[int, str], int]:
    organisation: Any = Unit.organisation
    rows = await Unit.select(Unit.id, Unit.name, Unit.organisation).where(
        (organisation.municipality == municipality_id) & Unit.active.eq(True)
    )
    return {(row["organisation"], row["name"]): row["id"] for row in rows}


async def _import_organisations(
    plugins: Plugins, municipality_id: int, rows: list[_Row], report: Report
) -> list[Write]:
    existing = await _organisations_by_name(municipality_id)
    seen: set[str] = set()
    writes: list[Write] = []
    for row in rows:
        name, kind, sector = row.values["name"], row.values["kind"], row.values.get("sector", "")
        if not name:
            report.problems.append((row.line, "name is empty"))
            continue
        if kind not in OrganisationKind.__members__:
            report.problems.append(
                (row.line, f"kind {kind!r} is not one of {', '.join(OrganisationKind)}")
            )
            continue
        if sector and sector not in Sector.__members__:
            report.problems.append(
                (row.line, f"sector {sector!r} is not one of {', '.join(Sector)}")
            )
            continue
        if name in seen:
            report.problems.append((row.line, f"{name!r} appears twice in the file"))
            continue
        seen.add(name)
        if name in existing:
            report.skipped.append((row.line, f"{name!r} is in heaolu already"))
            continue
        organisation = Organisation(
            name=name,
            folded_name=fold(name),
            kind=kind,
            sector=sector or DEFAULT_SECTOR[OrganisationKind(kind)].value,
            municipality=municipality_id,
            address=row.values.get("address", ""),
        )
        writes.append(organisation.save)
    return writes


async def _import_staff(
    plugins: Plugins, municipality_id: int, rows: list[_Row], report: Report
) -> list[Write]:
    organisations = await _organisations_by_name(municipality_id)
    units = await _units_by_name(municipality_id)
    taken = {row["username"] for row in await User.select(User.username)}
    seen: set[str] = set()
    writes: list[Write] = []
    for row in rows:
        values = row.values
        username = values["username"].lower()
        problem = None
        if not username or not username.replace(".", "").replace("-", "").isalnum():
            problem = f"user name {values['username']!r} may hold letters, digits, dots, hyphens"
        elif not values["full_name"]:
            problem = "full_name is empty"
        elif values["organisation"] not in organisations:
            problem = f"no organisation {values['organisation']!r} in the municipality"
        elif values["role"] not in plugins.roles or values["role"] == "system_admin":
            problem = f"role {values['role']!r} is not a role that can be imported"
        elif values.get("unit") and (
            (organisations[values["organisation"]], values["unit"]) not in units
        ):
            problem = f"no group or class {values['unit']!r} in {values['organisation']!r}"
        elif username in seen:
            problem = f"{username!r} appears twice in the file"
        if problem:
            report.problems.append((row.line, problem))
            continue
        seen.add(username)
        if username in taken:
            report.skipped.append((row.line, f"user {username!r} exists already"))
            continue
        organisation_id = organisations[values["organisation"]]
        unit_id = units.get((organisation_id, values.get("unit", "")))

        async def write(
            values: dict[str, str] = values,
            username: str = username,
            organisation_id: int = organisation_id,
            unit_id: int | None = unit_id,
        ) -> None:
            [user] = await User.insert(
                User(
                    username=username,
                    full_name=values["full_name"],
                    email=values.get("email", ""),
                    phone=values.get("phone", ""),
                    password_hash=NO_PASSWORD,
                )
            ).returning(User.id)
            await Membership.insert(
                Membership(
                    user=user["id"], organisation=organisation_id, role=values["role"], unit=unit_id
                )
            )

        writes.append(write)
    return writes


async def _import_children(
    plugins: Plugins, municipality_id: int, rows: list[_Row], report: Report
) -> list[Write]:
    organisations = await _organisations_by_name(municipality_id)
    units = await _units_by_name(municipality_id)
    codes = {row["isikukood"] for row in await Child.select(Child.isikukood)}
    seen: set[str] = set()
    writes: list[Write] = []
    for row in rows:
        values = row.values
        problems: list[str] = []
        born: date | None = None
        try:
            born = parse_date(values["date_of_birth"])
        except ValueError:
            problems.append(f"date_of_birth {values['date_of_birth']!r} is not dd.mm.yyyy")
        if not values["given_name"] or not values["family_name"]:
            problems.append("given_name and family_name are needed")
        code = values.get("isikukood", "")
        if code and (problem := isikukood_problem(code, born)):
            problems.append(f"isikukood {code}: {problem}")
        if values["organisation"] not in organisations:
            problems.append(f"no organisation {values['organisation']!r} in the municipality")
        elif values.get("unit") and (
            (organisations[values["organisation"]], values["unit"]) not in units
        ):
            problems.append(f"no group or class {values['unit']!r} in {values['organisation']!r}")
        starts = date.today()
        if values.get("enrolled_from"):
            try:
                starts = parse_date(values["enrolled_from"])
            except ValueError:
                problems.append(f"enrolled_from {values['enrolled_from']!r} is not dd.mm.yyyy")
        guardians = _guardians(values, problems)
        if code and code in seen:
            problems.append(f"isikukood {code} appears twice in the file")
        if problems:
            report.problems.append((row.line, "; ".join(problems)))
            continue
        assert born is not None
        seen.add(code)
        if code and code in codes:
            report.skipped.append((row.line, f"a child with isikukood {code} is in heaolu already"))
            continue
        organisation_id = organisations[values["organisation"]]
        writes.append(
            _child_writer(
                values,
                born,
                organisation_id,
                units.get((organisation_id, values.get("unit", ""))),
                starts,
                municipality_id,
                guardians,
            )
        )
    return writes


def _guardians(values: dict[str, str], problems: list[str]) -> list[dict[str, str]]:
    guardians = []
    for number in (1, 2):
        prefix = f"guardian{number}_"
        given, family = (
            values.get(prefix + "given_name", ""),
            values.get(prefix + "family_name", ""),
        )
        if not given and not family:
            continue
        relation = values.get(prefix + "relation", "") or "guardian"
        if relation not in GuardianRelation.__members__:
            problems.append(
                f"{prefix}relation {relation!r} is not one of {', '.join(GuardianRelation)}"
            )
        guardians.append(
            {
                "given_name": given,
                "family_name": family,
                "relation": relation,
                "phone": values.get(prefix + "phone", ""),
                "email": values.get(prefix + "email", ""),
            }
        )
    return guardians


def _child_writer(
    values: dict[str, str],
    born: date,
    organisation_id: int,
    unit_id: int | None,
    starts: date,
    municipality_id: int,
    guardians: list[dict[str, str]],
) -> Write:
    async def write() -> None:
        child_id = await add_child(
            NewChild(
                given_name=values["given_name"],
                family_name=values["family_name"],
                date_of_birth=born,
                isikukood=values.get("isikukood") or None,
                registered_municipality=municipality_id,
                language=values.get("language") or "eesti",
            )
        )
        await Enrolment.insert(
            Enrolment(child=child_id, organisation=organisation_id, unit=unit_id, starts_on=starts)
        )
        for guardian in guardians:
            [row] = await Guardian.insert(
                Guardian(
                    given_name=guardian["given_name"],
                    family_name=guardian["family_name"],
                    phone=guardian["phone"],
                    email=guardian["email"],
                )
            ).returning(Guardian.id)
            await GuardianLink.insert(
                GuardianLink(child=child_id, guardian=row["id"], relation=guardian["relation"])
            )

    return write


_IMPORTERS: dict[str, Callable[[Plugins, int, list[_Row], Report], Awaitable[list[Write]]]] = {
    "organisations": _import_organisations,
    "staff": _import_staff,
    "children": _import_children,
}
