"""The pages measured, each with the demo account that opens it.

Core's pages as the support coordinator of the school with the most cases (`/`, `/cases`, the
open case of that school with the longest timeline, a child search by the start of a family
name, a directory search); then every plugin's main page (its first navigation item for that
account, or the page at the plugin's address when it gives none), and the county plugin's pages
(issue #14). Accounts and paths hold ``{name}`` fields that `resolve` fills from each
database, so the county and its tenth are measured the same way: the same rule picks the
school, the kindergarten, the municipality and the case.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    label: str
    plugin: str  # whose page it is: "core" or a plugin's name
    account: str
    path: str


SCHOOL_COORDINATOR = "{school_coordinator}"
PAGES = (
    Page("my work", "core", SCHOOL_COORDINATOR, "/"),
    Page("case list", "core", SCHOOL_COORDINATOR, "/cases"),
    Page("a long case", "core", SCHOOL_COORDINATOR, "/cases/{long_case}"),
    Page("child search", "core", SCHOOL_COORDINATOR, "/children?q={family_name}"),
    Page("directory search", "core", SCHOOL_COORDINATOR, "/directory?q={directory_term}"),
    Page("groups", "kindergarten", "{kindergarten_coordinator}", "/kindergarten/groups"),
    Page("classes", "school", SCHOOL_COORDINATOR, "/school/classes"),
    Page("network", "municipality", "{manager}", "/municipality/network"),
    Page("county dashboard", "county", "county.coordinator", "/county"),
    Page("questions to municipalities", "county", "{manager}", "/county/requests"),
    Page("county contacts", "county", "county.coordinator", "/county/contacts"),
    Page("county meetings", "county", "county.coordinator", "/county/meetings"),
    Page("cooperation agreements", "county", "county.coordinator", "/county/agreements"),
    Page("county documents", "county", "county.coordinator", "/county/documents"),
    Page("Signs of Safety cases", "signs_of_safety", "tartu.childprotection", "/signs_of_safety"),
)


@dataclass(frozen=True)
class Resolved:
    page: Page
    account: str
    paths: Callable[[], str]  # a path to request: search terms drawn anew each time
    sample: str  # the path with one draw, for the table


def resolve(pages: tuple[Page, ...], values: dict[str, list[Any]], seed: int) -> list[Resolved]:
    """Each page with its account and paths filled from ``values`` (one value a field, or a
    list to draw from at each request)."""
    rng = random.Random(seed)
    found = []
    for page in pages:
        account = page.account.format(**{key: choices[0] for key, choices in values.items()})

        def paths(path: str = page.path) -> str:
            return path.format(**{key: rng.choice(choices) for key, choices in values.items()})

        found.append(Resolved(page, account, paths, paths()))
    return found


async def values_of(database_url: str) -> dict[str, list[Any]]:
    """The fields of `PAGES` on the database at ``database_url`` (its tables bound)."""
    from core.cases.demo_county import COORDINATOR, MANAGER, USERNAME
    from core.cases.tables import Case
    from core.people.tables import Child, Enrolment, Organisation

    [school] = await Case.raw(
        "SELECT owner_organisation AS id, count(*) AS n FROM cases_case "
        "GROUP BY owner_organisation ORDER BY n DESC, owner_organisation LIMIT 1"
    )
    [kindergarten] = await Enrolment.raw(
        "SELECT e.organisation AS id, count(*) AS n FROM people_enrolment e "
        "JOIN people_organisation o ON o.id = e.organisation WHERE o.kind = 'kindergarten' "
        "GROUP BY e.organisation ORDER BY n DESC, e.organisation LIMIT 1"
    )
    [municipality] = await Case.raw(
        "SELECT municipality AS id, count(*) AS n FROM cases_case WHERE level = 'municipality' "
        "GROUP BY municipality ORDER BY n DESC, municipality LIMIT 1"
    )
    [long_case] = await Case.raw(
        'SELECT c.id FROM cases_case c JOIN cases_entry e ON e."case" = c.id '
        "WHERE c.owner_organisation = {} AND c.status = 'open' "
        "GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1",
        school["id"],
    )
    children = await Child.select(Child.family_name).where(
        Child.id.is_in(
            Enrolment.select(Enrolment.child).where(Enrolment.organisation == school["id"])
        )
    )
    organisations = await Organisation.select(Organisation.name).where(Organisation.sample.eq(True))
    return {
        "school_coordinator": [USERNAME.format(post=COORDINATOR, place=school["id"])],
        "kindergarten_coordinator": [USERNAME.format(post=COORDINATOR, place=kindergarten["id"])],
        "manager": [USERNAME.format(post=MANAGER, place=municipality["id"])],
        "long_case": [long_case["id"]],
        "family_name": sorted({row["family_name"][:3] for row in children}),
        "directory_term": sorted({row["name"].split()[0][:4] for row in organisations}),
    }
