"""Service agreements between municipalities (report section 3): a service of a child's
rehabilitation or support plan offered in another municipality, who provides and pays it, the
transport and who pays that, and how long the agreement holds. A record about a child."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.api import Child, Municipality, Organisation, User


class ServiceAgreement(Table, tablename="county_services_agreement"):
    """``service`` for ``child`` provided by ``provider`` in ``providing_municipality``, paid by
    ``paying_municipality``; ``transport`` arranged as written, paid by
    ``transport_paid_by`` (none: no transport); valid from ``valid_from`` until ``valid_until``
    (none: until further notice). Recorded by ``recorded_by`` of ``recording_organisation`` in
    ``recording_municipality``."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    service = Varchar(length=200)
    providing_municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    provider = Varchar(length=200)
    paying_municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    transport = Text(default="")
    transport_paid_by = ForeignKey(references=Municipality, null=True, on_delete=OnDelete.restrict)
    valid_from = Date()
    valid_until = Date(null=True, default=None)
    recording_municipality = ForeignKey(
        references=Municipality, null=False, index=True, on_delete=OnDelete.restrict
    )
    recording_organisation = ForeignKey(
        references=Organisation, null=False, on_delete=OnDelete.restrict
    )
    recorded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    recorded_at = Timestamptz(default=TimestamptzNow())
