"""The transitions overview: children of the municipality moving from kindergarten to school,
and from one school to another, in a year, and whether their information was shared.

The year ``Y`` is the school start on 1 September ``Y`` (by default this calendar year's).

- **Kindergarten to school**: a child of the municipality (registered or living there) with a
  kindergarten enrolment in the summer before (from 1 June to 31 August ``Y``) who is 7 by
  1 September ``Y`` or has a school enrolment starting from 1 June to 31 December ``Y``.
- **Between schools**: a child with a school enrolment starting from 1 June ``Y`` to 31 May
  ``Y+1`` and an enrolment in another school that ended from 1 January ``Y`` to 31 May ``Y+1``.
- **Information shared**: no school-readiness form exists yet, so a child counts as shared when
  a guardian has given a consent, not withdrawn and not expired before 1 June ``Y``, whose
  recipient is a school or the education sector (whatever its purpose).

The page shows counts (suppressed like the statistics) and the names only of the children the
user may see anyway (`core.access.visible_child_ids`); the listed ids are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from litestar import get
from litestar.response import Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.access import visible_child_ids
from core.audit.log import record
from core.cases.working import AnyRequest, user_of
from core.consent.tables import Consent, Decision
from core.db import WRITES
from core.i18n import N_
from core.i18n import gettext as _
from core.pages import page
from core.parsing import InputError, parse_year
from core.people.tables import Child, Enrolment, OrganisationKind, Sector
from plugins.municipality.insight.common import municipality_of, school_age_on
from plugins.municipality.insight.figures import Figures, figures
from plugins.municipality.roles import VIEW_TRANSITIONS

KINDERGARTEN_TO_SCHOOL = "kindergarten_to_school"
BETWEEN_SCHOOLS = "between_schools"
TRANSITION_KINDS = {
    KINDERGARTEN_TO_SCHOOL: N_("From kindergarten to school"),
    BETWEEN_SCHOOLS: N_("Between schools"),
}


@dataclass
class Mover:
    child: int
    kind: str
    from_name: str
    to_name: str = ""
    shared: bool = False
    names: dict[str, Any] = field(default_factory=dict)


async def movers(municipality_id: int, year: int) -> list[Mover]:
    """The children of the municipality moving in ``year`` (see the module's rules)."""
    school_start = date(year, 9, 1)
    summer = date(year, 6, 1)
    child: Any = Enrolment.child
    organisation: Any = Enrolment.organisation
    rows = await Enrolment.select(
        Enrolment.child,
        Enrolment.organisation,
        organisation.kind.as_alias("kind"),
        organisation.name.as_alias("organisation_name"),
        Enrolment.starts_on,
        Enrolment.ends_on,
        child.date_of_birth.as_alias("born"),
    ).where(
        organisation.kind.is_in(
            [OrganisationKind.kindergarten.value, OrganisationKind.school.value]
        )
        & (
            (child.registered_municipality == municipality_id)
            | (child.residence_municipality == municipality_id)
        )
        & child.merged_into.is_null()
        & (Enrolment.starts_on <= date(year + 1, 5, 31))
        & (Enrolment.ends_on.is_null() | (Enrolment.ends_on >= date(year, 1, 1)))
    )
    by_child: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_child.setdefault(row["child"], []).append(row)
    found: list[Mover] = []
    for child_id, enrolments in by_child.items():
        kindergartens = [
            e
            for e in enrolments
            if e["kind"] == OrganisationKind.kindergarten.value
            and e["starts_on"] <= date(year, 8, 31)
            and (e["ends_on"] is None or e["ends_on"] >= summer)
        ]
        schools = sorted(
            (e for e in enrolments if e["kind"] == OrganisationKind.school.value),
            key=lambda e: e["starts_on"],
        )
        new_schools = [e for e in schools if summer <= e["starts_on"] <= date(year, 12, 31)]
        if kindergartens and (school_age_on(enrolments[0]["born"], school_start) or new_schools):
            found.append(
                Mover(
                    child_id,
                    KINDERGARTEN_TO_SCHOOL,
                    kindergartens[-1]["organisation_name"],
                    new_schools[0]["organisation_name"] if new_schools else "",
                )
            )
            continue
        for arrival in (e for e in schools if summer <= e["starts_on"] <= date(year + 1, 5, 31)):
            left = [
                e
                for e in schools
                if e["organisation"] != arrival["organisation"]
                and e["ends_on"] is not None
                and date(year, 1, 1) <= e["ends_on"] <= date(year + 1, 5, 31)
            ]
            if left:
                found.append(
                    Mover(
                        child_id,
                        BETWEEN_SCHOOLS,
                        left[-1]["organisation_name"],
                        arrival["organisation_name"],
                    )
                )
                break
    shared = await _shared({mover.child for mover in found}, summer)
    for mover in found:
        mover.shared = mover.child in shared
    return found


async def _shared(child_ids: set[int], since: date) -> set[int]:
    if not child_ids:
        return set()
    recipient: Any = Consent.recipient_organisation
    rows = await Consent.select(Consent.child).where(
        Consent.child.is_in(list(child_ids))
        & (Consent.decision == Decision.given.value)
        & Consent.withdrawn_on.is_null()
        & (Consent.valid_until.is_null() | (Consent.valid_until >= since))
        & (
            (Consent.recipient_sector == Sector.education.value)
            | (recipient.kind == OrganisationKind.school.value)
        )
    )
    return {row["child"] for row in rows}


def counts(found: list[Mover]) -> Figures:
    """Rows: the kinds of transition; columns: information shared, not shared."""
    table = [
        [
            sum(1 for m in found if m.kind == kind and m.shared),
            sum(1 for m in found if m.kind == kind and not m.shared),
        ]
        for kind in TRANSITION_KINDS
    ]
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


@get("/transitions", opt={"permission": VIEW_TRANSITIONS, WRITES: True})
async def transitions_page(request: AnyRequest) -> Template:
    user = user_of(request)
    municipality_id = municipality_of(user)
    today = date.today()
    year, error = year_from(request, today)
    found = await movers(municipality_id, year)
    visible = await visible_child_ids(user)
    named = [mover for mover in found if mover.child in visible]
    if named:
        names = {
            row["id"]: row
            for row in await Child.select(Child.id, Child.given_name, Child.family_name).where(
                Child.id.is_in([mover.child for mover in named])
            )
        }
        for mover in named:
            mover.names = names[mover.child]
        named.sort(key=lambda m: (m.kind, m.names["family_name"], m.names["given_name"]))
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
            "error": error,
            "table": counts(found),
            "named": named,
            "transition_kinds": TRANSITION_KINDS,
        },
        status_code=HTTP_400_BAD_REQUEST if error else 200,
    )
