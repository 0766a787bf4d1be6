"""The county demo's sample cases (`core.cases.demo_county`), on the database `heaolu demo
--scale county-tenth` made once for the run (`county_tenth_database_url`), read directly: the
same code as the whole county's, with a tenth of its children and cases."""

from dataclasses import replace

from core import db
from core.cases.demo_county import USERNAME
from core.cases.engine import stage_roles
from core.cases.workflows import CHILD_PROTECTION_STAGE, stage_of, workflow_of
from core.cli import Runtime
from core.plugins import build_plugins
from tests.helpers import query, run_heaolu

# The county demo's cases: those its sample staff are responsible for.
DEMO_CASES = (
    "FROM cases_case JOIN auth_user ON auth_user.id = cases_case.responsible "
    f"WHERE auth_user.username LIKE '{USERNAME.format(post='%', place='%')}'"
)
COUNTS = (
    "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_entry),"
    " (SELECT count(*) FROM cases_handover), (SELECT count(*) FROM cases_task),"
    " (SELECT count(*) FROM cases_participant), (SELECT count(*) FROM forms_submission),"
    " (SELECT count(*) FROM auth_user), (SELECT count(*) FROM auth_membership)"
)


def test_the_county_demo_has_cases_at_every_stage_held_by_its_staff(
    settings, county_tenth_database_url
):
    [(cases, entries, sheets, pending, closed)] = query(
        county_tenth_database_url,
        f'SELECT count(*), (SELECT count(*) FROM cases_entry WHERE "case" IN (SELECT cases_case.id '
        f'{DEMO_CASES})), (SELECT count(*) FROM forms_submission WHERE "case" IN (SELECT '
        f"cases_case.id {DEMO_CASES})), (SELECT count(*) FROM cases_handover WHERE status = "
        f"'pending'), sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) {DEMO_CASES}",
    )
    assert 950 <= cases <= 1_000
    assert 27_000 <= entries <= 33_000
    assert sheets == cases
    assert 5 <= pending <= 50
    assert cases / 10 <= closed <= cases / 5
    # Each case's child is enrolled, in the group or class of the teacher at stage I, in the
    # organisation that owns the case.
    strays = query(
        county_tenth_database_url,
        "SELECT cases_case.id FROM cases_case JOIN auth_user ON auth_user.id = responsible "
        f"WHERE username LIKE '{USERNAME.format(post='%', place='%')}' AND NOT EXISTS (SELECT 1 "
        "FROM people_enrolment WHERE child = cases_case.child AND organisation = "
        "owner_organisation)",
    )
    assert strays == []
    teachers_elsewhere = query(
        county_tenth_database_url,
        'SELECT cases_case.id FROM cases_case JOIN auth_membership ON auth_membership."user" = '
        f"responsible WHERE stage = 'I' AND cases_case.id IN (SELECT cases_case.id {DEMO_CASES}) "
        "AND NOT EXISTS (SELECT 1 FROM people_enrolment WHERE child = cases_case.child AND "
        "unit = auth_membership.unit AND organisation = owner_organisation)",
    )
    assert teachers_elsewhere == []

    held = query(
        county_tenth_database_url,
        "SELECT cases_case.workflow, cases_case.stage, cases_case.municipality, "
        "auth_membership.role, count(*) FROM cases_case JOIN auth_membership ON "
        'auth_membership."user" = cases_case.responsible '
        f"WHERE cases_case.id IN (SELECT cases_case.id {DEMO_CASES}) GROUP BY 1, 2, 3, 4",
    )
    county = replace(settings, database_url=county_tenth_database_url)
    plugins = build_plugins(county)

    async def stages_and_roles():
        found = {}
        for workflow, stage, municipality, role, _count in held:
            case = {"workflow": workflow, "municipality": municipality}
            may = await stage_roles(plugins, case, stage_of(workflow_of(plugins, workflow), stage))
            found.setdefault(workflow, set()).add(stage)
            assert role in may, (workflow, stage, role, may)
        return found

    try:
        found = Runtime(county, plugins).run(stages_and_roles)
    finally:
        db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    served = {
        key
        for key, workflow in plugins.workflows.items()
        if workflow.organisation_kinds & {"kindergarten", "school"}
    }
    assert served and set(found) == served
    for key in served:
        every = {stage.key for stage in plugins.workflows[key].stages}
        assert found[key] == every | {CHILD_PROTECTION_STAGE.key}, key


def test_the_county_demo_run_again_adds_nothing(county_tenth_database_url):
    before = query(county_tenth_database_url, COUNTS)
    again = run_heaolu(
        "demo", "--scale", "county-tenth", env={"HEAOLU_DATABASE_URL": county_tenth_database_url}
    )
    assert again.returncode == 0, again.stderr
    assert "county.coordinator.N" in again.stdout
    assert query(county_tenth_database_url, COUNTS) == before
