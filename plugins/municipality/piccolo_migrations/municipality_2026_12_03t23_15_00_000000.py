from core.api import sql_migration

ID = "2026-12-03T23:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for the statistics and transitions: a year's cases, enrolments started or ended"

_STATEMENTS = [
    'CREATE INDEX "municipality_case_opened" ON "cases_case" ("municipality", "opened_at")',
    'CREATE INDEX "municipality_case_closed" ON "cases_case" ("municipality", "closed_at")',
    'CREATE INDEX "municipality_enrolment_starts" ON "people_enrolment" ("starts_on")',
    'CREATE INDEX "municipality_enrolment_ends" ON "people_enrolment" ("ends_on")',
]

forwards = sql_migration(
    ID, "municipality", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS
)
