from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T08:22:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "one enablement row per municipality and plugin"


class RawTable(Table):
    pass


async def make_unique_index() -> None:
    # Piccolo's Unique constraint cannot be added on SQLite; a unique index works on both.
    await RawTable.raw(
        "CREATE UNIQUE INDEX core_plugin_enablement_one_choice "
        "ON core_plugin_enablement (municipality, plugin)"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)
    manager.add_raw(make_unique_index)
    return manager
