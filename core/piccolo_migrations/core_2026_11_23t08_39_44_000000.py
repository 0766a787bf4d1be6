from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T08:39:44:000000"
VERSION = "1.38.0"
DESCRIPTION = "one form choice per municipality and form"


class RawTable(Table):
    pass


async def make_unique_index() -> None:
    await RawTable.raw(
        "CREATE UNIQUE INDEX core_form_enablement_one_choice "
        "ON core_form_enablement (municipality, form_key)"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)
    manager.add_raw(make_unique_index)
    return manager
