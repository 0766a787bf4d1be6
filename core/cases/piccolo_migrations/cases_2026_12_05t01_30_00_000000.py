from core.migration_helpers import sql_migration

ID = "2026-12-05T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "an index of the child-protection cases, for the lists of that stage's cases"

_STATEMENTS = [
    'CREATE INDEX "cases_case_child_protection" ON "cases_case" ("status")'
    " WHERE \"stage\" = 'core.child_protection'",
]

forwards = sql_migration(ID, "cases", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS)
