from core.migration_helpers import sql_migration

ID = "2026-12-05T01:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "an organisation's enrolments, read from the index alone"

_STATEMENTS = [
    'CREATE INDEX "people_enrolment_current" ON "people_enrolment"'
    ' ("organisation", "starts_on", "ends_on", "child", "unit")',
]

forwards = sql_migration(ID, "people", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS)
