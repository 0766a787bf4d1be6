from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

from core.people.folding import fold

ID = "2026-11-23T09:11:38:000000"
VERSION = "1.38.0"
DESCRIPTION = "fill the folded names of existing organisations"


class RawTable(Table):
    pass


async def fill_folded_names() -> None:
    for row in await RawTable.raw("SELECT id, name FROM people_organisation"):
        await RawTable.raw(
            "UPDATE people_organisation SET folded_name = {} WHERE id = {}",
            fold(row["name"]),
            row["id"],
        )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)
    manager.add_raw(fill_folded_names)
    return manager
