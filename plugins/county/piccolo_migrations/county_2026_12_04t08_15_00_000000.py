from core.api import sql_migration

ID = "2026-12-04T08:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the county's agreements: members, commitments confirmed by hand, good cooperation"

_SQLITE = [
    'CREATE TABLE "county_agreements_member" ("id" INTEGER PRIMARY KEY NOT NULL, "municipality" INTEGER UNIQUE NOT NULL REFERENCES "people_municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, "joined_on" DATE NOT NULL DEFAULT CURRENT_DATE, "recorded_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "recorded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE TABLE "county_agreements_confirmation" ("id" INTEGER PRIMARY KEY NOT NULL, "municipality" INTEGER NOT NULL REFERENCES "people_municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, "commitment" VARCHAR(40) NOT NULL DEFAULT \'\', "year" INTEGER NOT NULL DEFAULT 0, "note" TEXT NOT NULL DEFAULT \'\', "confirmed_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "confirmed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX county_agreements_confirmation_municipality ON "county_agreements_confirmation" ("municipality")',
    'CREATE TABLE "county_agreements_cooperation" ("id" INTEGER PRIMARY KEY NOT NULL, "version" INTEGER UNIQUE NOT NULL DEFAULT 0, "values_text" TEXT NOT NULL DEFAULT \'\', "contacts_text" TEXT NOT NULL DEFAULT \'\', "answers_text" TEXT NOT NULL DEFAULT \'\', "saved_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "saved_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE UNIQUE INDEX "county_agreements_confirmation_once" ON "county_agreements_confirmation" ("municipality", "commitment", "year")',
]
_POSTGRES = [
    'CREATE TABLE "county_agreements_member" ("id" SERIAL PRIMARY KEY NOT NULL, "municipality" INTEGER UNIQUE NOT NULL REFERENCES "people_municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, "joined_on" DATE NOT NULL DEFAULT CURRENT_DATE, "recorded_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "recorded_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE TABLE "county_agreements_confirmation" ("id" SERIAL PRIMARY KEY NOT NULL, "municipality" INTEGER NOT NULL REFERENCES "people_municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, "commitment" VARCHAR(40) NOT NULL DEFAULT \'\', "year" INTEGER NOT NULL DEFAULT 0, "note" TEXT NOT NULL DEFAULT \'\', "confirmed_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "confirmed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX county_agreements_confirmation_municipality ON "county_agreements_confirmation" USING btree ("municipality")',
    'CREATE TABLE "county_agreements_cooperation" ("id" SERIAL PRIMARY KEY NOT NULL, "version" INTEGER UNIQUE NOT NULL DEFAULT 0, "values_text" TEXT NOT NULL DEFAULT \'\', "contacts_text" TEXT NOT NULL DEFAULT \'\', "answers_text" TEXT NOT NULL DEFAULT \'\', "saved_by" INTEGER REFERENCES "auth_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "saved_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE UNIQUE INDEX "county_agreements_confirmation_once" ON "county_agreements_confirmation" ("municipality", "commitment", "year")',
]

forwards = sql_migration(ID, "county", DESCRIPTION, sqlite=_SQLITE, postgres=_POSTGRES)
