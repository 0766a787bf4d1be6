from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.notifications.tables import Notification

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Notification],
    migration_dependencies=["core.auth.piccolo_app"],
)
