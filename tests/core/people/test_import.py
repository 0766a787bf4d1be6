"""`heaolu import`: dry runs list every bad row; real runs import all or nothing."""

import pytest

from tests.helpers import query, run_heaolu

ORGANISATIONS = """name;kind;sector;address
Rõngu Lasteaed Tõruke;kindergarten;;Tartu mnt 1, Rõngu
Puhja Kool;school;education;
"""
STAFF = """username,full_name,email,phone,organisation,role,unit
mari.tamm,Mari Tamm,mari@example.invalid,,Puhja Kool,child_protection_specialist,
"""
CHILDREN = (
    (
        "given_name;family_name;date_of_birth;isikukood;organisation;unit;"
        "guardian1_given_name;guardian1_family_name;guardian1_relation;guardian1_phone\n"
    )
    + """Õie;Sepp;01.01.2015;51501010012;Puhja Kool;;Kadri;Sepp;mother;+372 5000 0001
Uku;Mägi;03.04.2016;;Rõngu Lasteaed Tõruke;;;;;
"""
)


@pytest.fixture
def county(demo_database_url):
    return demo_database_url


def heaolu_import(url, kind, path, *extra):
    return run_heaolu(
        "import",
        kind,
        str(path),
        "--municipality",
        "Elva vald",
        *extra,
        env={"HEAOLU_DATABASE_URL": url},
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_organisations_staff_and_children_are_imported(county, tmp_path):
    for kind, text in (("organisations", ORGANISATIONS), ("staff", STAFF), ("children", CHILDREN)):
        result = heaolu_import(county, kind, write(tmp_path, f"{kind}.csv", text))
        assert result.returncode == 0, result.stderr
    orgs = query(
        county,
        "SELECT name, kind, sector, folded_name FROM people_organisation "
        "WHERE name IN ('Rõngu Lasteaed Tõruke', 'Puhja Kool') ORDER BY name",
    )
    assert orgs == [
        ("Puhja Kool", "school", "education", "puhja kool"),
        ("Rõngu Lasteaed Tõruke", "kindergarten", "education", "rongu lasteaed toruke"),
    ]
    assert query(
        county,
        "SELECT m.role FROM auth_user u JOIN auth_membership m "
        "ON m.\"user\" = u.id WHERE u.username = 'mari.tamm'",
    ) == [("child_protection_specialist",)]
    children = query(
        county,
        "SELECT c.search_name, g.given_name, l.relation FROM people_child c "
        "LEFT JOIN people_guardian_link l ON l.child = c.id "
        "LEFT JOIN people_guardian g ON g.id = l.guardian "
        "WHERE c.registered_municipality = (SELECT id FROM people_municipality "
        "WHERE name = 'Elva vald') AND c.search_name IN ('magi uku', 'sepp oie') ORDER BY 1",
    )
    # The demo's own children of Elva vald are left out: these two come from the file.
    assert children == [("magi uku", None, None), ("sepp oie", "Kadri", "mother")]


def test_a_dry_run_lists_every_bad_row_and_imports_nothing(county, tmp_path):
    bad = """given_name;family_name;date_of_birth;isikukood;organisation
Õie;Sepp;2015-01-01;;Elva Vallavalitsus
Uku;Mägi;03.04.2016;51501010011;Elva Vallavalitsus
Anna;Kask;05.05.2017;;No Such School
Mia;Oja;06.06.2018;;Elva Vallavalitsus
"""
    before = query(county, "SELECT count(*) FROM people_child")  # the demo's sample families
    result = heaolu_import(county, "children", write(tmp_path, "bad.csv", bad), "--dry-run")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("line 2: date_of_birth '2015-01-01' is not dd.mm.yyyy")
    assert lines[1].startswith("line 3: isikukood 51501010011:")
    assert lines[2].startswith("line 4: no organisation 'No Such School'")
    assert "3 of 4 rows are bad: nothing imported." in result.stderr
    assert query(county, "SELECT count(*) FROM people_child") == before


def test_a_real_run_with_one_bad_row_imports_nothing(county, tmp_path):
    mixed = ORGANISATIONS + "Vale;castle;;\n"
    result = heaolu_import(county, "organisations", write(tmp_path, "mixed.csv", mixed))
    assert result.returncode == 1
    assert "line 4: kind 'castle'" in result.stderr
    assert query(county, "SELECT count(*) FROM people_organisation WHERE name = 'Puhja Kool'") == [
        (0,)
    ]


def test_importing_again_skips_what_is_there(county, tmp_path):
    path = write(tmp_path, "organisations.csv", ORGANISATIONS)
    assert heaolu_import(county, "organisations", path).returncode == 0
    again = heaolu_import(county, "organisations", path)
    assert again.returncode == 0
    assert "skipped: 'Puhja Kool' is in heaolu already" in again.stdout
    assert "imported 0, skipped 2" in again.stdout


def test_a_comma_separated_file_with_a_missing_column_is_refused(county, tmp_path):
    result = heaolu_import(county, "staff", write(tmp_path, "s.csv", "username,full_name\nx,y\n"))
    assert result.returncode != 0
    assert "lacks the column(s) organisation, role" in result.stderr


def test_imported_staff_cannot_log_in_until_given_a_password(county, tmp_path):
    import asyncio

    from core.auth.passwords import verify_password

    heaolu_import(county, "organisations", write(tmp_path, "o.csv", ORGANISATIONS))
    heaolu_import(county, "staff", write(tmp_path, "s.csv", STAFF))
    [(stored,)] = query(county, "SELECT password_hash FROM auth_user WHERE username = 'mari.tamm'")
    assert not asyncio.run(verify_password(stored, "!imported"))
    assert not asyncio.run(verify_password(stored, ""))
