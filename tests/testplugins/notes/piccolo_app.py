from pathlib import Path

from piccolo.conf.apps import AppConfig

from .tables import Note

APP_CONFIG = AppConfig(
    app_name="notes",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Note],
    migration_dependencies=["core.people.piccolo_app"],
)
