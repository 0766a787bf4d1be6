"""Workflow steps, handovers and escalation, enforced by core on the casework test workflow."""

import pytest

from core.cases.tables import Case, CaseEntry, Handover
from core.consent.tables import ShareOverride
from core.plugins import PluginError, build_plugins
from core.registry import Level, Stage, Transition, Workflow
from tests.core.cases.conftest import open_case, switch
from tests.helpers import post

pytestmark = pytest.mark.anyio


async def case_row(case_id):
    return await Case.select().where(Case.id == case_id).first()


async def pending(case_id):
    return (
        await Handover.select()
        .where((Handover.case == case_id) & (Handover.status == "pending"))
        .first()
    )


async def take(client, case_id, key, **data):
    return await post(
        client, f"/cases/{case_id}/steps/{key}", data, f"/cases/{case_id}/steps/{key}"
    )


async def step(client, case_id, key, **data):
    """Take a step, naming the case's current version."""
    version = (await case_row(case_id))["version"]
    return await take(client, case_id, key, version=str(version), **data)


async def to_stage_two(client, casework):
    """Teacher opens a case and hands it to the coordinator, who accepts."""
    case_id = await open_case(client, casework)
    response = await step(client, case_id, "to_II", receiver=str(casework["coordinator"]))
    assert response.status_code == 303
    await switch(client, "coordinator")
    handover = await pending(case_id)
    accepted = await post(client, f"/handovers/{handover['id']}/accept", {}, f"/cases/{case_id}")
    assert accepted.status_code == 303
    return case_id


async def test_a_step_the_role_may_not_take_is_refused_with_a_message(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await switch(notes_client, "coordinator")
    response = await step(notes_client, case_id, "to_II")
    assert response.status_code == 400
    assert "Sinu roll ei või seda sammu teha." in response.text
    assert (await case_row(case_id))["stage"] == "I"
    # A transition out of another stage is not offered at all.
    assert (await notes_client.get(f"/cases/{case_id}/steps/to_III")).status_code == 404


async def test_passing_on_is_a_handover_the_receiver_accepts(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await step(notes_client, case_id, "to_II", receiver=str(casework["coordinator"]))
    assert response.status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("I", casework["teacher"])
    await switch(notes_client, "coordinator")
    home = await notes_client.get("/")
    assert "Mets, Mari" in home.text
    handover = await pending(case_id)
    await post(notes_client, f"/handovers/{handover['id']}/accept", {}, f"/cases/{case_id}")
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("II", casework["coordinator"])
    notes = await CaseEntry.select(CaseEntry.body).where(CaseEntry.case == case_id)
    assert any(row["body"] == "casework noted to_II" for row in notes)


async def test_a_declined_handover_returns_the_case_with_the_reason(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await step(notes_client, case_id, "to_II", receiver=str(casework["coordinator"]))
    await switch(notes_client, "coordinator")
    handover = await pending(case_id)
    path = f"/handovers/{handover['id']}/decline"
    empty = await post(notes_client, path, {"reason": ""}, path)
    assert empty.status_code == 400
    assert "Kirjuta, miks keeldud" in empty.text
    await post(notes_client, path, {"reason": "Vaja on rohkem tähelepanekuid."}, path)
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("I", casework["teacher"])
    await switch(notes_client, "teacher")
    page = await notes_client.get(f"/cases/{case_id}")
    assert "Vaja on rohkem tähelepanekuid." in page.text


async def test_a_missing_form_and_a_plugins_objection_are_shown_together(notes_client, casework):
    case_id = await to_stage_two(notes_client, casework)
    page = await notes_client.get(f"/cases/{case_id}/steps/to_III")
    assert "Täida kõigepealt vorm „Hindamine”." in page.text
    assert "Raise the concern level above low" in page.text
    assert f"/forms/cases/{case_id}/new/casework.assessment" in page.text
    response = await step(notes_client, case_id, "to_III", receiver=str(casework["manager"]))
    assert response.status_code == 400
    assert (await case_row(case_id))["stage"] == "II"


async def test_the_municipality_sees_the_case_only_once_it_reaches_its_level(
    notes_client, casework
):
    case_id = await to_stage_two(notes_client, casework)
    path = f"/forms/cases/{case_id}/new/casework.assessment"
    assert (await post(notes_client, path, {"f.summary": "Vajab tuge."}, path)).status_code == 303
    version = (await case_row(case_id))["version"]
    await post(
        notes_client,
        f"/cases/{case_id}/concern",
        {"concern": "high", "reason": "Olukord halvenes.", "version": str(version)},
        f"/cases/{case_id}",
    )
    await switch(notes_client, "manager")
    assert (await notes_client.get(f"/cases/{case_id}")).status_code == 404
    await switch(notes_client, "coordinator")
    response = await step(notes_client, case_id, "to_III", receiver=str(casework["manager"]))
    assert response.status_code == 303
    await switch(notes_client, "manager")
    handover = await pending(case_id)
    accepted = await post(
        notes_client, f"/handovers/{handover['id']}/accept", {}, f"/cases/{case_id}"
    )
    assert accepted.status_code == 303, accepted.text
    case = await case_row(case_id)
    assert (case["stage"], case["level"]) == ("III", "municipality")
    assert (await notes_client.get(f"/children/{casework['child']}")).status_code == 200
    await switch(notes_client, "elva.manager")
    assert (await notes_client.get(f"/cases/{case_id}")).status_code == 404


@pytest.mark.parametrize("stage", ["I", "II", "III"])
async def test_escalation_to_child_protection_works_from_every_stage(notes_client, casework, stage):
    case_id = await open_case(notes_client, casework)
    await Case.update(
        {Case.stage: stage, Case.level: "municipality" if stage == "III" else "institution"}
    ).where(Case.id == case_id)
    path = f"/cases/{case_id}/escalate"
    version = str((await case_row(case_id))["version"])
    missing = await post(notes_client, path, {"version": version}, path)
    assert missing.status_code == 400
    assert "Kirjuta, miks juhtum läheb lastekaitsele." in missing.text
    assert "Vali õiguslik alus." in missing.text
    response = await post(
        notes_client,
        path,
        {
            "version": version,
            "receiver": str(casework["tartu.cps"]),
            "legal_basis": "child_protection_act_31",
            "reason": "Laps ütles, et kodus on ohtlik.",
        },
        path,
    )
    assert response.status_code == 303
    case = await case_row(case_id)
    assert case["escalated_at"] is not None
    override = await ShareOverride.select().where(ShareOverride.child == casework["child"]).first()
    assert override["legal_basis"] == "child_protection_act_31"
    await switch(notes_client, "tartu.cps")
    handover = await pending(case_id)
    assert handover["escalation"]
    await post(notes_client, f"/handovers/{handover['id']}/accept", {}, f"/cases/{case_id}")
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("core.child_protection", casework["tartu.cps"])
    closing = await step(notes_client, case_id, "core.close", reason="Pere sai abi.")
    assert closing.status_code == 303
    assert (await case_row(case_id))["status"] == "closed"


async def test_heaolu_case_workflows_are_checked_at_start_up(settings, casework):
    case_id_stage = Stage("I", "I", Level.institution, frozenset({"casework_teacher"}))
    broken = Workflow(
        "casework.broken",
        "Broken",
        frozenset({"kindergarten"}),
        (case_id_stage,),
        (Transition("x", "X", frozenset({"I"}), "nowhere", frozenset({"casework_teacher"})),),
    )
    import tests.testplugins.casework as plugin

    original = plugin.WORKFLOW
    try:
        plugin.WORKFLOW = broken
        with pytest.raises(PluginError, match="unknown stages nowhere"):
            build_plugins(settings, ("tests.testplugins.notes", "tests.testplugins.casework"))
    finally:
        plugin.WORKFLOW = original
    plugins = build_plugins(settings, ("tests.testplugins.notes", "tests.testplugins.casework"))
    assert "casework.school" in plugins.workflows
    assert "core.child_protection" in plugins.workflows


def test_a_workflow_may_name_child_protection_as_a_source_but_not_as_a_target(settings):
    """The way back from core's child-protection stage is the workflow's to declare; the way
    there stays core's escalation."""
    import tests.testplugins.casework as plugin

    stage = Stage("I", "I", Level.institution, frozenset({"casework_teacher"}))
    back = Transition(
        "back", "Back", frozenset({"core.child_protection"}), "I", frozenset({"casework_teacher"})
    )
    there = Transition(
        "there", "There", frozenset({"I"}), "core.child_protection", frozenset({"casework_teacher"})
    )
    original = plugin.WORKFLOW
    try:
        for transitions, problem in (((back,), None), ((there,), "core.child_protection")):
            plugin.WORKFLOW = Workflow(
                "casework.back", "Back", frozenset({"hobby_school"}), (stage,), transitions
            )
            if problem is None:
                built = build_plugins(
                    settings, ("tests.testplugins.notes", "tests.testplugins.casework")
                )
                # Its own transition; an installed plugin may add steps to every workflow.
                own = built.workflows["casework.back"].transitions
                assert [t for t in own if t.key.startswith("casework.") or "." not in t.key] == [
                    back
                ]
            else:
                with pytest.raises(PluginError, match=f"unknown stages {problem}"):
                    build_plugins(
                        settings, ("tests.testplugins.notes", "tests.testplugins.casework")
                    )
    finally:
        plugin.WORKFLOW = original


async def test_heaolu_validate_transition_problems_stop_the_step(notes_client, casework):
    case_id = await to_stage_two(notes_client, casework)
    response = await step(notes_client, case_id, "to_III", receiver=str(casework["manager"]))
    assert "Raise the concern level above low" in response.text


async def test_heaolu_after_transition_runs_in_the_same_transaction(notes_client, casework):
    case_id = await to_stage_two(notes_client, casework)
    await step(notes_client, case_id, "close_II", reason="Tugi aitas.")
    bodies = [
        row["body"]
        for row in await CaseEntry.select(CaseEntry.body).where(CaseEntry.case == case_id)
    ]
    assert "casework noted close_II" in bodies


async def test_heaolu_case_panels_show_on_the_case_page(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    page = await notes_client.get(f"/cases/{case_id}")
    assert "Casework panel for stage I" in page.text
