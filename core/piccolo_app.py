from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.tables import FormEnablement, PluginEnablement

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PluginEnablement, FormEnablement],
    migration_dependencies=["core.people.piccolo_app"],
)
