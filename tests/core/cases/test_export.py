"""The child's full record (a guardian's access request) carries the child's cases: entries
with their corrections, the plan, handovers, participants, forms and noticing reports, as far
as the exporting user may see them."""

import json
from datetime import date, timedelta

import pytest

from core.cases.tables import Case, CaseEntry, Handover, Report
from core.consent.tables import Consent
from core.forms.tables import FormSubmission
from core.i18n import format_date
from core.people.folding import fold
from core.people.tables import Organisation
from tests.core.cases.conftest import SHEET, case_row, open_case, switch
from tests.core.cases.test_timeline import add_doctor_as_participant, add_entry, correct
from tests.helpers import accept_report, make_user, post, sign_in

pytestmark = pytest.mark.anyio
NOTE = "Mari istus vahetunnis üksi."
CORRECTED = "Mari istus vahetunnis üksi raamatukogus."
HEALTH = "Kooliõde: Maril on unehäired, perearst teab."
DOCTOR = "Perearst: une pärast ravi alustatud."
GOAL = "Mari leiab vahetunniks kaaslase."
TASK = "Kokku leppida paariline."
EVALUATION = "Mari mängib vahetunnis kahe klassiõega."
ELSEWHERE = "Annelinna koolis kirjutatu."
TODAY = date.today()


@pytest.fixture
async def record(notes_client, casework):
    """Mari's case at Tartu Kool, filled through the pages, and a case of another school."""
    client = notes_client
    case_id = await open_case(client, casework)
    await add_entry(client, case_id, body=NOTE)
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    await correct(client, case_id, entry["id"], body=CORRECTED, reason="Täpsustus.", version="1")
    await post(client, f"/cases/{case_id}/goals", {"goal": GOAL, "measures": "Paaristöö."})
    await post(
        client,
        f"/cases/{case_id}/tasks",
        {"title": TASK, "owner": str(casework["teacher"]), "due_on": format_date(TODAY)},
    )
    version = (await case_row(case_id))["version"]
    await post(
        client, f"/cases/{case_id}/evaluations", {"text": EVALUATION, "version": str(version)}
    )
    await add_doctor_as_participant(client, casework, case_id)
    version = (await case_row(case_id))["version"]
    handed = await post(
        client,
        f"/cases/{case_id}/steps/to_II",
        {"version": str(version), "receiver": str(casework["coordinator"]), "reason": "Abi."},
    )
    assert handed.status_code == 303
    await switch(client, "nurse")
    await add_entry(client, case_id, body=HEALTH, sensitivity="health")
    await switch(client, "doctor")
    await add_entry(client, case_id, body=DOCTOR)
    await switch(client, "coordinator")
    [handover] = await post_accept(client, case_id)
    assert handover.status_code == 303
    path = f"/forms/cases/{case_id}/new/casework.assessment"
    assert (await post(client, path, {"f.summary": "Vajab tuge."}, path)).status_code == 303

    [annelinn] = await Organisation.insert(
        Organisation(
            name="Annelinna Kool",
            folded_name=fold("Annelinna Kool"),
            kind="hobby_school",
            sector="education",
            municipality=casework["tartu"],
        )
    ).returning(Organisation.id)
    other = await make_user("annelinn.coordinator", annelinn["id"], "casework_coordinator")
    [elsewhere] = await Case.insert(
        Case(
            child=casework["child"],
            owner_organisation=annelinn["id"],
            municipality=casework["tartu"],
            workflow="casework.school",
            stage="I",
            level="institution",
            responsible=other,
        )
    ).returning(Case.id)
    await CaseEntry.insert(
        CaseEntry(
            case=elsewhere["id"],
            kind="note",
            body=ELSEWHERE,
            occurred_on=TODAY,
            author=other,
            author_organisation=annelinn["id"],
        )
    )
    await make_user("keeper", casework["tartu_school"], "notes_coordinator")
    await switch(client, "keeper")
    return {**casework, "case": case_id, "elsewhere": elsewhere["id"]}


async def post_accept(client, case_id):
    rows = await Handover.select(Handover.id).where(Handover.case == case_id)
    return [
        await post(client, f"/handovers/{row['id']}/accept", {}, f"/cases/{case_id}")
        for row in rows
    ]


async def exported(client, child_id):
    response = await client.get(f"/children/{child_id}/export.json")
    assert response.status_code == 200
    return response, json.loads(response.content)


async def test_the_json_export_holds_the_childs_case(notes_client, record):
    response, data = await exported(notes_client, record["child"])
    [case] = data["cases"]
    assert case["id"] == record["case"]
    assert (case["stage"], case["stage_label"], case["responsible_name"]) == (
        "II",
        "Stage II: support coordinator",
        "Kadri Koordinaator",
    )
    assert case["owner_organisation_name"] == "Tartu Kool"
    [participant] = case["participants"]
    assert (participant["contact_name"], participant["organisation_name"]) == (
        "Dr Arst",
        "Tartu Perearstikeskus",
    )
    assert participant["user"] == record["doctor"]
    [goal] = case["goals"]
    assert (goal["goal"], goal["measures"]) == (GOAL, "Paaristöö.")
    [task] = case["tasks"]
    assert (task["title"], task["owner_name"], task["due_on"]) == (
        TASK,
        "Tiina Õpetaja",
        TODAY.isoformat(),
    )
    [evaluation] = case["evaluations"]
    assert evaluation["text"] == EVALUATION
    [handover] = case["handovers"]
    assert (handover["sender_name"], handover["receiver_name"], handover["status"]) == (
        "Tiina Õpetaja",
        "Kadri Koordinaator",
        "accepted",
    )
    assert handover["to_stage_label"] == "Stage II: support coordinator"

    entries = {entry["id"]: entry for entry in case["entries"]}
    [note] = [e for e in entries.values() if e["body"] == CORRECTED]
    [revision] = note["corrections"]
    assert (revision["body"], revision["reason"], revision["corrected_by_name"]) == (
        NOTE,
        "Täpsustus.",
        "Tiina Õpetaja",
    )
    withheld = {e["withheld"]: e for e in entries.values() if e["withheld"]}
    assert withheld.keys() == {"sensitive", "not_shared"}
    assert (withheld["sensitive"]["sensitivity"], withheld["sensitive"]["body"]) == ("health", None)
    assert withheld["not_shared"]["author_organisation_name"] == "Tartu Perearstikeskus"
    assert withheld["not_shared"]["kind"] == "note"
    kinds = {entry["kind"] for entry in case["entries"]}
    assert {"note", "handover", "participant", "review"} <= kinds

    forms = {row["form_key"]: row for row in data["form_submissions"]}
    assert forms.keys() == {"core.noticing", "casework.assessment"}
    assessment = forms["casework.assessment"]
    assert (assessment["case"], assessment["withheld"], assessment["data"]) == (
        record["case"],
        None,
        {"summary": "Vajab tuge."},
    )
    assert assessment["answers"] == [{"label": "Kokkuvõte", "text": "Vajab tuge."}]
    assert forms["core.noticing"]["data"]["noticed"] == SHEET["f.noticed"]
    assert data["reports"] == []

    text = response.content.decode()
    for absent in (HEALTH, DOCTOR, ELSEWHERE):
        assert absent not in text
    assert record["elsewhere"] not in {c["id"] for c in data["cases"]}


async def test_the_access_log_covers_the_case_and_its_forms(notes_client, record):
    await notes_client.get(f"/cases/{record['case']}")
    await notes_client.get("/cases")
    _response, data = await exported(notes_client, record["child"])
    log = {(row["action"], row["object_type"], row["object_id"]) for row in data["access_log"]}
    assert ("case.viewed", "case", str(record["case"])) in log
    assert ("case.listed", "case", str(record["case"])) in log
    assert (
        "form_submission.created",
        "form_submission",
        str(
            next(
                r["id"] for r in data["form_submissions"] if r["form_key"] == "casework.assessment"
            )
        ),
    ) in log
    about_cases = [
        row["object_id"].split(",") for row in data["access_log"] if row["object_type"] == "case"
    ]
    assert about_cases and not [ids for ids in about_cases if str(record["elsewhere"]) in ids]


async def test_a_consent_lets_the_other_sectors_entries_into_the_export(notes_client, record):
    await Consent.insert(
        Consent(
            child=record["child"],
            guardian=record["mother"],
            purpose="core.cross_sector_case_work",
            data_scope="health",
            recipient_organisation=record["tartu_school"],
            decision="given",
            valid_from=TODAY - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=record["coordinator"],
        )
    )
    response, data = await exported(notes_client, record["child"])
    assert DOCTOR in response.content.decode()
    assert HEALTH not in response.content.decode()  # the role still may not read health data
    [case] = data["cases"]
    assert [e["withheld"] for e in case["entries"] if e["withheld"]] == ["sensitive"]


async def test_the_printable_page_shows_the_case(notes_client, record):
    page = (await notes_client.get(f"/children/{record['child']}/export")).text
    for text in (
        "Juhtumid",
        f"Juhtum {record['case']}: Tartu Kool",
        CORRECTED,
        f"<s>{NOTE}</s>",
        "Täpsustus.",
        GOAL,
        TASK,
        EVALUATION,
        "Doctor, perearst · Tartu Perearstikeskus · tervise andmed",
        "Tiina Õpetaja → Kadri Koordinaator",
        "Hindamine",
        "Vajab tuge.",
        "Tekst on sellest väljavõttest välja jäetud: küsi asutuselt Tartu Perearstikeskus.",
    ):
        assert text in page, text
    for text in (HEALTH, DOCTOR, ELSEWHERE):
        assert text not in page


async def test_the_municipality_exports_the_report_it_accepted(notes_client, casework):
    await sign_in(notes_client, "doctor")
    child = {
        "given_name": "Mari",
        "family_name": "Mets",
        "date_of_birth": "05.05.2016",
        "municipality": str(casework["tartu"]),
    }
    assert (await post(notes_client, "/notice", {**child, **SHEET}, "/notice")).status_code == 303
    await switch(notes_client, "manager")
    report = await Report.select().first()
    assert (await accept_report(notes_client, report["id"])).status_code == 303
    _response, data = await exported(notes_client, casework["child"])
    [exported_report] = data["reports"]
    assert (exported_report["from_organisation_name"], exported_report["noticer_name"]) == (
        "Tartu Perearstikeskus",
        "Doctor",
    )
    [case] = data["cases"]
    assert case["workflow"] == "core.child_protection"
    [sheet] = data["form_submissions"]
    assert sheet["id"] == exported_report["submission"]
    assert sheet["case"] == case["id"]
    assert sheet["withheld"] is None
    assert sheet["data"]["noticed"] == SHEET["f.noticed"]


async def test_a_submission_of_another_sector_is_listed_without_its_answers(notes_client, record):
    await FormSubmission.update({FormSubmission.author_organisation: record["doctors"]}).where(
        FormSubmission.form_key == "casework.assessment"
    )
    _response, data = await exported(notes_client, record["child"])
    [assessment] = [r for r in data["form_submissions"] if r["form_key"] == "casework.assessment"]
    assert (assessment["withheld"], assessment["data"], assessment["answers"]) == (
        "not_shared",
        None,
        [],
    )
    assert assessment["author_organisation_name"] == "Tartu Perearstikeskus"
