"""The words shown for the case engine's stored values (English message ids)."""

from __future__ import annotations

from collections.abc import Mapping

from core.i18n import N_

ENTRY_KINDS: Mapping[str, str] = {
    "note": N_("Note"),
    "observation": N_("Observation"),
    "family_contact": N_("Contact with the family"),
    "meeting": N_("Meeting"),
    "decision": N_("Decision"),
    "stage_change": N_("Stage change"),
    "handover": N_("Handover"),
    "concern_change": N_("Concern level"),
    "escalation": N_("Escalation to child protection"),
    "participant": N_("Participants"),
    "form": N_("Form"),
    "review": N_("Review"),
}
# The kinds a person writes; the others are written by the engine.
WRITTEN_KINDS = ("note", "observation", "family_contact", "meeting", "decision")
CONCERNS: Mapping[str, str] = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
}
SENSITIVITIES: Mapping[str, str] = {
    "none": N_("Not sensitive"),
    "health": N_("Health data"),
    "child_protection": N_("Child protection data"),
}
TASK_STATUSES: Mapping[str, str] = {
    "open": N_("Open"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
}
CASE_STATUSES: Mapping[str, str] = {"open": N_("Open"), "closed": N_("Closed")}
HANDOVER_STATUSES: Mapping[str, str] = {
    "pending": N_("Awaiting acceptance"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
}
