"""The "Consents" panel of a child's page: each guardian's consents with their status, the
purposes and recipients on which guardians with custody disagree, and the overrides."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from core.auth.current import CurrentUser
from core.auth.permissions import OVERRIDE_CONSENT, RECORD_CONSENT
from core.consent.forms import purpose_labels
from core.consent.labels import (
    DATA_SCOPES,
    DECISIONS,
    EVIDENCE_KINDS,
    STATUSES,
    Status,
    recipient_labels,
    status,
)
from core.consent.recipients import Recipient
from core.consent.registry import LEGAL_BASES
from core.consent.sharing import guardians_answer
from core.consent.tables import Consent, ShareOverride
from core.people.labels import translated
from core.people.tables import GuardianLink
from core.registry import ConsentPurpose


async def child_consents(
    child_id: int,
    user: CurrentUser,
    purposes: Mapping[str, ConsentPurpose],
    today: date | None = None,
) -> dict[str, Any]:
    """The panel's context. The caller has checked that ``user`` may see the child."""
    today = today or date.today()
    rows, overrides = await labelled_records(child_id, purposes, today)
    for row in rows:
        row["may_withdraw"] = row["status"] is not Status.withdrawn
    return {
        "guardians": await _by_guardian(child_id, rows),
        "conflicts": await _conflicts(child_id, rows, today),
        "overrides": overrides,
        "today": today,
        "may_record": user.can(RECORD_CONSENT),
        "may_override": user.can(OVERRIDE_CONSENT),
    }


async def labelled_records(
    child_id: int, purposes: Mapping[str, ConsentPurpose], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The child's consents (with their status on ``today`` and the evidence file's name) and
    overrides, newest first, each with its purpose, data scope and recipient in words, in the
    current language. The caller has checked that the user may see the child."""
    evidence: Any = Consent.evidence
    rows = (
        await Consent.select(
            *Consent.all_columns(), evidence.filename.as_alias("evidence_filename")
        )
        .where(Consent.child == child_id)
        .order_by(Consent.recorded_at, ascending=False)
    )
    overrides = (
        await ShareOverride.select()
        .where(ShareOverride.child == child_id)
        .order_by(ShareOverride.decided_at, ascending=False)
    )
    recipients = [Recipient.of_row(row) for row in [*rows, *overrides]]
    names = await recipient_labels(recipients)
    labels = purpose_labels(purposes)
    scopes, statuses = translated(DATA_SCOPES), translated(STATUSES)
    evidence_kinds, legal_bases = translated(EVIDENCE_KINDS), translated(dict(LEGAL_BASES))
    decisions = translated(DECISIONS)
    for row in [*rows, *overrides]:
        row["recipient_label"] = names[Recipient.of_row(row)]
        row["purpose_label"] = labels.get(row["purpose"], row["purpose"])
        row["data_scope_label"] = scopes.get(row["data_scope"], row["data_scope"])
    for row in rows:
        row["status"] = status(row, today)
        row["status_label"] = statuses[row["status"]]
        row["evidence_label"] = evidence_kinds[row["evidence_kind"]]
        row["decision_label"] = decisions[row["decision"]]
    for row in overrides:
        row["legal_basis_label"] = legal_bases.get(row["legal_basis"], row["legal_basis"])
    return rows, overrides


async def _by_guardian(child_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    guardian: Any = GuardianLink.guardian
    links = await GuardianLink.select(
        GuardianLink.custody,
        guardian.id.as_alias("id"),
        guardian.given_name.as_alias("given_name"),
        guardian.family_name.as_alias("family_name"),
    ).where(GuardianLink.child == child_id)
    return [
        {**link, "consents": [row for row in rows if row["guardian"] == link["id"]]}
        for link in links
    ]


async def _conflicts(
    child_id: int, rows: list[dict[str, Any]], today: date
) -> list[dict[str, Any]]:
    """Purpose, data scope and recipient combinations on which guardians with custody disagree."""
    seen: dict[tuple[str, str, Recipient], dict[str, Any]] = {}
    for row in rows:
        seen.setdefault((row["purpose"], row["data_scope"], Recipient.of_row(row)), row)
    conflicts = []
    for (purpose, data_scope, recipient), row in seen.items():
        answer = await guardians_answer(child_id, purpose, data_scope, recipient, today)
        if answer.conflict:
            conflicts.append(row)
    return conflicts
