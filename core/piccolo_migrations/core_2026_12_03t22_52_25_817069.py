from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import Serial
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T22:52:25:817069"
VERSION = "1.38.0"
DESCRIPTION = "the enablement version"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="core", description=DESCRIPTION
    )

    manager.add_table(
        class_name="EnablementVersion",
        tablename="core_enablement_version",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="EnablementVersion",
        tablename="core_enablement_version",
        column_name="version",
        db_column_name="version",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
