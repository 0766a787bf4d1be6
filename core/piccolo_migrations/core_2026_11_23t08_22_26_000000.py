from core.migration_helpers import unique_index_migration

ID = "2026-11-23T08:22:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "one enablement row per municipality and plugin"

forwards = unique_index_migration(
    ID, "core", DESCRIPTION, "core_plugin_enablement_one_choice", "core_plugin_enablement",
    ("municipality", "plugin"),
)
