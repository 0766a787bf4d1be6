"""The one answer to "may this child's data cross this boundary?": `may_share`.

Every feature that lets a child's data leave the organisation holding it (to another
organisation, sector or municipality) asks `may_share` first and shares only when it answers
``allowed``. Nothing else decides that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.consent.recipients import (
    Reach,
    Recipient,
    covers,
    overlaps,
    reaches,
    scope_covers,
    scopes_overlap,
)
from core.consent.tables import Consent, Decision, ShareOverride
from core.i18n import N_
from core.people.tables import GuardianLink

SAME_ORGANISATION = N_("No boundary is crossed: the data stays in the organisation.")
CONSENTED = N_("A guardian with custody has given a valid consent.")
OBJECTED = N_("A guardian with custody has refused or withdrawn consent.")
NO_CONSENT = N_("No guardian with custody has given a valid consent.")
OVERRIDDEN = N_("Shared without consent on a legal basis (override).")


@dataclass(frozen=True)
class ShareDecision:
    """``reason`` is an English message id, shown translated. ``conflict`` is True when the
    guardians with custody disagree (one consents, another refused or withdrew)."""

    allowed: bool
    reason: str
    conflict: bool = False


async def may_share(
    child_id: int,
    data_scope: str,
    from_org_id: int,
    to: Recipient,
    purpose: str,
    today: date | None = None,
) -> ShareDecision:
    """May ``data_scope`` data (a `DataScope` value) of the child held by organisation
    ``from_org_id`` go to ``to`` for ``purpose`` (a consent purpose key) on ``today``?

    - To the same organisation: allowed, no boundary is crossed.
    - Across an organisation, sector or municipality boundary: allowed when a guardian with
      custody has a valid consent for the purpose that covers the data scope (its own or
      ``all``) and the recipient (a consent to a sector covers the sector's organisations, to a
      municipality its organisations), and no guardian with custody objects (`guardians_answer`:
      the stricter answer wins, and ``conflict`` says the guardians disagree).
    - Otherwise allowed only when a `ShareOverride` from ``from_org_id`` for the child, purpose,
      a covering data scope and a covering recipient was recorded on a legal basis.

    Guardians without custody count for nothing. Reads only; the caller audits what it shares.
    """
    if to.organisation_id == from_org_id:
        return ShareDecision(True, SAME_ORGANISATION)
    today = today or date.today()
    answer = await guardians_answer(child_id, purpose, data_scope, to, today)
    if not answer.allowed and await _overridden(child_id, data_scope, from_org_id, to, purpose):
        return ShareDecision(True, OVERRIDDEN, answer.conflict)
    return answer


async def guardians_answer(
    child_id: int, purpose: str, data_scope: str, to: Recipient, today: date
) -> ShareDecision:
    """What the child's guardians with custody say, together, to sharing ``data_scope`` data
    with ``to`` for ``purpose`` on ``today``.

    Only records in their period (``valid_from`` to ``valid_until``) count. A guardian says

    - *no* when they have a refusal, not withdrawn, that overlaps the request (its data scope
      or recipient may include what is asked), or withdrew (on or before ``today``) a consent
      that overlaps it, unless they have since consented again: a covering consent recorded on
      or after the day of the withdrawal. A refusal stays in force until it is withdrawn;
    - else *yes* when they have a consent, not withdrawn, covering the request;
    - else nothing.

    Allowed when someone says yes and nobody says no; ``conflict`` when one says yes and
    another no.
    """
    custodial = [
        row["guardian"]
        for row in await GuardianLink.select(GuardianLink.guardian).where(
            (GuardianLink.child == child_id) & GuardianLink.custody.eq(True)
        )
    ]
    rows = await Consent.select().where(
        (Consent.child == child_id)
        & (Consent.purpose == purpose)
        & Consent.guardian.is_in(custodial or [0])
        & (Consent.valid_from <= today)
        & (Consent.valid_until.is_null() | (Consent.valid_until >= today))
    )
    reach = await reaches([to, *(Recipient.of_row(row) for row in rows)])
    by_guardian: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_guardian[row["guardian"]].append(row)
    words = [
        _word(records, data_scope, reach, reach[to], today) for records in by_guardian.values()
    ]
    yes, no = words.count(True), words.count(False)
    if no:
        return ShareDecision(False, OBJECTED, conflict=bool(yes))
    if yes:
        return ShareDecision(True, CONSENTED)
    return ShareDecision(False, NO_CONSENT)


def _word(
    records: Sequence[Mapping[str, Any]],
    data_scope: str,
    reach: Mapping[Recipient, Reach],
    asked: Reach,
    today: date,
) -> bool | None:
    """One guardian's word: True (yes), False (no) or None, by the rules of `guardians_answer`."""

    def withdrawn(row: Mapping[str, Any]) -> bool:
        return row["withdrawn_on"] is not None and row["withdrawn_on"] <= today

    def touches(row: Mapping[str, Any]) -> bool:
        return scopes_overlap(row["data_scope"], data_scope) and overlaps(
            reach[Recipient.of_row(row)], asked
        )

    consents = [
        row
        for row in records
        if row["decision"] == Decision.given
        and not withdrawn(row)
        and scope_covers(row["data_scope"], data_scope)
        and covers(reach[Recipient.of_row(row)], asked)
    ]
    latest_consent = max((row["recorded_at"].date() for row in consents), default=None)
    for row in records:
        if not touches(row):
            continue
        if row["decision"] == Decision.refused and not withdrawn(row):
            return False
        if (
            row["decision"] == Decision.given
            and withdrawn(row)
            and (latest_consent is None or latest_consent < row["withdrawn_on"])
        ):
            return False  # withdrawn, and not consented again since
    return True if consents else None


async def _overridden(
    child_id: int, data_scope: str, from_org_id: int, to: Recipient, purpose: str
) -> bool:
    rows = await ShareOverride.select().where(
        (ShareOverride.child == child_id)
        & (ShareOverride.from_organisation == from_org_id)
        & (ShareOverride.purpose == purpose)
    )
    rows = [row for row in rows if scope_covers(row["data_scope"], data_scope)]
    reach = await reaches([to, *(Recipient.of_row(row) for row in rows)])
    return any(covers(reach[Recipient.of_row(row)], reach[to]) for row in rows)
