"""Municipalities' requests for help from the county's competence centre."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Case, Municipality, Organisation, User


class HelpStatus(StrEnum):
    open = "open"
    accepted = "accepted"
    done = "done"


class HelpRequest(Table, tablename="county_competence_request"):
    """A case manager's request for the centre's help on a case: what is needed, by when; the
    centre's specialist who accepted it, when the help is scheduled and what was given.
    ``child_age`` (years, when asked) lets the coordinator see ages without the child."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    centre = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    asked_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    need = Text()
    needed_by = Date(null=True, default=None)
    child_age = Integer(null=True, default=None)
    status = Varchar(length=20, choices=HelpStatus, default=HelpStatus.open, index=True)
    specialist = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.set_null)
    scheduled_on = Date(null=True, default=None)
    help_given = Text(default="")
    asked_at = Timestamptz(default=TimestamptzNow())
