"""`heaolu retention` and cases: a child past retention goes with every case, entry, plan,
handover, participant, form and report of theirs; a case closed past the period goes while its
child stays; a case open or closed within the period keeps its child. Checked by reading every
table of the database afterwards, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.cases.tables import (
    Case,
    CaseEntry,
    CaseEntryRevision,
    CaseParticipant,
    Handover,
    PlanEvaluation,
    PlanGoal,
    PlanTask,
    Report,
)
from core.forms.tables import FormSubmission
from core.people.folding import fold
from core.people.tables import Child, Enrolment
from tests.core.consent.test_retention import counts, every_table, rows
from tests.core.people.conftest import make_child
from tests.helpers import run_heaolu

pytestmark = pytest.mark.anyio
TODAY = date.today()
LONG_AGO = datetime.now(UTC) - timedelta(days=7 * 366)
CLOSED_LONG_AGO = datetime.now(UTC) - timedelta(days=6 * 366)
LEFT_ON = TODAY - timedelta(days=6 * 366)
RECENTLY = datetime.now(UTC) - timedelta(days=400)
# Words written only in what must go (folded: lower case, no diacritics).
GONE = tuple(
    f"{prefix} {text}"
    for prefix in ("lahkuja", "vana juhtumi")
    for text in (
        "markus",
        "enne parandust",
        "eesmark",
        "ulesanne",
        "hinnang",
        "uleandmine",
        "osaleja",
        "vorm",
        "tulemus",
    )
)


async def full_case(ids, child, marker, *, closed_at=None, opened_at=LONG_AGO):
    """A case of ``child`` with a bit of everything, its texts starting with ``marker``."""
    [case] = await Case.insert(
        Case(
            child=child,
            owner_organisation=ids["tartu_school"],
            municipality=ids["tartu"],
            workflow="casework.school",
            stage="II",
            level="institution",
            responsible=ids["coordinator"],
            status="closed" if closed_at else "open",
            opened_at=opened_at,
            closed_at=closed_at,
            outcome=f"{marker} tulemus",
        )
    ).returning(Case.id)
    case_id = case["id"]
    [entry] = await CaseEntry.insert(
        CaseEntry(
            case=case_id,
            kind="note",
            body=f"{marker} märkus",
            occurred_on=opened_at.date(),
            author=ids["teacher"],
            author_organisation=ids["tartu_school"],
            created_at=opened_at,
            revisions=1,
        )
    ).returning(CaseEntry.id)
    await CaseEntryRevision.insert(
        CaseEntryRevision(
            entry=entry["id"], body=f"{marker} enne parandust", corrected_by=ids["teacher"]
        )
    )
    [goal] = await PlanGoal.insert(PlanGoal(case=case_id, goal=f"{marker} eesmärk")).returning(
        PlanGoal.id
    )
    await PlanTask.insert(
        PlanTask(case=case_id, goal=goal["id"], title=f"{marker} ülesanne", owner=ids["teacher"])
    )
    await PlanEvaluation.insert(
        PlanEvaluation(
            case=case_id,
            evaluated_on=opened_at.date(),
            text=f"{marker} hinnang",
            author=ids["coordinator"],
        )
    )
    await Handover.insert(
        Handover(
            case=case_id,
            sender=ids["teacher"],
            receiver=ids["coordinator"],
            from_stage="I",
            to_stage="II",
            reason=f"{marker} üleandmine",
            status="accepted",
        )
    )
    await CaseParticipant.insert(
        CaseParticipant(
            case=case_id,
            user=ids["doctor"],
            organisation=ids["doctors"],
            task=f"{marker} osaleja",
            added_by=ids["teacher"],
        )
    )
    [sheet] = await FormSubmission.insert(
        FormSubmission(
            form_key="core.noticing",
            form_version=1,
            child=child,
            case=case_id,
            data={"noticed": f"{marker} vorm"},
            author=ids["doctor"],
            author_organisation=ids["doctors"],
            created_at=opened_at,
            updated_at=opened_at,
        )
    ).returning(FormSubmission.id)
    await Report.insert(
        Report(
            child=child,
            municipality=ids["tartu"],
            from_organisation=ids["doctors"],
            noticer=ids["doctor"],
            submission=sheet["id"],
            status="accepted",
            case=case_id,
            created_at=opened_at,
            accepted_by=ids["coordinator"],
        )
    )
    return case_id


@pytest.fixture
async def county(casework):
    """The leaver (left school six years ago; their case closed then), the stayer (at school:
    an old closed case, an open one and one closed last year), a child at home with an open
    case and no enrolment, and a child who left long ago but whose case closed last year."""
    ids = dict(casework)
    school = casework["tartu_school"]
    ids["leaver"] = await make_child("Lahkuja", "Laps", date(2010, 1, 1), school, ends=LEFT_ON)
    ids["stayer"] = ids["child"]
    ids["at_home"] = await Child.insert(
        Child(
            given_name="Kodune",
            family_name="Laps",
            date_of_birth=date(2020, 1, 1),
            search_name=fold("Laps Kodune"),
            search_name_reversed=fold("Kodune Laps"),
        )
    ).returning(Child.id)
    ids["at_home"] = ids["at_home"][0]["id"]
    ids["late_leaver"] = await make_child("Hiline", "Laps", date(2010, 1, 1), school, ends=LEFT_ON)
    await Child.update({Child.created_at: LONG_AGO}, force=True)
    await Enrolment.update({Enrolment.starts_on: date(2015, 9, 1)}).where(
        Enrolment.child.is_in([ids["leaver"], ids["late_leaver"]])
    )
    ids["leaver_case"] = await full_case(ids, ids["leaver"], "Lahkuja", closed_at=CLOSED_LONG_AGO)
    await FormSubmission.insert(
        FormSubmission(
            form_key="core.noticing",
            form_version=1,
            child=ids["leaver"],
            data={"noticed": "Lahkuja vorm ilma juhtumita"},
            author=ids["teacher"],
            author_organisation=school,
            created_at=LONG_AGO,
            updated_at=LONG_AGO,
        )
    )
    ids["old_case"] = await full_case(ids, ids["stayer"], "Vana juhtumi", closed_at=CLOSED_LONG_AGO)
    ids["open_case"] = await full_case(ids, ids["stayer"], "Avatud juhtumi")
    ids["recent_case"] = await full_case(ids, ids["stayer"], "Hiljuti suletud", closed_at=RECENTLY)
    ids["home_case"] = await full_case(ids, ids["at_home"], "Kodune laps")
    ids["late_case"] = await full_case(ids, ids["late_leaver"], "Hiline", closed_at=RECENTLY)
    return ids


EXPECTED = {
    "children": 1,
    "enrolments": 1,
    "cases": 2,
    "case timeline entries": 2,
    "filled-in forms": 3,
    "noticing reports": 2,
}


async def test_dry_run_counts_cases_forms_and_reports(county):
    before = await Case.count(), await FormSubmission.count(), await Report.count()
    dry = run_heaolu("retention", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    found = counts(dry.stdout)
    assert {kind: found[kind] for kind in EXPECTED} == EXPECTED
    assert (await Case.count(), await FormSubmission.count(), await Report.count()) == before


async def test_nothing_of_a_removed_child_or_old_case_remains_in_any_table(county):
    applied = run_heaolu("retention", "--apply")
    assert applied.returncode == 0, applied.stderr
    found = counts(applied.stdout)
    assert {kind: found[kind] for kind in EXPECTED} == EXPECTED
    for table in await every_table():
        for row in await rows(f'SELECT * FROM "{table}"'):
            text = fold(str(row))
            assert not [m for m in GONE if m in text], f"{table} keeps {row!r}"
    gone_cases = {county["leaver_case"], county["old_case"]}
    for table, column in (
        ("cases_entry", "case"),
        ("cases_goal", "case"),
        ("cases_task", "case"),
        ("cases_evaluation", "case"),
        ("cases_handover", "case"),
        ("cases_participant", "case"),
        ("cases_report", "case"),
        ("forms_submission", "case"),
    ):
        assert not {v for (v,) in await rows(f'SELECT "{column}" FROM {table}')} & gone_cases
    assert not {v for (v,) in await rows("SELECT child FROM cases_case")} & {county["leaver"]}
    assert not {v for (v,) in await rows("SELECT child FROM forms_submission")} & {county["leaver"]}
    # Nothing points at a removed entry or goal either.
    assert (
        await rows(
            "SELECT id FROM cases_entry_revision WHERE entry NOT IN (SELECT id FROM cases_entry)"
        )
        == []
    )
    assert (
        await rows(
            "SELECT id FROM cases_task"
            " WHERE goal IS NOT NULL AND goal NOT IN (SELECT id FROM cases_goal)"
        )
        == []
    )


async def test_open_and_recent_cases_keep_their_children(county):
    assert run_heaolu("retention", "--apply").returncode == 0
    kept = {row["id"] for row in await Child.select(Child.id)}
    assert {county["stayer"], county["at_home"], county["late_leaver"]} <= kept
    assert county["leaver"] not in kept
    cases = {row["id"] for row in await Case.select(Case.id)}
    assert cases == {
        county["open_case"],
        county["recent_case"],
        county["home_case"],
        county["late_case"],
    }
    bodies = {fold(row["body"]) for row in await CaseEntry.select(CaseEntry.body)}
    assert {"avatud juhtumi markus", "hiljuti suletud markus", "kodune laps markus"} <= bodies
    assert await CaseEntryRevision.count() == 4
    assert await Report.count() == 4 and await FormSubmission.count() == 4


async def test_a_recent_report_or_form_keeps_a_child_who_left_long_ago(county):
    await Case.update({Case.closed_at: CLOSED_LONG_AGO}).where(Case.id == county["late_case"])
    dry = counts(run_heaolu("retention", "--dry-run").stdout)
    assert dry["children"] == 2  # the late leaver goes too, now
    await FormSubmission.update({FormSubmission.updated_at: RECENTLY}).where(
        FormSubmission.case == county["late_case"]
    )
    assert counts(run_heaolu("retention", "--dry-run").stdout)["children"] == 1
