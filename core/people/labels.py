"""What sectors, organisation kinds and age levels are called (English ids, shown translated)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.i18n import N_, gettext
from core.people.tables import AgeLevel, GuardianRelation, OrganisationKind, Sector

SECTORS = {
    Sector.education: N_("Education"),
    Sector.youth: N_("Youth work"),
    Sector.social: N_("Social"),
    Sector.health: N_("Medicine"),
    Sector.police: N_("Law enforcement"),
}
KINDS = {
    OrganisationKind.municipality_office: N_("Municipality office"),
    OrganisationKind.kindergarten: N_("Kindergarten"),
    OrganisationKind.school: N_("School"),
    OrganisationKind.hobby_school: N_("Hobby school"),
    OrganisationKind.support_centre: N_("Support centre"),
    OrganisationKind.rajaleidja: N_("Rajaleidja centre"),
    OrganisationKind.health: N_("Health care"),
    OrganisationKind.police: N_("Police"),
    OrganisationKind.youth: N_("Youth centre"),
    OrganisationKind.social_insurance_board: N_("Social Insurance Board"),
    OrganisationKind.social_provider: N_("Social service provider"),
    OrganisationKind.county_union: N_("County union"),
}
AGE_LEVELS = {
    AgeLevel.all: N_("All ages"),
    AgeLevel.preschool: N_("Pre-school age"),
    AgeLevel.basic_school: N_("Basic school"),
    AgeLevel.upper_secondary: N_("Upper secondary"),
}


def translated(labels: Mapping[Any, str]) -> dict[str, str]:
    """``labels`` in the current language, keyed by the plain values stored in the database."""
    return {str(key): gettext(label) for key, label in labels.items()}


RELATIONS = {
    GuardianRelation.mother: N_("Mother"),
    GuardianRelation.father: N_("Father"),
    GuardianRelation.guardian: N_("Guardian"),
    GuardianRelation.foster_parent: N_("Foster parent"),
    GuardianRelation.other: N_("Other"),
}


def relation_labels() -> dict[str, str]:
    return translated(RELATIONS)
