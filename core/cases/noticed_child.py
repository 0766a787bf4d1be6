"""The child a noticer describes on the noticing sheet when they do not start from the child's
page: the typed fields, each field's problem, and the child found or added.

The child's registered municipality (the population register's) and the municipality where the
child actually lives are kept apart: the county model is built on that difference (a child
registered in one municipality may live, and learn, in another). The report goes to the
registered municipality. A child named here is matched to an existing record (isikukood, or
name and date of birth) or added, and the noticer is never shown which.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as attribute
from datetime import date
from typing import Any

from core.i18n import gettext as _
from core.parsing import InputError, clean_text, length_problems, parse_date, parse_id
from core.people.adding import NewChild, add_child, existing_child
from core.people.isikukood import isikukood_problem
from core.people.tables import CHILD_NAME_LIMITS, Child, Municipality

FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "isikukood",
    "municipality",
    "residence_municipality",
)
# The input's id in the page for each field, so that an error links to it.
INPUT_IDS = {
    "given_name": "notice-given",
    "family_name": "notice-family",
    "date_of_birth": "notice-born",
    "isikukood": "notice-code",
    "municipality": "notice-municipality",
    "residence_municipality": "notice-residence",
}


@dataclass
class DescribedChild:
    """What was typed about the child, the problems by field, and the clean values."""

    values: dict[str, str]
    errors: dict[str, str] = attribute(default_factory=dict)
    born: date | None = None
    municipality: int | None = None
    residence: int | None = None

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


def typed(form: Any) -> DescribedChild:
    return DescribedChild({name: clean_text(form.get(name, "")) for name in FIELDS})


def blank() -> DescribedChild:
    return DescribedChild(dict.fromkeys(FIELDS, ""))


async def check(child: DescribedChild) -> None:
    """Find every problem of the typed fields at once, each under its field."""
    values = child.values
    for name, message in (
        ("given_name", _("Write the child's given name.")),
        ("family_name", _("Write the child's family name.")),
    ):
        if not values[name]:
            child.fail(name, message)
        for too_long in length_problems(values, {name: CHILD_NAME_LIMITS[name]}):
            child.fail(name, too_long)
    try:
        child.born = parse_date(values["date_of_birth"])
    except ValueError as bad_date:
        child.fail("date_of_birth", str(bad_date))
    if child.born is not None and child.born > date.today():
        child.fail("date_of_birth", _("The date of birth is in the future."))
        child.born = None
    if values["isikukood"]:
        problem = isikukood_problem(values["isikukood"], child.born)
        if problem:
            child.fail("isikukood", problem)
    child.municipality = await _municipality(values["municipality"])
    if child.municipality is None:
        child.fail("municipality", _("Choose the municipality where the child is registered."))
    if values["residence_municipality"]:
        child.residence = await _municipality(values["residence_municipality"])
        if child.residence is None:
            child.fail("residence_municipality", _("Choose among the municipalities given."))


async def _municipality(text: str) -> int | None:
    try:
        chosen = parse_id(text)
    except InputError:
        return None
    return chosen if await Municipality.exists().where(Municipality.id == chosen) else None


async def known(child: DescribedChild) -> int | None:
    """The id of the child already in heaolu that the typed fields describe, if any (call
    after `check` found no problem)."""
    assert child.born is not None
    return await existing_child(child.values, child.born)


async def find_or_add(child: DescribedChild) -> dict[str, Any]:
    """The child's row, found or added (call after `check` found no problem)."""
    assert child.born is not None
    assert child.municipality is not None
    values = child.values
    existing = await existing_child(values, child.born)
    if existing is None:
        existing = await add_child(
            NewChild(
                given_name=values["given_name"],
                family_name=values["family_name"],
                date_of_birth=child.born,
                isikukood=values["isikukood"] or None,
                registered_municipality=child.municipality,
                residence_municipality=child.residence or child.municipality,
            )
        )
    found = await Child.select().where(Child.id == existing).first()
    assert found is not None
    if found["registered_municipality"] is None:
        found["registered_municipality"] = child.municipality
    return found
