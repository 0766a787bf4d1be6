from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.auth.tables import LoginThrottle, Membership, RecoveryCode, Session, SubmissionKey, User

APP_CONFIG = AppConfig(
    app_name="auth",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[User, Membership, Session, LoginThrottle, RecoveryCode, SubmissionKey],
    migration_dependencies=["core.people.piccolo_app"],
)
