"""Where the consents of many children stand for one purpose, read at once: `consent_states`.

For lists such as the children going to school in the autumn, whose guardians are asked for a
consent: to whom the guardians with custody consented, whether one of them objects, and who
has not answered. It answers what was decided, not whether a given share is allowed: that is
`core.consent.sharing.may_share`, asked for each share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.consent.labels import recipient_labels
from core.consent.recipients import Reach, Recipient, covers, reaches, scope_covers
from core.consent.tables import Consent, Decision
from core.people.tables import GuardianLink


@dataclass(frozen=True)
class ConsentState:
    """One child's consents for a purpose on a day, counting guardians with custody only.

    ``given_to``: the recipients (in words, sorted) of the consents given, in their period and
    not withdrawn. ``refused``: a refusal not withdrawn, or the withdrawal of a consent (not
    followed by a consent that covers it again, recorded on or after the day of the withdrawal),
    is in force. ``unanswered``: the full names (sorted by family name) of the guardians with
    custody who have no consent or refusal for the purpose in its period.
    """

    given_to: tuple[str, ...] = ()
    refused: bool = False
    unanswered: tuple[str, ...] = ()


async def consent_states(
    child_ids: Sequence[int], purpose: str, today: date
) -> dict[int, ConsentState]:
    """The `ConsentState` of each child of ``child_ids`` for ``purpose`` on ``today``, read with
    the same few statements however many children there are. Reads only."""
    wanted = sorted(set(child_ids))
    if not wanted:
        return {}
    guardian: Any = GuardianLink.guardian
    custodial = await (
        GuardianLink.select(
            GuardianLink.child,
            GuardianLink.guardian,
            guardian.given_name.as_alias("given_name"),
            guardian.family_name.as_alias("family_name"),
        )
        .where(GuardianLink.child.is_in(wanted) & GuardianLink.custody.eq(True))
        .order_by(guardian.family_name, guardian.given_name, GuardianLink.guardian)
    )
    with_custody = {(row["child"], row["guardian"]) for row in custodial}
    rows = [
        row
        for row in await Consent.select().where(
            Consent.child.is_in(wanted)
            & (Consent.purpose == purpose)
            & (Consent.valid_from <= today)
            & (Consent.valid_until.is_null() | (Consent.valid_until >= today))
        )
        if (row["child"], row["guardian"]) in with_custody
    ]
    by_guardian: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_guardian[(row["child"], row["guardian"])].append(row)
    recipients = [Recipient.of_row(row) for row in rows]
    reach = await reaches(recipients)
    labels = await recipient_labels(recipients)

    given_to: dict[int, set[str]] = defaultdict(set)
    refused: set[int] = set()
    for (child, _guardian), records in by_guardian.items():
        for row in records:
            if row["decision"] == Decision.given and not _withdrawn(row, today):
                given_to[child].add(labels[Recipient.of_row(row)])
        if _objects(records, reach, today):
            refused.add(child)
    unanswered: dict[int, list[str]] = defaultdict(list)
    for row in custodial:
        if (row["child"], row["guardian"]) not in by_guardian:
            unanswered[row["child"]].append(f"{row['given_name']} {row['family_name']}")
    return {
        child: ConsentState(
            tuple(sorted(given_to[child])), child in refused, tuple(unanswered[child])
        )
        for child in wanted
    }


def _withdrawn(row: Mapping[str, Any], today: date) -> bool:
    return row["withdrawn_on"] is not None and row["withdrawn_on"] <= today


def _objects(
    records: Sequence[Mapping[str, Any]], reach: Mapping[Recipient, Reach], today: date
) -> bool:
    """One guardian's refusal or withdrawal is in force (`ConsentState.refused`)."""
    current = [
        row for row in records if row["decision"] == Decision.given and not _withdrawn(row, today)
    ]
    for row in records:
        if row["decision"] == Decision.refused and not _withdrawn(row, today):
            return True
        if row["decision"] == Decision.given and _withdrawn(row, today):
            again = [
                later
                for later in current
                if later["recorded_at"].date() >= row["withdrawn_on"]
                and scope_covers(later["data_scope"], row["data_scope"])
                and covers(reach[Recipient.of_row(later)], reach[Recipient.of_row(row)])
            ]
            if not again:
                return True
    return False
