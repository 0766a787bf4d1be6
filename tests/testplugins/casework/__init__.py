"""A test workflow plugin: a three-stage school-like workflow that exercises every feature of the
case engine without the built-in plugins. It serves hobby schools, a kind no built-in plugin
gives a workflow, so that it loads beside the school and kindergarten plugins (two loaded
workflows for one kind stop start-up); the tests' "Tartu Kool" is of that kind.

Stages: I (class teacher, institution), II (support coordinator, institution), III
(municipality case manager, municipality). Transitions: I→II by the teacher, II→I back, II→III
by the coordinator after the ``casework.assessment`` form (and, says its validation hook, only
at a concern level above low), closing from II by the coordinator and from III by the manager.
Tartu lets the casework manager act as a municipality case manager
(``heaolu_case_manager_roles``).
"""

from __future__ import annotations

from pathlib import Path

from core.cases.engine import add_entry
from core.cases.tables import EntryKind
from core.hookspecs import hookimpl
from core.people.tables import Municipality
from core.registry import (
    Bilingual,
    FieldType,
    FormField,
    FormSchema,
    Level,
    Panel,
    Permission,
    Role,
    Scope,
    Stage,
    TimelineEntryKind,
    Transition,
    UnitKind,
    Workflow,
)

TEACHER, COORDINATOR, MANAGER, NURSE = (
    "casework_teacher",
    "casework_coordinator",
    "casework_manager",
    "casework_nurse",
)
COORDINATORS, MANAGERS = frozenset({COORDINATOR}), frozenset({MANAGER})
ASSESSMENT = FormSchema(
    key="casework.assessment",
    version=1,
    title=Bilingual("Hindamine", "Assessment"),
    fields=(
        FormField("summary", FieldType.long_text, Bilingual("Kokkuvõte", "Summary"), required=True),
    ),
)
WORKFLOW = Workflow(
    key="casework.school",
    label="Casework school support",
    organisation_kinds=frozenset({"hobby_school"}),
    stages=(
        Stage("I", "Stage I: class teacher", Level.institution, frozenset({TEACHER})),
        Stage("II", "Stage II: support coordinator", Level.institution, frozenset({COORDINATOR})),
        Stage("III", "Stage III: case manager", Level.municipality, frozenset({MANAGER})),
    ),
    transitions=(
        Transition("to_II", "Pass to stage II", frozenset({"I"}), "II", frozenset({TEACHER})),
        Transition(
            "back_to_I", "Back to stage I", frozenset({"II"}), "I", frozenset({COORDINATOR})
        ),
        Transition(
            "to_III",
            "Pass to the municipality",
            frozenset({"II"}),
            "III",
            frozenset({COORDINATOR}),
            forms=("casework.assessment",),
        ),
        Transition(
            "close_II", "Close at stage II", frozenset({"II"}), None, frozenset({COORDINATOR})
        ),
        Transition(
            "close_III", "Close at stage III", frozenset({"III"}), None, frozenset({MANAGER})
        ),
    ),
    review_days=30,
)
LOW_CONCERN = "Raise the concern level above low before passing the case to the municipality."


@hookimpl
def heaolu_permissions():
    return [Permission("casework.work", "Work on casework cases")]


@hookimpl
def heaolu_roles():
    reports = "core.case.accept_reports"
    health = "core.case.sensitive.health"
    export = "core.child.export"
    work = frozenset({"core.records.read", "core.records.write", "casework.work"})
    return [
        Role(TEACHER, "Casework teacher", Scope.unit, work),
        # The institution's coordinator a municipality may name to run cross-sector cases.
        Role(
            COORDINATOR,
            "Casework coordinator",
            Scope.organisation,
            work | {"core.case.cross_sector"},
        ),
        Role(MANAGER, "Casework manager", Scope.municipality, work | {reports, health, export}),
        Role(NURSE, "Casework nurse", Scope.organisation, work | {health}),
    ]


@hookimpl
async def heaolu_case_manager_roles(municipality_id):
    """Tartu lets its casework managers act as case managers; other municipalities do not."""
    name = await Municipality.select(Municipality.name).where(Municipality.id == municipality_id)
    return [MANAGER] if name and name[0]["name"] == "Tartu linn" else []


@hookimpl
def heaolu_forms():
    return [ASSESSMENT]


@hookimpl
def heaolu_case_workflows():
    return [WORKFLOW]


@hookimpl
def heaolu_validate_transition(case, transition):
    if transition.key == "to_III" and case["concern"] == "low":
        return [LOW_CONCERN]
    return []


@hookimpl
async def heaolu_after_transition(case, transition, user):
    await add_entry(case["id"], EntryKind.note, f"casework noted {transition.key}", user)


# The events heard, as (hook, id): the case's, the report's, the enrolment's or the submission's.
heard: list[tuple[str, int]] = []


@hookimpl
async def heaolu_after_case_opened(case, user):
    assert case["status"] == "open"
    heard.append(("case_opened", case["id"]))


@hookimpl
def heaolu_after_report_sent(report):
    heard.append(("report_sent", report["id"]))


@hookimpl
def heaolu_after_report_accepted(report, case):
    assert report["case"] == case["id"]
    heard.append(("report_accepted", report["id"]))


@hookimpl
def heaolu_after_enrolment_began(enrolment):
    heard.append(("enrolment_began", enrolment["id"]))


@hookimpl
async def heaolu_after_enrolment_ended(enrolment, user):
    assert enrolment["ends_on"] is not None and user is not None
    heard.append(("enrolment_ended", enrolment["id"]))


@hookimpl
async def heaolu_after_consent_withdrawn(consent, user, request):
    assert consent["withdrawn_on"] is not None and user is not None and request is not None
    heard.append(("consent_withdrawn", consent["id"]))


@hookimpl
async def heaolu_after_form_saved(submission, user):
    assert user is not None and submission.author_organisation_id is not None
    heard.append((f"form_saved {submission.form_key} v{submission.version}", submission.id))


@hookimpl
def heaolu_unit_kinds():
    return [UnitKind("casework.stage", "School stage", frozenset({"school"}))]


@hookimpl
def heaolu_timeline_entry_kinds():
    return [TimelineEntryKind("casework.home_visit", "Home visit")]


@hookimpl
def heaolu_template_dirs():
    return [Path(__file__).parent / "templates"]


@hookimpl
def heaolu_case_panels(case):
    return [
        Panel(
            title="Casework panel",
            template="casework/_panel.html",
            context={"stage": case.stage.key},
        )
    ]
