"""Posts for cross-sector cases (report step 12): a municipality may name an institution's
coordinator (a role of scope organisation its plugin marks ``core.case.cross_sector``) among
its case-manager posts; that coordinator is then offered as a receiver at the municipality's
case management and, once responsible, sees the case."""

import pytest

from core.cases import engine
from core.enablement import set_plugin_enabled
from core.people.folding import fold
from core.people.tables import Organisation
from plugins.municipality.casework.settings import case_manager_roles
from plugins.municipality.casework.tables import CaseManagerPost
from plugins.municipality.casework.workflow import CASE_MANAGEMENT, PLAN_STAGE
from tests.helpers import make_user, post, sign_in
from tests.plugins.municipality.casework_fixtures import (
    case_from_police_report,
    case_row,
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    pending,
    switch,
)

pytestmark = pytest.mark.anyio
PATH = "/municipality/settings/case-managers"


async def coordinators(mari):
    """Tartu Kool's coordinator and an Elva school's."""
    [elva_school] = await Organisation.insert(
        Organisation(
            name="Elva Kool",
            folded_name=fold("Elva Kool"),
            kind="hobby_school",
            sector="education",
            municipality=mari["elva"],
        )
    ).returning(Organisation.id)
    tartu = await make_user(
        "school.coordinator", mari["tartu_school"], "casework_coordinator", full_name="Tea Tugi"
    )
    elva = await make_user(
        "elva.coordinator", elva_school["id"], "casework_coordinator", full_name="Eha Elvast"
    )
    return tartu, elva


async def test_an_institutions_marked_coordinator_is_offered_where_its_plugin_is_on(
    municipality_client, mari
):
    client = municipality_client
    await sign_in(client, "elva.admin")
    page = (await client.get(PATH)).text
    assert 'value="casework_coordinator"' in page
    assert "lasteaia või kooli ametikoht" in page
    # Institution posts without the mark, and unit posts, are not offered.
    assert 'value="casework_nurse"' not in page and 'value="casework_teacher"' not in page
    assert (await post(client, PATH, {"role": "casework_coordinator"})).status_code == 303
    assert await case_manager_roles(mari["elva"]) == ["casework_coordinator"]

    await set_plugin_enabled(client.app.state.plugins, "casework", mari["elva"], False)
    page = (await client.get(PATH)).text
    assert 'value="casework_coordinator"' not in page
    assert 'value="casework_manager"' not in page
    refused = await post(client, PATH, {"role": "casework_coordinator"})
    assert refused.status_code == 400


async def test_a_named_coordinator_of_the_municipality_receives_the_case_and_sees_it(
    municipality_client, municipality_plugins, mari
):
    client = municipality_client
    tartu_coordinator, elva_coordinator = await coordinators(mari)
    case_id = await case_from_police_report(client, mari)
    form = await client.get(f"/cases/{case_id}/handover")
    assert "Tea Tugi" not in form.text

    await CaseManagerPost.insert(
        CaseManagerPost(municipality=mari["tartu"], role="casework_coordinator")
    )
    tartu_case = {"municipality": mari["tartu"], "workflow": CASE_MANAGEMENT.key}
    assert "casework_coordinator" in await engine.stage_roles(
        municipality_plugins, tartu_case, PLAN_STAGE
    )
    form = await client.get(f"/cases/{case_id}/handover")
    assert "Tea Tugi" in form.text and "Eha Elvast" not in form.text
    version = (await case_row(case_id))["version"]
    refused = await post(
        client,
        f"/cases/{case_id}/handover",
        {"receiver": str(elva_coordinator), "reason": "Kool juhib", "version": str(version)},
    )
    assert refused.status_code == 400
    handed = await post(
        client,
        f"/cases/{case_id}/handover",
        {"receiver": str(tartu_coordinator), "reason": "Kool juhib", "version": str(version)},
    )
    assert handed.status_code == 303, handed.text

    await switch(client, "school.coordinator")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert case["responsible"] == tartu_coordinator
    page = await client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert f"/cases/{case_id}/steps/to_plan" in page.text

    await switch(client, "elva.coordinator")
    assert (await client.get(f"/cases/{case_id}")).status_code == 404


async def test_a_named_post_stops_running_cases_where_its_plugin_is_turned_off(
    municipality_plugins, mari
):
    await CaseManagerPost.insert(
        CaseManagerPost(municipality=mari["tartu"], role="casework_coordinator")
    )
    tartu_case = {"municipality": mari["tartu"], "workflow": CASE_MANAGEMENT.key}
    await set_plugin_enabled(municipality_plugins, "casework", mari["tartu"], False)
    roles = await engine.stage_roles(municipality_plugins, tartu_case, PLAN_STAGE)
    assert "casework_coordinator" not in roles
