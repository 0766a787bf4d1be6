"""The network's tables: leaders, representatives, the rules' versions, the information agreement,
the commitments recorded by hand, meetings with attendance, the annual action plan, and the
institution roles map. Every row belongs to one municipality (directly or through its parent)."""

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

from core.api import ContactPerson, Municipality, Organisation, Sector, User


class NetworkLeader(Table, tablename="municipality_network_leader"):
    """Who led the municipality's network, from when until when (``ends_on`` empty: still)."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    user = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    starts_on = Date()
    ends_on = Date(null=True, default=None)


class NetworkRepresentative(Table, tablename="municipality_network_representative"):
    """A member organisation's named representative, from the directory or an account."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    sector = Varchar(length=20, choices=Sector)
    contact = ForeignKey(
        references=ContactPerson, null=True, default=None, on_delete=OnDelete.cascade
    )
    user = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.cascade)


class RulesVersion(Table, tablename="municipality_network_rules"):
    """One saved version of the network's shared goals, values and working rules."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    version = Integer()
    text = Text()
    saved_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    saved_at = Timestamptz(default=TimestamptzNow())


class KeptIn(StrEnum):
    heaolu = "heaolu"
    eliis = "eliis"
    stuudium = "stuudium"
    ekool = "ekool"
    other = "other"


class InformationRow(Table, tablename="municipality_information_row"):
    """A row of the information agreement: which kind of information is kept where, who enters
    it and who may see it (so nothing is entered twice)."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    kind = Varchar(length=300)
    kept_in = Varchar(length=20, choices=KeptIn)
    entered_by = Varchar(length=300)
    visible_to = Varchar(length=300)


class ModelStatus(StrEnum):
    not_started = "not_started"
    in_preparation = "in_preparation"
    in_place = "in_place"


class ModelCommitment(Table, tablename="municipality_model_commitment"):
    """The case-management model's status as the network leader recorded it (the county
    agreement's other commitments are computed)."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, unique=True, on_delete=OnDelete.restrict
    )
    status = Varchar(length=20, choices=ModelStatus)
    note = Text(default="")
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class MeetingStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class Meeting(Table, tablename="municipality_meeting"):
    """A meeting of the network: planned, held (with minutes and decisions) or cancelled."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    meets_on = Date(index=True)
    title = Varchar(length=300)
    agenda = Text(default="")
    minutes = Text(default="")
    decisions = Text(default="")
    status = Varchar(length=20, choices=MeetingStatus, default=MeetingStatus.planned.value)
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class MeetingAttendance(Table, tablename="municipality_meeting_attendance"):
    """A representative present at a meeting."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(references=Meeting, null=False, index=True, on_delete=OnDelete.cascade)
    representative = ForeignKey(
        references=NetworkRepresentative, null=False, index=True, on_delete=OnDelete.cascade
    )


class ActivityStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


class PlanActivity(Table, tablename="municipality_plan_activity"):
    """An activity of the network's annual action plan."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    year = Integer(index=True)
    title = Text()
    responsible = Varchar(length=300)
    due_on = Date(null=True, default=None)
    status = Varchar(length=20, choices=ActivityStatus, default=ActivityStatus.planned.value)


class PlanEvaluation(Table, tablename="municipality_plan_evaluation"):
    """The network's evaluation of a year's action plan."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    year = Integer()
    text = Text()
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class SpecialistKind(StrEnum):
    speech_therapist = "speech_therapist"
    psychologist = "psychologist"
    special_pedagogue = "special_pedagogue"
    social_pedagogue = "social_pedagogue"


class Arrangement(StrEnum):
    none = "none"
    employed = "employed"
    support_centre = "support_centre"
    bought_in = "bought_in"


class InstitutionRoles(Table, tablename="municipality_institution_roles"):
    """A kindergarten's or school's row of the roles map: who coordinates each stage, how each
    support specialist works there, and which services are bought in."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(
        references=Organisation, null=False, unique=True, on_delete=OnDelete.cascade
    )
    stage_1 = Text(default="")
    stage_2 = Text(default="")
    stage_3 = Text(default="")
    speech_therapist = Varchar(length=20, choices=Arrangement, default=Arrangement.none.value)
    psychologist = Varchar(length=20, choices=Arrangement, default=Arrangement.none.value)
    special_pedagogue = Varchar(length=20, choices=Arrangement, default=Arrangement.none.value)
    social_pedagogue = Varchar(length=20, choices=Arrangement, default=Arrangement.none.value)
    specialist_names = Text(default="")
    bought_services = Text(default="")
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())
