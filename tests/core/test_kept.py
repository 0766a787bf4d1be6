"""Kept statements (`core.kept`): the SQL built once runs as Piccolo's own would, and the case's
access statement kept for a shape of user is, for every role of every plugin, the statement
built afresh for that user on that day; statements run `together` read what each reads alone,
in one statement on PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.access import (
    CASE_STATEMENT,
    case_query,
    user_shape,
    user_values,
)
from core.auth.current import ActiveMembership, CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.tables import User
from core.cases.tables import Case
from core.kept import Kept, Slot, together
from core.people.tables import Child, Municipality
from core.registry import Scope
from tests.helpers import statements_received

pytestmark = pytest.mark.anyio

NAMED = Kept(
    lambda *, name: User.select(User.id, User.username).where(User.username == name).first()
)
BY_LETTER = Kept(
    lambda ascending, *, start: (
        User.select(User.username)
        .where(User.username >= start)
        .order_by(User.username, ascending=ascending)
    )
)


async def test_a_kept_statement_reads_what_piccolo_reads(people):
    for username in ("sysadmin", "tartu.cps", "nobody"):
        kept = await NAMED.first(name=username)
        built = await User.select(User.id, User.username).where(User.username == username).first()
        assert kept == built
    for ascending in (True, False):
        kept_rows = await BY_LETTER.rows(ascending, start="m")
        built_rows = (
            await User.select(User.username)
            .where(User.username >= "m")
            .order_by(User.username, ascending=ascending)
        )
        assert kept_rows == built_rows and kept_rows


async def test_a_kept_statement_refuses_what_it_cannot_keep(people):
    in_text = Kept(lambda *, name: User.raw(f"SELECT id FROM auth_user WHERE username = '{name}'"))
    with pytest.raises(TypeError, match="only values may be slots"):
        await in_text.rows(name="teacher")
    shaped_output = Kept(
        lambda *, name: User.select().where(User.username == name).output(nested=True)
    )
    with pytest.raises(TypeError, match="plain select"):
        await shaped_output.rows(name="teacher")
    with pytest.raises(TypeError, match="takes"):
        await NAMED.first(username="teacher")


def _users_of(roles) -> list[CurrentUser]:
    """A user of each role, with and without a unit and a municipality, and one with no
    membership: every shape the roles give."""
    users = []
    for name, role in sorted(roles.items()):
        for unit in (None, 303):
            for municipality in (None, 404):
                membership = ActiveMembership(
                    id=1,
                    organisation_id=202,
                    organisation_name="Kool",
                    municipality_id=municipality,
                    municipality_name=None,
                    role=name,
                    role_label=name,
                    scope=role.scope,
                    unit_id=unit,
                )
                users.append(_user(membership, role.permissions))
    users.append(_user(None, frozenset(next(iter(roles.values())).permissions)))
    return users


def _user(membership: ActiveMembership | None, permissions) -> CurrentUser:
    return CurrentUser(
        id=101,
        username="someone",
        full_name="Someone",
        session_id=9,
        totp_enabled=False,
        memberships=() if membership is None else (membership,),
        membership=membership,
        permissions=frozenset(permissions) | {AUTHENTICATED},
        enabled_plugins=frozenset(),
        enabled_forms=frozenset(),
        administers=False,
    )


def _built_afresh(user: CurrentUser, case_id: int, day: date, with_user_facts: bool):
    """The statement built for the user themselves, not for a user of their shape."""
    [querystring] = case_query(user, case_id, day, with_user_facts).query.querystrings
    return querystring.compile_string(Case._meta.db.engine_type)


def test_the_kept_access_statement_is_the_one_built_for_each_user_on_any_day(settings):
    from core.plugins import build_plugins

    # Every installed plugin's roles (the settings name none: all are loaded).
    roles = build_plugins(settings).roles
    day = date.today() + timedelta(days=400)
    users = _users_of(roles)
    assert {user.membership.scope for user in users if user.membership} == set(Scope)
    for user in users:
        for with_user_facts in (False, True):
            sql, parts = CASE_STATEMENT.statement(user_shape(user), with_user_facts)
            # A condition that read the clock itself would be kept with today's date.
            assert not [part for part in parts if isinstance(part, date)], user.membership
            values = {"case": 505, "today": day, **user_values(user)}
            filled = [values[part.name] if isinstance(part, Slot) else part for part in parts]
            assert (sql, filled) == _built_afresh(user, 505, day, with_user_facts), (
                user.membership,
                with_user_facts,
            )


async def test_a_list_value_is_kept_for_each_length(people):
    among = Kept(lambda *, names: User.select(User.username).where(User.username.is_in(names)))
    for names in (["sysadmin"], ["sysadmin", "tartu.cps"], ("tartu.cps", "nobody", "sysadmin")):
        found = {row["username"] for row in await among.rows(names=names)}
        assert found == set(names) - {"nobody"}
    assert len(among._kept) == 3


CHILDREN = Kept(
    lambda *, born_after: (
        Child.select(
            Child.id,
            Child.given_name,
            Child.date_of_birth,
            Child.isikukood,
            Child.registered_municipality,
            Child.registered_municipality.name.as_alias("municipality_name"),
            Child.created_at,
        )
        .where(Child.date_of_birth >= born_after)
        .order_by(Child.id)
    )
)
ACCOUNTS = Kept(
    lambda *, names: (
        User.select(User.username, User.active, User.totp_last_step, User.password_changed_at)
        .where(User.username.is_in(names))
        .order_by(User.username, ascending=False)
    )
)
EVERY_COLUMN = Kept(lambda *, name: Municipality.select().where(Municipality.name == name))


async def test_statements_together_read_what_each_reads_alone(people, settings):
    [tartu] = await Municipality.select(Municipality.id).where(Municipality.name == "Tartu linn")
    # Text that JSON escapes, a NULL, a date, a time with its microseconds, a foreign key.
    for given_name, isikukood, municipality in (
        ('Anne-Ly "Mari" \\ Õun\nÄäretu 😀', None, tartu["id"]),
        ("Jüri", "50901010003", None),
    ):
        await Child.insert(
            Child(
                given_name=given_name,
                family_name="Kask",
                search_name="kask",
                search_name_reversed="ksak",
                date_of_birth=date(2019, 9, 1),
                isikukood=isikukood,
                registered_municipality=municipality,
                language="et",
                created_at=datetime(2026, 12, 4, 21, 30, 5, 123456, tzinfo=UTC),
            )
        )
    asked = [
        CHILDREN.asked(born_after=date(2019, 1, 1)),
        ACCOUNTS.asked(names=["sysadmin", "tartu.cps", "nobody"]),
        EVERY_COLUMN.asked(name="Tartu linn"),
        CHILDREN.asked(born_after=date(2100, 1, 1)),
    ]
    alone = [await one.kept.rows(*one.shape, **one.values) for one in asked]
    with statements_received(User._meta.db) as received:
        found = await together(*asked)
    assert found == alone
    assert [len(rows) for rows in found] == [2, 2, 1, 0]
    for rows, rows_alone in zip(found, alone, strict=True):
        for row, row_alone in zip(rows, rows_alone, strict=True):
            assert {key: type(value) for key, value in row.items()} == {
                key: type(value) for key, value in row_alone.items()
            }
    assert len([s for s in received if s.startswith("SELECT")]) == (
        len(asked) if settings.is_sqlite else 1
    )


async def test_together_refuses_what_postgresql_could_not_read_back(people):
    raw = Kept(lambda *, name: User.raw("SELECT id FROM auth_user WHERE username = {}", name))
    with pytest.raises(TypeError, match="not raw statements"):
        await together(NAMED.asked(name="sysadmin"), raw.asked(name="sysadmin"))
    counted = Kept(lambda *, name: User.select(User.count()).where(User.username == name))
    with pytest.raises(TypeError, match="not other selected values"):
        await together(counted.asked(name="sysadmin"))
    with pytest.raises(TypeError, match="takes"):
        NAMED.asked(username="sysadmin")
