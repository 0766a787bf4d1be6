"""A child's case and everything on it.

A `Case` belongs to a child and is owned by one organisation; it follows a workflow (from
``heaolu_case_workflows``) stage by stage. Its `CaseEntry` rows are the timeline; entries are
never edited in place: a correction keeps the earlier text as a `CaseEntryRevision`. The action
plan is `PlanGoal` rows (goals with measures) with `PlanTask` rows, plus `PlanEvaluation` rows.
Passing a case on is a `Handover` that the receiver accepts or declines. A noticing from an
organisation without a workflow is a `Report` to the child's municipality.

``version`` columns give optimistic locking: an update names the version it started from and
changes nothing when another save came first.
"""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
    Boolean,
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
from core.people.tables import Child, ContactPerson, Municipality, Organisation
from core.registry import Level


class CaseStatus(StrEnum):
    open = "open"
    closed = "closed"


class Concern(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Sensitivity(StrEnum):
    """``none`` entries are education data; the others are shown only to roles allowed to."""

    none = "none"
    health = "health"
    child_protection = "child_protection"


class EntryKind(StrEnum):
    note = "note"
    observation = "observation"
    family_contact = "family_contact"
    meeting = "meeting"
    decision = "decision"
    stage_change = "stage_change"
    handover = "handover"
    concern_change = "concern_change"
    escalation = "escalation"
    participant = "participant"
    form = "form"
    review = "review"


class HandoverStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class ReportStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"


class Case(Table, tablename="cases_case"):
    """Indexes: the foreign keys, ``review_due``, and two made by a migration for the cases that
    reached the municipality (`core.access`): ``cases_case_level_status (level, status)`` and
    ``cases_case_escalated (status) WHERE escalated_at IS NOT NULL``, and one for the lists of
    child-protection cases (the Signs of Safety plugin's, the case list at that stage):
    ``cases_case_child_protection (status) WHERE stage = 'core.child_protection'``, the few
    cases at that stage, in the order of their ids, and ``cases_case_child_protection_reach``,
    the same cases with every column the access rule for municipality roles reads (level,
    municipality, escalated_at, child, responsible; opened_at, stage), so that such a list
    checks them in the index alone. "My work" reads a person's open cases and their reviews
    due in order, no more than it shows: ``cases_case_responsible_opened (responsible, status,
    opened_at)`` and ``cases_case_responsible_review (responsible, status, review_due)``.
    Status, stage, concern and level have no index of their own: each value holds a large
    share of all cases, and SQLite, which keeps no statistics, would read one of them instead
    of the user's scope (their organisation, their cases); the case list filters the scope's
    rows by them. The partial indexes serve only a query that asks for that stage."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    owner_organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    # The child's registered municipality when the case opened, or the municipality it moved to
    # at a municipality-level stage (`engine.accept_handover`): whose municipality roles see it.
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    workflow = Varchar(length=100)
    stage = Varchar(length=100)
    level = Varchar(length=20, choices=Level)
    responsible = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=10, choices=CaseStatus, default=CaseStatus.open.value)
    concern = Varchar(length=10, choices=Concern, default=Concern.low.value)
    reason = Text(default="")
    escalated_at = Timestamptz(null=True, default=None)
    review_due = Date(null=True, default=None, index=True)
    opened_at = Timestamptz(default=TimestamptzNow())
    closed_at = Timestamptz(null=True, default=None)
    outcome = Text(default="")
    version = Integer(default=1)


class CaseParticipant(Table, tablename="cases_participant"):
    """Someone working on the case: a user (may log in) or a directory contact (may not)."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    user = ForeignKey(references=User, null=True, index=True, on_delete=OnDelete.restrict)
    contact = ForeignKey(
        references=ContactPerson, null=True, index=True, on_delete=OnDelete.set_null
    )
    organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    task = Varchar(length=200, default="")
    added_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    added_at = Timestamptz(default=TimestamptzNow())


class CaseEntry(Table, tablename="cases_entry"):
    """One event on the timeline. ``body`` is the current text; ``revisions`` counts
    corrections (each earlier text is a `CaseEntryRevision`)."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    kind = Varchar(length=30, choices=EntryKind)
    body = Text(default="")
    sensitivity = Varchar(length=20, choices=Sensitivity, default=Sensitivity.none.value)
    occurred_on = Date()
    author = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    author_organisation = ForeignKey(
        references=Organisation, null=False, on_delete=OnDelete.restrict
    )
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    revisions = Integer(default=0)
    version = Integer(default=1)


class CaseEntryRevision(Table, tablename="cases_entry_revision"):
    """The text an entry had before a correction, who corrected it and why."""

    id = Serial(primary_key=True)
    entry = ForeignKey(references=CaseEntry, null=False, index=True, on_delete=OnDelete.cascade)
    body = Text()
    corrected_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    corrected_at = Timestamptz(default=TimestamptzNow())
    reason = Text(default="")


class PlanGoal(Table, tablename="cases_goal"):
    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    goal = Text()
    measures = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class PlanTask(Table, tablename="cases_task"):
    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    goal = ForeignKey(references=PlanGoal, null=True, index=True, on_delete=OnDelete.cascade)
    title = Text()
    owner = ForeignKey(references=User, null=True, index=True, on_delete=OnDelete.restrict)
    due_on = Date(null=True, default=None, index=True)
    # No index on status alone: open tasks are a large share of all (see `Case`); a case's
    # tasks are found by ``case``, a day's by ``due_on``, a person's open tasks due by
    # ``cases_task_owner_due (owner, status, due_on)`` (a migration), in the order "my work"
    # shows them, so that it reads no more than it shows.
    status = Varchar(length=10, choices=TaskStatus, default=TaskStatus.open.value)
    done_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class PlanEvaluation(Table, tablename="cases_evaluation"):
    """An evaluation of the plan; ``next_due`` is when the next one is due."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    evaluated_on = Date()
    text = Text()
    next_due = Date(null=True, default=None)
    author = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())


class Handover(Table, tablename="cases_handover"):
    """Passing a case to ``receiver`` (and to ``to_stage``); the sender stays responsible until
    the receiver accepts. ``transition`` is empty for a handover within the stage.
    ``to_organisation`` is set when the case moves to another organisation (the receiver's):
    accepting makes it the case's owner."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    sender = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    receiver = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    from_stage = Varchar(length=100)
    to_stage = Varchar(length=100)
    transition = Varchar(length=100, default="")
    escalation = Boolean(default=False)
    reason = Text(default="")
    status = Varchar(
        length=10, choices=HandoverStatus, default=HandoverStatus.pending.value, index=True
    )
    created_at = Timestamptz(default=TimestamptzNow())
    decided_at = Timestamptz(null=True, default=None)
    decline_reason = Text(default="")
    to_organisation = ForeignKey(
        references=Organisation, null=True, default=None, on_delete=OnDelete.restrict
    )


class Report(Table, tablename="cases_report"):
    """A noticing from an organisation without a workflow, sent to the child's municipality; a
    municipality-level user accepts it, which opens a case or adds it to the child's open one.
    ``urgent``: the sheet says the child is in danger (`core.cases.urgency`); it goes to the
    municipality's child protection specialists at once and heads their work list."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    from_organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    noticer = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    # The noticing sheet (a `core.forms.tables.FormSubmission`; the forms app comes later).
    submission = Integer(null=True, default=None)
    status = Varchar(
        length=10, choices=ReportStatus, default=ReportStatus.pending.value, index=True
    )
    urgent = Boolean(default=False)
    case = ForeignKey(references=Case, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    accepted_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    accepted_at = Timestamptz(null=True, default=None)
