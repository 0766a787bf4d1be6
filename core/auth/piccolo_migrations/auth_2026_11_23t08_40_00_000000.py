from core.migration_helpers import unique_index_migration

ID = "2026-11-23T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one membership per user, organisation and role"

forwards = unique_index_migration(
    ID, "auth", DESCRIPTION, "auth_membership_once", "auth_membership",
    ("user", "organisation", "role"),
)
