from core.migration_helpers import sql_migration

ID = "2026-11-23T11:34:52:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for a user's unread count and a user's list, newest first"

_STATEMENTS = [
    'CREATE INDEX "notifications_unread" ON "notifications_notification" ("user")'
    ' WHERE "read_at" IS NULL',
    'CREATE INDEX "notifications_by_user" ON "notifications_notification" ("user", "id")',
]

forwards = sql_migration(
    ID, "notifications", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS
)
