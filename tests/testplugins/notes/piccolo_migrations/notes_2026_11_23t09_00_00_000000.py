from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-23T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notes", description=DESCRIPTION)
    manager.add_table(class_name="Note", tablename="notes_note", schema=None, columns=None)
    manager.add_column(
        table_class_name="Note",
        tablename="notes_note",
        column_name="text",
        db_column_name="text",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 200, "default": "", "null": False},
        schema=None,
    )
    return manager
