"""Every role against every kind of child's record, reading and writing: the matrix.

The roles are core's, the municipality, kindergarten and school plugins' and the test plugins'
(`test_every_role_has_a_row` fails when a role is added without its row). Each holds one
membership in Tartu: unit roles in Tartu Kool's 1.a, the institutions' posts and the test
plugins' organisation roles in Tartu Kool, the others in Tartu Linnavalitsus. None is
responsible for or takes part in a case, so the matrix shows what the role and its scope give.

The records are Mari Mets's (1.a, registered in Tartu): an institution-level case of Tartu Kool
and a municipality-level case of Tartu Linnavalitsus, each with an entry of every sensitivity by
its owner, a form submission on the institution case, a guardian's consent with its evidence
file, a round table (the municipality plugin's record) on the municipality case, a Rajaleidja
decision the school shared with Tartu (listed by the municipality plugin), the form shared as a
school-readiness card with the municipality office's case manager (the kindergarten plugin's
record, which only its receiver reads), and a noticing report to Tartu from the school's
teacher, whose receipt only that teacher reads, a question from Tartu's case management to
Elva vald whether Mari is known there (the county plugin's record, which the asking side's case
managers who see Mari read). The Signs of Safety example plugin (the third-party package the
suite installs, on for Tartu here) is read and written on the municipality case:
child-protection work only.

A second grid (`test_unit_pages_matrix`) pins every role on the pages that list a unit's
children: a class of the school, a kindergarten's group, and such units of other institutions.

Expected: Y allowed; N answered 404 as if there were no such record, with a "denied" audit row;
F answered 403 (the role reads records but lacks the action's permission). For an entry, Y means
its text is shown on the case's timeline. Writing a form is filling in an instrument of the
toolbox for Mari (`/forms/children/{id}/new/...`, where the toolbox's search leads).
"""

from datetime import date

import pytest

from core.audit.tables import AuditEvent
from core.auth.tables import Membership
from core.cases.tables import Case, CaseEntry, Report
from core.consent.tables import Attachment, Consent, ShareOverride
from core.enablement import bump_version
from core.forms.tables import FormSubmission
from core.people.folding import fold
from core.people.tables import Child, Enrolment, Guardian, Unit
from core.tables import PluginEnablement
from plugins.county.crossing.tables import NamedMunicipality
from plugins.county.requests.tables import NoticedRequest
from plugins.kindergarten.tables import CardShare
from plugins.municipality.casework.tables import RoundTable
from plugins.municipality.insight.tables import RajaleidjaDecision
from tests.conftest import BASE_URL, TEST_PLUGINS, loading, make_app
from tests.core.people.conftest import make_child
from tests.helpers import log_in, make_institution, make_user, post, sign_in

pytestmark = pytest.mark.anyio
BUILTINS = ("municipality", "kindergarten", "school", "county")
# The example third-party plugin the suite installs (examples/signs_of_safety).
THIRD_PARTY = ("signs_of_safety",)
TODAY = date.today()

# What each request does; {child}, {ic} (institution case), {mc} (municipality case) and the
# other ids are filled in from the fixture.
REQUESTS = {
    ("child", "read"): ("GET", "/children/{child}", None),
    ("child", "write"): (
        "POST",
        "/children/{child}/edit",
        {
            "given_name": "Marie",
            "family_name": "Mets",
            "date_of_birth": "05.05.2016",
            "isikukood": "",
            "registered_municipality": "{tartu}",
            "residence_municipality": "{tartu}",
            "language": "eesti",
        },
    ),
    ("institution case", "read"): ("GET", "/cases/{ic}", None),
    ("institution case", "write"): (
        "POST",
        "/cases/{ic}/entries",
        {"kind": "note", "body": "Uus märge.", "sensitivity": "none", "occurred_on": ""},
    ),
    ("municipality case", "read"): ("GET", "/cases/{mc}", None),
    ("municipality case", "write"): (
        "POST",
        "/cases/{mc}/entries",
        {"kind": "note", "body": "Uus märge.", "sensitivity": "none", "occurred_on": ""},
    ),
    ("form", "read"): ("GET", "/forms/submissions/{submission}", None),
    # Filling in an instrument of the toolbox (core's sample speech checklist) for the child.
    ("form", "write"): (
        "POST",
        "/forms/children/{child}/new/core.toolbox_speech",
        {"f.understands": "yes", "f.notes": "Uus vaatlus."},
    ),
    ("attachment", "read"): ("GET", "/attachments/{attachment}", None),
    ("consent", "write"): ("POST", "/consents/{consent}/withdraw", {"withdrawn_on": "{today}"}),
    ("round table", "read"): ("GET", "/municipality/cases/{mc}/round-tables/{round_table}", None),
    ("rajaleidja decision", "read"): ("GET", "/municipality/rajaleidja", None),
    ("readiness card", "read"): ("GET", "/kindergarten/cards/{card_share}", None),
    ("report", "read"): ("GET", "/reports/{report}", None),
    ("report receipt", "read"): ("GET", "/notice/sent/{report}", None),
    # The county's service agreement about the child: its form names the child, its saving
    # records one (`/county/services`).
    ("service agreement", "read"): ("GET", "/county/services/new?child={child}", None),
    ("service agreement", "write"): (
        "POST",
        "/county/services",
        {
            "child": "{child}",
            "service": "Loovteraapia",
            "providing_municipality": "{elva}",
            "provider": "Elva Tugikeskus",
            "paying_municipality": "{tartu}",
            "transport": "",
            "transport_paid_by": "",
            "valid_from": "{today}",
            "valid_until": "",
        },
    ),
    ("cross-municipality case", "read"): ("GET", "/county/cases/{mc}", None),
    ("county request", "read"): ("GET", "/county/requests/{county_request}", None),
    # The same question about the child's family: its page names the guardians too.
    ("county family request", "read"): ("GET", "/county/requests/{county_family_request}", None),
    # Asking the county's competence centre for help on the municipality case (its form).
    ("competence request", "write"): ("GET", "/county/competence/new?case={mc}", None),
    # The Signs of Safety example plugin (on for Tartu here): a case's page, the child's houses.
    ("signs of safety", "read"): ("GET", "/signs_of_safety/cases/{mc}", None),
    ("signs of safety", "write"): (
        "POST",
        "/signs_of_safety/cases/{mc}/houses",
        {"heard_on": "{today}", "heard_by": "Spetsialist", "dreams": "Unistus."},
    ),
}
# Entries are read on their case's timeline: (case, sensitivity) -> the case's id key.
ENTRIES = {
    (level, sensitivity): key
    for level, key in (("institution", "ic"), ("municipality", "mc"))
    for sensitivity in ("none", "health", "child_protection")
}
COLUMNS = (
    *(record for record in REQUESTS),
    *((f"{level} entry, {sensitivity}", "read") for level, sensitivity in ENTRIES),
)

# One row per role, one letter per column of COLUMNS (in its order):
# child r/w, institution case r/w, municipality case r/w, form r/w, attachment r, consent w,
# round table r, the Rajaleidja decisions shared with Tartu r and the shared readiness card r,
# report r and its noticer's receipt r, the county's service agreement r/w, the
# municipalities of the municipality case r (the county plugin's page: it names Elva vald),
# the county request r and the one about the child's family r, asking the competence
# centre's help on the municipality case w, the Signs of Safety example's case page r/w (on
# the municipality case), institution entries r (none, health, child protection),
# municipality entries r (none, health, child protection).
GRID = """
system_admin                        NN NN NN NN N N NNN NN FF N FF N NN NNN NNN
municipality_admin                  NN NN NN NN N N NNN NN FF N FF N NN NNN NNN
child_protection_specialist         YY NN YY NY Y Y YNN YN YY Y YY Y YY NNN YYY
municipality_case_manager           YY NN YY NY Y Y YYN YN YY Y YY Y NN NNN YYN
municipality_welfare_lead           YF NN YY NY Y F YNN YN YY Y YY Y YY NNN YNY
municipality_network_leader         NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
municipality_network_member         NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
municipality_education_coordinator  NF NN NN NN N F NYN FN FF F FF N NN NNN NNN
municipality_youth_coordinator      NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
notes_reader                        YF YN NN YN Y F NNN FN FF F FF N NN YNN NNN
notes_teacher                       YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
notes_coordinator                   YY YY NN YY Y Y NNN FN FF F FF N NN YNN NNN
casework_teacher                    YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
casework_coordinator                YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
casework_manager                    YF NN YY NY Y F YNN YN FF F FF F NN NNN YYN
casework_nurse                      YF YY NN YY Y F NNN FN FF F FF N NN YYN NNN
kindergarten_group_teacher          YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
kindergarten_support_coordinator    YF YY NN YY Y Y NNN FN FF F FF N NN YYN NNN
kindergarten_support_specialist     YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
kindergarten_head                   YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
school_class_teacher                YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
school_support_coordinator          YF YY NN YY Y Y NNN FN FF F FF N NN YYN NNN
school_support_specialist           YF YY NN YY Y F NNN FN FF F FF N NN YNN NNN
school_head_of_studies              NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
school_head                         NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
school_nurse                        YF YY NN YY Y F NNN FN FF F FF N NN YYN NNN
county_coordinator                  NN NN NN NN N N NNN NN FF N FF N NN NNN NNN
county_competence_specialist        NF NN NN NN N F NNN FN FF F FF N NN NNN NNN
"""
MATRIX = {
    role: dict(zip(COLUMNS, "".join(letters), strict=True))
    for role, *letters in (line.split() for line in GRID.strip().splitlines())
}
UNIT_ROLES = {
    "notes_teacher",
    "casework_teacher",
    "kindergarten_group_teacher",
    "school_class_teacher",
}
SCHOOL_ROLES = {
    "notes_reader",
    "notes_coordinator",
    "casework_coordinator",
    "casework_nurse",
    "kindergarten_support_coordinator",
    "kindergarten_support_specialist",
    "kindergarten_head",
    "school_support_coordinator",
    "school_support_specialist",
    "school_head_of_studies",
    "school_head",
    "school_nurse",
}


@pytest.fixture
async def matrix_client(settings, clean_database):
    """A client for the app with the municipality plugin and both test plugins."""
    from litestar.testing import AsyncTestClient

    app = make_app(settings, TEST_PLUGINS, BUILTINS + THIRD_PARTY)
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as c:
        c.follow_redirects = False
        yield c


@pytest.fixture
async def records(people):
    """Mari Mets's records (see the module's docstring) and the owners who wrote them."""
    ids = dict(people, today=TODAY.strftime("%d.%m.%Y"))
    school, office = people["tartu_school"], people["tartu_office"]
    [unit] = await Unit.insert(Unit(organisation=school, name="1.a", kind="class")).returning(
        Unit.id
    )
    ids["1.a"] = unit["id"]
    [child] = await Child.insert(
        Child(
            given_name="Mari",
            family_name="Mets",
            search_name=fold("Mets Mari"),
            search_name_reversed=fold("Mari Mets"),
            date_of_birth=date(2016, 5, 5),
            registered_municipality=people["tartu"],
            residence_municipality=people["tartu"],
        )
    ).returning(Child.id)
    ids["child"] = child["id"]
    await Enrolment.insert(
        Enrolment(child=child["id"], organisation=school, unit=unit["id"], starts_on=TODAY)
    )
    teacher = await make_user("owner.teacher", school, "casework_teacher")
    await Membership.update({Membership.unit: unit["id"]}).where(Membership.user == teacher)
    manager = await make_user("owner.manager", office, "casework_manager")
    for key, owner, author, stage, level in (
        ("ic", school, teacher, "I", "institution"),
        ("mc", office, manager, "III", "municipality"),
    ):
        [case] = await Case.insert(
            Case(
                child=child["id"],
                owner_organisation=owner,
                municipality=people["tartu"],
                workflow="casework.school",
                stage=stage,
                level=level,
                responsible=author,
            )
        ).returning(Case.id)
        ids[key] = case["id"]
        await CaseEntry.insert(
            *(
                CaseEntry(
                    case=case["id"],
                    kind="note",
                    body=entry_text(level, sensitivity),
                    sensitivity=sensitivity,
                    occurred_on=TODAY,
                    author=author,
                    author_organisation=owner,
                )
                for sensitivity in ("none", "health", "child_protection")
            )
        )
    [submission] = await FormSubmission.insert(
        FormSubmission(
            form_key="casework.assessment",
            form_version=1,
            child=child["id"],
            case=ids["ic"],
            data={"summary": "Hindamise kokkuvõte."},
            author=teacher,
            author_organisation=school,
        )
    ).returning(FormSubmission.id)
    ids["submission"] = submission["id"]
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Mets")).returning(
        Guardian.id
    )
    [evidence] = await Attachment.insert(
        Attachment(
            filename="nousolek.pdf",
            media_type="application/pdf",
            size=9,
            sha256="0" * 64,
            data=b"%PDF-1.4\n",
            uploaded_by=teacher,
            owner_type="consent",
            owner_id=0,
        )
    ).returning(Attachment.id)
    [consent] = await Consent.insert(
        Consent(
            child=child["id"],
            guardian=mother["id"],
            purpose="core.cross_sector_case_work",
            data_scope="all",
            recipient_organisation=office,
            decision="given",
            valid_from=TODAY,
            evidence_kind="digital",
            evidence=evidence["id"],
            recorded_by=teacher,
        )
    ).returning(Consent.id)
    await Attachment.update({Attachment.owner_id: consent["id"]}).where(
        Attachment.id == evidence["id"]
    )
    ids["attachment"], ids["consent"] = evidence["id"], consent["id"]
    [table] = await RoundTable.insert(
        RoundTable(
            case=ids["mc"],
            convener=manager,
            created_by=manager,
            held_on=TODAY,
            purpose="Ümarlaua eesmärk.",
        )
    ).returning(RoundTable.id)
    ids["round_table"] = table["id"]
    await RajaleidjaDecision.insert(
        RajaleidjaDecision(
            submission=ids["submission"],
            child=child["id"],
            municipality=people["tartu"],
            organisation=school,
            decided_on=TODAY,
            decision="Individuaalne õppekava.",
        )
    )
    [share] = await CardShare.insert(
        CardShare(
            submission=ids["submission"],
            child=child["id"],
            from_organisation=school,
            to_organisation=office,
            receiver=manager,
            shared_by=teacher,
        )
    ).returning(CardShare.id)
    ids["card_share"] = share["id"]
    [report] = await Report.insert(
        Report(
            child=child["id"],
            municipality=people["tartu"],
            from_organisation=school,
            noticer=teacher,
        )
    ).returning(Report.id)
    ids["report"] = report["id"]
    await NamedMunicipality(
        case=ids["mc"],
        municipality=people["elva"],
        case_manager=people["elva.cps"],
        organisation=people["elva_office"],
        ground="parent",
        reason="Isa elab Elvas.",
        added_by=manager,
    ).save()
    [question] = await NoticedRequest.insert(
        NoticedRequest(
            child=child["id"],
            from_organisation=office,
            from_municipality=people["tartu"],
            to_municipality=people["elva"],
            asked_by=manager,
            purpose="Kas Mari on Elvas teada?",
            basis="child_protection_act_27",
            explanation="Kooli teade.",
        )
    ).returning(NoticedRequest.id)
    ids["county_request"] = question["id"]
    [family] = await NoticedRequest.insert(
        NoticedRequest(
            child=child["id"],
            from_organisation=office,
            from_municipality=people["tartu"],
            to_municipality=people["elva"],
            asked_by=manager,
            family=True,
            purpose="Kas Mari pere on Elvas teada?",
            basis="child_protection_act_27",
            explanation="Kooli teade.",
        )
    ).returning(NoticedRequest.id)
    ids["county_family_request"] = family["id"]
    await PluginEnablement.insert(
        PluginEnablement(municipality=people["tartu"], plugin="signs_of_safety", enabled=True)
    )
    await bump_version()
    return ids


def entry_text(level: str, sensitivity: str) -> str:
    return f"Kirje {level} {sensitivity}."


async def role_user(role: str, ids: dict) -> None:
    """The role's user, named after the role, with its one membership in Tartu."""
    organisation = ids["tartu_school"] if role in UNIT_ROLES | SCHOOL_ROLES else ids["tartu_office"]
    if role == "system_admin":
        organisation = ids["union"]
    user = await make_user(role, organisation, role)
    if role in UNIT_ROLES:
        await Membership.update({Membership.unit: ids["1.a"]}).where(Membership.user == user)


async def denied_rows() -> int:
    return await AuditEvent.count().where(AuditEvent.outcome == "denied")


async def attempt(client, ids: dict, column: tuple[str, str]) -> str:
    """Y, N or F for ``column`` as the logged-in user (N only with a new "denied" audit row)."""
    record, _action = column
    if " entry, " in record:
        level, sensitivity = record.split(" entry, ")
        response = await client.get(f"/cases/{ids[ENTRIES[(level, sensitivity)]]}/timeline")
        shown = response.status_code == 200 and entry_text(level, sensitivity) in response.text
        return "Y" if shown else "N"
    method, path, data = REQUESTS[column]
    values = {key: str(value) for key, value in ids.items()}
    before = await denied_rows()
    if method == "GET":
        response = await client.get(path.format(**values))
    else:
        form = {key: value.format(**values) for key, value in data.items()}
        response = await post(client, path.format(**values), form)
    if response.status_code == 404:
        assert "Mets" not in response.text
        assert await denied_rows() > before, f"{column}: the refusal was not audited"
        return "N"
    if response.status_code == 403:
        return "F"
    assert response.status_code in (200, 303), f"{column}: {response.status_code}"
    return "Y"


def test_every_role_has_a_row(settings):
    from core.plugins import build_plugins

    plugins = build_plugins(loading(settings, TEST_PLUGINS, BUILTINS), TEST_PLUGINS)
    assert set(MATRIX) == set(plugins.roles)


@pytest.mark.parametrize("role", list(MATRIX))
async def test_record_access_matrix(matrix_client, records, role):
    """One role's row: reads first, then writes (each write leaves the records as readable)."""
    await role_user(role, records)
    assert (await log_in(matrix_client, role)).status_code == 303
    columns = sorted(COLUMNS, key=lambda column: column[1] == "write")
    got = {column: await attempt(matrix_client, records, column) for column in columns}
    assert got == MATRIX[role]


# Every child and case URL a municipality administrator once could open or write through.
ADMIN_ATTEMPTS = (
    ("GET", "/children/{child}", None),
    ("GET", "/children/{child}/export", None),
    ("GET", "/children/{child}/export.json", None),
    ("GET", "/children/{child}/edit", None),
    ("POST", "/children/{child}/edit", REQUESTS[("child", "write")][2]),
    ("GET", "/children/{child}/consents/new", None),
    ("GET", "/attachments/{attachment}", None),
    ("GET", "/cases/{mc}", None),
    ("GET", "/cases/{mc}/print", None),
    ("GET", "/cases/{mc}/timeline", None),
    ("GET", "/forms/submissions/{submission}", None),
    ("GET", "/forms/submissions/{submission}/print", None),
    ("GET", "/forms/children/{child}/new/core.toolbox_speech", None),
    ("POST", "/forms/children/{child}/new/core.toolbox_speech", REQUESTS[("form", "write")][2]),
    ("GET", "/reports/{report}", None),
    ("GET", "/notice/sent/{report}", None),
    ("GET", "/municipality/cases/{mc}/round-tables/{round_table}", None),
    ("GET", "/municipality/rajaleidja", None),
    ("POST", "/cases/{mc}/entries", REQUESTS[("municipality case", "write")][2]),
    ("POST", "/cases/{mc}/goals", {"goal": "Eesmärk.", "measures": ""}),
    ("POST", "/cases/{mc}/tasks", {"title": "Ülesanne."}),
    ("POST", "/cases/{mc}/concern", {"concern": "high", "version": "1"}),
    ("GET", "/cases/{mc}/escalate", None),
    (
        "POST",
        "/cases/{mc}/escalate",
        {"version": "1", "reason": "Laps on ohus.", "legal_basis": "child_protection_act_31"},
    ),
    (
        "POST",
        "/municipality/cases/{mc}/round-tables/{round_table}/minutes",
        {"minutes": "Protokoll.", "child_feedback": "", "parents_feedback": "", "version": "1"},
    ),
)


async def test_the_municipality_administrator_gets_404_on_every_record_url(matrix_client, records):
    """Tartu's administrator (users, plugins, directory, audit) on Mari's municipality-level
    case: every page is 404 as if there were no such record, every refusal is audited, and
    nothing is written."""
    [report] = await Report.insert(
        Report(
            child=records["child"],
            municipality=records["tartu"],
            from_organisation=records["tartu_school"],
            noticer=records["tartu.cps"],
            submission=records["submission"],
        )
    ).returning(Report.id)
    ids = {**records, "report": report["id"]}
    values = {key: str(value) for key, value in ids.items()}
    before = (
        await CaseEntry.count(),
        await Case.select().order_by(Case.id),
        await ShareOverride.count(),
    )
    assert (await log_in(matrix_client, "tartu.admin")).status_code == 303
    for method, path, data in ADMIN_ATTEMPTS:
        url = path.format(**values)
        denied = await denied_rows()
        if method == "GET":
            response = await matrix_client.get(url)
        else:
            form = {key: value.format(**values) for key, value in data.items()}
            response = await post(matrix_client, url, form)
        assert response.status_code == 404, url
        assert "Mets" not in response.text
        assert await denied_rows() == denied + 1, url
    after = (
        await CaseEntry.count(),
        await Case.select().order_by(Case.id),
        await ShareOverride.count(),
    )
    assert after == before
    child = await Child.select(Child.given_name).where(Child.id == ids["child"]).first()
    assert child["given_name"] == "Mari"


# The pages that list a unit's children (the school's classes, the kindergarten's groups), by
# role. Here each role holds its membership where it works: the kindergarten roles in Tartu
# Lasteaed (the group teacher in its group Päikesed), the others as in the matrix above.
# Columns: Mari's class 1.a of Tartu Kool, a class of Elva Kool, Päikesed with Jaan Mets in it,
# a group of Elva Lasteaed, and Tartu Lasteaed's children in no group (Kati Kask). Y: the page
# names the child; E: the page, without the child; N: 404 with a "denied" audit row; F: 403.
UNIT_PAGES = {
    "class": "/school/classes/{mari_class}",
    "another school's class": "/school/classes/{elva_class}",
    "group": "/kindergarten/groups/{group}",
    "another kindergarten's group": "/kindergarten/groups/{elva_group}",
    "no group": "/kindergarten/groups/none",
}
UNIT_CHILDREN = {
    "class": "Mets",
    "another school's class": "Elvane",
    "group": "Jaan",
    "another kindergarten's group": "Elvane",
    "no group": "Kask",
}
KINDERGARTEN_ROLES = {
    "kindergarten_group_teacher",
    "kindergarten_support_coordinator",
    "kindergarten_support_specialist",
    "kindergarten_head",
}
UNIT_GRID = {
    "school_support_coordinator": "YNFFF",
    "kindergarten_support_coordinator": "FFYNY",
    "kindergarten_head": "FFYNY",
}


@pytest.fixture
async def units(records):
    """Mari's records, and the units around her: Tartu Lasteaed's group Päikesed (Jaan Mets) and
    Kati Kask there in no group, a class of Elva Kool and a group of Elva Lasteaed (each with a
    child named Elvane)."""
    ids = dict(records, mari_class=records["1.a"])
    for key, name, kind, municipality in (
        ("tartu_kindergarten", "Tartu Lasteaed", "kindergarten", "tartu"),
        ("elva_school", "Elva Kool", "hobby_school", "elva"),
        ("elva_kindergarten", "Elva Lasteaed", "kindergarten", "elva"),
    ):
        ids[key] = await make_institution(name, kind, records[municipality])
    for key, organisation, name, kind in (
        ("group", "tartu_kindergarten", "Päikesed", "group"),
        ("elva_class", "elva_school", "2.b", "class"),
        ("elva_group", "elva_kindergarten", "Tähed", "group"),
    ):
        [unit] = await Unit.insert(
            Unit(organisation=ids[organisation], name=name, kind=kind)
        ).returning(Unit.id)
        ids[key] = unit["id"]
    for given, family, organisation, unit in (
        ("Jaan", "Mets", "tartu_kindergarten", "group"),
        ("Kati", "Kask", "tartu_kindergarten", None),
        ("Eeva", "Elvane", "elva_school", "elva_class"),
        ("Elo", "Elvane", "elva_kindergarten", "elva_group"),
    ):
        await make_child(given, family, date(2021, 3, 3), ids[organisation], ids.get(unit))
    return ids


async def unit_page_letter(client, ids: dict, column: str) -> str:
    values = {key: str(value) for key, value in ids.items()}
    before = await denied_rows()
    response = await client.get(UNIT_PAGES[column].format(**values))
    if response.status_code == 404:
        assert UNIT_CHILDREN[column] not in response.text
        assert await denied_rows() > before, f"{column}: the refusal was not audited"
        return "N"
    if response.status_code == 403:
        return "F"
    assert response.status_code == 200, f"{column}: {response.status_code}"
    return "Y" if UNIT_CHILDREN[column] in response.text else "E"


async def test_unit_pages_matrix(matrix_client, units):
    """Every role on the pages of a class and of a group: only the school's support coordinator
    lists her school's class, only the kindergarten's coordinator and head its groups, and no
    one another institution's unit. One test for all roles (the fixture is made once)."""
    for role in MATRIX:
        if role in KINDERGARTEN_ROLES:
            user = await make_user(role, units["tartu_kindergarten"], role)
            if role == "kindergarten_group_teacher":
                await Membership.update({Membership.unit: units["group"]}).where(
                    Membership.user == user
                )
        else:
            await role_user(role, units)
    got = {}
    for role in MATRIX:
        await sign_in(matrix_client, role)
        got[role] = "".join([await unit_page_letter(matrix_client, units, c) for c in UNIT_PAGES])
    assert got == {role: UNIT_GRID.get(role, "FFFFF") for role in MATRIX}
