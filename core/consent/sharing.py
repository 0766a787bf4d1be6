"""The one answer to "may this child's data cross this boundary?": `may_share`.

Every feature that lets a child's data leave the organisation holding it (to another
organisation, sector or municipality) asks `may_share` first and shares only when it answers
``allowed``. Nothing else decides that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.consent.recipients import (
    Reach,
    Recipient,
    covers,
    organisations_select,
    overlaps,
    reaches,
    scope_covers,
    scopes_overlap,
)
from core.consent.tables import Consent, Decision, ShareOverride
from core.i18n import N_
from core.kept import Kept, together
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
    ask = ShareAsk(data_scope, from_org_id, to)
    return (await may_share_each(child_id, [ask], purpose, today))[ask]


@dataclass(frozen=True)
class ShareAsk:
    """One question to `may_share_each`: may ``data_scope`` data held by ``from_org_id`` go to
    ``to``?"""

    data_scope: str
    from_org_id: int
    to: Recipient


async def may_share_each(
    child_id: int, asks: Collection[ShareAsk], purpose: str, today: date | None = None
) -> dict[ShareAsk, ShareDecision]:
    """`may_share`'s answer to each of ``asks`` about one child and one purpose, by the same
    rules, whatever the number of asks: the guardians' consents, the holders' overrides and
    the asked organisations' reach in one statement on PostgreSQL (`together`; three on
    SQLite), and one more only for an organisation a consent or override names besides; none
    when nothing crosses a boundary. A page deciding about many records or recipients asks
    once."""
    today = today or date.today()
    answers = {
        ask: ShareDecision(True, SAME_ORGANISATION)
        for ask in asks
        if ask.to.organisation_id == ask.from_org_id
    }
    crossing = [ask for ask in asks if ask not in answers]
    if not crossing:
        return answers
    # The organisations asked for are read with the consents and overrides; an organisation
    # these name besides is read after them (most name a sector or a municipality).
    consents, overrides, organisations = await together(
        CUSTODIAL_CONSENTS.asked(child=child_id, purpose=purpose, today=today),
        OVERRIDES.asked(
            child=child_id,
            holders=sorted({ask.from_org_id for ask in crossing}),
            purpose=purpose,
        ),
        organisations_select(
            ask.to.organisation_id for ask in crossing if ask.to.organisation_id is not None
        ),
    )
    reach = await reaches(
        [
            *(ask.to for ask in crossing),
            *(Recipient.of_row(row) for row in [*consents, *overrides]),
        ],
        organisations,
    )
    for ask in crossing:
        answer = _answer(consents, ask.data_scope, reach, ask.to, today)
        if not answer.allowed and _overridden(overrides, ask, reach):
            answer = ShareDecision(True, OVERRIDDEN, answer.conflict)
        answers[ask] = answer
    return answers


def _custodial_statement(*, child: Any, purpose: Any, today: Any) -> Any:
    custodial = GuardianLink.select(GuardianLink.guardian).where(
        (GuardianLink.child == child) & GuardianLink.custody.eq(True)
    )
    return Consent.select().where(
        (Consent.child == child)
        & (Consent.purpose == purpose)
        & Consent.guardian.is_in(custodial)
        & (Consent.valid_from <= today)
        & (Consent.valid_until.is_null() | (Consent.valid_until >= today))
    )


CUSTODIAL_CONSENTS = Kept(_custodial_statement)
# The overrides for the child and purpose recorded by any of the holders (a list).
OVERRIDES = Kept(
    lambda *, child, holders, purpose: ShareOverride.select().where(
        (ShareOverride.child == child)
        & ShareOverride.from_organisation.is_in(holders)
        & (ShareOverride.purpose == purpose)
    )
)


async def _custodial_consents(child_id: int, purpose: str, today: date) -> list[dict[str, Any]]:
    """The consents and refusals for ``purpose`` in their period of the child's guardians with
    custody."""
    return await CUSTODIAL_CONSENTS.rows(child=child_id, purpose=purpose, today=today)


async def guardians_answer(
    child_id: int, purpose: str, data_scope: str, to: Recipient, today: date
) -> ShareDecision:
    """What the child's guardians with custody say, together, to sharing ``data_scope`` data
    with ``to`` for ``purpose`` on ``today`` (`_answer`)."""
    rows = await _custodial_consents(child_id, purpose, today)
    reach = await reaches([to, *(Recipient.of_row(row) for row in rows)])
    return _answer(rows, data_scope, reach, to, today)


def _answer(
    rows: Sequence[Mapping[str, Any]],
    data_scope: str,
    reach: Mapping[Recipient, Reach],
    to: Recipient,
    today: date,
) -> ShareDecision:
    """What the guardians with custody say together, from their records in their period
    (``rows``).

    A guardian says

    - *no* when they have a refusal, not withdrawn, that overlaps the request (its data scope
      or recipient may include what is asked), or withdrew (on or before ``today``) a consent
      that overlaps it, unless they have since consented again: a covering consent recorded on
      or after the day of the withdrawal. A refusal stays in force until it is withdrawn;
    - else *yes* when they have a consent, not withdrawn, covering the request;
    - else nothing.

    Allowed when someone says yes and nobody says no; ``conflict`` when one says yes and
    another no.
    """
    by_guardian: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
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


def _overridden(
    overrides: Sequence[Mapping[str, Any]], ask: ShareAsk, reach: Mapping[Recipient, Reach]
) -> bool:
    """Does an override (of the child and purpose) from the holding organisation cover the
    ask's data scope and recipient?"""
    return any(
        row["from_organisation"] == ask.from_org_id
        and scope_covers(row["data_scope"], ask.data_scope)
        and covers(reach[Recipient.of_row(row)], reach[ask.to])
        for row in overrides
    )
