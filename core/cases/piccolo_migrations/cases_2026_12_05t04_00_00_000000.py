from core.migration_helpers import sql_migration

ID = "2026-12-05T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a person's open cases, reviews and tasks in their order; child-protection reach"

_STATEMENTS = [
    'CREATE INDEX "cases_case_responsible_opened" ON "cases_case"'
    ' ("responsible", "status", "opened_at")',
    'CREATE INDEX "cases_case_responsible_review" ON "cases_case"'
    ' ("responsible", "status", "review_due")',
    'CREATE INDEX "cases_task_owner_due" ON "cases_task" ("owner", "status", "due_on")',
    'CREATE INDEX "cases_case_child_protection_reach" ON "cases_case"'
    ' ("status", "level", "municipality", "escalated_at", "child", "responsible", "opened_at",'
    ' "stage") WHERE "stage" = \'core.child_protection\'',
]

forwards = sql_migration(ID, "cases", DESCRIPTION, sqlite=_STATEMENTS, postgres=_STATEMENTS)
