from core.migration_helpers import sql_migration

ID = "2026-12-04T08:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a municipality's adopted version of a form"

_ADD = ("ALTER TABLE core_form_enablement ADD COLUMN version INTEGER NULL",)

forwards = sql_migration(ID, "core", DESCRIPTION, sqlite=_ADD, postgres=_ADD)
