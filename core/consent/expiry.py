"""When a consent counts as ending soon: the one rule behind the coordinators' "consents
expiring" list and the count on their work page."""

from __future__ import annotations

from datetime import date, timedelta

from piccolo.custom_types import Combinable

from core.consent.tables import Consent, Decision

EXPIRY_WARNING_DAYS = 30


def expiring_soon(today: date) -> Combinable:
    """Given, unwithdrawn consents ending today or in the next `EXPIRY_WARNING_DAYS` days."""
    return (
        (Consent.decision == Decision.given.value)
        & (Consent.valid_until >= today)
        & (Consent.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS))
        & (Consent.withdrawn_on.is_null() | (Consent.withdrawn_on > today))
    )
