"""The benchmarks' own plugin: roles, and a three-stage workflow for kindergartens and schools
(until the built-in plugins bring theirs), so that the benchmarks need nothing from tests/.

The plugin is loaded as ``bench.plugin``, so its name is ``plugin`` and its keys start with
``plugin.``.
"""

from core.auth.permissions import ACCEPT_REPORTS, RECORD_CONSENT, RECORDS, SEE_HEALTH
from core.hookspecs import hookimpl
from core.registry import Level, Role, Scope, Stage, Transition, Workflow

TEACHER, COORDINATOR, MANAGER = "bench_teacher", "bench_support_coordinator", "bench_case_manager"
WORKFLOW = Workflow(
    key="plugin.support",
    label="Support at kindergarten and school",
    organisation_kinds=frozenset({"kindergarten", "school"}),
    stages=(
        Stage("I", "Stage I: group or class teacher", Level.institution, frozenset({TEACHER})),
        Stage("II", "Stage II: support coordinator", Level.institution, frozenset({COORDINATOR})),
        Stage("III", "Stage III: case manager", Level.municipality, frozenset({MANAGER})),
    ),
    transitions=(
        Transition("to_II", "Pass to stage II", frozenset({"I"}), "II", frozenset({TEACHER})),
        Transition(
            "back_to_I", "Back to stage I", frozenset({"II"}), "I", frozenset({COORDINATOR})
        ),
        Transition(
            "to_III", "Pass to the municipality", frozenset({"II"}), "III", frozenset({COORDINATOR})
        ),
        Transition(
            "close_II", "Close at stage II", frozenset({"II"}), None, frozenset({COORDINATOR})
        ),
        Transition(
            "close_III", "Close at stage III", frozenset({"III"}), None, frozenset({MANAGER})
        ),
    ),
)


@hookimpl
def heaolu_roles():
    return [
        Role("bench_coordinator", "Benchmark coordinator", Scope.organisation, RECORDS),
        Role(TEACHER, "Benchmark teacher", Scope.unit, RECORDS),
        Role(
            COORDINATOR,
            "Benchmark support coordinator",
            Scope.organisation,
            RECORDS | {RECORD_CONSENT, SEE_HEALTH},
        ),
        Role(
            MANAGER,
            "Benchmark case manager",
            Scope.municipality,
            RECORDS | {ACCEPT_REPORTS, SEE_HEALTH},
        ),
    ]


@hookimpl
def heaolu_case_workflows():
    return [WORKFLOW]
