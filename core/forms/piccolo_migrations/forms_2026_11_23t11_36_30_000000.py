from core.migration_helpers import unique_index_migration

ID = "2026-11-23T11:36:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "one row per form key and version"

forwards = unique_index_migration(
    ID, "forms", DESCRIPTION, "forms_version_one_per_key", "forms_version", ("key", "version"),
)
