"""The plugin's five forms: each input parsed by core's parsing, every problem kept with its
field (by the field's id, ``<form>-<name>``) so the page shows them all at once, with what was
typed.

`parse_*` take the submitted form data and return the clean values, or raise `Problems`."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.api import N_, InputError, bounded_text, parse_date
from core.api import gettext as _

from heaolu_signs_of_safety.tables import NAME_LENGTH, TEXT_LENGTH

# Rows offered on the forms: danger statements with their goals, and scale answers.
STATEMENT_ROWS = 3
SCALE_ROWS = 4
SCALE_MAX = 10

LABELS = {
    "held_on": N_("Date of the mapping"),
    "participants": N_("Who took part"),
    "past_harm": N_("Past harm"),
    "future_danger": N_("Future danger"),
    "complicating": N_("Complicating factors"),
    "working_well": N_("What is working well"),
    "next_steps": N_("What needs to happen"),
    "danger": N_("Danger statement"),
    "goal": N_("Safety goal"),
    "review_on": N_("Date of the review"),
    "participant": N_("Participant"),
    "score": N_("Safety scale (0-10)"),
    "agreed_on": N_("Date agreed"),
    "rules": N_("Rules the family agrees"),
    "tasks": N_("Who does what"),
    "monitoring": N_("How the network knows the plan works"),
    "network": N_("The family's safety network"),
    "heard_on": N_("Date heard"),
    "heard_by": N_("Heard by"),
    "worries": N_("House of worries"),
    "good_things": N_("House of good things"),
    "dreams": N_("House of dreams"),
    "reviewed_on": N_("Date of the review"),
    "with_family": N_("The mapping was done with the family"),
    "clear_statements": N_("Danger statements and safety goals are clear to the family"),
    "child_heard": N_("The child was heard"),
    "scale_followed": N_("The safety scale is followed over time"),
}
CHECKS = ("with_family", "clear_statements", "child_heard", "scale_followed")


def label(name: str) -> str:
    """The field's label in the user's language (a numbered row's name without its number)."""
    return _(LABELS[name.rstrip("0123456789").rstrip("_")])


def check_labels() -> dict[str, str]:
    """The quality checklist's questions, in the user's language."""
    return {check: label(check) for check in CHECKS}


@dataclass(frozen=True)
class Problem:
    """One field's problem, as the error summary lists it."""

    id: str
    label: str
    message: str


@dataclass
class Problems(Exception):
    """The problems of one submitted form, by field id."""

    by_field: dict[str, str] = field(default_factory=dict)

    def listed(self) -> list[Problem]:
        return [
            Problem(field_id, label(field_id.split("-", 1)[1]), message)
            for field_id, message in self.by_field.items()
        ]


class _Reader:
    """Reads one form's fields, gathering the problems instead of stopping at the first."""

    def __init__(self, form: str, data: Mapping[str, str]) -> None:
        self.form = form
        self.data = data
        self.problems: dict[str, str] = {}

    def _parse(self, name: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(self.data.get(name, ""))
        except InputError as problem:
            self.problems[f"{self.form}-{name}"] = str(problem)
            return None

    def fail(self, name: str, message: str) -> None:
        self.problems.setdefault(f"{self.form}-{name}", message)

    def day(self, name: str) -> date | None:
        if not self.data.get(name, "").strip():
            self.fail(name, _("Enter the date."))
            return None
        day: date | None = self._parse(name, parse_date)
        return day

    def text(self, name: str, required: bool = False, length: int = TEXT_LENGTH) -> str:
        text: str | None = self._parse(name, lambda v: bounded_text(v, length, multiline=True))
        if text is None:
            return ""
        if required and not text:
            self.fail(name, _("Fill this in."))
        return text

    def line(self, name: str, required: bool = False) -> str:
        text: str | None = self._parse(name, lambda v: bounded_text(v, NAME_LENGTH))
        if text is None:
            return ""
        if required and not text:
            self.fail(name, _("Fill this in."))
        return text

    def score(self, name: str) -> int | None:
        typed = self.data.get(name, "").strip()
        if typed.isascii() and typed.isdigit() and int(typed) <= SCALE_MAX:
            return int(typed)
        self.fail(name, _("Choose a number from 0 to 10."))
        return None

    def done(self) -> None:
        if self.problems:
            raise Problems(self.problems)


def parse_mapping(data: Mapping[str, str]) -> dict[str, Any]:
    read = _Reader("mapping", data)
    values: dict[str, Any] = {
        "held_on": read.day("held_on"),
        "participants": read.text("participants", required=True),
        "past_harm": read.text("past_harm"),
        "future_danger": read.text("future_danger"),
        "complicating": read.text("complicating"),
        "working_well": read.text("working_well"),
        "next_steps": read.text("next_steps"),
    }
    if not any(values[name] for name in ("past_harm", "future_danger", "complicating")):
        read.fail("past_harm", _("Write at least one worry: past harm, future danger or a factor."))
    pairs = []
    for row in range(1, STATEMENT_ROWS + 1):
        danger, goal = read.text(f"danger_{row}"), read.text(f"goal_{row}")
        if danger and not goal:
            read.fail(f"goal_{row}", _("Pair the danger statement with its safety goal."))
        elif goal and not danger:
            read.fail(f"danger_{row}", _("Write the danger statement the safety goal answers."))
        elif danger:
            pairs.append((danger, goal))
    if not pairs:
        read.fail("danger_1", _("Write at least one danger statement with its safety goal."))
    read.done()
    values["statements"] = pairs
    return values


def parse_scale(data: Mapping[str, str]) -> dict[str, Any]:
    read = _Reader("scale", data)
    review_on = read.day("review_on")
    answers = []
    for row in range(1, SCALE_ROWS + 1):
        participant = read.line(f"participant_{row}")
        typed_score = data.get(f"score_{row}", "").strip()
        if not participant and not typed_score:
            continue
        if not participant:
            read.fail(f"participant_{row}", _("Name who gave this answer."))
        score = read.score(f"score_{row}")
        if participant and score is not None:
            answers.append((participant, score))
    if not answers and not read.problems:
        read.fail("participant_1", _("Record at least one participant's answer."))
    read.done()
    return {"review_on": review_on, "answers": answers}


def parse_plan(data: Mapping[str, str]) -> dict[str, Any]:
    read = _Reader("plan", data)
    values = {
        "agreed_on": read.day("agreed_on"),
        "rules": read.text("rules", required=True),
        "tasks": read.text("tasks", required=True),
        "monitoring": read.text("monitoring", required=True),
        "network": read.text("network", required=True),
    }
    read.done()
    return values


def parse_houses(data: Mapping[str, str]) -> dict[str, Any]:
    read = _Reader("houses", data)
    values = {
        "heard_on": read.day("heard_on"),
        "heard_by": read.line("heard_by", required=True),
        "worries": read.text("worries"),
        "good_things": read.text("good_things"),
        "dreams": read.text("dreams"),
    }
    if not any(values[name] for name in ("worries", "good_things", "dreams")):
        read.fail("worries", _("Write what the child said in at least one house."))
    read.done()
    return values


def parse_review(data: Mapping[str, str]) -> dict[str, Any]:
    read = _Reader("review", data)
    values: dict[str, Any] = {"reviewed_on": read.day("reviewed_on")}
    for check in CHECKS:
        values[check] = data.get(check, "") == "yes"
    read.done()
    return values
