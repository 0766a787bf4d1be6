"""What consents' values are called (English message ids, shown translated), and the words for
a recipient."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from core.consent.recipients import Recipient
from core.consent.tables import DataScope, Decision, EvidenceKind
from core.i18n import N_, gettext
from core.people.labels import SECTORS
from core.people.tables import Municipality, Organisation


class Status(StrEnum):
    valid = "valid"
    not_yet_valid = "not_yet_valid"
    expired = "expired"
    withdrawn = "withdrawn"
    refused = "refused"


DATA_SCOPES = {
    DataScope.all: N_("All data"),
    DataScope.education: N_("Education"),
    DataScope.health: N_("Health"),
    DataScope.social: N_("Social"),
}
DECISIONS = {Decision.given: N_("Consent given"), Decision.refused: N_("Consent refused")}
EVIDENCE_KINDS = {
    EvidenceKind.paper: N_("On paper"),
    EvidenceKind.digital: N_("Digitally signed"),
    EvidenceKind.oral: N_("Orally"),
}
STATUSES = {
    Status.valid: N_("valid"),
    Status.not_yet_valid: N_("not yet valid"),
    Status.expired: N_("expired"),
    Status.withdrawn: N_("withdrawn"),
    Status.refused: N_("refused"),
}


def status(row: dict[str, Any], today: date) -> Status:
    """The state of a `Consent` row on ``today``; a withdrawn refusal is "withdrawn"."""
    if row["withdrawn_on"] is not None and row["withdrawn_on"] <= today:
        return Status.withdrawn
    if row["decision"] == Decision.refused:
        return Status.refused
    if row["valid_until"] is not None and row["valid_until"] < today:
        return Status.expired
    if row["valid_from"] > today:
        return Status.not_yet_valid
    return Status.valid


async def recipient_labels(recipients: Iterable[Recipient]) -> dict[Recipient, str]:
    """Each recipient in words, in the current language: an organisation's or municipality's
    name, or the sector's label."""
    wanted = set(recipients)
    organisations = await _names(Organisation, [r.organisation_id for r in wanted])
    municipalities = await _names(Municipality, [r.municipality_id for r in wanted])
    labels: dict[Recipient, str] = {}
    for recipient in wanted:
        if recipient.organisation_id is not None:
            labels[recipient] = organisations.get(recipient.organisation_id, "–")
        elif recipient.sector is not None:
            labels[recipient] = gettext("Sector: %(sector)s") % {
                "sector": gettext(SECTORS[recipient.sector])
            }
        else:
            name = municipalities.get(recipient.municipality_id or 0, "–")
            labels[recipient] = gettext("Municipality: %(name)s") % {"name": name}
    return labels


async def _names(
    table: type[Organisation] | type[Municipality], ids: list[int | None]
) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await table.select(table.id, table.name).where(table.id.is_in(wanted))
    return {row["id"]: row["name"] for row in rows}
