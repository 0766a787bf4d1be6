"""The kindergarten plugin's table: school-readiness cards shared with schools.

A share is written only when ``may_share`` allowed it (a guardian's consent for the purpose
``kindergarten.school_readiness_card`` and that school); the receiver reads the card through it.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Serial, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Child, FormSubmission, Organisation, User


class CardShare(Table, tablename="kindergarten_card_share"):
    """The readiness card ``submission`` of ``child`` went from ``from_organisation`` (the
    kindergarten) to ``receiver`` of ``to_organisation`` (a school), by ``shared_by``."""

    id = Serial(primary_key=True)
    submission = ForeignKey(
        references=FormSubmission, null=False, index=True, on_delete=OnDelete.cascade
    )
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    from_organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    to_organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    receiver = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    shared_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    shared_at = Timestamptz(default=TimestamptzNow())
