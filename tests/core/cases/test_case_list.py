"""The case list (`/cases`): only cases in the user's scope, each filter narrowing, paging, one
audit row per view; a case outside the scope is a 404 with a denied audit row."""

import re
from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.auth.tables import User
from core.cases.case_list import PAGE_SIZE
from core.cases.tables import Case, PlanTask
from core.people.folding import fold
from core.people.tables import Organisation
from tests.core.cases.conftest import switch
from tests.core.people.conftest import make_child
from tests.helpers import make_user, sign_in

pytestmark = pytest.mark.anyio
TODAY = date.today()


async def make_case(casework, child, stage="I", **fields):
    values = {
        "child": child,
        "owner_organisation": casework["tartu_school"],
        "municipality": casework["tartu"],
        "workflow": "casework.school",
        "stage": stage,
        "level": "municipality" if stage == "III" else "institution",
        "responsible": casework["teacher"],
        **fields,
    }
    [row] = await Case.insert(Case(**values)).returning(Case.id)
    return row["id"]


@pytest.fixture
async def cases(casework):
    """Cases of Tartu Kool's 1.a at each stage, a closed one, and one of Annelinna Kool."""
    ids = dict(casework)
    [annelinn] = await Organisation.insert(
        Organisation(
            name="Annelinna Kool",
            folded_name=fold("Annelinna Kool"),
            kind="hobby_school",
            sector="education",
            municipality=casework["tartu"],
        )
    ).returning(Organisation.id)
    ids["annelinn"] = annelinn["id"]
    ids["annelinn.coordinator"] = await make_user(
        "annelinn.coordinator", annelinn["id"], "casework_coordinator"
    )
    ids["jaan"] = await make_child(
        "Jaan", "Jõgi", date(2016, 2, 2), casework["tartu_school"], casework["1.a"]
    )
    ids["liis"] = await make_child("Liis", "Lepp", date(2016, 3, 3), annelinn["id"])
    ids["c1"] = await make_case(casework, casework["child"])
    ids["c2"] = await make_case(
        casework, casework["child"], "II", concern="high", responsible=casework["coordinator"]
    )
    ids["c3"] = await make_case(
        casework, ids["jaan"], "III", concern="medium", responsible=casework["manager"]
    )
    ids["closed"] = await make_case(casework, ids["jaan"], "II", status="closed")
    ids["c5"] = await make_case(
        casework,
        ids["liis"],
        owner_organisation=annelinn["id"],
        responsible=ids["annelinn.coordinator"],
    )
    await PlanTask.insert(
        PlanTask(case=ids["c2"], title="Hilinenud", due_on=TODAY - timedelta(days=2)),
        PlanTask(case=ids["c1"], title="Tulevane", due_on=TODAY + timedelta(days=2)),
        PlanTask(case=ids["c3"], title="Tehtud", due_on=TODAY - timedelta(days=2), status="done"),
    )
    return ids


def listed(html):
    return {int(case_id) for case_id in re.findall(r'<a href="/cases/(\d+)">', html)}


async def ids_for(client, username, query=""):
    await switch(client, username)
    response = await client.get(f"/cases{query}")
    assert response.status_code == 200
    return listed(response.text)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("teacher", {"c1", "c2", "c3"}),
        ("coordinator", {"c1", "c2", "c3"}),
        ("nurse", {"c1", "c2", "c3"}),
        ("other.teacher", set()),
        ("annelinn.coordinator", {"c5"}),
        ("manager", {"c3"}),
        ("elva.manager", set()),
        ("elva.cps", set()),
        ("doctor", set()),
        ("sysadmin", set()),
    ],
)
async def test_the_list_shows_only_cases_in_the_users_scope(
    notes_client, cases, username, expected
):
    await sign_in(notes_client, username)
    html = (await notes_client.get("/cases")).text
    assert listed(html) == {cases[key] for key in expected}
    if not expected:
        assert "Ühtegi juhtumit ei leitud." in html
        assert "Mets" not in html and "Jõgi" not in html and "Lepp" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"c1", "c2", "c3"}),
        ("?stage=I", {"c1"}),
        ("?stage=II", {"c2"}),
        ("?stage=III", {"c3"}),
        ("?organisation={tartu_school}", {"c1", "c2", "c3"}),
        ("?organisation={annelinn}", set()),
        ("?concern=high", {"c2"}),
        ("?concern=medium", {"c3"}),
        ("?concern=low", {"c1"}),
        ("?responsible=me", {"c2"}),
        ("?responsible={teacher}", {"c1"}),
        ("?responsible={manager}", {"c3"}),
        ("?overdue=1", {"c2"}),
        ("?status=closed", {"closed"}),
        ("?status=closed&stage=I", set()),
        ("?stage=II&concern=high&responsible=me&overdue=1", {"c2"}),
    ],
)
async def test_each_filter_narrows_the_list(notes_client, cases, query, expected):
    await sign_in(notes_client, "coordinator")
    html = (await notes_client.get(f"/cases{query.format(**cases)}")).text
    assert listed(html) == {cases[key] for key in expected}


async def test_the_overdue_mark_and_the_filter_form_keep_the_choice(notes_client, cases):
    await sign_in(notes_client, "coordinator")
    html = (await notes_client.get("/cases?concern=high&overdue=1")).text
    row = html[html.index(f'<a href="/cases/{cases["c2"]}">') :].split("</tr>")[0]
    assert "tähtaeg ületatud" in row
    assert '<option value="high" selected>' in html
    assert 'name="overdue" value="1" checked' in html
    unmarked = (await notes_client.get("/cases?stage=I")).text
    assert "tähtaeg ületatud" not in unmarked


async def test_filtering_with_htmx_answers_the_results_alone(notes_client, cases):
    await sign_in(notes_client, "coordinator")
    response = await notes_client.get("/cases?stage=II", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="case-results"')
    assert "<html" not in response.text
    assert listed(response.text) == {cases["c2"]}
    assert "HX-Request" in response.headers["vary"]


async def test_a_long_list_is_paged(notes_client, casework):
    ids = [await make_case(casework, casework["child"]) for _ in range(PAGE_SIZE + 3)]
    await sign_in(notes_client, "teacher")
    first = (await notes_client.get("/cases")).text
    assert f"{PAGE_SIZE + 3} juhtumit" in first and "Leht 1 / 2" in first
    assert listed(first) == set(ids[-PAGE_SIZE:])  # the newest first
    assert 'href="/cases?status=open&amp;page=2"' in first
    second = (await notes_client.get("/cases?status=open&page=2")).text
    assert listed(second) == set(ids[:3])
    assert "Leht 2 / 2" in second
    assert 'href="/cases?status=open&amp;page=1"' in second
    assert listed((await notes_client.get("/cases?page=3")).text) == set()


async def test_one_audit_row_per_list_view_naming_the_listed_cases(notes_client, cases):
    await sign_in(notes_client, "coordinator")
    await notes_client.get("/cases?stage=II")
    await notes_client.get("/cases")
    rows = (
        await AuditEvent.select(AuditEvent.object_id, AuditEvent.user_id)
        .where(AuditEvent.action == "case.listed")
        .order_by(AuditEvent.id)
    )
    assert [row["user_id"] for row in rows] == [cases["coordinator"]] * 2
    assert rows[0]["object_id"] == str(cases["c2"])
    assert set(rows[1]["object_id"].split(",")) == {str(cases[k]) for k in ("c1", "c2", "c3")}


@pytest.mark.parametrize(
    ("username", "case"),
    [
        ("other.teacher", "c1"),
        ("annelinn.coordinator", "c2"),
        ("coordinator", "c5"),
        ("manager", "c1"),
        ("elva.manager", "c3"),
        ("doctor", "c1"),
    ],
)
async def test_guessing_a_case_outside_the_scope_is_a_404_with_a_denied_row(
    notes_client, cases, username, case
):
    await sign_in(notes_client, username)
    response = await notes_client.get(f"/cases/{cases[case]}")
    assert response.status_code == 404
    assert "Mets" not in response.text and "Lepp" not in response.text
    denied = await AuditEvent.select().where(AuditEvent.outcome == "denied")
    assert [(row["action"], row["object_type"], row["object_id"]) for row in denied] == [
        ("case.viewed", "case", str(cases[case]))
    ]
    user = await User.select(User.id).where(User.username == username).first()
    assert denied[0]["user_id"] == user["id"]
    assert not await AuditEvent.exists().where(
        (AuditEvent.action == "case.viewed") & (AuditEvent.outcome == "allowed")
    )
