"""`heaolu demo` seeds the kindergarten's posts in Annelinna Lasteaed (the group teacher with
her group), a case at every stage and two children going to school in the coming autumn, one
with a consent for the readiness card; twice changes nothing."""

from datetime import date

from core.people.school_age import school_start_year
from plugins.kindergarten.common import coming_autumn
from tests.helpers import query, run_heaolu

COUNTS = (
    "SELECT (SELECT count(*) FROM auth_membership), (SELECT count(*) FROM cases_case),"
    " (SELECT count(*) FROM cases_entry), (SELECT count(*) FROM people_child),"
    " (SELECT count(*) FROM consent_consent)"
)


def test_demo_seeds_the_kindergarten_and_twice_changes_nothing(demo_database_url):
    url = demo_database_url
    memberships = query(
        url,
        "SELECT u.username, m.role, o.name, un.name FROM auth_membership m"
        ' JOIN auth_user u ON u.id = m."user" JOIN people_organisation o ON o.id = m.organisation'
        " LEFT JOIN people_unit un ON un.id = m.unit WHERE u.username LIKE 'kg.%'"
        " ORDER BY u.username",
    )
    assert memberships == [
        ("kg.coordinator", "kindergarten_support_coordinator", "Annelinna Lasteaed", None),
        ("kg.teacher", "kindergarten_group_teacher", "Annelinna Lasteaed", "Mesimummid"),
    ]
    cases = query(
        url,
        "SELECT c.stage, u.username FROM cases_case c JOIN auth_user u ON u.id = c.responsible"
        " WHERE c.workflow = 'kindergarten.support' AND c.status = 'open' ORDER BY c.stage",
    )
    assert cases == [("I", "kg.teacher"), ("II", "kg.coordinator"), ("III", "tartu.casemanager")]
    starters = query(
        url,
        "SELECT c.given_name, c.date_of_birth, (SELECT count(*) FROM consent_consent k"
        " WHERE k.child = c.id AND k.purpose = 'kindergarten.school_readiness_card')"
        " FROM people_child c WHERE c.family_name IN ('Nurm', 'Ristmäe') ORDER BY c.given_name",
    )
    autumn = coming_autumn(date.today())
    assert [(name, consents) for name, _born, consents in starters] == [
        ("Helena", 0),
        ("Mihkel", 1),
    ]
    for _name, born, _consents in starters:
        born = born if isinstance(born, date) else date.fromisoformat(born)
        assert school_start_year(born) == autumn

    before = query(url, COUNTS)
    again = run_heaolu("demo", env={"HEAOLU_DATABASE_URL": url})
    assert again.returncode == 0, again.stderr
    assert query(url, COUNTS) == before
