from pathlib import Path

from piccolo.conf.apps import AppConfig

from heaolu_signs_of_safety.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="signs_of_safety",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[],
)
