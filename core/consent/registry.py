"""Core's consent purposes (plugins add theirs through ``heaolu_consent_purposes``) and the legal
bases on which data may be shared without consent (an override)."""

from __future__ import annotations

from collections.abc import Mapping

from core.i18n import N_
from core.registry import ConsentPurpose

CROSS_SECTOR_CASE_WORK = "core.cross_sector_case_work"
SHARE_WITH_MUNICIPALITY = "core.share_with_municipality"

CORE_PURPOSES = (
    ConsentPurpose(
        CROSS_SECTOR_CASE_WORK,
        N_("Cross-sector case work"),
        N_(
            "The child's kindergarten or school, the municipality and the other organisations "
            "working on the child's case share what they know of the child's needs, so that "
            "the help is planned together."
        ),
    ),
    ConsentPurpose(
        SHARE_WITH_MUNICIPALITY,
        N_("Sharing with another municipality"),
        N_(
            "The child's data goes to the other municipality (for example after a move), so "
            "that the help continues there."
        ),
    ),
)

# (key, label): the provisions of Estonian law that oblige sharing whatever the guardians say.
LEGAL_BASES: tuple[tuple[str, str], ...] = (
    (
        "child_protection_act_27",
        N_("Child Protection Act § 27: notifying of a child in need of assistance"),
    ),
    (
        "child_protection_act_31",
        N_("Child Protection Act § 31: notifying of a child in danger"),
    ),
)
LEGAL_BASIS_LABELS: Mapping[str, str] = dict(LEGAL_BASES)
