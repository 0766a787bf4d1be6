"""A child in danger: when a noticing sheet says so, and what it proposes for the case.

The model sends a child in danger straight to child protection (*otse lastekaitse spetsialisti
poolt menetletavaks juhtumiks*), from any stage. A sheet is urgent when it answers "is the child
in danger or in need of help right now?" with yes, or puts the child's safety at 0-2 on the
Signs of Safety scale (0: the child is in danger, 10: safe enough). An urgent sheet always
becomes an urgent `Report` to the child's municipality, whose child protection specialists are
notified at once and accept it.

What a report proposes for the case it opens, which the accepting specialist may change with a
reason: an urgent one, concern "high" and a review in `URGENT_REVIEW_WORKING_DAYS` Estonian
working days; any other, concern "low" and a review after the workflow's ``review_days``.
The number of working days is sample content, not from the sources (to be agreed with the
county's child protection specialists).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.cases.tables import Concern
from core.registry import Workflow
from core.working_days import add_working_days

DANGER_SAFETY = 2
URGENT_REVIEW_WORKING_DAYS = 3


def is_urgent(values: Mapping[str, Any]) -> bool:
    """Does the noticing sheet's ``values`` (clean answers) say the child is in danger?"""
    safety = values.get("safety")
    in_danger = values.get("danger") is True
    return in_danger or (isinstance(safety, int) and safety <= DANGER_SAFETY)


@dataclass(frozen=True)
class Proposal:
    """The concern level and review date a report proposes for its case."""

    concern: str
    review_due: date


def proposal(urgent: bool, workflow: Workflow, today: date | None = None) -> Proposal:
    today = today or date.today()
    if urgent:
        return Proposal(Concern.high.value, add_working_days(today, URGENT_REVIEW_WORKING_DAYS))
    return Proposal(Concern.low.value, today + timedelta(days=workflow.review_days))
