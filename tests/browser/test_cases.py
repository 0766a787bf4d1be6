"""The case page in a real browser: htmx swaps the timeline and a task's row in place, the
timeline's problems included."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_page
from tests.conftest import run_async

pytestmark = pytest.mark.browser


@pytest.fixture
def case_ids(people_ids):
    """Mari's case at stage I with the teacher responsible, and one task of the teacher's."""
    from core.cases.tables import Case, PlanTask
    from tests.core.cases.conftest import make_casework

    async def work():
        ids = await make_casework(people_ids)
        [case] = await Case.insert(
            Case(
                child=ids["child"],
                owner_organisation=ids["tartu_school"],
                municipality=ids["tartu"],
                workflow="casework.school",
                stage="I",
                level="institution",
                responsible=ids["teacher"],
            )
        ).returning(Case.id)
        [task] = await PlanTask.insert(
            PlanTask(case=case["id"], title="Helista emale", owner=ids["teacher"])
        ).returning(PlanTask.id)
        return {**ids, "case": case["id"], "task": task["id"]}

    return run_async(work)


def test_entries_and_tasks_change_in_place(page, case_ids):
    log_in_page(page, "teacher")
    page.goto(f"/cases/{case_ids['case']}")
    page.evaluate("window.stayedOnThePage = true")
    timeline = page.locator("#timeline")

    timeline.get_by_text("Lisa sissekanne").first.click()  # the <summary> opens the form
    timeline.get_by_label("Tekst").fill("   ")
    timeline.get_by_role("button", name="Lisa sissekanne").click()
    expect(timeline.locator(".error")).to_have_text("Kirjuta sissekande tekst.")

    timeline.get_by_label("Tekst").fill("Mari rääkis täna klassis oma koerast.")
    timeline.get_by_role("button", name="Lisa sissekanne").click()
    expect(timeline.locator(".entry-body")).to_have_text("Mari rääkis täna klassis oma koerast.")
    expect(timeline.locator(".error")).to_have_count(0)

    task = page.locator(f"#task-{case_ids['task']}")
    task.get_by_role("button", name="Märgi tehtuks: Helista emale").click()
    expect(task).to_have_class("task task-done")
    task.get_by_role("button", name="Märgi tegemata: Helista emale").click()
    expect(task).to_have_class("task task-open")
    assert page.evaluate("window.stayedOnThePage") is True
