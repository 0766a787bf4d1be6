"""Audit rows hold ids and actions, never names or content.

``prev_hash`` and ``hash`` are null until the sealer (`core.audit.chain`) links the row into the
hash chain. The database lets them be set once and refuses every other change and every deletion
before the retention period is over (migration ``audit_2026_11_23t09_20_00_000000``).
"""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

# A list of ids longer than this is written as several rows (`core.audit.log.object_id_parts`).
OBJECT_ID_LENGTH = 400


class AuditEvent(Table, tablename="audit_event"):
    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    user_id = Integer(null=True, index=True)
    role = Varchar(length=60, null=True)
    organisation_id = Integer(null=True)
    action = Varchar(length=60, index=True)
    object_type = Varchar(length=40, null=True)
    object_id = Varchar(length=OBJECT_ID_LENGTH, null=True)
    purpose = Varchar(length=60, null=True)
    outcome = Varchar(length=20)
    request_id = Varchar(length=32, null=True)
    prev_hash = Varchar(length=64, null=True, default=None)
    hash = Varchar(length=64, null=True, default=None)
