from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="county",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(
        [
            "plugins.county.services.tables",
            "plugins.county.contacts.tables",
            "plugins.county.agreements.tables",
        ],
        exclude_imported=True,
    ),
    migration_dependencies=[
        "core.people.piccolo_app",
        "core.auth.piccolo_app",
        "core.cases.piccolo_app",
    ],
)
