"""The municipalities a case names besides its own (`Case.municipality`, which leads): one row
for each, with why it is concerned and its case manager."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import ForeignKey, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Case, Municipality, Organisation, User


class Ground(StrEnum):
    """Why a municipality is concerned by the case."""

    learns = "learns"
    lives = "lives"
    parent = "parent"
    led = "led"
    other = "other"


class NamedMunicipality(Table, tablename="county_crossing_municipality"):
    """A municipality named on a case, with its case manager; one row per case and
    municipality (a unique index of the migration). ``led``: the municipality led the case
    before it handed the lead over."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    case_manager = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    # The case manager's organisation there: where the case's content would go.
    organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    ground = Varchar(length=20, choices=Ground)
    reason = Text(default="")
    added_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    added_at = Timestamptz(default=TimestamptzNow())
