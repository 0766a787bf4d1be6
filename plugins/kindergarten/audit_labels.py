"""What the kindergarten plugin's audit actions and kinds of object are called (English message
ids)."""

from __future__ import annotations

from collections.abc import Mapping

from core.api import N_

ACTION_LABELS: Mapping[str, str] = {
    "kindergarten.groups.listed": N_("Kindergarten's groups listed"),
    "kindergarten.child.viewed": N_("Child's group or readiness card opened"),
    "kindergarten.child.moved": N_("Child moved to another group"),
    "kindergarten.school_list.viewed": N_("Children going to school listed"),
    "kindergarten.consent_forms.printed": N_("Consent forms printed"),
    "kindergarten.card.shared": N_("School-readiness card shared with a school"),
    "kindergarten.card.read": N_("Shared school-readiness card read"),
    "kindergarten.cards.listed": N_("Shared school-readiness cards listed"),
    "kindergarten.case.moved": N_("Case handed to another kindergarten"),
}

OBJECT_TYPE_LABELS: Mapping[str, str] = {
    "card_share": N_("Shared school-readiness card"),
}
