from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one membership per user, organisation and role"


class RawTable(Table):
    pass


async def make_unique_index() -> None:
    await RawTable.raw(
        "CREATE UNIQUE INDEX auth_membership_once "
        "ON auth_membership (\"user\", organisation, role)"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="auth", description=DESCRIPTION)
    manager.add_raw(make_unique_index)
    return manager
