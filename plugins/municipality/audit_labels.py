"""What the municipality plugin's audit actions and kinds of object are called (English
message ids)."""

from __future__ import annotations

from collections.abc import Mapping

from core.api import N_

ACTION_LABELS: Mapping[str, str] = {
    "municipality.case_managers.changed": N_("Case-manager posts changed"),
    "municipality.home_child.added": N_("Child at home added"),
    "municipality.home_child.import": N_("Population data imported"),
    "municipality.home_child.listed": N_("Children at home listed"),
    "municipality.home_child.viewed": N_("Child at home viewed"),
    "municipality.home_group.added": N_("Target group added"),
    "municipality.rajaleidja.listed": N_("Rajaleidja decisions listed"),
    "municipality.rajaleidja.shared": N_("Rajaleidja decision shared with the municipality"),
    "municipality.outreach.added": N_("Outreach recorded"),
    "municipality.figures.recomputed": N_("Figures computed anew"),
    "municipality.stats.exported": N_("Statistics downloaded"),
    "municipality.transitions.listed": N_("Transitions listed"),
    "municipality.year_note.added": N_("Note of the year added"),
    "municipality.year_note.changed": N_("Note of the year changed"),
    "network.information_changed": N_("Information agreement changed"),
    "network.institution_roles_saved": N_("Institution roles map saved"),
    "network.leader_set": N_("Network leader named"),
    "network.meeting_planned": N_("Network meeting planned"),
    "network.meeting_recorded": N_("Network meeting recorded"),
    "network.model_set": N_("Case-management model's status recorded"),
    "network.plan_changed": N_("Network's action plan changed"),
    "network.representative_added": N_("Representative added"),
    "network.representative_removed": N_("Representative removed"),
    "network.rules_saved": N_("Goals, values and working rules saved"),
}

OBJECT_TYPE_LABELS: Mapping[str, str] = {
    "activity": N_("Activity"),
    "home_child": N_("Child at home"),
    "home_group": N_("Target group"),
    "meeting": N_("Meeting"),
    "year": N_("Year"),
    "year_note": N_("Note of the year"),
}
