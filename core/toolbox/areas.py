"""The toolbox's areas in words (English message ids, shown translated)."""

from __future__ import annotations

from collections.abc import Mapping

from core.i18n import N_
from core.registry import ToolboxArea

AREA_LABELS: Mapping[ToolboxArea, str] = {
    ToolboxArea.speech: N_("Speech and language"),
    ToolboxArea.movement: N_("Movement"),
    ToolboxArea.social_emotional: N_("Social and emotional development"),
    ToolboxArea.learning: N_("Learning"),
    ToolboxArea.behaviour: N_("Behaviour"),
    ToolboxArea.home: N_("Wellbeing at home"),
    ToolboxArea.wellbeing: N_("The child's wellbeing"),
}
