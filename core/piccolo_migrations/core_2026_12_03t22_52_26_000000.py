from core.migration_helpers import sql_migration

ID = "2026-12-03T22:52:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "the enablement version's one row"

_INSERT = ("INSERT INTO core_enablement_version (version) VALUES (0)",)

forwards = sql_migration(ID, "core", DESCRIPTION, sqlite=_INSERT, postgres=_INSERT)
