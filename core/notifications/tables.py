"""In-app notifications: a message id and a link, never personal data or users' free text."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.auth.tables import User


class Notification(Table, tablename="notifications_notification"):
    id = Serial(primary_key=True)
    user = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    # An English message id from the catalogue, translated when shown.
    message = Varchar(length=200)
    # A path inside heaolu, e.g. /cases/12.
    url = Varchar(length=300)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)
