"""The statistics and transitions are computed in the database: each page runs the same number
of statements however much data there is, and the figures computed in SQL are the rules'."""

from datetime import date, timedelta

import pytest

from bench.plans import caught
from core.cases.tables import Case, PlanTask
from core.consent.tables import Consent
from core.forms.tables import FormSubmission
from core.people.folding import fold
from core.people.tables import Child, Enrolment, Guardian, Organisation
from plugins.municipality.insight.tables import HomeChild, HomeGroup, Outreach
from plugins.municipality.insight.transitions import movers
from tests.helpers import post, sign_in
from tests.plugins.municipality.insight_fixtures import (
    TODAY,
    enrol,
    insight_fixture,  # noqa: F401 - the fixture `insight`
    make_case,
    make_child,
    moment,
)

pytestmark = pytest.mark.anyio
YEAR = TODAY.year
EXTRA = 300  # children of each kind added, to show that the statements do not grow


def sheet(ids, case, child, noticed):
    return FormSubmission(
        form_key="core.noticing",
        form_version=1,
        child=child,
        case=case,
        data={},
        author=ids["tartu.casemanager"],
        author_organisation=ids["tartu_school"],
        created_at=noticed,
    )


def task(case, noticed, days_after):
    return PlanTask(case=case, title="Kohtumine", created_at=noticed + timedelta(days_after))


async def children(ids, names, born):
    rows = await Child.insert(
        *(
            Child(
                given_name="Laps",
                family_name=name,
                date_of_birth=born,
                search_name=fold(f"{name} Laps"),
                search_name_reversed=fold(f"Laps {name}"),
                registered_municipality=ids["tartu"],
                residence_municipality=ids["tartu"],
            )
            for name in names
        )
    ).returning(Child.id)
    return [row["id"] for row in rows]


async def some_data(ids, number, serial):
    """``number`` children of each kind in Tartu, in a few bulk inserts: leaving the
    kindergarten (every other with a consent to share with the education sector), changing
    school with a case opened this year by a noticing sheet (every third closed), and in the
    register (every other in a new group) with outreach (two in three reached)."""
    [group] = await HomeGroup.insert(
        HomeGroup(municipality=ids["tartu"], name=f"Rühm {serial}", created_by=ids["tartu.welfare"])
    ).returning(HomeGroup.id)
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Suur")).returning(
        Guardian.id
    )
    span = range(number)
    leaving = await children(ids, [f"Lahkuja{serial}x{n}" for n in span], date(YEAR - 7, 1, 2))
    changing = await children(ids, [f"Kolija{serial}x{n}" for n in span], date(YEAR - 10, 3, 3))
    at_home = await children(ids, [f"Kodune{serial}x{n}" for n in span], date(YEAR - 4, 4, 4))
    await Enrolment.insert(
        *(
            Enrolment(
                child=child,
                organisation=ids["kindergarten"],
                starts_on=date(YEAR - 3, 9, 1),
                ends_on=date(YEAR, 8, 31),
            )
            for child in leaving
        ),
        *(
            Enrolment(
                child=child,
                organisation=ids["tartu_school"],
                starts_on=date(YEAR - 3, 9, 1),
                ends_on=date(YEAR, 6, 10),
            )
            for child in changing
        ),
        *(
            Enrolment(child=child, organisation=ids["school2"], starts_on=date(YEAR, 9, 1))
            for child in changing
        ),
    )
    await Consent.insert(
        *(
            Consent(
                child=child,
                guardian=mother["id"],
                purpose="core.cross_sector_case_work",
                data_scope="education",
                recipient_sector="education",
                decision="given",
                valid_from=date(YEAR, 5, 1),
                evidence_kind="paper",
                recorded_by=ids["tartu.welfare"],
            )
            for child in leaving[1::2]
        )
    )
    opened = [moment(date(YEAR, 1 + n % 6, 1 + n % 20)) for n in span]
    cases = await Case.insert(
        *(
            Case(
                child=child,
                owner_organisation=ids["tartu_school"],
                municipality=ids["tartu"],
                workflow="casework.school",
                stage="I",
                level="institution",
                responsible=ids["tartu.casemanager"],
                status="closed" if n % 3 == 0 else "open",
                opened_at=opened[n],
                closed_at=moment(date(YEAR, 7, 1)) if n % 3 == 0 else None,
            )
            for n, child in enumerate(changing)
        )
    ).returning(Case.id)
    await FormSubmission.insert(
        *(sheet(ids, case["id"], changing[n], opened[n]) for n, case in enumerate(cases))
    )
    await PlanTask.insert(*(task(case["id"], opened[n], n % 9) for n, case in enumerate(cases)))
    entries = await HomeChild.insert(
        *(
            HomeChild(
                child=child,
                municipality=ids["tartu"],
                home_group=group["id"] if n % 2 else None,
                added_by=ids["tartu.welfare"],
            )
            for n, child in enumerate(at_home)
        )
    ).returning(HomeChild.id)
    await Outreach.insert(
        *(
            Outreach(
                entry=entry["id"],
                kind="event",
                done_on=date(YEAR, 2, 2),
                outcome="reached" if n % 3 else "not_reached",
                recorded_by=ids["tartu.welfare"],
            )
            for n, entry in enumerate(entries)
        )
    )


async def statements_of(client, path):
    with caught(Case._meta.db) as statements:
        response = await client.get(path)
    assert response.status_code == 200, response.text
    return statements, response.text


def figures_of(page: str) -> list[str]:
    """The tables of figures on a page (the first one's header row is the first table's)."""
    return [table.split("</table>", 1)[0] for table in page.split("<table")[1:]]


async def test_each_page_runs_as_many_statements_on_more_data(municipality_client, insight):
    ids = insight
    await some_data(ids, 6, 1)
    # A case at the municipality's level, so the case manager sees one mover by name.
    berit = await make_child("Berit", "Bänd", date(YEAR - 7, 5, 1), ids["tartu"])
    await enrol(berit, ids["kindergarten"], date(YEAR - 3, 9, 1))
    await make_case(
        berit,
        ids["tartu_office"],
        ids["tartu"],
        ids["tartu.welfare"],
        opened=moment(date(YEAR, 1, 10)),
        stage="III",
        level="municipality",
    )
    await sign_in(municipality_client, "tartu.casemanager")
    # The worker reads the municipality's enablement once, on the first request after a change
    # (the template's restore is one): that is not the pages' cost.
    await municipality_client.get("/")
    pages = (f"/municipality/stats?year={YEAR}", f"/municipality/transitions?year={YEAR}")
    small = {path: await statements_of(municipality_client, path) for path in pages}

    await some_data(ids, EXTRA, 2)
    kept = {path: await statements_of(municipality_client, path) for path in pages}
    for path in pages:
        # The figures are kept for a few minutes: the user asks for them anew.
        recompute = path.split("?")[0] + "/recompute"
        answer = await post(municipality_client, recompute, {"year": str(YEAR)}, "/")
        assert (answer.status_code, answer.headers["location"]) == (303, path)
    more = {path: await statements_of(municipality_client, path) for path in pages}

    for path in pages:
        (few, small_page), (many, big_page) = small[path], more[path]
        (read, kept_page) = kept[path]
        assert len(read) < len(few), "kept figures are read, not computed"
        assert figures_of(kept_page) == figures_of(small_page)
        assert figures_of(big_page) != figures_of(small_page)  # the figures grew with the data
        assert len(many) == len(few), path
    assert "Berit Bänd" in more[pages[1]][1]
    transitions = more[pages[1]][1].split('id="transitions"', 1)[1].split("</table>", 1)[0]
    # 307 leave the kindergarten (153 shared; Berit has no consent), 306 change school.
    assert "<td>307</td>" in transitions and "<td>306</td>" in transitions
    assert "<td>613</td>" in transitions


async def test_the_median_time_to_support_of_an_even_number_of_cases(municipality_client, insight):
    """Six cases opened by a noticing sheet: tasks 0 to 10 days later, one made before the
    sheet (counted as 0); the median is the mean of the middle two, 2 and 3."""
    ids = insight
    for number, days in enumerate((1, 3, 10, -1, 2, 4)):
        child = await make_child("Mia", f"Mediaan{number}", date(2016, 2, 1), ids["tartu"])
        opened = moment(date(YEAR, 2, 1 + number))
        case = await make_case(
            child, ids["tartu_school"], ids["tartu"], ids["tartu.casemanager"], opened=opened
        )
        await FormSubmission.insert(sheet(ids, case, child, opened))
        await PlanTask.insert(task(case, opened, days))
    await sign_in(municipality_client, "tartu.police")
    page = (await municipality_client.get(f"/municipality/stats?year={YEAR}")).text
    assert "kulus mediaanina 2.5 päeva (6 juhtumit)" in page


async def test_the_enrolments_a_move_is_named_by(municipality_client, insight):
    """Of two kindergartens of the summer the later started is left, and the earlier of two new
    schools is joined; a move between schools is from the last school left before the first
    arrival."""
    ids = insight
    [third] = await Organisation.insert(
        Organisation(
            name="Tartu Kolmas Kool",
            folded_name=fold("Tartu Kolmas Kool"),
            kind="school",
            sector="education",
            municipality=ids["tartu"],
        )
    ).returning(Organisation.id)
    [other_kindergarten] = await Organisation.insert(
        Organisation(
            name="Tartu Teine Lasteaed",
            folded_name=fold("Tartu Teine Lasteaed"),
            kind="kindergarten",
            sector="education",
            municipality=ids["tartu"],
        )
    ).returning(Organisation.id)
    anu = await make_child("Anu", "Kaks", date(YEAR - 6, 10, 1), ids["tartu"])
    await enrol(anu, ids["kindergarten"], date(YEAR - 3, 9, 1), date(YEAR, 6, 15))
    await enrol(anu, other_kindergarten["id"], date(YEAR, 6, 16), date(YEAR, 8, 31))
    await enrol(anu, third["id"], date(YEAR, 9, 15))
    await enrol(anu, ids["school2"], date(YEAR, 9, 1), date(YEAR, 9, 14))
    tiit = await make_child("Tiit", "Kolm", date(YEAR - 12, 1, 1), ids["tartu"])
    await enrol(tiit, ids["tartu_school"], date(YEAR - 5, 9, 1), date(YEAR, 1, 31))
    await enrol(tiit, third["id"], date(YEAR, 2, 1), date(YEAR, 6, 10))
    await enrol(tiit, ids["school2"], date(YEAR, 9, 1))
    found = {mover.child: mover for mover in await movers(ids["tartu"], YEAR)}
    assert (found[anu].kind, found[anu].from_name, found[anu].to_name) == (
        "kindergarten_to_school",
        "Tartu Teine Lasteaed",
        "Tartu Teine Kool",
    )
    assert (found[tiit].kind, found[tiit].from_name, found[tiit].to_name) == (
        "between_schools",
        "Tartu Kolmas Kool",
        "Tartu Teine Kool",
    )
