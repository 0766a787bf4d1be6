from core.api import sql_migration

ID = "2026-12-04T11:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a question to another municipality may be about the child's family"

_ADD = ('ALTER TABLE "county_requests_request" ADD COLUMN "family" BOOLEAN NOT NULL DEFAULT false',)

forwards = sql_migration(ID, "county", DESCRIPTION, sqlite=_ADD, postgres=_ADD)
