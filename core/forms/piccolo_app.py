from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.forms.tables import FormSubmission, FormVersion

APP_CONFIG = AppConfig(
    app_name="forms",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[FormVersion, FormSubmission],
    migration_dependencies=[
        "core.people.piccolo_app",
        "core.auth.piccolo_app",
        "core.cases.piccolo_app",
    ],
)
