"""The "has this child been noticed with you?" requests between the county's municipalities.

One row is one question to one municipality (asking all in the county makes a row for each).
``basis`` is ``consent`` (a guardian's consent for `PURPOSE`, checked with ``may_share`` when
asked) or a legal basis key of core's ``LEGAL_BASES``; on a legal basis only "known / not known"
may be answered, never a summary. ``family``: the question is about the child's family (the
guardians and their other children, as core's guardian links know them), answered for the
family as a whole.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Child, Municipality, Organisation, User

CONSENT = "consent"


class NoticedRequest(Table, tablename="county_requests_request"):
    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    from_organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    from_municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    to_municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    asked_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    asked_at = Timestamptz(default=TimestamptzNow())
    family = Boolean(default=False)
    purpose = Text()
    basis = Varchar(length=60)
    explanation = Text(default="")
    reminded_on = Date(null=True, default=None)
    answered_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    answered_at = Timestamptz(null=True, default=None)
    known = Boolean(null=True, default=None)
    summary = Text(default="")
    contact = Varchar(length=300, default="")
