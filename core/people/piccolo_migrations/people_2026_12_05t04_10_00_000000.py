from core.migration_helpers import sql_migration

ID = "2026-12-05T04:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a name search checks the ids of the children a name finds in its index"

# PostgreSQL only: its index of a column holds no id, SQLite's holds the rowid already.
_POSTGRES = [
    'CREATE INDEX "people_child_search_name_id" ON "people_child" ("search_name", "id")',
    'CREATE INDEX "people_child_search_name_reversed_id" ON "people_child"'
    ' ("search_name_reversed", "id")',
]

forwards = sql_migration(ID, "people", DESCRIPTION, sqlite=[], postgres=_POSTGRES)
