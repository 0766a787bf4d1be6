"""`heaolu demo` seeds the municipality plugin's posts, the networks of Tartu and Elva, a stage-III
case with a round table and followed-up agreements, and Tartu's children at home; twice changes
nothing."""

from datetime import date

from plugins.municipality.insight.common import due_at_school, next_school_start
from tests.helpers import query, run_heaolu

PASSWORD = "demo password for tests"
TABLES = (
    "auth_user",
    "cases_case",
    "cases_participant",
    "municipality_network_leader",
    "municipality_network_representative",
    "municipality_network_rules",
    "municipality_information_row",
    "municipality_model_commitment",
    "municipality_meeting",
    "municipality_meeting_attendance",
    "municipality_plan_activity",
    "municipality_round_table",
    "municipality_round_table_invitee",
    "municipality_agreement",
    "municipality_home_child",
    "municipality_outreach",
    "people_child",
)


def counts(url):
    return {table: query(url, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def by_municipality(url, sql):
    """Rows of ``sql`` (its first column a municipality id) keyed by the municipality's name."""
    names = dict(query(url, "SELECT id, name FROM people_municipality"))
    return [(names[row[0]], *row[1:]) for row in query(url, sql)]


def test_demo_seeds_the_municipality_plugin_and_twice_changes_nothing(fresh_database_url):
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    result = run_heaolu("demo", "--password", PASSWORD, env=env)
    assert result.returncode == 0, result.stderr
    assert_posts(fresh_database_url)
    assert_networks(fresh_database_url)
    assert_round_table(fresh_database_url)
    assert_children_at_home(fresh_database_url)
    seeded = counts(fresh_database_url)

    assert run_heaolu("demo", "--password", PASSWORD, env=env).returncode == 0
    assert query(
        fresh_database_url, "SELECT count(*) FROM auth_user WHERE username LIKE '%.casemanager'"
    ) == [(2,)]
    assert counts(fresh_database_url) == seeded


def assert_posts(url):
    rows = query(
        url,
        "SELECT u.username, m.role, o.name FROM auth_user u"
        ' JOIN auth_membership m ON m."user" = u.id'
        " JOIN people_organisation o ON o.id = m.organisation"
        " WHERE m.role LIKE 'municipality_%' ORDER BY u.username",
    )
    assert ("tartu.casemanager", "municipality_case_manager", "Tartu Linnavalitsus") in rows
    assert ("tartu.networklead", "municipality_network_leader", "Tartu Linnavalitsus") in rows
    assert ("elva.casemanager", "municipality_case_manager", "Elva Vallavalitsus") in rows
    assert ("tartu.police", "municipality_network_member", "Tartu politseijaoskond") in rows


def assert_networks(url):
    leaders = by_municipality(
        url,
        "SELECT l.municipality, u.username FROM municipality_network_leader l JOIN auth_user u"
        ' ON u.id = l."user" WHERE l.ends_on IS NULL',
    )
    assert sorted(leaders) == [
        ("Elva vald", "elva.casemanager"),
        ("Tartu linn", "tartu.networklead"),
    ]
    sectors = by_municipality(
        url, "SELECT DISTINCT municipality, sector FROM municipality_network_representative"
    )
    assert {sector for name, sector in sectors if name == "Tartu linn"} == {
        "social",
        "education",
        "police",
    }
    assert {sector for name, sector in sectors if name == "Elva vald"} == {"social", "education"}
    assert sorted(
        by_municipality(url, "SELECT municipality, version FROM municipality_network_rules")
    ) == [("Elva vald", 1), ("Tartu linn", 1)]
    kept = by_municipality(url, "SELECT municipality, kept_in FROM municipality_information_row")
    assert {where for _name, where in kept} == {"heaolu", "eliis", "stuudium", "ekool"}

    meetings = by_municipality(
        url,
        "SELECT municipality, status, count(*) FROM municipality_meeting"
        " GROUP BY municipality, status",
    )
    assert sorted(meetings) == [
        ("Elva vald", "held", 2),
        ("Elva vald", "planned", 1),
        ("Tartu linn", "held", 4),
        ("Tartu linn", "planned", 1),
    ]
    assert query(
        url,
        "SELECT count(*) FROM municipality_meeting WHERE status = 'held'"
        " AND (minutes = '' OR decisions = '' OR agenda = '' OR NOT EXISTS (SELECT 1 FROM"
        " municipality_meeting_attendance a WHERE a.meeting = municipality_meeting.id))",
    ) == [(0,)]
    activities = by_municipality(
        url, "SELECT municipality, count(*) FROM municipality_plan_activity GROUP BY municipality"
    )
    assert sorted(activities) == [("Elva vald", 3), ("Tartu linn", 3)]


def assert_round_table(url):
    [(case_id, stage, level, responsible, municipality)] = query(
        url,
        "SELECT c.id, c.stage, c.level, u.username, m.name FROM cases_case c"
        " JOIN auth_user u ON u.id = c.responsible"
        " JOIN people_municipality m ON m.id = c.municipality"
        " WHERE c.workflow = 'municipality.case_management'"
        ' AND c.id IN (SELECT "case" FROM municipality_round_table)',
    )
    assert (stage, level, responsible, municipality) == (
        "assessment",
        "municipality",
        "tartu.casemanager",
        "Tartu linn",
    )
    [(minutes,)] = query(
        url, f'SELECT minutes FROM municipality_round_table WHERE "case" = {case_id}'
    )
    assert minutes.startswith("Näidis")
    assert_nothing_before_the_case_opened(url, case_id)
    agreements = query(
        url,
        "SELECT u.username, a.done_at IS NOT NULL, d.username FROM municipality_agreement a"
        " JOIN auth_user u ON u.id = a.responsible LEFT JOIN auth_user d ON d.id = a.done_by"
        f' WHERE a."case" = {case_id} ORDER BY u.username',
    )
    assert [(who, bool(done), by) for who, done, by in agreements] == [
        ("tartu.casemanager", True, "tartu.casemanager"),
        ("tartu.police", False, None),
    ]
    participants = query(
        url,
        'SELECT u.username FROM cases_participant p JOIN auth_user u ON u.id = p."user"'
        f' WHERE p."case" = {case_id}',
    )
    assert participants == [("tartu.police",)]
    assert query(
        url,
        "SELECT count(*) FROM municipality_round_table_invitee i"
        " JOIN municipality_round_table t ON t.id = i.round_table"
        f' WHERE t."case" = {case_id}',
    ) == [(2,)]


def assert_children_at_home(url):
    entries = by_municipality(
        url,
        "SELECT h.municipality, c.given_name,"
        " (SELECT count(*) FROM municipality_outreach o WHERE o.entry = h.id"
        "  AND o.outcome = 'reached')"
        " FROM municipality_home_child h JOIN people_child c ON c.id = h.child"
        " ORDER BY c.given_name",
    )
    assert entries == [
        ("Tartu linn", "Emma", 0),
        ("Tartu linn", "Kaspar", 1),
        ("Tartu linn", "Mia", 1),
        ("Tartu linn", "Oskar", 1),
        ("Tartu linn", "Robin", 0),
    ]
    assert query(
        url,
        "SELECT c.given_name FROM people_child c JOIN municipality_home_child h ON h.child = c.id"
        " WHERE NOT EXISTS (SELECT 1 FROM people_enrolment e WHERE e.child = c.id)"
        " ORDER BY c.given_name",
    ) == [("Emma",), ("Kaspar",), ("Mia",), ("Oskar",), ("Robin",)]
    # Emma was not reached and is due at school at the next school start.
    [(born,)] = query(url, "SELECT date_of_birth FROM people_child WHERE given_name = 'Emma'")
    born = born if isinstance(born, date) else date.fromisoformat(born)
    assert due_at_school(born, next_school_start(date.today()))


def assert_nothing_before_the_case_opened(url, case_id):
    """The sample case opened before its round table, entries and agreements happened."""
    [(opened_at,)] = query(url, f"SELECT opened_at FROM cases_case WHERE id = {case_id}")
    opened = str(opened_at)[:10]
    days = [
        *query(url, f'SELECT occurred_on FROM cases_entry WHERE "case" = {case_id}'),
        *query(url, f'SELECT created_at FROM cases_entry WHERE "case" = {case_id}'),
        *query(url, f'SELECT held_on FROM municipality_round_table WHERE "case" = {case_id}'),
        *query(url, f'SELECT created_at FROM municipality_round_table WHERE "case" = {case_id}'),
        *query(
            url,
            f'SELECT done_at FROM municipality_agreement WHERE "case" = {case_id}'
            " AND done_at IS NOT NULL",
        ),
    ]
    assert len(days) >= 7
    assert all(str(day)[:10] >= opened for (day,) in days), (opened, days)
    assert opened < date.today().isoformat()
