from core.migration_helpers import unique_index_migration

ID = "2026-11-23T08:39:44:000000"
VERSION = "1.38.0"
DESCRIPTION = "one form choice per municipality and form"

forwards = unique_index_migration(
    ID, "core", DESCRIPTION, "core_form_enablement_one_choice", "core_form_enablement",
    ("municipality", "form_key"),
)
