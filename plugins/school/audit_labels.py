"""What the school plugin's audit actions are called (English message ids)."""

from __future__ import annotations

from collections.abc import Mapping

from core.api import N_

ACTION_LABELS: Mapping[str, str] = {
    "school.classes.listed": N_("School's classes listed"),
    "school.pupil.moved": N_("Pupil moved to a class of the next school stage"),
    "school.case.moved": N_("Case handed over to another school"),
}
