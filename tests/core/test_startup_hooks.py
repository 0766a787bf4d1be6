"""The start-up hooks the next plugins declare their parts with: workflow extensions, unit
kinds (proven with the casework and method test plugins); timeline entry kinds are proven in
tests/core/cases/test_timeline_entry_kinds.py."""

import pytest

from core.plugins import PluginError, build_plugins
from core.registry import CHILD_PROTECTION_STAGE_KEY
from tests.conftest import CASEWORK, NOTES, loading

METHOD = "tests.testplugins.method"


def with_method(settings):
    chosen = [NOTES, CASEWORK, METHOD]
    return build_plugins(loading(settings, chosen), chosen)


def test_heaolu_workflow_extensions_add_steps_to_the_child_protection_stage_of_every_workflow(
    settings,
):
    workflows = with_method(settings).workflows
    for key in ("casework.school", "core.child_protection"):
        steps = [t.key for t in workflows[key].transitions_from(CHILD_PROTECTION_STAGE_KEY)]
        assert "method.network_meeting" in steps, key
    school = workflows["casework.school"]
    assert school.stage("method.follow_up") is not None
    assert "method.to_follow_up" in [t.key for t in school.transitions]
    assert workflows["core.child_protection"].stage("method.follow_up") is None


def test_heaolu_workflow_extensions_of_a_workflow_nobody_declares_stop_start_up(settings):
    with pytest.raises(PluginError, match="'intruder_extension'.*no loaded plugin declares"):
        build_plugins(settings, ["tests.testplugins.intruder_extension"])


def test_heaolu_unit_kinds_are_collected_with_cores(settings):
    kinds = with_method(settings).unit_kinds
    assert kinds["group"].organisation_kinds == {"kindergarten"}
    assert kinds["class"].label == "Class"
    assert kinds["casework.stage"].organisation_kinds == {"school"}


@pytest.mark.anyio
async def test_heaolu_unit_kinds_are_offered_when_a_unit_is_added(notes_client, people):
    from core.people.tables import Unit
    from tests.helpers import count_as_school, post, sign_in

    await count_as_school(people["tartu_school"])
    await sign_in(notes_client, "tartu.admin")
    path = f"/directory/organisations/{people['tartu_school']}"
    page = (await notes_client.get(path)).text
    assert '<option value="class">Klass</option>' in page
    assert '<option value="casework.stage">School stage</option>' in page
    added = await post(notes_client, f"{path}/units", {"unit_name": "I aste", "unit_kind": "x"})
    assert added.status_code == 400
    assert "Valik ei sobi." in added.text and 'value="I aste"' in added.text
    stage = {"unit_name": "I aste", "unit_kind": "casework.stage"}
    assert (await post(notes_client, f"{path}/units", stage)).status_code == 303
    assert (await Unit.objects().get(Unit.name == "I aste")).kind == "casework.stage"
    assert "I aste (School stage)" in (await notes_client.get(path)).text
