from core.migration_helpers import sql_migration

ID = "2026-11-23T16:41:28:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for the open cases that reached the municipality: at its level, escalated"

_STATEMENTS = [
    'CREATE INDEX "cases_case_level_status" ON "cases_case" ("level", "status")',
    'CREATE INDEX "cases_case_escalated" ON "cases_case" ("status")'
    ' WHERE "escalated_at" IS NOT NULL',
]

forwards = sql_migration(ID, "cases", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS)
