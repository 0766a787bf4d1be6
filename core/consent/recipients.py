"""Who receives shared data: exactly one of an organisation, a sector or a municipality.

A recipient stands for a set of receiving organisations, described by the facts every one of
them has (`Reach`): an organisation fixes its id, sector and municipality; a sector fixes only
the sector; a municipality only the municipality. From that, two questions have one answer:

- `covers(granted, asked)`: every organisation ``asked`` stands for is within ``granted`` (a
  consent to a sector covers that sector's organisations, to a municipality its organisations);
- `overlaps(refused, asked)`: some organisation may be within both (a refusal to one school
  touches a request for the whole education sector).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.consent.tables import DataScope
from core.kept import Asked, Kept
from core.people.tables import Organisation, Sector

Reach = Mapping[str, Any]


@dataclass(frozen=True)
class Recipient:
    """Exactly one of ``organisation_id``, ``sector`` or ``municipality_id``; else ValueError."""

    organisation_id: int | None = None
    sector: Sector | None = None
    municipality_id: int | None = None

    def __post_init__(self) -> None:
        named = (self.organisation_id, self.sector, self.municipality_id)
        if sum(value is not None for value in named) != 1:
            raise ValueError("a recipient is exactly one organisation, sector or municipality")

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> Recipient:
        """The recipient of a `Consent` or `ShareOverride` row."""
        sector = row["recipient_sector"]
        return cls(
            row["recipient_organisation"],
            Sector(sector) if sector else None,
            row["recipient_municipality"],
        )

    def columns(self) -> dict[str, Any]:
        """The recipient as the columns of a `Consent` or `ShareOverride` row."""
        return {
            "recipient_organisation": self.organisation_id,
            "recipient_sector": self.sector.value if self.sector else None,
            "recipient_municipality": self.municipality_id,
        }


# The sector and municipality of each of some organisations, on every case page: kept as SQL.
_ORGANISATIONS = Kept(
    lambda *, ids: Organisation.select(
        Organisation.id, Organisation.sector, Organisation.municipality
    ).where(Organisation.id.is_in(ids))
)


def organisations_select(ids: Iterable[int]) -> Asked:
    """The sector and municipality of the organisations ``ids``, to read `together` with
    others and give `reaches` as ``known``."""
    return _ORGANISATIONS.asked(ids=sorted(set(ids)) or [0])


async def reaches(
    recipients: Iterable[Recipient], known: Iterable[Mapping[str, Any]] = ()
) -> dict[Recipient, Reach]:
    """The `Reach` of each recipient: one query for the organisations among them, but for
    those in ``known`` (rows of `organisations_select` the caller read), none when that
    leaves none."""
    wanted = set(recipients)
    organisations = {row["id"]: row for row in known}
    missing = {
        r.organisation_id
        for r in wanted
        if r.organisation_id is not None and r.organisation_id not in organisations
    }
    if missing:
        organisations.update(
            (row["id"], row) for row in await _ORGANISATIONS.rows(ids=sorted(missing))
        )
    found: dict[Recipient, Reach] = {}
    for recipient in wanted:
        if recipient.organisation_id is not None:
            row = organisations.get(recipient.organisation_id, {})
            found[recipient] = {
                "organisation": recipient.organisation_id,
                "sector": row.get("sector"),
                "municipality": row.get("municipality"),
            }
        elif recipient.sector is not None:
            found[recipient] = {"sector": recipient.sector.value}
        else:
            found[recipient] = {"municipality": recipient.municipality_id}
    return found


def covers(granted: Reach, asked: Reach) -> bool:
    """Every organisation ``asked`` stands for is within ``granted``."""
    return all(key in asked and asked[key] == value for key, value in granted.items())


def overlaps(refused: Reach, asked: Reach) -> bool:
    """Some organisation may be within both ``refused`` and ``asked``."""
    return all(refused[key] == asked[key] for key in refused.keys() & asked.keys())


def scope_covers(granted: str, asked: str) -> bool:
    """A consent for ``granted`` data covers a request for ``asked`` data."""
    return granted in (DataScope.all.value, asked)


def scopes_overlap(refused: str, asked: str) -> bool:
    return DataScope.all.value in (refused, asked) or refused == asked
