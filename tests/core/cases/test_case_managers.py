"""Municipality-level stages that name no roles belong to the municipality's case managers:
the roles holding core.case.manage, and those the municipality lets act as case managers."""

import pytest

from core.cases import engine
from core.plugins import PluginError, build_plugins
from core.registry import Level, Stage, Workflow

pytestmark = pytest.mark.anyio

CASE_MANAGEMENT = Stage("M", "Case management", Level.municipality, frozenset())


def case_in(municipality):
    return {"municipality": municipality, "workflow": "none", "stage": "M"}


async def test_heaolu_case_manager_roles_add_posts_to_child_protection_in_that_municipality(
    bound_plugins, casework
):
    tartu = await engine.stage_roles(bound_plugins, case_in(casework["tartu"]), CASE_MANAGEMENT)
    elva = await engine.stage_roles(bound_plugins, case_in(casework["elva"]), CASE_MANAGEMENT)
    assert tartu == {"child_protection_specialist", "casework_manager"}
    assert elva == {"child_protection_specialist"}


async def test_receivers_are_the_case_managers_of_the_case_municipality_only(
    bound_plugins, casework
):
    case = {**case_in(casework["tartu"]), "owner_organisation": casework["tartu_school"]}
    receivers = await engine.receivers_for(bound_plugins, case, CASE_MANAGEMENT)
    assert {r.user_id for r in receivers} == {casework["tartu.cps"], casework["manager"]}
    elva = {**case_in(casework["elva"]), "owner_organisation": casework["elva_office"]}
    receivers = await engine.receivers_for(bound_plugins, elva, CASE_MANAGEMENT)
    assert {r.user_id for r in receivers} == {casework["elva.cps"]}


async def test_an_institution_stage_without_roles_stops_start_up(settings):
    from tests.testplugins import casework as plugin

    original = plugin.WORKFLOW
    unmanned = Stage("I", "Nobody", Level.institution, frozenset())
    try:
        plugin.WORKFLOW = Workflow(
            "casework.school", "x", frozenset({"hobby_school"}), (unmanned,), ()
        )
        with pytest.raises(PluginError, match="names no roles for institution-level stages I"):
            build_plugins(settings, ("tests.testplugins.notes", "tests.testplugins.casework"))
    finally:
        plugin.WORKFLOW = original
