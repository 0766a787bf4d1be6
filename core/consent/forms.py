"""What the consent and override forms share: their choices and the recipient, purpose and
data scope fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.consent.labels import DATA_SCOPES
from core.consent.recipients import Recipient
from core.i18n import gettext as _
from core.people.labels import SECTORS, translated
from core.people.tables import Municipality, Organisation, Sector
from core.registry import ConsentPurpose

RECIPIENT_FIELDS = (
    "purpose",
    "data_scope",
    "recipient_kind",
    "recipient_organisation",
    "recipient_sector",
    "recipient_municipality",
)


def purpose_labels(purposes: Mapping[str, ConsentPurpose]) -> dict[str, str]:
    """Each purpose's label in the current language, by key."""
    return {key: _(purpose.label) for key, purpose in purposes.items()}


async def recipient_choices(purposes: Mapping[str, ConsentPurpose]) -> dict[str, Any]:
    """The lists the purpose, data scope and recipient fields choose from."""
    return {
        "purposes": sorted(purpose_labels(purposes).items(), key=lambda item: item[1]),
        "purpose_texts": sorted(
            (_(purpose.label), _(purpose.text)) for purpose in purposes.values() if purpose.text
        ),
        "data_scopes": translated(DATA_SCOPES),
        "organisations": await Organisation.select(Organisation.id, Organisation.name).order_by(
            Organisation.name
        ),
        "sectors": translated(SECTORS),
        "municipalities": await Municipality.select(Municipality.id, Municipality.name).order_by(
            Municipality.name
        ),
    }


def read_recipient_fields(
    values: Mapping[str, str], choices: Mapping[str, Any], errors: list[str]
) -> Recipient | None:
    """Check the purpose and data scope (appending a message to ``errors`` for each problem)
    and return the recipient chosen, or None with a message."""
    if values["purpose"] not in dict(choices["purposes"]):
        errors.append(_("Choose a purpose from the list."))
    if values["data_scope"] not in choices["data_scopes"]:
        errors.append(_("Choose which data may be shared."))
    kind = values["recipient_kind"]
    chosen = values.get(f"recipient_{kind}", "")
    if kind == "organisation" and chosen in {str(o["id"]) for o in choices["organisations"]}:
        return Recipient(organisation_id=int(chosen))
    if kind == "sector" and chosen in choices["sectors"]:
        return Recipient(sector=Sector(chosen))
    if kind == "municipality" and chosen in {str(m["id"]) for m in choices["municipalities"]}:
        return Recipient(municipality_id=int(chosen))
    errors.append(_("Choose who receives the data: an organisation, a sector or a municipality."))
    return None
