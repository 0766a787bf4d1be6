"""The action plan: goals with measures, tasks with owner and due date, ticking a task (htmx
swaps only its row), overdue tasks, conflicting saves, evaluations."""

import re
from datetime import date, timedelta

import pytest

from core.cases.tables import Case, CaseEntry, PlanEvaluation, PlanGoal, PlanTask
from core.i18n import format_date
from tests.core.cases.conftest import case_row, hx_post, open_case, switch
from tests.helpers import post

pytestmark = pytest.mark.anyio
TODAY = date.today()
GOAL = "Mari julgeb rühmatöös kaaslastega rääkida."


async def add_goal(client, case_id, **data):
    return await post(client, f"/cases/{case_id}/goals", data, f"/cases/{case_id}")


async def add_task(client, case_id, **data):
    return await post(client, f"/cases/{case_id}/tasks", data, f"/cases/{case_id}")


async def task_row(title):
    return await PlanTask.select().where(PlanTask.title == title).first()


async def tick(client, case_id, task, status, version, htmx=True):
    path = f"/cases/{case_id}/tasks/{task}/status"
    data = {"status": status, "version": str(version)}
    send = hx_post if htmx else post
    return await send(client, path, data, f"/cases/{case_id}")


async def test_goals_with_measures_and_tasks_with_owners(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await add_goal(notes_client, case_id, goal=GOAL, measures="Paaristöö iga päev.")
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}#plan"
    [goal] = await PlanGoal.select().where(PlanGoal.case == case_id)
    due = TODAY + timedelta(days=5)
    response = await add_task(
        notes_client,
        case_id,
        title="Kohtumine emaga",
        goal=str(goal["id"]),
        owner=str(casework["teacher"]),
        due_on=format_date(due),
    )
    assert response.status_code == 303
    await add_task(notes_client, case_id, title="Uurida huviringe", goal="", owner="", due_on="")
    task = await task_row("Kohtumine emaga")
    assert (task["goal"], task["owner"], task["due_on"], task["status"]) == (
        goal["id"],
        casework["teacher"],
        due,
        "open",
    )
    page = (await notes_client.get(f"/cases/{case_id}")).text
    plan = page[page.index('id="plan"') : page.index('id="forms"')]
    assert GOAL in plan and "Paaristöö iga päev." in plan
    assert plan.index(GOAL) < plan.index("Kohtumine emaga") < plan.index("Muud ülesanded")
    assert plan.index("Muud ülesanded") < plan.index("Uurida huviringe")
    assert f"Tiina Õpetaja · tähtaeg {format_date(due)}" in plan


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Kirjuta, mida tuleb teha."),
        ({"goal": "999999"}, "Vali üks tegevusplaani eesmärkidest."),
        ({"owner": "999999"}, "Vali ülesande vastutaja juhtumiga tegelevate inimeste seast."),
        ({"due_on": "31.02.2026"}, "Kirjuta kuupäev kujul pp.kk.aaaa."),
    ],
    ids=["no title", "another case's goal", "owner not on the case", "bad date"],
)
async def test_a_bad_task_is_refused_with_its_message_and_the_typed_text(
    notes_client, casework, data, message
):
    case_id = await open_case(notes_client, casework)
    typed = {"title": "Helistada emale", "goal": "", "owner": "", "due_on": "", **data}
    response = await add_task(notes_client, case_id, **typed)
    assert response.status_code == 400
    assert message in response.text
    if typed["title"]:
        assert "Helistada emale" in response.text
    assert await PlanTask.count() == 0


@pytest.mark.parametrize("htmx", [False, True], ids=["plain post", "htmx"])
async def test_a_wrong_task_date_is_marked_beside_its_field_and_nothing_typed_is_lost(
    notes_client, casework, htmx
):
    case_id = await open_case(notes_client, casework)
    typed = {
        "title": "Helistada emale",
        "goal": "",
        "owner": str(casework["teacher"]),
        "due_on": "31.02.2026",
    }
    send = hx_post if htmx else post
    response = await send(notes_client, f"/cases/{case_id}/tasks", typed, f"/cases/{case_id}")
    assert response.status_code == 400
    html = response.text
    if htmx:
        assert html.strip().startswith('<section class="panel" id="plan"')
    else:
        assert '<section class="panel" id="plan"' in html and "<nav" in html
    form = html[html.index(f'action="/cases/{case_id}/tasks"') :]
    form = form[: form.index("</form>")]
    assert 'value="Helistada emale"' in form
    assert f'<option value="{casework["teacher"]}" selected>' in form
    assert 'value="31.02.2026" placeholder' in form
    assert 'aria-invalid="true" aria-describedby="task-due-error"' in form
    assert '<p class="error field-error" id="task-due-error">Kirjuta kuupäev' in form
    assert "<details open>" in html
    assert await PlanTask.count() == 0


async def test_a_task_added_with_htmx_answers_the_plan_in_place(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    typed = {"title": "Helistada emale", "goal": "", "owner": "", "due_on": ""}
    response = await hx_post(notes_client, f"/cases/{case_id}/tasks", typed, f"/cases/{case_id}")
    assert response.status_code == 200
    assert response.text.strip().startswith('<section class="panel" id="plan"')
    assert "Helistada emale" in response.text
    assert await PlanTask.count() == 1


async def test_a_goal_needs_its_text(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await add_goal(notes_client, case_id, goal="", measures="Paaristöö.")
    assert response.status_code == 400
    assert "Kirjuta eesmärk (kuni 5000 märki)." in response.text
    assert "Paaristöö." in response.text
    assert await PlanGoal.count() == 0


async def test_ticking_a_task_with_htmx_answers_only_its_row(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_task(notes_client, case_id, title="Helistada emale", owner=str(casework["teacher"]))
    task = await task_row("Helistada emale")
    response = await tick(notes_client, case_id, task["id"], "done", task["version"])
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith(f'<li id="task-{task["id"]}" class="task task-done">')
    assert html.endswith("</li>") and html.count("<li") == 1
    assert "<html" not in html
    assert 'name="status" value="open"' in html  # the row's button now reopens it
    assert 'name="version" value="2"' in html
    assert "HX-Request" in response.headers["vary"]
    saved = await task_row("Helistada emale")
    assert (saved["status"], saved["version"]) == ("done", 2)
    assert saved["done_at"] is not None
    # The row's own form works again: reopen.
    again = await tick(notes_client, case_id, task["id"], "open", 2)
    assert again.status_code == 200
    assert 'class="task task-open"' in again.text


async def test_ticking_a_task_without_htmx_redirects_to_its_row(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_task(notes_client, case_id, title="Helistada emale")
    task = await task_row("Helistada emale")
    response = await tick(notes_client, case_id, task["id"], "done", 1, htmx=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}#task-{task['id']}"
    assert (await task_row("Helistada emale"))["status"] == "done"


async def test_an_open_task_past_its_due_date_is_marked_overdue(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    yesterday = TODAY - timedelta(days=1)
    await PlanTask.insert(
        PlanTask(case=case_id, title="Hilinenud kõne", owner=casework["teacher"], due_on=yesterday),
        PlanTask(case=case_id, title="Tänane kõne", owner=casework["teacher"], due_on=TODAY),
        PlanTask(
            case=case_id,
            title="Tehtud kõne",
            owner=casework["teacher"],
            due_on=yesterday,
            status="done",
        ),
    )
    page = (await notes_client.get(f"/cases/{case_id}")).text
    rows = {
        title: re.search(rf'<li id="task-\d+" class="([^"]*)">(?:(?!</li>).)*{title}', page, re.S)
        for title in ("Hilinenud kõne", "Tänane kõne", "Tehtud kõne")
    }
    assert rows["Hilinenud kõne"].group(1) == "task task-open overdue"
    assert "tähtaeg ületatud" in page[rows["Hilinenud kõne"].start() :].split("</li>")[0]
    assert rows["Tänane kõne"].group(1) == "task task-open"
    assert rows["Tehtud kõne"].group(1) == "task task-done"
    listed = (await notes_client.get("/cases")).text
    assert "tähtaeg ületatud" in listed
    # Ticking the overdue task takes the mark away in its row.
    overdue = await task_row("Hilinenud kõne")
    response = await tick(notes_client, case_id, overdue["id"], "done", overdue["version"])
    assert "overdue" not in response.text and "tähtaeg ületatud" not in response.text


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
async def test_a_stale_tick_gets_a_conflict_and_the_other_save_stands(notes_client, casework, htmx):
    case_id = await open_case(notes_client, casework)
    await add_task(notes_client, case_id, title="Helistada emale")
    task = await task_row("Helistada emale")
    # The coordinator ticks the task and reopens it; the teacher's page still shows version 1.
    await switch(notes_client, "coordinator")
    assert (await tick(notes_client, case_id, task["id"], "done", 1)).status_code == 200
    assert (await tick(notes_client, case_id, task["id"], "open", 2)).status_code == 200
    await switch(notes_client, "teacher")
    response = await tick(notes_client, case_id, task["id"], "done", 1, htmx=htmx)
    assert response.status_code == 409
    html = response.text
    assert ("<html" in html) is not htmx
    assert "see on nüüd „Käimas”" in html
    assert "Sina soovisid: „Tehtud”." in html
    assert 'name="version" value="3"' in html and 'name="status" value="done"' in html
    saved = await task_row("Helistada emale")
    assert (saved["status"], saved["version"]) == ("open", 3)
    # "Save mine anyway" names the saved version and wins knowingly.
    mine = await tick(notes_client, case_id, task["id"], "done", 3, htmx=htmx)
    assert mine.status_code == (200 if htmx else 303)
    assert (await task_row("Helistada emale"))["status"] == "done"


async def evaluate(client, case_id, version, **data):
    path = f"/cases/{case_id}/evaluations"
    return await post(client, path, {"version": str(version), **data}, f"/cases/{case_id}")


async def test_an_evaluation_is_recorded_with_the_next_review(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    next_due = TODAY + timedelta(days=60)
    version = (await case_row(case_id))["version"]
    response = await evaluate(
        notes_client,
        case_id,
        version,
        text="Mari räägib rühmatöös rohkem.",
        next_due=format_date(next_due),
    )
    assert response.status_code == 303
    [evaluation] = await PlanEvaluation.select().where(PlanEvaluation.case == case_id)
    assert (evaluation["text"], evaluation["evaluated_on"], evaluation["next_due"]) == (
        "Mari räägib rühmatöös rohkem.",
        TODAY,
        next_due,
    )
    assert evaluation["author"] == casework["teacher"]
    case = await case_row(case_id)
    assert (case["review_due"], case["version"]) == (next_due, version + 1)
    review = await CaseEntry.select().where(CaseEntry.kind == "review").first()
    assert review["body"] == "Tegevusplaani hinnati."
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert "Mari räägib rühmatöös rohkem." in page
    assert f"(järgmine: {format_date(next_due)})" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Kirjuta hinnang."),
        ({"next_due": format_date(TODAY)}, "Järgmine hindamine peab olema pärast tänast."),
        ({"next_due": "homme"}, "Kirjuta kuupäev kujul pp.kk.aaaa."),
    ],
    ids=["no text", "not after today", "bad date"],
)
async def test_a_bad_evaluation_is_refused(notes_client, casework, data, message):
    case_id = await open_case(notes_client, casework)
    version = (await case_row(case_id))["version"]
    typed = {"text": "Hinnang.", "next_due": "", **data}
    response = await evaluate(notes_client, case_id, version, **typed)
    assert response.status_code == 400
    assert message in response.text
    assert await PlanEvaluation.count() == 0
    assert (await case_row(case_id))["version"] == version


async def test_an_evaluation_over_a_newer_one_sees_both_and_loses_nothing(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    stale = (await case_row(case_id))["version"]
    await switch(notes_client, "coordinator")
    first_due = TODAY + timedelta(days=30)
    coordinator = await evaluate(
        notes_client, case_id, stale, text="Koordinaatori hinnang.", next_due=format_date(first_due)
    )
    assert coordinator.status_code == 303
    await switch(notes_client, "teacher")
    response = await evaluate(
        notes_client,
        case_id,
        stale,
        text="Õpetaja hinnang.",
        next_due=format_date(TODAY + timedelta(days=90)),
    )
    assert response.status_code == 409
    html = response.text
    assert "Koordinaatori hinnang." in html and "Kadri Koordinaator" in html
    assert format_date(first_due) in html
    assert ">Õpetaja hinnang.</textarea>" in html
    assert f'name="version" value="{stale + 1}"' in html
    assert [row["text"] for row in await PlanEvaluation.select()] == ["Koordinaatori hinnang."]
    assert (await case_row(case_id))["review_due"] == first_due
    again = await evaluate(notes_client, case_id, stale + 1, text="Õpetaja hinnang.", next_due="")
    assert again.status_code == 303
    assert await PlanEvaluation.count() == 2


async def test_the_plan_of_a_closed_case_cannot_change(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_task(notes_client, case_id, title="Helistada emale")
    task = await task_row("Helistada emale")
    await Case.update({Case.status: "closed"}).where(Case.id == case_id)
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert f'action="/cases/{case_id}/tasks/{task["id"]}/status"' not in page
    assert f'action="/cases/{case_id}/goals"' not in page
    assert (await tick(notes_client, case_id, task["id"], "done", 1)).status_code == 404
    assert (await add_goal(notes_client, case_id, goal=GOAL)).status_code == 404
    assert (await task_row("Helistada emale"))["status"] == "open"
