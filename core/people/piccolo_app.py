from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.people.tables import (
    Child,
    ChildChange,
    ContactPerson,
    Enrolment,
    Guardian,
    GuardianLink,
    Municipality,
    Organisation,
    Unit,
)

APP_CONFIG = AppConfig(
    app_name="people",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Municipality,
        Organisation,
        Unit,
        ContactPerson,
        Child,
        ChildChange,
        Guardian,
        GuardianLink,
        Enrolment,
    ],
    migration_dependencies=[],
)
