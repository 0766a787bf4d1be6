"""The agreements' tables: the municipalities that joined the county's cooperation agreement,
the commitments confirmed by hand, and the versions of the good-cooperation agreement."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Municipality, User


class AgreementMember(Table, tablename="county_agreements_member"):
    """A municipality that joined the cooperation agreement, and the day it joined."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, unique=True, on_delete=OnDelete.restrict
    )
    joined_on = Date()
    recorded_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz(default=TimestamptzNow())


class CommitmentConfirmation(Table, tablename="county_agreements_confirmation"):
    """A commitment a municipality met in a year, confirmed by hand (no enabled plugin shows it
    from its records): who confirmed it, when, with a note."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    commitment = Varchar(length=40)
    year = Integer()
    note = Text(default="")
    confirmed_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    confirmed_at = Timestamptz(default=TimestamptzNow())


class CooperationVersion(Table, tablename="county_agreements_cooperation"):
    """One saved version of the good-cooperation agreement between the municipalities."""

    id = Serial(primary_key=True)
    version = Integer(unique=True)
    values_text = Text()
    contacts_text = Text()
    answers_text = Text()
    saved_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    saved_at = Timestamptz(default=TimestamptzNow())
