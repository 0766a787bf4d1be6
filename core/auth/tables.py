"""Staff accounts, their memberships, server-side sessions, login throttling, recovery codes,
one-time submission keys."""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.people.tables import Organisation, Unit


class User(Table, tablename="auth_user"):
    """A staff account. ``username`` is stored lower-case."""

    id = Serial(primary_key=True)
    username = Varchar(length=60, unique=True)
    full_name = Varchar(length=200)
    email = Varchar(length=200, default="")
    phone = Varchar(length=40, default="")
    active = Boolean(default=True)
    password_hash = Text(secret=True)
    # Encrypted with a key derived from HEAOLU_SECRET_KEY; empty while 2FA is off.
    totp_secret = Text(default="", secret=True)
    totp_enabled = Boolean(default=False)
    # The last TOTP time step accepted, so a code is never accepted twice.
    totp_last_step = Integer(default=0)
    password_changed_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())


class Membership(Table, tablename="auth_membership"):
    """A user's role in an organisation; a person may hold several (not the same one twice)."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.cascade)
    organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    role = Varchar(length=60)
    # The group or class of a unit-scoped role (a group teacher's group); else empty.
    unit = ForeignKey(references=Unit, null=True, index=True, on_delete=OnDelete.restrict)


class Session(Table, tablename="auth_session"):
    """A logged-in session. The cookie holds a random token; only its SHA-256 is stored."""

    id = Serial(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.cascade)
    membership = ForeignKey(references=Membership, null=True, on_delete=OnDelete.set_null)
    # False between a correct password and the second factor.
    verified = Boolean(default=True)
    csrf_secret = Varchar(length=64, secret=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())


class LoginThrottle(Table, tablename="auth_login_throttle"):
    """Failed logins per key (an account, an address, or both) and when trying may resume."""

    id = Serial(primary_key=True)
    key = Varchar(length=200, unique=True)
    failures = Integer(default=0)
    blocked_until = Timestamptz(null=True, default=None)
    last_failure_at = Timestamptz(default=TimestamptzNow())


class RecoveryCode(Table, tablename="auth_recovery_code"):
    """A one-time second-factor code; only its SHA-256 is stored."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.cascade)
    code_hash = Varchar(length=64)
    used_at = Timestamptz(null=True, default=None)


class SubmissionKey(Table, tablename="auth_submission_key"):
    """A creating form's one-time key, claimed by the first request that sends it
    (`core.auth.submissions`), with the address that request answered with (empty until it
    answers). The unique key makes a second claim wait for the first and then find it."""

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    location = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
