"""Municipalities, organisations, units and contact persons; children, guardians, enrolments."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
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
    # `name` folded (core.people.folding.fold), for case- and diacritic-insensitive search.
    folded_name = Varchar(length=200, default="", index=True)
    sample = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Unit(Table, tablename="people_unit"):
    """A part of an organisation that children belong to: a kindergarten group, a school
    class. ``kind`` is given meaning by the plugin that uses it (``group``, ``class``)."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    name = Varchar(length=100)
    kind = Varchar(length=40, default="")
    active = Boolean(default=True)


class AgeLevel(StrEnum):
    """The children a contact person is the one to call about."""

    all = "all"
    preschool = "preschool"
    basic_school = "basic_school"
    upper_secondary = "upper_secondary"


class ContactPerson(Table, tablename="people_contact"):
    """Whom to call in an organisation, and about what. Needs no account in heaolu."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.cascade
    )
    name = Varchar(length=200)
    post = Varchar(length=200)
    phone = Varchar(length=40, default="")
    email = Varchar(length=200, default="")
    # What to contact this person about, in the organisation's own words.
    topics = Text(default="")
    age_level = Varchar(length=20, choices=AgeLevel, default=AgeLevel.all.value)
    # name, post and topics folded, for search.
    search_text = Text(default="")
    sample = Boolean(default=False)


class Child(Table, tablename="people_child"):
    """A child. ``search_name`` and ``search_name_reversed`` hold "family given" and
    "given family" folded, so a name is found by prefix through an index, either way round."""

    id = Serial(primary_key=True)
    given_name = Varchar(length=100)
    family_name = Varchar(length=100)
    search_name = Varchar(length=210, index=True)
    search_name_reversed = Varchar(length=210, index=True)
    date_of_birth = Date(index=True)
    # Estonian personal identification code; optional (not every child has one).
    isikukood = Varchar(length=11, null=True, default=None, unique=True)
    registered_municipality = ForeignKey(
        references=Municipality, null=True, index=True, on_delete=OnDelete.restrict
    )
    residence_municipality = ForeignKey(
        references=Municipality, null=True, index=True, on_delete=OnDelete.restrict
    )
    language = Varchar(length=40, default="eesti")
    # Set when this record was merged into another record of the same child: the old id then
    # leads to the surviving record.
    merged_into: ForeignKey[Child] = ForeignKey(
        references="self", null=True, default=None, on_delete=OnDelete.restrict
    )
    created_at = Timestamptz(default=TimestamptzNow())


# The longest names a child's record holds: the forms that take names check them.
CHILD_NAME_LIMITS = {"given_name": Child.given_name.length, "family_name": Child.family_name.length}


class ChildChange(Table, tablename="people_child_change"):
    """A correction of a child's data: nothing is edited silently, the earlier value stays."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    field = Varchar(length=40)
    old_value = Text(default="")
    new_value = Text(default="")
    changed_by = Integer(null=True)
    changed_at = Timestamptz(default=TimestamptzNow())


class Guardian(Table, tablename="people_guardian"):
    """A parent or guardian; children are linked through `GuardianLink`."""

    id = Serial(primary_key=True)
    given_name = Varchar(length=100)
    family_name = Varchar(length=100)
    isikukood = Varchar(length=11, null=True, default=None, unique=True)
    phone = Varchar(length=40, default="")
    email = Varchar(length=200, default="")
    address = Varchar(length=300, default="")


class GuardianRelation(StrEnum):
    mother = "mother"
    father = "father"
    guardian = "guardian"
    foster_parent = "foster_parent"
    other = "other"


class GuardianLink(Table, tablename="people_guardian_link"):
    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    guardian = ForeignKey(references=Guardian, null=False, index=True, on_delete=OnDelete.cascade)
    relation = Varchar(length=20, choices=GuardianRelation)
    custody = Boolean(default=True)
    lives_with_child = Boolean(default=True)


class Enrolment(Table, tablename="people_enrolment"):
    """Where a child learns (a kindergarten or school, and its group or class), from/until.

    Besides the foreign keys' indexes, ``people_enrolment_current (organisation, starts_on,
    ends_on, child, unit)`` (a migration): the children an organisation has now, the scope of
    most roles (`core.access`) and the rows of its groups' and classes' counts, are read from
    the index alone, not from each enrolment's row."""

    id = Serial(primary_key=True)
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    unit = ForeignKey(references=Unit, null=True, index=True, on_delete=OnDelete.restrict)
    starts_on = Date()
    ends_on = Date(null=True, default=None)
