"""The ``heaolu`` command, run for real in a subprocess."""

import pytest

from core.cases.demo_county import CASES
from core.demo import sample_organisations
from core.people.demo_children import CHILDREN_PER_ORGANISATION
from tests.conftest import NOTES
from tests.helpers import install_entry_point, query, run_heaolu

SAFE = {
    "HEAOLU_SECRET_KEY": "s" * 48,
    "HEAOLU_ALLOWED_HOSTS": "heaolu.tartu.ee",
    # The production password cost, where the tests' processes hash at the least one.
    "HEAOLU_ARGON2_TIME_COST": "3",
    "HEAOLU_ARGON2_MEMORY_KIB": "65536",
    "HEAOLU_ARGON2_PARALLELISM": "4",
}


def test_plugins_lists_each_plugin_with_version_origin_and_hooks(tmp_path):
    install_entry_point(tmp_path, "heaolu_notes", "notes", NOTES, version="0.9")
    result = run_heaolu("plugins", path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("core ")
    assert "notes 0.9 (third-party, tests.testplugins.notes)" in lines
    notes_hooks = lines[lines.index("notes 0.9 (third-party, tests.testplugins.notes)") + 1 :]
    assert "    heaolu_routes" in notes_hooks
    assert "    heaolu_dashboard_panels" in notes_hooks


def test_check_refuses_unsafe_production_settings():
    result = run_heaolu("check", env={"HEAOLU_DEBUG": "1"})
    assert result.returncode == 1
    assert "HEAOLU_DEBUG" in result.stderr
    assert "HEAOLU_SECRET_KEY" in result.stderr
    assert "HEAOLU_ALLOWED_HOSTS" in result.stderr


def test_check_passes_safe_settings():
    result = run_heaolu("check", env=SAFE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_check_flags_e_mail_without_sender_and_address_in_production():
    result = run_heaolu("check", env={**SAFE, "HEAOLU_SMTP_URL": "smtp://mail.tartu.ee"})
    assert result.returncode == 1
    assert "HEAOLU_SMTP_FROM is not set" in result.stderr
    assert "HEAOLU_BASE_URL is not set" in result.stderr


def test_a_bad_setting_stops_the_command_with_a_clear_message():
    result = run_heaolu("migrate", env={"HEAOLU_DEBUG": "perhaps"})
    assert result.returncode == 2
    assert result.stderr.startswith("heaolu: HEAOLU_DEBUG:")
    assert "Traceback" not in result.stderr


def test_a_missing_database_stops_the_command_with_a_clear_message(tmp_path):
    missing = tmp_path / "missing" / "heaolu.db"
    result = run_heaolu("audit", "verify", env={"HEAOLU_DATABASE_URL": f"sqlite:///{missing}"})
    assert result.returncode == 2
    assert result.stderr.startswith("heaolu: the database of HEAOLU_DATABASE_URL cannot be used")
    assert "Traceback" not in result.stderr
    assert not missing.exists()


@pytest.mark.parametrize("scale", ["small", "county-tenth"])
def test_demo_seeds_the_county_idempotently(request, scale):
    """The databases `heaolu demo` made once for the run (`demo_database_url`,
    `county_tenth_database_url`), seeded again."""
    fixture = "demo_database_url" if scale == "small" else "county_tenth_database_url"
    database_url = request.getfixturevalue(fixture)
    env = {"HEAOLU_DATABASE_URL": database_url}
    counts = (
        "SELECT (SELECT count(*) FROM people_municipality),"
        " (SELECT count(*) FROM people_organisation),"
        " (SELECT count(*) FROM people_organisation WHERE sample),"
        " (SELECT count(*) FROM consent_consent),"
        " (SELECT count(*) FROM consent_consent WHERE withdrawn_on IS NOT NULL)"
    )
    before = query(database_url, counts)
    again = run_heaolu("demo", "--scale", scale, env=env)
    assert again.returncode == 0
    assert "The demo data is already in this database" in again.stdout
    assert "heaolu demo --reset" in again.stdout
    assert query(database_url, counts) == before
    [(municipalities, organisations, sample, consents, withdrawn)] = before
    names = {name for (name,) in query(database_url, "SELECT name FROM people_municipality")}
    assert municipalities == 8
    assert "Peipsiääre vald" in names
    assert organisations - sample == 8  # the municipality offices are not sample data
    if scale == "county-tenth":
        assert 130 <= organisations <= 170
        assert consents > 300  # every tenth of 3 500 children, besides the families'
        assert 1 < withdrawn < consents / 5
    else:
        assert organisations < 60
        # the hand-made families' (test_demo_consents), the kindergarten's school starter's, the
        # county's cross-municipality case's and its answered question's
        assert (consents, withdrawn) == (9, 1)


def test_the_county_tenth_has_the_county_institutions_and_a_tenth_of_its_children_and_cases(
    county_tenth_database_url,
):
    """What the benchmarks compare with the whole county (`heaolu demo --scale county`, made
    by the same code with a share of 1): its every organisation, and a tenth of the children
    the county's kindergartens and schools hold and of its sample cases."""
    counts = (
        "SELECT (SELECT count(*) FROM people_child), (SELECT count(*) FROM cases_case),"
        " (SELECT count(*) FROM auth_user)"
    )
    [(children, cases, users)] = query(county_tenth_database_url, counts)
    names = query(county_tenth_database_url, "SELECT name FROM people_organisation")
    county = sample_organisations("county")
    county_children = sum(CHILDREN_PER_ORGANISATION.get(kind, 0) for _name, kind, _ in county)
    assert {name for name, _kind, _ in county} <= {name for (name,) in names}
    assert 34_000 <= county_children <= 36_000
    assert 0.09 < children / county_children < 0.11
    assert 0.09 < cases / CASES < 0.11
    assert users > 700  # the county's staff, every post of every institution


def test_demo_reset_asks_then_empties_the_database_and_seeds_it_afresh(fresh_database_url):
    """Three runs of the demo (a few seconds each): resetting is what is tested."""
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    assert run_heaolu("demo", env=env).returncode == 0
    query(fresh_database_url, "UPDATE people_municipality SET name = 'Muudetud vald' WHERE id = 1")
    changed = "SELECT count(*) FROM people_municipality WHERE name = 'Muudetud vald'"

    declined = run_heaolu("demo", "--reset", env=env, stdin="n\n")
    assert declined.returncode == 1
    assert "Delete everything in the database" in declined.stdout
    assert query(fresh_database_url, changed) == [(1,)]

    reset = run_heaolu("demo", "--reset", "--yes", env=env)
    assert reset.returncode == 0, reset.stderr
    assert "already" not in reset.stdout
    assert query(fresh_database_url, changed) == [(0,)]
    assert query(fresh_database_url, "SELECT count(*) FROM people_municipality") == [(8,)]
    assert "tartu.admin" in reset.stdout


def test_demo_creates_the_core_accounts_that_can_log_in(fresh_database_url):
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    result = run_heaolu("demo", "--password", "demo password for tests", env=env)
    assert result.returncode == 0, result.stderr
    assert "already" not in result.stdout
    for username in ("admin", "tartu.admin", "tartu.childprotection"):
        assert username in result.stdout
    rows = query(
        fresh_database_url,
        'SELECT u.username, m.role FROM auth_user u JOIN auth_membership m ON m."user" = u.id '
        "WHERE m.role IN ('system_admin', 'municipality_admin', 'child_protection_specialist') "
        "ORDER BY u.username",
    )
    assert rows == [
        ("admin", "system_admin"),
        ("tartu.admin", "municipality_admin"),
        ("tartu.childprotection", "child_protection_specialist"),
    ]
