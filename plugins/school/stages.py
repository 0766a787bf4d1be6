"""School stages (kooliaste): a basic school's classes 1–3 are stage I, 4–6 stage II and 7–9
stage III (the national curriculum for basic schools). A class's stage follows from the
number its name starts with ("2.a", "7 b"); a class whose name gives none, or a number past 9
(upper secondary), has no stage."""

from __future__ import annotations

import re

from core.api import N_
from core.api import gettext as _

_NUMBER = re.compile(r"\s*(\d{1,2})(?!\d)")
LABELS = {1: N_("School stage I"), 2: N_("School stage II"), 3: N_("School stage III")}
LAST_CLASS = 9


def class_number(name: str) -> int | None:
    """The number a class's name starts with, or None."""
    found = _NUMBER.match(name)
    return int(found.group(1)) if found else None


def school_stage(class_name: str) -> int | None:
    """The school stage (1, 2 or 3) of a class, from its name; None when it has none."""
    number = class_number(class_name)
    if number is None or not 1 <= number <= LAST_CLASS:
        return None
    return (number - 1) // 3 + 1


def stage_label(stage: int | None) -> str:
    """The stage's name in the user's language ("I kooliaste"), or "" for none."""
    return _(LABELS[stage]) if stage in LABELS else ""
