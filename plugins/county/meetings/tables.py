"""The county union's meetings with attendance, its annual action plan, and the library of
materials and good practices. No row names a child."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
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

from core.api import Municipality, User


class MeetingKind(StrEnum):
    union = "union"
    leads = "leads"
    training = "training"
    supervision = "supervision"


class MeetingStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class MaterialKind(StrEnum):
    material = "material"
    good_practice = "good_practice"


class CountyMeeting(Table, tablename="county_meetings_meeting"):
    """A meeting of the union with the municipalities' teams, of the welfare leads' network, a
    training or a supervision session."""

    id = Serial(primary_key=True)
    kind = Varchar(length=20, choices=MeetingKind, index=True)
    title = Varchar(length=300)
    meets_on = Date(index=True)
    status = Varchar(length=20, choices=MeetingStatus, default=MeetingStatus.planned)
    notes = Text(default="")
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class CountyAttendance(Table, tablename="county_meetings_attendance"):
    """A municipality present at a meeting, and who attended for it (names of staff)."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(
        references=CountyMeeting, null=False, index=True, on_delete=OnDelete.cascade
    )
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    attendees = Varchar(length=300, default="")


class CountyPlan(Table, tablename="county_meetings_plan"):
    """The county's annual action plan: one text a year (saving again replaces it)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)
    text = Text()
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class CountyMaterial(Table, tablename="county_meetings_material"):
    """A material or good practice in the library, as a text or a link, perhaps from a meeting;
    ``folded`` is its title and text folded for a search that ignores diacritics."""

    id = Serial(primary_key=True)
    title = Varchar(length=300)
    kind = Varchar(length=20, choices=MaterialKind)
    text = Text(default="")
    link = Varchar(length=1000, default="")
    meeting = ForeignKey(
        references=CountyMeeting, null=True, default=None, on_delete=OnDelete.set_null
    )
    folded = Text(default="")
    added_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    added_at = Timestamptz(default=TimestamptzNow())
