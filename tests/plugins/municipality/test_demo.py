"""`heaolu demo` seeds the municipality plugin's posts; they can log in."""

from tests.helpers import query, run_heaolu


def test_demo_creates_the_network_posts_named_by_the_issue(fresh_database_url):
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    result = run_heaolu("demo", "--password", "demo password for tests", env=env)
    assert result.returncode == 0, result.stderr
    rows = query(
        fresh_database_url,
        "SELECT u.username, m.role, o.name FROM auth_user u"
        ' JOIN auth_membership m ON m."user" = u.id'
        " JOIN people_organisation o ON o.id = m.organisation"
        " WHERE m.role LIKE 'municipality_%' ORDER BY u.username",
    )
    assert ("tartu.casemanager", "municipality_case_manager", "Tartu Linnavalitsus") in rows
    assert ("tartu.networklead", "municipality_network_leader", "Tartu Linnavalitsus") in rows
    assert ("elva.casemanager", "municipality_case_manager", "Elva Vallavalitsus") in rows
    assert ("tartu.police", "municipality_network_member", "Tartu politseijaoskond") in rows
    assert run_heaolu("demo", "--password", "demo password for tests", env=env).returncode == 0
    assert query(
        fresh_database_url, "SELECT count(*) FROM auth_user WHERE username LIKE '%.casemanager'"
    ) == [(2,)]
