from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.consent.tables import Attachment, Consent, ShareOverride

APP_CONFIG = AppConfig(
    app_name="consent",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Attachment, Consent, ShareOverride],
    migration_dependencies=["core.people.piccolo_app", "core.auth.piccolo_app"],
)
