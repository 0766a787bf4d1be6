"""Municipalities and the organisations in them."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Sector(StrEnum):
    education = "education"
    youth = "youth"
    social = "social"
    health = "health"
    police = "police"


class OrganisationKind(StrEnum):
    municipality_office = "municipality_office"
    kindergarten = "kindergarten"
    school = "school"
    hobby_school = "hobby_school"
    support_centre = "support_centre"
    rajaleidja = "rajaleidja"
    health = "health"
    police = "police"
    youth = "youth"
    social_insurance_board = "social_insurance_board"
    social_provider = "social_provider"
    county_union = "county_union"


# The sector an organisation of each kind belongs to unless it says otherwise.
DEFAULT_SECTOR = {
    OrganisationKind.municipality_office: Sector.social,
    OrganisationKind.kindergarten: Sector.education,
    OrganisationKind.school: Sector.education,
    OrganisationKind.hobby_school: Sector.education,
    OrganisationKind.support_centre: Sector.education,
    OrganisationKind.rajaleidja: Sector.education,
    OrganisationKind.health: Sector.health,
    OrganisationKind.police: Sector.police,
    OrganisationKind.youth: Sector.youth,
    OrganisationKind.social_insurance_board: Sector.social,
    OrganisationKind.social_provider: Sector.social,
    OrganisationKind.county_union: Sector.social,
}


class Municipality(Table, tablename="people_municipality"):
    """A local government (omavalitsus), identified by its EHAK code."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    ehak_code = Varchar(length=4, unique=True)
    county = Varchar(length=100, default="Tartumaa")


class Organisation(Table, tablename="people_organisation"):
    """An institution or office; county-level ones (the county union) have no municipality."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    kind = Varchar(length=40, choices=OrganisationKind, index=True)
    sector = Varchar(length=20, choices=Sector, index=True)
    municipality = ForeignKey(
        references=Municipality, null=True, index=True, on_delete=OnDelete.restrict
    )
    address = Varchar(length=300, default="")
    sample = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
