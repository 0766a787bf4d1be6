"""Consents, overrides and attachments. None of them is ever deleted by heaolu's pages:
withdrawing a consent sets ``withdrawn_on``; a child's records go with the child."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
    Bytea,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.auth.tables import User
from core.people.tables import Child, Guardian, Municipality, Organisation, Sector


class Decision(StrEnum):
    given = "given"
    refused = "refused"


class EvidenceKind(StrEnum):
    paper = "paper"
    digital = "digital"
    oral = "oral"


class DataScope(StrEnum):
    """Which of the child's data a consent covers; ``all`` covers every other scope."""

    all = "all"
    education = "education"
    health = "health"
    social = "social"


class Attachment(Table, tablename="consent_attachment"):
    """An uploaded file, kept in the database so that every worker and host serves it.

    ``owner_type`` and ``owner_id`` name the record it belongs to (``consent``); access to the
    file is access to that record's child. ``filename`` is sanitised, ``media_type`` is the type
    found in the content, never the one the browser claimed.
    """

    id = Serial(primary_key=True)
    filename = Varchar(length=200)
    media_type = Varchar(length=100)
    size = Integer()
    sha256 = Varchar(length=64)
    data = Bytea()
    uploaded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    uploaded_at = Timestamptz(default=TimestamptzNow())
    owner_type = Varchar(length=40)
    owner_id = Integer(index=True)


class Consent(Table, tablename="consent_consent"):
    """A guardian's decision (given or refused) on sharing the child's data for a purpose.

    The recipient is exactly one of an organisation, a sector or a municipality
    (`core.consent.recipients.Recipient` keeps that rule). Valid from ``valid_from`` to
    ``valid_until`` (open when empty) unless withdrawn on or before the day asked about.
    """

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    guardian = ForeignKey(references=Guardian, null=False, index=True, on_delete=OnDelete.restrict)
    purpose = Varchar(length=100)
    data_scope = Varchar(length=20, choices=DataScope)
    recipient_organisation = ForeignKey(
        references=Organisation, null=True, index=True, on_delete=OnDelete.restrict
    )
    recipient_sector = Varchar(length=20, null=True, default=None, choices=Sector)
    recipient_municipality = ForeignKey(
        references=Municipality, null=True, index=True, on_delete=OnDelete.restrict
    )
    decision = Varchar(length=10, choices=Decision)
    valid_from = Date()
    valid_until = Date(null=True, default=None, index=True)
    withdrawn_on = Date(null=True, default=None)
    evidence_kind = Varchar(length=10, choices=EvidenceKind)
    evidence = ForeignKey(references=Attachment, null=True, on_delete=OnDelete.restrict)
    recorded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    recorded_at = Timestamptz(default=TimestamptzNow())


class ShareOverride(Table, tablename="consent_share_override"):
    """A decision to share without (or against) consent, on a legal basis from
    `core.consent.legal_bases.LEGAL_BASES`, explained in words. It covers the data scope and
    recipient it names, from ``from_organisation``, for ``purpose``."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    from_organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    purpose = Varchar(length=100)
    data_scope = Varchar(length=20, choices=DataScope)
    recipient_organisation = ForeignKey(
        references=Organisation, null=True, on_delete=OnDelete.restrict
    )
    recipient_sector = Varchar(length=20, null=True, default=None, choices=Sector)
    recipient_municipality = ForeignKey(
        references=Municipality, null=True, on_delete=OnDelete.restrict
    )
    legal_basis = Varchar(length=60)
    explanation = Text()
    decided_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    decided_at = Timestamptz(default=TimestamptzNow())
