from core.api import sql_migration

ID = "2026-12-04T08:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "cross-municipality cases: the municipalities a case names"

_COLUMNS = (
    '"case" INTEGER NOT NULL REFERENCES "cases_case" ("id") ON DELETE CASCADE'
    ' ON UPDATE CASCADE, '
    '"municipality" INTEGER NOT NULL REFERENCES "people_municipality" ("id")'
    " ON DELETE RESTRICT ON UPDATE CASCADE, "
    '"case_manager" INTEGER NOT NULL REFERENCES "auth_user" ("id") ON DELETE RESTRICT'
    " ON UPDATE CASCADE, "
    '"organisation" INTEGER NOT NULL REFERENCES "people_organisation" ("id")'
    " ON DELETE RESTRICT ON UPDATE CASCADE, "
    '"ground" VARCHAR(20) NOT NULL, '
    "\"reason\" TEXT NOT NULL DEFAULT '', "
    '"added_by" INTEGER NOT NULL REFERENCES "auth_user" ("id") ON DELETE RESTRICT'
    " ON UPDATE CASCADE, "
    '"added_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp'
)
_INDEXES = [
    'CREATE UNIQUE INDEX "county_crossing_municipality_case" ON'
    ' "county_crossing_municipality" ("case", "municipality")',
    'CREATE INDEX "county_crossing_municipality_municipality" ON'
    ' "county_crossing_municipality" ("municipality")',
]

forwards = sql_migration(
    ID,
    "county",
    DESCRIPTION,
    sqlite=[
        'CREATE TABLE "county_crossing_municipality" ("id" INTEGER PRIMARY KEY NOT NULL, '
        + _COLUMNS
        + ")",
        *_INDEXES,
    ],
    postgres=[
        'CREATE TABLE "county_crossing_municipality" ("id" SERIAL PRIMARY KEY NOT NULL, '
        + _COLUMNS
        + ")",
        *_INDEXES,
    ],
)
