"""My work (`/`): my open cases, handovers and reports awaiting me, my tasks due and overdue,
reviews due, consents expiring, and plugins' panels; each panel is a partial."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import core.cases.my_work
from core.audit.tables import AuditEvent
from core.cases.tables import Case, Handover, PlanTask, Report
from core.consent.tables import Consent
from tests.core.cases.test_case_list import make_case
from tests.core.people.conftest import make_child
from tests.helpers import make_user, sign_in

pytestmark = pytest.mark.anyio
TODAY = date.today()
TEMPLATES = Path(core.cases.my_work.__file__).parent.parent / "templates"


def panel(html, title):
    """The section of the panel headed ``title`` (empty when there is none)."""
    for section in re.findall(r'<section class="panel".*?</section>', html, re.S):
        if re.search(rf"<h2[^>]*>{re.escape(title)}</h2>", section):
            return section
    return ""


@pytest.fixture
async def work(casework):
    """The teacher's cases and tasks, a handover to the coordinator, a report to Tartu."""
    ids = dict(casework)
    ids["jaan"] = await make_child(
        "Jaan", "Jõgi", date(2016, 2, 2), casework["tartu_school"], casework["1.a"]
    )
    ids["mine"] = await make_case(casework, casework["child"], review_due=TODAY + timedelta(days=3))
    ids["late_review"] = await make_case(
        casework, ids["jaan"], concern="high", review_due=TODAY - timedelta(days=1)
    )
    ids["closed"] = await make_case(casework, ids["jaan"], status="closed")
    ids["theirs"] = await make_case(casework, ids["jaan"], responsible=casework["coordinator"])
    teacher = casework["teacher"]
    await PlanTask.insert(
        PlanTask(case=ids["mine"], title="Helista emale", owner=teacher, due_on=TODAY),
        PlanTask(
            case=ids["mine"], title="Saada kokkuvõte", owner=teacher, due_on=TODAY - timedelta(1)
        ),
        PlanTask(
            case=ids["mine"],
            title="Tehtud kõne",
            owner=teacher,
            due_on=TODAY - timedelta(1),
            status="done",
        ),
        PlanTask(
            case=ids["mine"], title="Kauge kohtumine", owner=teacher, due_on=TODAY + timedelta(30)
        ),
        PlanTask(case=ids["closed"], title="Suletud juhtumi töö", owner=teacher, due_on=TODAY),
        PlanTask(
            case=ids["mine"],
            title="Koordinaatori töö",
            owner=casework["coordinator"],
            due_on=TODAY,
        ),
    )
    await Handover.insert(
        Handover(
            case=ids["mine"],
            sender=teacher,
            receiver=casework["coordinator"],
            from_stage="I",
            to_stage="II",
            transition="to_II",
        )
    )
    await Report.insert(
        Report(
            child=casework["child"],
            municipality=casework["tartu"],
            from_organisation=casework["doctors"],
            noticer=casework["doctor"],
        ),
        Report(
            child=casework["child"],
            municipality=casework["elva"],
            from_organisation=casework["doctors"],
            noticer=casework["doctor"],
        ),
    )
    return ids


async def test_my_open_cases_reviews_and_tasks(notes_client, work):
    await sign_in(notes_client, "teacher")
    html = (await notes_client.get("/")).text
    cases = panel(html, "Minu käimasolevad juhtumid")
    assert f'href="/cases/{work["mine"]}"' in cases
    assert f'href="/cases/{work["late_review"]}"' in cases
    assert f'href="/cases/{work["closed"]}"' not in cases
    assert f'href="/cases/{work["theirs"]}"' not in cases

    tasks = panel(html, "Minu tähtajaga ülesanded")
    assert "Helista emale" in tasks and "Saada kokkuvõte" in tasks
    for absent in ("Tehtud kõne", "Kauge kohtumine", "Suletud juhtumi töö", "Koordinaatori töö"):
        assert absent not in tasks
    items = re.findall(r'<li( class="overdue")?><a [^>]*>([^<]+)</a>', tasks)
    # Overdue first (by due date), marked; today's not.
    assert [(title, bool(mark)) for mark, title in items] == [
        ("Saada kokkuvõte", True),
        ("Helista emale", False),
    ]
    assert tasks.index("Saada kokkuvõte") < tasks.index("Helista emale")  # by due date

    reviews = panel(html, "Tähtajaga vahehindamised")
    mine = reviews[reviews.index(f"/cases/{work['mine']}#plan") :].split("</li>")[0]
    late = reviews[reviews.index(f"/cases/{work['late_review']}#plan") :].split("</li>")[0]
    assert "tähtaeg ületatud" not in mine and "tähtaeg ületatud" in late

    # Neither a handover nor reports await the teacher: no such panels.
    assert panel(html, "Mulle üle antud juhtumid") == ""
    assert panel(html, "Vastuvõtmist ootavad märkamisteated") == ""
    assert panel(html, "Lõppevad nõusolekud") == ""
    assert "Notes panel" in html  # a plugin's panel beside core's


async def test_every_review_due_is_shown_not_only_those_of_the_cases_listed(
    notes_client, work, monkeypatch
):
    monkeypatch.setattr(core.cases.my_work, "LIMIT", 1)  # each panel shows one row
    newest = datetime.now(UTC) + timedelta(hours=1)
    await Case.update({Case.opened_at: newest}).where(Case.id == work["mine"])
    await sign_in(notes_client, "teacher")
    html = (await notes_client.get("/")).text
    cases = panel(html, "Minu käimasolevad juhtumid")
    assert re.findall(r'href="/cases/(\d+)"', cases) == [str(work["mine"])]
    # The overdue review of a case the cases panel does not show.
    reviews = panel(html, "Tähtajaga vahehindamised")
    assert re.findall(r'href="/cases/(\d+)#plan"', reviews) == [str(work["late_review"])]
    [listed] = await AuditEvent.select().where(AuditEvent.action == "case.listed")
    assert set(listed["object_id"].split(",")) >= {str(work["mine"]), str(work["late_review"])}


async def test_a_handover_awaits_its_receiver(notes_client, work):
    await sign_in(notes_client, "coordinator")
    html = (await notes_client.get("/")).text
    handovers = panel(html, "Mulle üle antud juhtumid")
    assert f'href="/cases/{work["mine"]}"' in handovers
    assert "Mets, Mari" in handovers and "saatja Tiina Õpetaja" in handovers
    assert "Koordinaatori töö" in panel(html, "Minu tähtajaga ülesanded")


@pytest.mark.parametrize("username", ["tartu.cps", "manager"])
async def test_reports_await_those_who_accept_them_in_the_municipality(
    notes_client, work, username
):
    await sign_in(notes_client, username)
    reports = panel((await notes_client.get("/")).text, "Vastuvõtmist ootavad märkamisteated")
    [tartu] = await Report.select(Report.id).where(Report.municipality == work["tartu"])
    assert re.findall(r'href="/reports/(\d+)"', reports) == [str(tartu["id"])]
    assert "Mets, Mari" in reports and "Tartu Perearstikeskus" in reports


async def test_accepted_reports_no_longer_await(notes_client, work):
    await Report.update({Report.status: "accepted"}, force=True)
    await sign_in(notes_client, "tartu.cps")
    reports = panel((await notes_client.get("/")).text, "Vastuvõtmist ootavad märkamisteated")
    assert "Vastuvõtmist ei oota ükski teade." in reports
    assert 'href="/reports/' not in reports


async def test_consents_expiring_are_counted_for_who_records_consents(notes_client, work):
    await make_user("keeper", work["tartu_school"], "notes_coordinator")
    base = {
        "child": work["child"],
        "guardian": work["mother"],
        "purpose": "core.cross_sector_case_work",
        "data_scope": "all",
        "recipient_sector": "health",
        "decision": "given",
        "valid_from": TODAY - timedelta(days=300),
        "evidence_kind": "paper",
        "recorded_by": work["coordinator"],
    }
    await Consent.insert(
        Consent(**base, valid_until=TODAY + timedelta(days=10)),
        Consent(**base, valid_until=TODAY + timedelta(days=29)),
        Consent(**base, valid_until=TODAY + timedelta(days=90)),
        Consent(**base, valid_until=TODAY - timedelta(days=1)),
        Consent(**base, valid_until=TODAY + timedelta(days=5), withdrawn_on=TODAY),
        Consent(**{**base, "decision": "refused"}, valid_until=TODAY + timedelta(days=5)),
    )
    await sign_in(notes_client, "keeper")
    consents = panel((await notes_client.get("/")).text, "Lõppevad nõusolekud")
    assert "2 nõusolekut lõpeb 30 päeva jooksul." in consents
    assert 'href="/consents/expiring"' in consents


async def test_the_panels_write_one_audit_row_listing_their_cases(notes_client, work):
    await sign_in(notes_client, "teacher")
    await notes_client.get("/")
    [row] = await AuditEvent.select().where(AuditEvent.action == "case.listed")
    assert set(row["object_id"].split(",")) == {str(work["mine"]), str(work["late_review"])}
    assert row["user_id"] == work["teacher"]


async def test_nothing_awaits_a_user_without_cases(notes_client, work):
    await sign_in(notes_client, "other.teacher")
    html = (await notes_client.get("/")).text
    assert "Pole." in panel(html, "Minu käimasolevad juhtumid")
    assert "Sel nädalal tähtaegu pole." in panel(html, "Minu tähtajaga ülesanded")
    assert "Mets" not in html and "Jõgi" not in html
    assert not await AuditEvent.exists().where(AuditEvent.action == "case.listed")


def test_each_of_cores_panels_is_a_partial_the_page_includes():
    source = Path(core.cases.my_work.__file__).read_text()
    names = re.findall(r'"(cases/_my_\w+\.html)"', source)
    assert len(names) == 6
    for name in names:
        text = (TEMPLATES / name).read_text()
        assert "{% extends" not in text and "<html" not in text, name
    home = (TEMPLATES / "home.html").read_text()
    assert "{% include panel.template %}" in home


async def test_a_case_in_my_panels_is_a_case_i_may_open(notes_client, work):
    await Case.update({Case.responsible: work["teacher"]}).where(Case.id == work["theirs"])
    await sign_in(notes_client, "teacher")
    html = panel((await notes_client.get("/")).text, "Minu käimasolevad juhtumid")
    for case_id in re.findall(r'href="/cases/(\d+)"', html):
        assert (await notes_client.get(f"/cases/{case_id}")).status_code == 200
