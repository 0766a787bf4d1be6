"""The transitions overview: children of the municipality moving from kindergarten to school,
and from one school to another, in a year, and whether their information was shared.

The year ``Y`` is the school start on 1 September ``Y`` (by default this calendar year's).

- **Kindergarten to school**: a child of the municipality (registered or living there) with a
  kindergarten enrolment in the summer before (from 1 June to 31 August ``Y``) who is of school
  age in ``Y`` (starts school in ``Y`` or earlier by `core.api.school_start_year`: turns 7 by
  30 September ``Y`` or earlier) or has a school enrolment starting from 1 June to
  31 December ``Y``.
- **Between schools**: a child with a school enrolment starting from 1 June ``Y`` to 31 May
  ``Y+1`` and an enrolment in another school that ended from 1 January ``Y`` to 31 May ``Y+1``.
- **Information shared**: no school-readiness form exists yet, so a child counts as shared when
  a guardian has given a consent, not withdrawn and not expired before 1 June ``Y``, whose
  recipient is a school or the education sector (whatever its purpose).

The page shows counts (suppressed like the statistics) and the names only of the children the
user may see anyway (`core.access.visible_children`, asked about the movers only); the listed ids
are audited. Both come from the database by the statement `MOVED`: the counts grouped there,
so the page runs the same statements however many children move.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from litestar import get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.api import (
    N_,
    AnyRequest,
    Child,
    CurrentUser,
    Decision,
    InputError,
    OrganisationKind,
    Sector,
    born_by_school_start,
    page,
    parse_year,
    record,
    user_of,
    visible_children,
)
from core.api import gettext as _
from plugins.municipality.insight.common import municipality_of, run_sql
from plugins.municipality.insight.figures import Figures, figures
from plugins.municipality.insight.kept import figures_from, kept, recompute
from plugins.municipality.roles import VIEW_TRANSITIONS

KINDERGARTEN_TO_SCHOOL = "kindergarten_to_school"
BETWEEN_SCHOOLS = "between_schools"
TRANSITION_KINDS = {
    KINDERGARTEN_TO_SCHOOL: N_("From kindergarten to school"),
    BETWEEN_SCHOOLS: N_("Between schools"),
}


# The movers of a year in SQL, by the rules above, one row per child: ``child``, ``kind``,
# ``from_name``, ``to_name`` and ``shared`` (1 or 0). Where a child has several enrolments that
# fit, the kindergarten left is the one that started last, the school of a move from
# kindergarten the first to start, and of a move between schools the first arrival (by start)
# with the last school left before it (by start); equal starts go by the enrolment's id.
# Whether shared is counted per mover by the child's consents (`consent_consent_child`), a
# correlated count that PostgreSQL cannot turn into a scan of every consent.
# The school enrolments are found by the day they start or end (`municipality_enrolment_starts`,
# `municipality_enrolment_ends`), the kindergarten enrolments of the summer through the
# municipality's children. CROSS JOIN keeps that order on SQLite, which has no statistics to
# choose it by; PostgreSQL plans it as any join.
MOVED = """
WITH kindergarten AS (
    SELECT e.id, e.child, e.starts_on, o.name, c.date_of_birth AS born
    FROM people_child c
    CROSS JOIN people_enrolment e
    CROSS JOIN people_organisation o
    WHERE e.child = c.id AND o.id = e.organisation
        AND o.kind = :kindergarten
        AND (c.registered_municipality = :municipality OR c.residence_municipality = :municipality)
        AND c.merged_into IS NULL
        AND e.starts_on <= :summer_ends AND (e.ends_on IS NULL OR e.ends_on >= :summer)
),
school AS (
    SELECT e.id, e.child, e.organisation, e.starts_on, e.ends_on, o.name
    FROM people_enrolment e
    CROSS JOIN people_organisation o
    CROSS JOIN people_child c
    WHERE o.id = e.organisation AND c.id = e.child
        AND ((e.starts_on >= :summer AND e.starts_on <= :year_ends)
            OR (e.ends_on >= :new_year AND e.ends_on <= :year_ends))
        AND e.starts_on <= :year_ends
        AND o.kind = :school
        AND (c.registered_municipality = :municipality OR c.residence_municipality = :municipality)
        AND c.merged_into IS NULL
),
new_school AS (
    SELECT child, name, row_number() OVER (PARTITION BY child ORDER BY starts_on, id) AS n
    FROM school
    WHERE starts_on >= :summer AND starts_on <= :autumn_ends
),
leaving_kindergarten AS (
    SELECT child, name,
        row_number() OVER (PARTITION BY child ORDER BY starts_on DESC, id DESC) AS n
    FROM kindergarten
    WHERE born <= :school_age_born_by OR child IN (SELECT child FROM new_school)
),
to_school AS (
    SELECT k.child, :kindergarten_to_school AS kind, k.name AS from_name,
        COALESCE(s.name, '') AS to_name
    FROM leaving_kindergarten k
    LEFT JOIN new_school s ON s.child = k.child AND s.n = 1
    WHERE k.n = 1
),
school_change AS (
    SELECT arrival.child, left_school.name AS from_name, arrival.name AS to_name,
        row_number() OVER (
            PARTITION BY arrival.child
            ORDER BY arrival.starts_on, arrival.id, left_school.starts_on DESC, left_school.id DESC
        ) AS n
    FROM school arrival
    JOIN school left_school ON left_school.child = arrival.child
    WHERE arrival.starts_on >= :summer
        AND left_school.organisation <> arrival.organisation
        AND left_school.ends_on >= :new_year AND left_school.ends_on <= :year_ends
        AND arrival.child NOT IN (SELECT child FROM to_school)
),
mover AS (
    SELECT child, kind, from_name, to_name FROM to_school
    UNION ALL
    SELECT child, :between_schools, from_name, to_name FROM school_change WHERE n = 1
),
moved AS (
    SELECT mover.child, mover.kind, mover.from_name, mover.to_name,
        CASE WHEN (
            SELECT count(*) FROM consent_consent consent
            LEFT JOIN people_organisation recipient
                ON recipient.id = consent.recipient_organisation
            WHERE consent.child = mover.child AND consent.decision = :given
                AND consent.withdrawn_on IS NULL
                AND (consent.valid_until IS NULL OR consent.valid_until >= :summer)
                AND (consent.recipient_sector = :education OR recipient.kind = :school)
        ) > 0 THEN 1 ELSE 0 END AS shared
    FROM mover
)
"""
# Texts made of the constant parts above only (the values are parameters).
MOVERS = MOVED + (  # noqa: S608
    "SELECT moved.*, c.given_name, c.family_name FROM moved"
    " JOIN people_child c ON c.id = moved.child"
)
MOVER_COUNTS = MOVED + "SELECT kind, shared, count(*) AS n FROM moved GROUP BY kind, shared"  # noqa: S608


def _rules(municipality_id: int, year: int) -> dict[str, Any]:
    """The values `MOVED` is run with for ``year``."""
    return {
        "municipality": municipality_id,
        "kindergarten": OrganisationKind.kindergarten.value,
        "school": OrganisationKind.school.value,
        "new_year": date(year, 1, 1),
        "summer": date(year, 6, 1),
        "summer_ends": date(year, 8, 31),
        "autumn_ends": date(year, 12, 31),
        "year_ends": date(year + 1, 5, 31),
        # Of school age in ``year``: born on or before the last birthday that starts school then.
        "school_age_born_by": born_by_school_start(year),
        "kindergarten_to_school": KINDERGARTEN_TO_SCHOOL,
        "between_schools": BETWEEN_SCHOOLS,
        "given": Decision.given.value,
        "education": Sector.education.value,
    }


@dataclass
class Mover:
    child: int
    kind: str
    from_name: str
    to_name: str
    shared: bool
    names: dict[str, Any]


async def movers(municipality_id: int, year: int) -> list[Mover]:
    """The children of the municipality moving in ``year`` (see the module's rules), with their
    names."""
    rows = await run_sql(Child, MOVERS, **_rules(municipality_id, year))
    return [
        Mover(
            row["child"],
            row["kind"],
            row["from_name"],
            row["to_name"],
            bool(row["shared"]),
            {"given_name": row["given_name"], "family_name": row["family_name"]},
        )
        for row in rows
    ]


async def transition_counts(municipality_id: int, year: int) -> Figures:
    """Rows: the kinds of transition; columns: information shared, not shared."""
    rows = await run_sql(
        Child,
        MOVER_COUNTS,
        **_rules(municipality_id, year),
    )
    found = {(row["kind"], bool(row["shared"])): int(row["n"]) for row in rows}
    table = [[found.get((kind, True), 0), found.get((kind, False), 0)] for kind in TRANSITION_KINDS]
    return figures(
        "transitions",
        _("Transitions"),
        _("Transition"),
        [_(label) for label in TRANSITION_KINDS.values()],
        [_("Information shared"), _("Not shared")],
        table,
    )


def year_from(request: AnyRequest, today: date) -> tuple[int, str | None]:
    """The ``year`` query parameter, or this year with a message when it is not a year."""
    text = str(request.query_params.get("year", "")).strip()
    if not text:
        return today.year, None
    try:
        return parse_year(text, 2000, 2100), None
    except InputError:
        return today.year, _("Choose a year between 2000 and 2100.")


async def _kept_movers(
    request: AnyRequest, municipality_id: int, year: int
) -> tuple[Figures, list[Mover], datetime]:
    """The counts and the movers (without names), computed at most once in
    `kept.FRESH_FOR`; and when they were."""

    async def compute() -> dict[str, Any]:
        return {
            "table": asdict(await transition_counts(municipality_id, year)),
            "movers": [
                [mover.child, mover.kind, mover.from_name, mover.to_name, mover.shared]
                for mover in await movers(municipality_id, year)
            ],
        }

    found = await kept(request, municipality_id, year, "transitions", compute)
    every = [
        Mover(child, kind, from_name, to_name, shared, names={})
        for child, kind, from_name, to_name, shared in found.figures["movers"]
    ]
    return figures_from(found.figures["table"]), every, found.computed_at


async def _named(user: CurrentUser, every: list[Mover]) -> list[Mover]:
    """Those of ``every`` the user may see anyway, with their names (one query)."""
    names = {
        row["id"]: row
        for row in await visible_children(
            user, [mover.child for mover in every], Child.given_name, Child.family_name
        )
    }
    return [replace(mover, names=names[mover.child]) for mover in every if mover.child in names]


@get("/transitions", opt={"permission": VIEW_TRANSITIONS})
async def transitions_page(request: AnyRequest) -> Template:
    user = user_of(request)
    municipality_id = municipality_of(user)
    today = date.today()
    year, error = year_from(request, today)
    table, every, computed_at = await _kept_movers(request, municipality_id, year)
    named = await _named(user, every)
    named.sort(key=lambda m: (m.kind, m.names["family_name"], m.names["given_name"]))
    if named:
        await record(
            request,
            "municipality.transitions.listed",
            object_type="child",
            object_id=",".join(str(mover.child) for mover in named),
        )
    return page(
        request,
        "municipality/insight/transitions.html",
        {
            "year": year,
            "computed_at": computed_at,
            "recompute": "/municipality/transitions/recompute",
            "error": error,
            "table": table,
            "named": named,
            "kind_labels": {kind: _(label) for kind, label in TRANSITION_KINDS.items()},
        },
        status_code=HTTP_400_BAD_REQUEST if error else 200,
    )


@post("/transitions/recompute", opt={"permission": VIEW_TRANSITIONS})
async def recompute_transitions(request: AnyRequest) -> Redirect:
    """Compute the year's transitions again at the next view (they are kept a few minutes)."""
    year = await recompute(request)
    return Redirect(f"/municipality/transitions?year={year}", status_code=303)
