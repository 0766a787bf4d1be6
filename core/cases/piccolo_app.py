from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.cases.tables import (
    Case,
    CaseEntry,
    CaseEntryRevision,
    CaseParticipant,
    Handover,
    PlanEvaluation,
    PlanGoal,
    PlanTask,
    Report,
)

APP_CONFIG = AppConfig(
    app_name="cases",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Case,
        CaseParticipant,
        CaseEntry,
        CaseEntryRevision,
        PlanGoal,
        PlanTask,
        PlanEvaluation,
        Handover,
        Report,
    ],
    migration_dependencies=["core.people.piccolo_app", "core.auth.piccolo_app"],
)
