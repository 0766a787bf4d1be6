from core.migration_helpers import sql_migration

ID = "2026-11-23T11:33:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "a dedupe key enqueues once; indexes for claiming due jobs and expired leases"

_STATEMENTS = [
    'CREATE UNIQUE INDEX "jobs_job_dedupe_key" ON "jobs_job" ("dedupe_key")',
    'CREATE INDEX "jobs_job_due" ON "jobs_job" ("status", "run_at")',
    'CREATE INDEX "jobs_job_lease" ON "jobs_job" ("status", "leased_until")',
]

forwards = sql_migration(ID, "jobs", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS)
