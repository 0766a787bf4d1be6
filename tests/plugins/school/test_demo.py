"""`heaolu demo` seeds the school plugin's posts at Annelinna Kool (Tartu linn) and Elva Kool
(Elva vald), the class teacher's class, and open cases at every stage; twice changes nothing."""

from tests.helpers import query, run_heaolu

CASES = (
    "SELECT ch.given_name, c.stage, c.level, u.username, o.name FROM cases_case c"
    " JOIN people_child ch ON ch.id = c.child JOIN auth_user u ON u.id = c.responsible"
    " JOIN people_organisation o ON o.id = c.owner_organisation"
    " WHERE c.workflow = 'school.support' AND c.status = 'open' ORDER BY ch.given_name"
)


def test_demo_seeds_the_schools_posts_and_open_cases_at_every_stage(demo_database_url):
    url = demo_database_url
    posts = query(
        url,
        "SELECT u.username, m.role, o.name, un.name FROM auth_membership m"
        " JOIN auth_user u ON u.id = m.user JOIN people_organisation o ON o.id = m.organisation"
        " LEFT JOIN people_unit un ON un.id = m.unit WHERE m.role LIKE 'school_%'"
        " ORDER BY u.username",
    )
    assert posts == [
        ("elva.school.coordinator", "school_support_coordinator", "Elva Kool", None),
        ("school.coordinator", "school_support_coordinator", "Annelinna Kool", None),
        ("school.nurse", "school_nurse", "Annelinna Kool", None),
        ("school.teacher", "school_class_teacher", "Annelinna Kool", "3.a"),
    ]
    assert query(url, CASES) == [
        ("Andreas", "II", "institution", "school.coordinator", "Annelinna Kool"),
        ("Emili", "II", "institution", "school.coordinator", "Annelinna Kool"),
        ("Johanna", "II", "institution", "elva.school.coordinator", "Elva Kool"),
        ("Marleen", "I", "institution", "school.teacher", "Annelinna Kool"),
        ("Sander", "III", "municipality", "tartu.casemanager", "Annelinna Kool"),
    ]
    [(health,)] = query(
        url,
        "SELECT count(*) FROM cases_entry e JOIN auth_user u ON u.id = e.author"
        " WHERE u.username = 'school.nurse' AND e.sensitivity = 'health'",
    )
    assert health == 1

    def seeded():
        return query(
            url,
            "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_entry),"
            " (SELECT count(*) FROM cases_participant), (SELECT count(*) FROM people_child),"
            " (SELECT count(*) FROM people_enrolment), (SELECT count(*) FROM auth_membership)",
        )

    before = seeded()
    assert run_heaolu("demo", env={"HEAOLU_DATABASE_URL": url}).returncode == 0
    assert seeded() == before


def test_the_school_demo_needs_no_municipality_plugin(fresh_database_url):
    """With the school plugin alone, stage III's case goes to Tartu's child protection."""
    env = {"HEAOLU_DATABASE_URL": fresh_database_url, "HEAOLU_PLUGINS": "school"}
    result = run_heaolu("demo", env=env)
    assert result.returncode == 0, result.stderr
    rows = query(fresh_database_url, CASES)
    assert ("Sander", "III", "municipality", "tartu.childprotection", "Annelinna Kool") in rows
    assert len(rows) == 5
