"""The plugin's pages and forms, through real requests: only child-protection work on a case
the user may see reaches them; each form stores once and shows a bad answer again."""

from datetime import date

import pytest
from core.api import testing

from heaolu_signs_of_safety.chart import chart
from heaolu_signs_of_safety.summary import summary
from heaolu_signs_of_safety.tables import MappingVersion, Review, Scale

pytestmark = pytest.mark.anyio
LIST = "/signs_of_safety/"
QUALITY = "/signs_of_safety/quality"


def page_of(case_id: int) -> str:
    return f"/signs_of_safety/cases/{case_id}"


MAPPING = {
    "held_on": "02.11.2026",
    "participants": "Ema, isa, vanaema",
    "past_harm": "Isa lõhkus ukse.",
    "working_well": "Vanaema on lähedal.",
    "next_steps": "Turvakava.",
    "danger_1": "Kertu kardab, kui isa karjub.",
    "goal_1": "Kodus on rahulik.",
}


async def test_the_pages_are_child_protection_work_only(site, case_id):
    async with site.client("specialist") as client:
        for path in (LIST, page_of(case_id), QUALITY):
            assert (await client.get(path)).status_code == 200, path
    for username in ("manager", "elva"):
        async with site.client(username) as client:
            for path in (LIST, page_of(case_id), QUALITY):
                assert (await client.get(path)).status_code == 404, (username, path)
    async with site.client("specialist") as client:
        assert (await client.get(page_of(case_id + 1000))).status_code == 404


async def test_the_cases_are_counted_and_shown_a_page_at_a_time(site, case_id):
    from core.api import Case

    from heaolu_signs_of_safety.pages import PAGE_SIZE

    case = await Case.select().where(Case.id == case_id).first()
    for _ in range(PAGE_SIZE):
        await Case.insert(Case(**{k: v for k, v in case.items() if k != "id"}))
    total = PAGE_SIZE + 1
    async with site.client("specialist") as client:
        first = (await client.get(LIST)).text
        second = (await client.get(f"{LIST}?page=2")).text
        assert (await client.get(f"{LIST}?page=kaks")).status_code == 400
    assert f"Käimasolevaid lastekaitse juhtumeid: {total}." in first
    assert first.count("/signs_of_safety/cases/") == PAGE_SIZE and "Leht 1 / 2" in first
    assert second.count("/signs_of_safety/cases/") == 1 and "?page=1" in second


async def test_the_plugin_is_off_until_enabled(site, case_id):
    await site.enable("signs_of_safety", "Tartu linn", enabled=False)
    async with site.client("specialist") as client:
        assert (await client.get(page_of(case_id))).status_code == 404


async def test_a_mapping_is_kept_in_versions_with_its_pairs(site, case_id):
    async with site.client("specialist") as client:
        path = f"{page_of(case_id)}/mappings"
        first = await testing.post(client, path, MAPPING, page_of(case_id))
        assert first.status_code == 303
        again = {**MAPPING, "held_on": "16.11.2026", "participants": "Ema, isa, Kertu"}
        assert (await testing.post(client, path, again, page_of(case_id))).status_code == 303
        shown = (await client.get(page_of(case_id))).text
    versions = await MappingVersion.select(MappingVersion.version, MappingVersion.held_on).where(
        MappingVersion.case == case_id
    )
    assert sorted((row["version"], row["held_on"]) for row in versions) == [
        (1, date(2026, 11, 2)),
        (2, date(2026, 11, 16)),
    ]
    assert "Kertu kardab, kui isa karjub." in shown
    assert "Kodus on rahulik." in shown
    assert "Versioon 2, 16.11.2026" in shown
    assert "Versioon 1, 02.11.2026" in shown


async def test_a_bad_mapping_comes_back_with_every_problem(site, case_id):
    async with site.client("specialist") as client:
        typed = {"held_on": "31.02.2026", "participants": "Ema", "danger_1": "Oht"}
        answer = await testing.post(client, f"{page_of(case_id)}/mappings", typed, page_of(case_id))
    assert answer.status_code == 400
    assert 'id="error-summary"' in answer.text
    assert 'aria-invalid="true" aria-describedby="mapping-goal_1-error"' in answer.text
    assert 'aria-invalid="true" aria-describedby="mapping-held_on-error"' in answer.text
    assert 'aria-invalid="true" aria-describedby="mapping-past_harm-error"' in answer.text
    assert ">Oht</textarea>" in answer.text
    assert await MappingVersion.count() == 0


async def test_the_safety_scale_is_drawn_over_reviews(site, case_id):
    path = f"{page_of(case_id)}/scales"
    async with site.client("specialist") as client:
        for day, mother, child in (("01.11.2026", "3", "4"), ("01.12.2026", "6", "8")):
            answers = {
                "review_on": day,
                "participant_1": "Ema",
                "score_1": mother,
                "participant_2": "Kertu",
                "score_2": child,
            }
            assert (await testing.post(client, path, answers, page_of(case_id))).status_code == 303
        shown = (await client.get(page_of(case_id))).text
        bad = await testing.post(
            client,
            path,
            {"review_on": "01.12.2026", "participant_1": "Isa", "score_1": "11"},
            page_of(case_id),
        )
    assert "<svg" in shown and "<polyline" in shown
    assert '<th scope="row">Kertu</th><td>4</td><td>8</td>' in shown
    assert bad.status_code == 400
    assert "Vali arv 0 kuni 10." in bad.text
    assert await Scale.count() == 4


async def test_plan_houses_and_review_are_stored_and_shown(site, case_id):
    forms = {
        "plans": {
            "agreed_on": "03.11.2026",
            "rules": "Kodus ei jooda.",
            "tasks": "Vanaema helistab.",
            "monitoring": "Õpetaja annab teada.",
            "network": "Vanaema, naaber.",
        },
        "houses": {
            "heard_on": "04.11.2026",
            "heard_by": "Lastekaitsespetsialist",
            "dreams": "Et kodus oleks vaikne.",
        },
        "reviews": {"reviewed_on": "05.11.2026", "with_family": "yes", "child_heard": "yes"},
    }
    async with site.client("specialist") as client:
        for name, data in forms.items():
            answer = await testing.post(
                client, f"{page_of(case_id)}/{name}", data, page_of(case_id)
            )
            assert answer.status_code == 303, name
        shown = (await client.get(page_of(case_id))).text
    assert "Kodus ei jooda." in shown
    assert "Et kodus oleks vaikne." in shown
    [review] = await Review.select().where(Review.case == case_id)
    assert (review["with_family"], review["clear_statements"], review["child_heard"]) == (
        True,
        False,
        True,
    )


async def test_the_quality_summary_names_no_child_and_hides_small_counts(site, case_id):
    async with site.client("specialist") as client:
        for day in ("01.10.2026", "02.10.2026", "03.10.2026", "04.10.2026", "05.10.2026"):
            data = {"reviewed_on": day, "with_family": "yes", "child_heard": "yes"}
            answer = await testing.post(
                client, f"{page_of(case_id)}/reviews", data, page_of(case_id)
            )
            assert answer.status_code == 303
        shown = (await client.get(QUALITY)).text
    assert "Kertu" not in shown and "Proov" not in shown
    assert "<td>5</td>" in shown
    assert "alla 5" in shown


def test_the_summary_counts_per_team_and_quarter():
    reviews = [
        {
            "team": 1,
            "reviewed_on": date(2026, 11, day),
            "with_family": True,
            "clear_statements": day > 3,
            "child_heard": True,
            "scale_followed": False,
        }
        for day in range(1, 7)
    ]
    [row] = summary(reviews, {1: "Lastekaitse"})
    assert (row.team, row.year, row.quarter, row.reviews) == ("Lastekaitse", 2026, 4, 6)
    assert row.checks == (6, None, 6, None)


def test_the_chart_has_a_line_per_participant_and_a_column_per_review():
    answers = [
        {"participant": "Ema", "review_on": date(2026, 11, 1), "score": 3},
        {"participant": "Ema", "review_on": date(2026, 12, 1), "score": 6},
        {"participant": "Kertu", "review_on": date(2026, 12, 1), "score": 8},
    ]
    drawn = chart(answers)
    assert drawn is not None
    assert [line.participant for line in drawn.lines] == ["Ema", "Kertu"]
    assert drawn.table == (("Ema", (3, 6)), ("Kertu", (None, 8)))
    assert chart([]) is None


async def test_the_mapping_step_joins_the_child_protection_stage_and_waits_for_a_mapping(
    site, case_id
):
    step = f"/cases/{case_id}/steps/signs_of_safety.mapped"
    async with site.client("specialist") as client:
        case_page = (await client.get(f"/cases/{case_id}")).text
        assert step in case_page
        assert f'href="{page_of(case_id)}"' in case_page
        waiting = (await client.get(step)).text
        assert "Salvesta enne kaardistamine juhtumi Turvalisuse märkide lehel." in waiting
        added = await testing.post(
            client, f"{page_of(case_id)}/mappings", MAPPING, page_of(case_id)
        )
        assert added.status_code == 303
        assert "Salvesta enne kaardistamine" not in (await client.get(step)).text
