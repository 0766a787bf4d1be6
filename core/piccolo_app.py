from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.tables import EnablementVersion, FormEnablement, PluginEnablement

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PluginEnablement, FormEnablement, EnablementVersion],
    migration_dependencies=["core.people.piccolo_app"],
)
