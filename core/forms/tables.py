"""The forms' tables: every version of every form, and the submissions.

A `FormVersion` row is written when a version is published (a code schema stored by
``heaolu migrate``, or an uploaded schema an administrator publishes) and never changes:
submissions point at it by key and version and always render with it. One row per (key,
version), by a unique index made in a migration.
"""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.auth.tables import User
from core.cases.tables import Case
from core.people.tables import Child, Municipality, Organisation


class FormSource(StrEnum):
    code = "code"  # a plugin's (or core's) ``heaolu_forms``
    upload = "upload"  # a JSON file an administrator uploaded


class FormVersion(Table, tablename="forms_version"):
    """One published version of a form. ``owner`` is the municipality whose administrators
    publish an uploaded form's versions and whose users may have it; empty for code forms and
    for county-wide uploads (published by system administrators)."""

    id = Serial(primary_key=True)
    key = Varchar(length=120, index=True)
    version = Integer()
    schema = JSON()
    source = Varchar(length=10, choices=FormSource)
    owner = ForeignKey(
        references=Municipality, null=True, default=None, on_delete=OnDelete.restrict
    )
    published_by = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.restrict)
    published_at = Timestamptz(default=TimestamptzNow())


class FormSubmission(Table, tablename="forms_submission"):
    """A filled-in form about a child, on one of the child's cases or on the child alone.

    ``data`` holds the answers by field key (JSON); ``form_version`` is the version they were
    filled in, which renders them. ``version`` gives optimistic locking: an update names the
    version it started from and changes nothing when another save came first."""

    id = Serial(primary_key=True)
    form_key = Varchar(length=120, index=True)
    form_version = Integer()
    child = ForeignKey(references=Child, null=False, index=True, on_delete=OnDelete.cascade)
    case = ForeignKey(
        references=Case, null=True, default=None, index=True, on_delete=OnDelete.cascade
    )
    data = JSON()
    author = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    author_organisation = ForeignKey(
        references=Organisation, null=False, index=True, on_delete=OnDelete.restrict
    )
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.restrict)
    version = Integer(default=1)
