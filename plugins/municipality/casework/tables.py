"""Tables of this part; every table is named `municipality_...`.

Which posts besides child protection may act as case managers (`CaseManagerPost`), round tables
of a case with their invitees and agreements, and cooperation problems raised on a case.
``version`` columns give optimistic locking, as in core's case tables.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Case, ContactPerson, Municipality, Organisation, User


class CaseManagerPost(Table, tablename="municipality_case_manager_post"):
    """A municipality lets holders of ``role`` act as case managers (report step 12)."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.cascade
    )
    role = Varchar(length=100)


class RoundTable(Table, tablename="municipality_round_table"):
    """A round table (ümarlaud) on a case: who convenes it, when and where, who takes the
    minutes, the minutes and the child's and parents' feedback."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    convener = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    minutes_taker = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    held_on = Date()
    starts_at = Varchar(length=5, default="")
    place = Varchar(length=200, default="")
    purpose = Text(default="")
    minutes = Text(default="")
    child_feedback = Text(default="")
    parents_feedback = Text(default="")
    created_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    updated_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)


class RoundTableInvitee(Table, tablename="municipality_round_table_invitee"):
    """Someone invited to a round table: a user, or a directory contact (with the contact's
    account, if any)."""

    id = Serial(primary_key=True)
    round_table = ForeignKey(
        references=RoundTable, null=False, index=True, on_delete=OnDelete.cascade
    )
    user = ForeignKey(references=User, null=True, index=True, on_delete=OnDelete.restrict)
    contact = ForeignKey(
        references=ContactPerson, null=True, index=True, on_delete=OnDelete.set_null
    )
    organisation = ForeignKey(references=Organisation, null=False, on_delete=OnDelete.restrict)
    invited_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    invited_at = Timestamptz(default=TimestamptzNow())


class Agreement(Table, tablename="municipality_agreement"):
    """What the round table agreed: who does it by when; followed up until it is done."""

    id = Serial(primary_key=True)
    round_table = ForeignKey(
        references=RoundTable, null=False, index=True, on_delete=OnDelete.cascade
    )
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    text = Text()
    responsible = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    due_on = Date(index=True)
    done_at = Timestamptz(null=True, default=None, index=True)
    done_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    done_note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class CooperationProblem(Table, tablename="municipality_cooperation_problem"):
    """Cooperation on a case stalled (report step 13); the network leader records how it was
    resolved."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, null=False, index=True, on_delete=OnDelete.cascade)
    municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    agreement = ForeignKey(references=Agreement, null=True, on_delete=OnDelete.set_null)
    party = Varchar(length=200)
    description = Text()
    raised_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    raised_at = Timestamptz(default=TimestamptzNow())
    resolution = Text(default="")
    resolved_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    resolved_at = Timestamptz(null=True, default=None, index=True)
