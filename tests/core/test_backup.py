"""`heaolu backup` and `heaolu restore`, for real: a backup of the demo taken while a server
writes to it, restored into a new database, migrated and served."""

import re
import threading

import httpx

from core.auth.sessions import SESSION_COOKIE
from core.demo import DEFAULT_DEMO_PASSWORD
from tests.conftest import serve
from tests.helpers import csrf_from, query, run_heaolu

USER = "tartu.childprotection"


def log_in(url: str) -> str:
    """A new session of the demo's child protection specialist on the server at ``url``: its
    cookie (httpx keeps no Secure cookie over plain HTTP, so it is passed by hand)."""
    form = httpx.get(f"{url}/login")
    anonymous = form.headers["set-cookie"].split(";")[0]
    response = httpx.post(
        f"{url}/login",
        data={
            "username": USER,
            "password": DEFAULT_DEMO_PASSWORD,
            "_csrf_token": csrf_from(form.text),
        },
        headers={"cookie": anonymous},
    )
    assert response.status_code == 303, response.status_code
    [cookie] = [
        value.split(";")[0]
        for value in response.headers.get_list("set-cookie")
        if value.startswith(f"{SESSION_COOKIE}=")
    ]
    return cookie


def count(database_url: str, table: str) -> int:
    return query(database_url, f"SELECT count(*) FROM {table}")[0][0]


def test_a_backup_taken_while_a_server_writes_is_restored_migrated_and_served(
    demo_database_url, fresh_database_url, tmp_path
):
    """Three servers' start-ups, a demo's backup and restore and a migration: about ten
    seconds."""
    backup = tmp_path / "heaolu.backup"
    stop = threading.Event()
    with serve("installed", HEAOLU_DATABASE_URL=demo_database_url) as url:
        cookie = log_in(url)

        def write() -> None:
            while not stop.is_set():
                log_in(url)  # a session row and an audit row each time

        writer = threading.Thread(target=write)
        writer.start()
        try:
            result = run_heaolu(
                "backup", str(backup), env={"HEAOLU_DATABASE_URL": demo_database_url}
            )
        finally:
            stop.set()
            writer.join()
    assert result.returncode == 0, result.stderr
    assert re.search(r"backed up .* to .*heaolu\.backup \(\d+ bytes\)", result.stdout)
    assert not backup.with_name("heaolu.backup.partial").exists()

    restored = run_heaolu("restore", str(backup), env={"HEAOLU_DATABASE_URL": fresh_database_url})
    assert restored.returncode == 0, restored.stderr
    children = count(demo_database_url, "people_child")
    assert f"{children} children" in restored.stdout
    migrated = run_heaolu("migrate", env={"HEAOLU_DATABASE_URL": fresh_database_url})
    assert migrated.returncode == 0, migrated.stderr
    assert all(line.endswith("up to date") for line in migrated.stdout.splitlines())
    # The site went on writing during the backup: the copy holds some of it, not more.
    assert (
        2 <= count(fresh_database_url, "auth_session") <= count(demo_database_url, "auth_session")
    )
    assert count(fresh_database_url, "people_child") == children

    with serve("installed", HEAOLU_DATABASE_URL=fresh_database_url) as url:
        # The session started before the backup is served by the restored database.
        account = httpx.get(f"{url}/account", headers={"cookie": cookie})
        assert account.status_code == 200
        assert f"<strong>{USER}</strong>" in account.text
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok", "database": "ok"}


def test_backup_and_restore_refuse_to_overwrite(demo_database_url, tmp_path):
    taken = tmp_path / "taken.backup"
    taken.write_bytes(b"")
    env = {"HEAOLU_DATABASE_URL": demo_database_url}
    result = run_heaolu("backup", str(taken), env=env)
    assert result.returncode == 1
    assert "exists already: name a new file" in result.stderr
    # Into a database in use: it is not new, and stays as it was.
    users = count(demo_database_url, "auth_user")
    result = run_heaolu("restore", str(taken), env=env)
    assert result.returncode == 1
    assert "exists" in result.stderr or "has tables already" in result.stderr
    assert count(demo_database_url, "auth_user") == users
